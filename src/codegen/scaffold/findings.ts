/**
 * What craft gen finds on the way (`craft/gen/*`): diagnostics at places in the model's sources. The Model
 * knows lines and columns, not source offsets (offset 0): diagnostics are ordered and printed by line and
 * column, so code generation never needs the source texts.
 */
import type { SourceRef } from '../../compiler/model.js';
import type { DiagnosticCode } from '../../diagnostics/codes.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';

export class Findings {
  readonly diagnostics: Diagnostic[] = [];

  report(code: DiagnosticCode, severity: Diagnostic['severity'], message: string, at: SourceRef): void {
    const pos = { line: at.line, column: at.column, offset: 0 };
    this.diagnostics.push({ code, severity, message, file: at.file, range: { start: pos, end: pos } });
  }
}
