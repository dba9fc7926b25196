/**
 * What every command shares: where the package lives, which files to read, how to read them, where
 * output goes and whether it is coloured. Kept free of heavy imports so that start-up stays fast.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import picocolors from 'picocolors';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** Exit statuses: 0 no findings, 1 findings, 2 usage or I/O problem, 3 a bug in craft. */
export const ExitCode = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** A problem with how craft was invoked or with its input files: one line on stderr, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Where a command reads and writes; the process's by default, replaceable in tests. */
export interface Io {
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
}

export function processIo(): Io {
  return { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr };
}

/** Colours only on a terminal, and only when picocolors allows them (it honours NO_COLOR). */
export function useColor(stream: OutputStream): boolean {
  return stream.isTTY === true && picocolors.isColorSupported;
}

/** The package root: the nearest folder above this module whose package.json names `craft`. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'craft') return dir;
    } catch {
      // no (readable) package.json here: keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the craft package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

export const bundledExample = 'examples/ecommerce.craft';

export interface SourceFile {
  /** The path as shown in diagnostics: as the user wrote it, or relative to the working directory. */
  path: string;
  text: string;
}

/**
 * The files a command works on. Named files are taken as they are (any extension); a named directory
 * stands for every `*.craft` below it. With nothing named: every `*.craft` below the working directory,
 * else the bundled example (announced on stderr). Duplicates (the same file named twice) are dropped.
 */
export function discoverFiles(named: readonly string[], io: Io): string[] {
  const found: string[] = [];
  if (named.length === 0) {
    found.push(...craftFilesBelow(io.cwd, ''));
    if (found.length === 0) {
      const example = join(packageRoot(), bundledExample);
      const shown = relative(io.cwd, example);
      found.push(shown.startsWith('..') || isAbsolute(shown) ? example : shown);
      io.stderr.write(`no .craft files here; using the bundled example ${bundledExample}\n`);
    }
  } else {
    for (const arg of named) {
      const absolute = resolve(io.cwd, arg);
      let isDirectory: boolean;
      try {
        isDirectory = statSync(absolute).isDirectory();
      } catch (e) {
        throw new UsageError(`${arg}: ${ioReason(e)}`);
      }
      if (!isDirectory) {
        found.push(arg);
        continue;
      }
      const below = craftFilesBelow(absolute, arg);
      if (below.length === 0) throw new UsageError(`${arg}: no .craft files in this directory`);
      found.push(...below);
    }
  }
  const seen = new Set<string>();
  return found.filter((p) => {
    const key = resolve(io.cwd, p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `*.craft` files below `dir` (skipping node_modules and dot folders), shown under `shownAs`, sorted. */
function craftFilesBelow(dir: string, shownAs: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, shown: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      throw new UsageError(`${shown === '' ? '.' : shown}: ${ioReason(e)}`);
    }
    for (const entry of entries) {
      const childAbs = join(abs, entry.name);
      const childShown = shown === '' ? entry.name : join(shown, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(childAbs, childShown);
      } else if (entry.name.endsWith('.craft') && (entry.isFile() || isFileLink(childAbs))) {
        out.push(childShown);
      }
    }
  };
  walk(dir, shownAs);
  return out.sort(byCodeUnits);
}

/** A symbolic link to a regular file is read; links to folders are not followed (no cycles). */
function isFileLink(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const binaryProbe = 8 * 1024;

/** Reads the files as strict UTF-8 text; binary or undecodable input is a usage error. */
export function readSources(paths: readonly string[], io: Io): SourceFile[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return paths.map((path) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolve(io.cwd, path));
    } catch (e) {
      throw new UsageError(`${path}: ${ioReason(e)}`);
    }
    const nul = bytes.subarray(0, binaryProbe).indexOf(0);
    if (nul >= 0) throw new UsageError(`${path}: looks like a binary file (NUL byte at offset ${nul}); craft reads UTF-8 text`);
    try {
      return { path, text: decoder.decode(bytes) };
    } catch {
      throw new UsageError(`${path}: is not valid UTF-8 text`);
    }
  });
}

/** Discovery and reading in one step, as every command needs them. */
export function loadSources(named: readonly string[], io: Io): SourceFile[] {
  return readSources(discoverFiles(named, io), io);
}

function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return `cannot read (${code ?? (e instanceof Error ? e.message : String(e))})`;
  }
}

/** Reports a usage error (one line) and returns its exit status; anything else is rethrown. */
export function usageFailure(e: unknown, io: Io): typeof ExitCode.usage {
  if (!(e instanceof UsageError)) throw e;
  io.stderr.write(`craft: ${e.message}\n`);
  return ExitCode.usage;
}

export interface Counts {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
}

export function countDiagnostics(diagnostics: readonly Diagnostic[], files: number): Counts {
  const counts: Counts = { files, errors: 0, warnings: 0, infos: 0, hints: 0 };
  for (const d of diagnostics) {
    if (d.severity === 'error') counts.errors++;
    else if (d.severity === 'warning') counts.warnings++;
    else if (d.severity === 'info') counts.infos++;
    else counts.hints++;
  }
  return counts;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
