/**
 * The HTML report of a run. `runReport` is what the pages show of a run (craft simulate --html, the
 * simulation panel of craft serve, the simulations of craft build): verdicts, timeline, the sequence diagram
 * of what happened and the latency of every completed flow, as plain data that the page components
 * (src/page) lay out; the simulator does not depend on them. `htmlReport`, the earlier self-contained dump,
 * is kept for the back-end fuzz script until it moves to `runReport`.
 */
import { escapeHtml } from '../text/escape.js';
import { traceDiagram } from './mermaid.js';
import { aggregateLines, timelineLines, verdictLines, type Names } from './timeline.js';
import type { Trace } from './trace.js';
import type { Aggregate, RunVerdict } from './verdict.js';

export interface RunReportInput {
  /** Unique in the page it goes to. */
  id: string;
  title: string;
  /** Lines about the run (model, use cases, seed, faults). */
  summary: string[];
  /** Every run, the first with its trace. */
  results: { verdict: RunVerdict; trace?: Trace }[];
  aggregate?: Aggregate;
  ok: boolean;
  names: Names;
}

/** The sections of a run's report, in the shape the page's simulation component takes. */
export interface RunReport {
  id: string;
  title: string;
  ok: boolean;
  summary: string[];
  verdicts: string[];
  timeline: string[];
  /** Mermaid sequence diagram of the first run. */
  diagram: string;
  /** End-to-end latency of every completed flow of every run, in virtual ms. */
  latencies: number[];
}

export function runReport(input: RunReportInput): RunReport {
  const first = input.results[0];
  const trace = first?.trace ?? [];
  return {
    id: input.id,
    title: input.title,
    ok: input.ok,
    summary: input.summary,
    verdicts: input.aggregate ? aggregateLines(input.aggregate) : first ? verdictLines(first.verdict, input.names) : [],
    timeline: timelineLines(trace, input.names),
    diagram: traceDiagram(trace, input.names),
    latencies: input.results.flatMap((r) => r.verdict.perFlow.filter((f) => f.status === 'completed').map((f) => f.latency)),
  };
}

export interface HtmlReport {
  title: string;
  /** Lines about the run (model, use cases, seed, faults). */
  summary: string[];
  verdicts: string[];
  /** Whether the verdict passed (a green or red badge). */
  ok: boolean;
  timeline: string[];
  /** Mermaid sequence diagram text. */
  diagram: string;
  /** The source of mermaid.min.js, inlined. */
  mermaidJs: string;
}

export function htmlReport(r: HtmlReport): string {
  const script = r.mermaidJs.replace(/<\/(script)/gi, '<\\/$1');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1b1f24; }
  h1 { font-size: 1.4rem; margin-bottom: .3rem; }
  h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
  pre { background: #f6f8fa; padding: .8rem; overflow-x: auto; font: 12.5px/1.4 ui-monospace, monospace; }
  .badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; color: #fff; font-weight: 600; }
  .ok { background: #1a7f37; } .fail { background: #cf222e; }
  #diagram { overflow-x: auto; }
  #diagram pre.mermaid { background: none; }
</style>
</head>
<body>
<h1>${escapeHtml(r.title)} <span class="badge ${r.ok ? 'ok' : 'fail'}">${r.ok ? 'PASS' : 'FAIL'}</span></h1>
<pre id="summary">${escapeHtml(r.summary.join('\n'))}</pre>
<h2>Verdicts</h2>
<pre id="verdicts">${escapeHtml(r.verdicts.join('\n'))}</pre>
<h2>What happened</h2>
<div id="diagram"><pre class="mermaid">${escapeHtml(r.diagram)}</pre></div>
<h2>Timeline</h2>
<pre id="timeline">${escapeHtml(r.timeline.join('\n'))}</pre>
<script>${script}</script>
<script>
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxTextSize: 10000000, maxEdges: 100000, sequence: { useMaxWidth: false } });
  mermaid.run({ querySelector: '#diagram .mermaid' }).then(
    () => { document.body.dataset.rendered = 'yes'; },
    (e) => { document.body.dataset.rendered = 'error'; console.error('diagram: ' + e); },
  );
</script>
</body>
</html>
`;
}
