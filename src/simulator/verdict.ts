/**
 * Verdicts: what a run says about the design. Per flow: completed, incomplete (it ended, but messages were
 * lost on the way), stuck (it waits for something that will never come: where, and for what), timed out
 * (still going when the run's time bound was reached), cut (an event loop, stopped at the step bound).
 * Per run: dead letters, handlers that processed one message twice, latency percentiles. Over runs:
 * completion rate and latency percentiles.
 */
import type { Blocked, FlowStatus } from './flow.js';
import type { FaultKind } from './trace.js';

export interface FlowResult {
  id: string;
  index: number;
  status: FlowStatus;
  startedAt: number;
  /** The time of the flow's last step. */
  endedAt: number;
  /** End-to-end latency: last step minus first trigger, in virtual ms. */
  latency: number;
  steps: number;
  lost: number;
  /** For stuck flows: where they wait and for what. */
  blocked: Blocked[];
  /** Published events that caused no further event (the leaves of the flow's causation tree). */
  terminalEvents?: string[];
}

export interface DeadLetter {
  event: string;
  /** Participant ids that published it. */
  publishers: string[];
  count: number;
}

export interface NotIdempotent {
  participant: string;
  scenario: string;
  line?: number;
  message: string;
  messageKind: string;
  flow: string;
  times: number;
}

export interface Loop {
  flow: string;
  steps: number;
  /** The scenarios that ran most in the flow, most first. */
  scenarios: string[];
}

export interface LatencyStats {
  count: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Injected faults by kind: the trace's `fault` records by their `fault`, and `crash` records. */
export type FaultCounts = Record<FaultKind | 'crash', number>;

export interface RunVerdict {
  seed: number;
  /** Virtual time of the last thing that happened. */
  endTime: number;
  /** The run stopped at `--until` with work left. */
  boundReached: boolean;
  messages: number;
  steps: number;
  flows: Record<'total' | 'completed' | 'incomplete' | 'stuck' | 'timedOut' | 'cut', number>;
  perFlow: FlowResult[];
  deadLetters: DeadLetter[];
  notIdempotent: NotIdempotent[];
  loops: Loop[];
  /** Over completed flows; null when none completed. */
  latency: LatencyStats | null;
  faults: FaultCounts;
  /** No flow failed and no handler processed a message twice. */
  ok: boolean;
}

export interface Aggregate {
  runs: number;
  seeds: number[];
  flows: RunVerdict['flows'];
  /** Completed flows / all flows, over every run. */
  completionRate: number;
  latency: LatencyStats | null;
  deadLetters: number;
  notIdempotent: number;
  loops: number;
  /** Runs whose verdict failed. */
  failedRuns: number;
  ok: boolean;
}

export function emptyFaultCounts(): FaultCounts {
  return { drop: 0, duplicate: 0, delay: 0, reorder: 0, crash: 0, lost: 0, down: 0, fail: 0 };
}

/** Nearest-rank percentiles, deterministic and exact on the values seen. */
export function latencyStats(values: readonly number[]): LatencyStats | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: sorted.length, min: sorted[0]!, p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1]!, mean: Math.round(sum / sorted.length) };
}

export function countFlows(perFlow: readonly FlowResult[]): RunVerdict['flows'] {
  const c = { total: perFlow.length, completed: 0, incomplete: 0, stuck: 0, timedOut: 0, cut: 0 };
  for (const f of perFlow) {
    if (f.status === 'completed') c.completed++;
    else if (f.status === 'incomplete') c.incomplete++;
    else if (f.status === 'stuck') c.stuck++;
    else if (f.status === 'timed-out') c.timedOut++;
    else c.cut++;
  }
  return c;
}

export function aggregate(verdicts: readonly RunVerdict[]): Aggregate {
  const flows = { total: 0, completed: 0, incomplete: 0, stuck: 0, timedOut: 0, cut: 0 };
  const latencies: number[] = [];
  let deadLetters = 0;
  let notIdempotent = 0;
  let loops = 0;
  let failedRuns = 0;
  for (const v of verdicts) {
    for (const k of Object.keys(flows) as (keyof typeof flows)[]) flows[k] += v.flows[k];
    for (const f of v.perFlow) if (f.status === 'completed') latencies.push(f.latency);
    for (const d of v.deadLetters) deadLetters += d.count;
    notIdempotent += v.notIdempotent.length;
    loops += v.loops.length;
    if (!v.ok) failedRuns++;
  }
  return {
    runs: verdicts.length,
    seeds: verdicts.map((v) => v.seed),
    flows,
    completionRate: flows.total === 0 ? 0 : flows.completed / flows.total,
    latency: latencyStats(latencies),
    deadLetters,
    notIdempotent,
    loops,
    failedRuns,
    ok: failedRuns === 0,
  };
}
