/** The diagnostics overlay: shown while the model has errors, over the last good diagrams. */
import { escapeHtml } from '../text/escape.js';
import type { PageDiagnostic } from './types.js';

export function overlayHtml(diagnostics: readonly PageDiagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return '';
  const items = errors.map(
    (d) =>
      `<div class="diagnostic"><div class="where">${escapeHtml(`${d.file}:${d.line}:${d.column}`)}: <span class="severity-${escapeHtml(d.severity)}">${escapeHtml(d.severity)}</span> <span class="code">${escapeHtml(d.code)}</span>: ${escapeHtml(d.message)}</div>${d.excerpt ? `<pre>${escapeHtml(d.excerpt)}</pre>` : ''}</div>`,
  );
  const count = `${errors.length} error${errors.length === 1 ? '' : 's'}`;
  return `<h2>The model has ${count}</h2><p class="note">The diagrams are the last good ones; this goes away when the file is fixed.</p>${items.join('')}`;
}
