/**
 * One simulation's result: verdict badge, what ran, verdicts, latency histogram, the sequence diagram of
 * what happened and the timeline. The same markup in the live panel, the static site and the report.
 */
import { escapeHtml } from '../text/escape.js';
import { histogramSvg } from './histogram.js';
import type { PageSimulation } from './types.js';

export function simulationHtml(s: PageSimulation): string {
  const diagram = s.svg !== undefined ? s.svg : `<pre class="mermaid">${escapeHtml(s.diagram)}</pre>`;
  return [
    `<article class="simulation" data-simulation="${escapeHtml(s.id)}">`,
    `<h2>${escapeHtml(s.title)} <span class="badge ${s.ok ? 'ok' : 'fail'}">${s.ok ? 'PASS' : 'FAIL'}</span></h2>`,
    `<pre class="summary">${escapeHtml(s.summary.join('\n'))}</pre>`,
    `<h3>Verdicts</h3><pre class="verdicts">${escapeHtml(s.verdicts.join('\n'))}</pre>`,
    s.latencies !== undefined ? `<h3>Latency</h3><div class="histogram">${histogramSvg(s.latencies)}</div>` : '',
    `<h3>What happened</h3><div class="diagram">${diagram}</div>`,
    `<h3>Timeline</h3><pre class="timeline">${escapeHtml(s.timeline.join('\n'))}</pre>`,
    '</article>',
  ].filter((part) => part !== '').join('\n');
}
