/** Diagnostics as the commands report them: counts, the summary line, errors on stderr. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/format.js';
import type { SourceFile } from './sources.js';
import { plural, useColor, type Io } from './terminal.js';

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

/** `2 errors, 1 warning in 3 files`, or `no problems in 1 file`; says when hints were left out. */
export function summaryLine(counts: Counts, options: { verbose?: boolean; quiet?: boolean } = {}): string {
  const parts: string[] = [];
  if (counts.errors > 0) parts.push(plural(counts.errors, 'error'));
  if (counts.warnings > 0) parts.push(plural(counts.warnings, 'warning'));
  if (counts.infos > 0) parts.push(`${counts.infos} info`);
  const showHints = options.verbose === true && options.quiet !== true;
  if (showHints && counts.hints > 0) parts.push(plural(counts.hints, 'hint'));
  let line = `${parts.length > 0 ? parts.join(', ') : 'no problems'} in ${plural(counts.files, 'file')}`;
  if (!showHints && !options.quiet && counts.hints > 0) line += ` (${plural(counts.hints, 'hint')} not shown; --verbose shows them)`;
  return line;
}

/** The texts of the sources by path, for excerpts under diagnostics. */
export function sourceTexts(sources: readonly SourceFile[]): Map<string, string> {
  return new Map(sources.map((s) => [s.path, s.text]));
}

/** Diagnostics on stderr with their excerpts (coloured on a terminal). */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], sources: readonly SourceFile[], io: Io): void {
  if (diagnostics.length > 0) io.stderr.write(renderDiagnostics(diagnostics, sourceTexts(sources), { color: useColor(io.stderr) }));
}

/** The errors on stderr, then their summary line and, when given, what was not done because of them. */
export function reportErrors(errors: readonly Diagnostic[], sources: readonly SourceFile[], io: Io, notDone?: string): void {
  reportDiagnostics(errors, sources, io);
  io.stderr.write(`${summaryLine(countDiagnostics(errors, sources.length), { quiet: true })}${notDone ? `; ${notDone}` : ''}\n`);
}
