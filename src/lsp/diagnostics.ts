/** craft's diagnostics as the protocol's: the same codes, ranges and messages as `craft check`. */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { toRange } from './positions.js';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic, uriOf: (path: string) => string): LspDiagnostic {
  const out: LspDiagnostic = { range: toRange(d.range), severity: severities[d.severity], code: d.code, source: 'craft', message: d.message };
  const related: DiagnosticRelatedInformation[] = (d.related ?? []).map((r) => ({ location: { uri: uriOf(r.file), range: toRange(r.range) }, message: r.message }));
  // The message stays the one `craft check` prints; its hint travels beside it, at the same place.
  if (d.hint) related.unshift({ location: { uri: uriOf(d.file), range: out.range }, message: `hint: ${d.hint}` });
  if (related.length > 0) out.relatedInformation = related;
  return out;
}
