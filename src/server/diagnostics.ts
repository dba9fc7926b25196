/** Diagnostics as the overlay shows them: location, code, message and the caret excerpt of craft check. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { underlineColumns } from '../diagnostics/format.js';
import type { PageDiagnostic } from '../page/index.js';

export function pageDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): PageDiagnostic[] {
  const lines = new Map<string, string[]>();
  return diagnostics.map((d) => {
    let fileLines = lines.get(d.file);
    if (!fileLines) {
      fileLines = (sources.get(d.file) ?? '').split(/\r\n|\r|\n/);
      lines.set(d.file, fileLines);
    }
    const { line, column } = d.range.start;
    const source = fileLines[line - 1];
    let excerpt = '';
    if (source !== undefined) {
      const end = d.range.end.line === line ? d.range.end.column : source.length + 1;
      const { text, underline } = underlineColumns(source, column, end);
      const gutter = String(line);
      excerpt = ` ${gutter} | ${text}\n ${' '.repeat(gutter.length)} | ${underline}`;
    }
    return { file: d.file, line, column, severity: d.severity, code: d.code, message: d.message, excerpt };
  });
}
