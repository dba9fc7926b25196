/**
 * The model files a command reads: which ones (named files, directories, or every `*.craft` below the
 * working directory) and their text. Only regular files are read (a FIFO or a device never blocks or
 * floods craft), up to a size limit.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ioReason, UsageError } from './exit.js';
import { packageRoot } from './package.js';
import type { Io } from './terminal.js';

export const bundledExample = 'examples/ecommerce.craft';

/** The largest file craft reads (a model, a latency file): 16 MiB. */
export const maxInputBytes = 16 * 1024 * 1024;

export interface SourceFile {
  /** The path as shown in diagnostics: as the user wrote it, or relative to the working directory. */
  path: string;
  text: string;
}

/** Discovery and reading in one step, as every command needs them. */
export function loadSources(named: readonly string[], io: Io): SourceFile[] {
  return readSources(discoverFiles(named, io), io);
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
      if (arg === '') throw new UsageError('an empty argument names no file: name a .craft file or a directory (. for this one)');
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
    const bytes = readInputFile(path, io.cwd);
    const nul = bytes.subarray(0, binaryProbe).indexOf(0);
    if (nul >= 0) throw new UsageError(`${path}: looks like a binary file (NUL byte at offset ${nul}); craft reads UTF-8 text`);
    try {
      return { path, text: decoder.decode(bytes) };
    } catch {
      throw new UsageError(`${path}: is not valid UTF-8 text`);
    }
  });
}

/**
 * The bytes of a regular file of at most `maxInputBytes`. Anything else (a FIFO, a device, a socket, a
 * directory) is a usage error before it is opened, and the file is opened without blocking and checked
 * again, so a FIFO put in its place meanwhile cannot stall craft either.
 */
export function readInputFile(path: string, cwd: string, what = path): Buffer {
  const absolute = resolve(cwd, path);
  let fd: number;
  try {
    checkRegular(statSync(absolute), what);
    fd = openSync(absolute, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${what}: ${ioReason(e)}`);
  }
  try {
    checkRegular(fstatSync(fd), what);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 20, maxInputBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxInputBytes) throw tooLarge(what);
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${what}: ${ioReason(e)}`);
  } finally {
    closeSync(fd);
  }
}

function checkRegular(st: Stats, what: string): void {
  if (st.isDirectory()) throw new UsageError(`${what}: is a directory`);
  if (!st.isFile()) {
    const kind = st.isFIFO() ? 'a named pipe (FIFO)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
    throw new UsageError(`${what}: is ${kind}; craft reads regular files only`);
  }
  if (st.size > maxInputBytes) throw tooLarge(what);
}

function tooLarge(what: string): UsageError {
  return new UsageError(`${what}: is larger than ${maxInputBytes / (1024 * 1024)} MiB, the most craft reads from one file`);
}
