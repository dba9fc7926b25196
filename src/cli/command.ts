/**
 * What every command does around its own work: read and compile the model, report what stops it, and turn
 * the outcome into an exit status (process.exitCode; craft never calls process.exit()).
 */
import { basename } from 'node:path';
import type { Model } from '../compiler/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { usageFailure } from './exit.js';
import { reportErrors } from './report.js';
import { loadSources, type SourceFile } from './sources.js';
import type { Io } from './terminal.js';

/** What a handler returns: its exit status, and whatever else its callers (tests) want to see. */
export interface Outcome {
  exitCode: number;
}

/**
 * Runs a handler: a UsageError it throws is one line on stderr and exit 2 (`failed` builds that outcome);
 * the exit status is set on process.exitCode.
 */
export async function runCommand<R extends Outcome>(io: Io, handler: (io: Io) => Promise<R>, failed: (exitCode: number) => R): Promise<R> {
  let result: R;
  try {
    result = await handler(io);
  } catch (e) {
    result = failed(usageFailure(e, io.stderr));
  }
  process.exitCode = result.exitCode;
  return result;
}

export interface Compiled {
  sources: SourceFile[];
  model: Model;
  diagnostics: Diagnostic[];
}

/** Reads the named files (see loadSources) and compiles them; the compiler is loaded only now. */
export async function compileFiles(files: readonly string[], io: Io): Promise<Compiled> {
  const sources = loadSources(files, io);
  const { compile } = await import('../compiler/compile.js');
  const { model, diagnostics } = compile(sources);
  return { sources, model, diagnostics };
}

/**
 * The model of the named files when it has no errors. With errors, a back end would work on a broken
 * model: they are reported on stderr with what was not done (`nothing generated`), and the result is
 * undefined.
 */
export async function soundModel(files: readonly string[], io: Io, notDone: string): Promise<{ sources: SourceFile[]; model: Model } | undefined> {
  const { sources, model, diagnostics } = await compileFiles(files, io);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return { sources, model };
  reportErrors(errors, sources, io, notDone);
  return undefined;
}

/** The `<model>` of output names: `--name`, else the one file's name, else `model`. */
export function modelName(sources: readonly SourceFile[], explicit: string | undefined): string {
  return explicit ?? (sources.length === 1 ? basename(sources[0]!.path).replace(/\.craft$/, '') : 'model');
}
