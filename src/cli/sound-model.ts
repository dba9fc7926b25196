/** What the back-end commands (diagram, simulate, gen) share: a model without errors, and its name. */
import { basename } from 'node:path';
import type { Model } from '../compiler/model.js';
import { renderDiagnostics } from '../diagnostics/format.js';
import { summaryLine } from './check.js';
import { countDiagnostics, useColor, type Io, type SourceFile } from './shared.js';

/**
 * Compiles the sources. With errors, a back end would work on a broken model: the errors are reported on
 * stderr with what was not done (`nothing generated`), and the result is undefined.
 */
export async function soundModel(sources: readonly SourceFile[], io: Io, notDone: string): Promise<Model | undefined> {
  const { compile } = await import('../compiler/compile.js');
  const { model, diagnostics } = compile(sources);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return model;
  io.stderr.write(renderDiagnostics(errors, new Map(sources.map((s) => [s.path, s.text])), { color: useColor(io.stderr) }));
  io.stderr.write(`${summaryLine(countDiagnostics(errors, sources.length), { quiet: true })}; ${notDone}\n`);
  return undefined;
}

/** The `<model>` of output names: `--name`, else the one file's name, else `model`. */
export function modelName(sources: readonly SourceFile[], explicit: string | undefined): string {
  return explicit ?? (sources.length === 1 ? basename(sources[0]!.path).replace(/\.craft$/, '') : 'model');
}
