/**
 * What craft gen finds on the way (`craft/gen/*`): diagnostics at places in the model's sources, with
 * offsets when the source texts are known.
 */
import type { SourceRef } from '../../compiler/model.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';

export class Findings {
  readonly diagnostics: Diagnostic[] = [];
  private readonly lineStarts = new Map<string, number[]>();

  constructor(private readonly sources?: ReadonlyMap<string, string>) {}

  report(code: string, severity: Diagnostic['severity'], message: string, at: SourceRef): void {
    const pos = { line: at.line, column: at.column, offset: this.offset(at) };
    this.diagnostics.push({ code, severity, message, file: at.file, range: { start: pos, end: pos } });
  }

  private offset(at: SourceRef): number {
    const text = this.sources?.get(at.file);
    if (text === undefined) return 0;
    let starts = this.lineStarts.get(at.file);
    if (!starts) {
      starts = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts.set(at.file, starts);
    }
    return (starts[at.line - 1] ?? 0) + at.column - 1;
  }
}
