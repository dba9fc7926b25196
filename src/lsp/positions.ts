/**
 * Positions between craft and the protocol. craft's lines and columns are 1-based and its columns and
 * offsets count UTF-16 code units (src/diagnostics/diagnostic.ts), which is what the protocol's `character`
 * counts too: a craft position is the protocol's plus one on each axis, and no text is re-measured. Line
 * breaks are `\n`, `\r\n` and a lone `\r`, for the scanner and the protocol alike.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { Range as CraftRange } from '../diagnostics/diagnostic.js';

export function toPosition(line: number, column: number): Position {
  return { line: Math.max(0, line - 1), character: Math.max(0, column - 1) };
}

export function toRange(range: CraftRange): Range {
  return { start: toPosition(range.start.line, range.start.column), end: toPosition(range.end.line, range.end.column) };
}

/** Offsets of the starts of a text's lines, to turn protocol positions into offsets and back. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The offset of a position; past the end of its line (or of the text) it is clamped, as the protocol says. */
  offsetAt(p: Position): number {
    if (p.line < 0) return 0;
    if (p.line >= this.starts.length) return this.text.length;
    const start = this.starts[p.line]!;
    return Math.min(start + Math.max(0, p.character), this.lineEnd(p.line));
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: at - this.starts[lo]! };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The text of a line without its line break. */
  line(n: number): string {
    if (n < 0 || n >= this.starts.length) return '';
    return this.text.slice(this.starts[n]!, this.lineEnd(n));
  }

  /** Where a line's text ends (before its line break). */
  lineEnd(n: number): number {
    const next = this.starts[n + 1];
    if (next === undefined) return this.text.length;
    const before = this.text.charCodeAt(next - 1);
    return next - (before === 10 && this.text.charCodeAt(next - 2) === 13 ? 2 : 1);
  }
}
