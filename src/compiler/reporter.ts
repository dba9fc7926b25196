/** Collects the compiler's diagnostics; checks call it instead of building diagnostic objects by hand. */
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { diagnostic, type Diagnostic, type RelatedInformation, type Severity } from '../diagnostics/diagnostic.js';
import type { Span } from '../parser/ast.js';
import { rangeOf } from './source.js';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(code: DiagnosticCode, severity: Severity, message: string, span: Span, extra: { related?: RelatedInformation[]; hint?: string } = {}): void {
    this.diagnostics.push(diagnostic(code, severity, message, span.file, rangeOf(span), extra));
  }

  error(code: DiagnosticCode, message: string, span: Span, extra: { related?: RelatedInformation[]; hint?: string } = {}): void {
    this.report(code, 'error', message, span, extra);
  }

  warning(code: DiagnosticCode, message: string, span: Span, extra: { related?: RelatedInformation[]; hint?: string } = {}): void {
    this.report(code, 'warning', message, span, extra);
  }
}
