/**
 * Diagnostics are plain data: every stage returns them, none throws them.
 * Lines and columns are 1-based; columns count UTF-16 code units, as editors do.
 * Codes are a published API (`craft/syntax/*`, `craft/sema/*`, `craft/lint/*`, `craft/gen/*`) and are never
 * renamed; every code is declared once in codes.ts, so `code` cannot be a string nobody registered.
 */
import type { DiagnosticCode } from './codes.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface RelatedInformation {
  file: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related?: RelatedInformation[];
  /** A short suggestion printed after the message (e.g. the current spelling of a keyword). */
  hint?: string;
}

export function diagnostic(
  code: DiagnosticCode,
  severity: Severity,
  message: string,
  file: string,
  range: Range,
  extra: { related?: RelatedInformation[]; hint?: string } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity, message, file, range: { start: range.start, end: range.end } };
  if (extra.related && extra.related.length > 0) d.related = extra.related;
  if (extra.hint) d.hint = extra.hint;
  return d;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * Files, then positions (line and column: findings about the Model know no offsets), then codes: the order
 * never depends on the order checks ran in.
 */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.range.start.line !== b.range.start.line) return a.range.start.line - b.range.start.line;
  if (a.range.start.column !== b.range.start.column) return a.range.start.column - b.range.start.column;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  if (a.severity !== b.severity) return severityRank[a.severity] - severityRank[b.severity];
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const sorted = [...list].sort(compareDiagnostics);
  // Identical findings (same code, place and message) are reported once.
  return sorted.filter((d, i) => {
    const p = sorted[i - 1];
    return !p || compareDiagnostics(p, d) !== 0 || p.range.end.line !== d.range.end.line || p.range.end.column !== d.range.end.column;
  });
}

export function hasErrors(list: readonly Diagnostic[], strict = false): boolean {
  return list.some((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
}

