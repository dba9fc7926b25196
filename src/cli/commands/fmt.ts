/** `craft fmt [files...] [--check] [--stdout] [--indent N]`: lays .craft files out the reference tool's way. */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CraftfmtLookup } from '../../format/config.js';
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
  // The lookup the language server uses too; the CLI's reader keeps to regular files of bounded size.
  const settings = new CraftfmtLookup(io.cwd, (path) => readInputFile(path, '/').toString('utf8'));
  const changed: string[] = [];
  const skipped: string[] = [];
  for (const source of sources) {
    const width = indent ?? (await configuredIndent(settings, source.path));
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

async function configuredIndent(settings: CraftfmtLookup, file: string): Promise<number | undefined> {
  const setting = await settings.indentFor(file);
  if (!setting.ok) throw new UsageError(setting.message);
  return setting.indent;
}
