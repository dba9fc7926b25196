/**
 * The files commands write, through src/output's guarded output directory: problems with the directory
 * or a path (a file where a folder should be, a symbolic link, an input file) become one usage error
 * line; files craft did not write are listed as refused, and then nothing is written.
 */
import { relative, resolve } from 'node:path';
import type { OutputDir, OutputDirOptions, OutputFile, Written } from '../output/index.js';
import { ioReason, UsageError } from './exit.js';
import type { SourceFile } from './sources.js';
import type { Io } from './terminal.js';

/** The absolute paths of the files a command read: never an output. */
export function inputPaths(sources: readonly SourceFile[], io: Io, ...more: (string | undefined)[]): string[] {
  return [...sources.map((s) => s.path), ...more.filter((p): p is string => p !== undefined)].map((p) => resolve(io.cwd, p));
}

/** A path as the user sees it: relative to the working directory. */
export function shownPath(abs: string, io: Io): string {
  return relative(io.cwd, abs) || '.';
}

/** Runs `work` on output files; an OutputError or a failing file system call becomes a UsageError. */
export async function guarded<T>(io: Io, work: () => T | Promise<T>): Promise<T> {
  const { OutputError } = await import('../output/index.js');
  try {
    return await work();
  } catch (e) {
    if (e instanceof OutputError) throw new UsageError(`${shownPath(e.at, io)}: ${e.reason}`);
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code === 'string' && typeof err.syscall === 'string') {
      throw new UsageError(`${typeof err.path === 'string' ? shownPath(err.path, io) : 'output'}: ${ioReason(e, 'write')}`);
    }
    throw e;
  }
}

/** The output directory `dir` (relative to the working directory), checked before anything is written. */
export async function openOutputDir(dir: string, io: Io, options: OutputDirOptions): Promise<OutputDir> {
  const { OutputDir } = await import('../output/index.js');
  return guarded(io, () => new OutputDir(resolve(io.cwd, dir), options));
}

/** The line that says a file was refused (the same for every command). */
export function refusedLine(shown: string): string {
  return `${shown}: not written: craft did not write this file (use --force to overwrite it)`;
}

const nothingWritten = 'craft: nothing written (files are checked before any is written)';

/**
 * Writes `files` into `out`, all or none: returns what was written, or reports the refused files on
 * stderr and returns them (nothing written).
 */
export async function writeFiles(out: OutputDir, files: readonly OutputFile[], force: boolean, io: Io, shown: (rel: string) => string): Promise<{ written: Written[]; refused: Written[] }> {
  const result = await guarded(io, () => out.writeAll(files, force));
  const refused = result.filter((w) => w.status === 'refused');
  for (const r of refused) io.stderr.write(`${refusedLine(shown(r.path))}\n`);
  if (refused.length > 0) io.stderr.write(`${nothingWritten}\n`);
  return refused.length > 0 ? { written: [], refused } : { written: result, refused: [] };
}

/** One file to write into its own output directory; `path` is the path as the user named it. */
export interface Target {
  dir: OutputDir;
  path: string;
  file: OutputFile;
}

/**
 * Writes files that go to different directories, all or none: every one is checked first; refused ones
 * are reported on stderr and then nothing is written (false).
 */
export async function writeAll(targets: readonly Target[], force: boolean, io: Io): Promise<boolean> {
  return guarded(io, () => {
    const plans = targets.map((t) => ({ t, steps: t.dir.plan([t.file], force) }));
    const refused = plans.filter((p) => p.steps.some((s) => s.status === 'refused'));
    for (const p of refused) io.stderr.write(`${refusedLine(p.t.path)}\n`);
    if (refused.length > 0) {
      io.stderr.write(`${nothingWritten}\n`);
      return false;
    }
    for (const p of plans) p.t.dir.commit(p.steps);
    return true;
  });
}
