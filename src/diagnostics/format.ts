/**
 * Diagnostics as text for a terminal: `file:line:col: severity code: message`, the source line, a caret
 * underline, then the hint and the related locations. Pure: the caller passes the sources and says whether
 * to colour.
 */
import picocolors from 'picocolors';
import type { Diagnostic, Severity } from './diagnostic.js';

export interface RenderOptions {
  /** ANSI colours (the caller decides: a TTY, and NO_COLOR unset). */
  color?: boolean;
  /** Columns between tab stops when a source line contains tabs. */
  tabWidth?: number;
}

type Colors = ReturnType<typeof picocolors.createColors>;

/** Renders each diagnostic as a block; blocks are separated by a blank line. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, options: RenderOptions = {}): string {
  const c = picocolors.createColors(options.color ?? false);
  const tabWidth = options.tabWidth ?? 4;
  const lines = new Map<string, string[]>();
  const linesOf = (file: string): string[] | undefined => {
    let cached = lines.get(file);
    if (!cached) {
      const text = sources.get(file);
      if (text === undefined) return undefined;
      cached = text.split(/\r\n|\r|\n/);
      lines.set(file, cached);
    }
    return cached;
  };
  return diagnostics.map((d) => renderOne(d, linesOf(d.file), c, tabWidth)).join('\n');
}

function renderOne(d: Diagnostic, lines: string[] | undefined, c: Colors, tabWidth: number): string {
  const paint = severityColor(d.severity, c);
  const { line, column } = d.range.start;
  let out = `${c.bold(`${d.file}:${line}:${column}:`)} ${paint(c.bold(d.severity))} ${c.dim(d.code)}: ${c.bold(d.message)}\n`;

  const source = lines?.[line - 1];
  if (source !== undefined) {
    const gutter = String(line);
    const pad = ' '.repeat(gutter.length);
    const endColumn = d.range.end.line === line ? d.range.end.column : source.length + 1;
    const { text, underline } = underlineColumns(source, column, endColumn, tabWidth);
    out += `${c.blue(` ${gutter} |`)} ${text}\n`;
    out += `${c.blue(` ${pad} |`)} ${paint(underline)}\n`;
  }
  if (d.hint) out += `  ${c.cyan('= hint:')} ${d.hint}\n`;
  for (const r of d.related ?? []) {
    out += `  ${c.cyan('note:')} ${r.file}:${r.range.start.line}:${r.range.start.column}: ${r.message}\n`;
  }
  return out;
}

function severityColor(severity: Severity, c: Colors): (s: string) => string {
  switch (severity) {
    case 'error':
      return c.red;
    case 'warning':
      return c.yellow;
    case 'info':
      return c.blue;
    case 'hint':
      return c.cyan;
  }
}

/**
 * The source line as displayed (tabs expanded to the next tab stop, other control characters shown as
 * U+FFFD) and a caret line under columns [start, end) (1-based UTF-16 code units). The underline is at
 * least one caret wide and never starts before the line; a range past the end of the line (an unclosed
 * block at end of file) gets one caret just after the last character.
 */
export function underlineColumns(source: string, start: number, end: number, tabWidth = 4): { text: string; underline: string } {
  let text = '';
  let caretsFrom = -1;
  let caretsTo = -1;
  const first = Math.max(1, Math.min(start, source.length + 1));
  const last = Math.max(first + 1, Math.min(end, source.length + 1));
  for (let i = 0; i <= source.length; i++) {
    const column = i + 1;
    if (column === first) caretsFrom = text.length;
    if (column === last) caretsTo = text.length;
    if (i === source.length) break;
    const ch = source[i]!;
    if (ch === '\t') text += ' '.repeat(tabWidth - (text.length % tabWidth));
    else text += isControl(ch) ? '\uFFFD' : ch;
  }
  if (caretsTo < 0) caretsTo = text.length + 1; // only when `last` lies one past the end of the line
  const width = Math.max(1, caretsTo - caretsFrom);
  return { text, underline: ' '.repeat(caretsFrom) + '^'.repeat(width) };
}

function isControl(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
