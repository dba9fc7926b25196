/** `craft fmt [files...] [--check] [--stdout] [--indent N]`: lays .craft files out the reference tool's way. */
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { runCommand } from '../command.js';
import { ExitCode, ioReason, UsageError } from '../exit.js';
import { filesArgument, wholeNumber } from '../options.js';
import { discoverFiles, readInputFile, readSources } from '../sources.js';
import { processIo, type Io } from '../terminal.js';

export interface FmtOptions {
  /** Write nothing; list the files that are not formatted (exit 1 if any). */
  check?: boolean;
  /** Print the formatted text instead of writing it. */
  stdout?: boolean;
  /** Spaces per level (default 4). */
  indent?: string;
}

export interface FmtResult {
  exitCode: number;
  /** Files that were (or, with --check, would be) changed. */
  changed: string[];
  /** Files left as they are, with why. */
  skipped: string[];
}

export function registerFmt(program: Command): void {
  program
    .command('fmt')
    .summary('format .craft files')
    .description('Lay .craft files out the reference way: one statement per line, indentation by nesting, one blank line between declarations. Only whitespace changes; a file with a syntax error, or one whose model would change, is left as it is.')
    .argument(...filesArgument)
    .option('--check', 'write nothing; list the files that are not formatted (exit 1 if any)')
    .option('--stdout', 'print the formatted text instead of rewriting the files')
    .option('--indent <n>', 'spaces per nesting level (default: indent = N in the nearest .craftfmt, else 4)')
    .addHelpText(
      'after',
      `
Examples:
  $ craft fmt examples/ecommerce.craft
  $ craft fmt --check .
  $ craft fmt --stdout model.craft

Exit status: 0 done (or, with --check, every file formatted), 1 with --check: some file is not formatted, or
some file was skipped; 2 usage or I/O error.`,
    )
    .action(async (files: string[], options: FmtOptions) => {
      await fmt(files, options);
    });
}

export async function fmt(files: readonly string[], options: FmtOptions, io: Io = processIo()): Promise<FmtResult> {
  return runCommand(io, (io) => run(files, options, io), (exitCode) => ({ exitCode, changed: [], skipped: [] }));
}

async function run(files: readonly string[], options: FmtOptions, io: Io): Promise<FmtResult> {
  if (options.check === true && options.stdout === true) throw new UsageError('--check and --stdout: choose one');
  const indent = options.indent === undefined ? undefined : wholeNumber(options.indent, '--indent', 0, 16);
  // With no files named, the working directory: never the bundled example, which is not the user's to rewrite.
  const sources = readSources(discoverFiles(files.length === 0 ? ['.'] : files, io), io);
  const [{ format }, { toCraftDoc }] = await Promise.all([import('../../format/format.js'), import('../../export/craftdoc.js')]);
  const settings = new Settings(io.cwd);
  const changed: string[] = [];
  const skipped: string[] = [];
  for (const source of sources) {
    const width = indent ?? (await settings.indentFor(source.path));
    const result = format(source.text, source.path, { ...(width === undefined ? {} : { indent: width }), projections: [toCraftDoc] });
    if (!result.ok) {
      const r = result.reason;
      const why = r.kind === 'syntax-error' ? `skipped, not formatted: ${r.message} [${r.code}]` : 'skipped, formatting would have changed the model';
      io.stderr.write(`${source.path}: ${why}\n`);
      skipped.push(source.path);
      continue;
    }
    if (options.stdout === true) {
      io.stdout.write(result.text);
      continue;
    }
    if (result.text === source.text) continue;
    changed.push(source.path);
    if (options.check === true) io.stdout.write(`${source.path}\n`);
    else writeAtomically(resolve(io.cwd, source.path), result.text, source.path);
  }
  const failed = (options.check === true && changed.length > 0) || skipped.length > 0;
  return { exitCode: failed ? ExitCode.findings : ExitCode.ok, changed, skipped };
}

/** Writes through a temporary file in the same folder, renamed over the file (keeping its mode). */
function writeAtomically(path: string, text: string, shown: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const mode = statSync(path).mode & 0o777;
    writeFileSync(temp, text, { flag: 'wx', mode });
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new UsageError(`${shown}: ${ioReason(e, 'write')}`);
  }
}

/** `.craftfmt` (TOML, `indent = N`): the nearest one in a file's folder or above it. */
class Settings {
  private readonly byFolder = new Map<string, number | undefined>();

  constructor(private readonly cwd: string) {}

  async indentFor(file: string): Promise<number | undefined> {
    return this.inFolder(dirname(resolve(this.cwd, file)));
  }

  private async inFolder(folder: string): Promise<number | undefined> {
    if (this.byFolder.has(folder)) return this.byFolder.get(folder);
    const config = join(folder, '.craftfmt');
    let indent: number | undefined;
    if (existsSync(config)) indent = await readIndent(config);
    else {
      const parent = dirname(folder);
      indent = parent === folder ? undefined : await this.inFolder(parent);
    }
    this.byFolder.set(folder, indent);
    return indent;
  }
}

async function readIndent(path: string): Promise<number | undefined> {
  const text = readInputFile(path, '/').toString('utf8');
  const { parse } = await import('smol-toml');
  let table: Record<string, unknown>;
  try {
    table = parse(text);
  } catch (e) {
    throw new UsageError(`${path}: is not valid TOML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  for (const key of Object.keys(table)) {
    if (key !== 'indent') throw new UsageError(`${path}: unknown setting "${key}" (the one setting is indent)`);
  }
  const indent = table['indent'];
  if (indent === undefined) return undefined;
  if (typeof indent !== 'number' || !Number.isInteger(indent) || indent < 0 || indent > 16) {
    throw new UsageError(`${path}: indent: expected a whole number from 0 to 16`);
  }
  return indent;
}
