/**
 * The HTML report of a run. `runReport` is what the pages show of a run (craft simulate --html, the
 * simulation panel of craft serve, the simulations of craft build): verdicts, timeline, the sequence diagram
 * of what happened and the latency of every completed flow, as plain data that the page components
 * (src/page) lay out; the simulator does not depend on them.
 */
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
