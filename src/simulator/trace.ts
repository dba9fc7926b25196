/**
 * The trace of a run: one record per thing that happened, in the order it happened. Records are plain
 * objects whose keys always come in the same order, so the JSON output is byte-identical for the same
 * model, options and seed. The schema is documented in docs/simulation.md; `version` changes when it does.
 */
export const TRACE_VERSION = 1;

export type TraceKind =
  | 'flow-start'
  | 'trigger'
  | 'send'
  | 'receive'
  | 'start'
  | 'step'
  | 'publish'
  | 'dead-letter'
  | 'timer-set'
  | 'timer-cancel'
  | 'timer-fire'
  | 'too-late'
  | 'end'
  | 'discard'
  | 'fault'
  | 'crash'
  | 'restart'
  | 'cut'
  | 'flow-end';

export type MessageKind = 'trigger' | 'request' | 'reply' | 'event' | 'timer';

export type FaultKind = 'drop' | 'duplicate' | 'delay' | 'reorder' | 'lost' | 'down';

export interface TraceRecord {
  /** Virtual milliseconds since the start of the run (2026-01-01T00:00:00Z). */
  time: number;
  kind: TraceKind;
  /** The flow's correlation id. */
  flow?: string;
  /** The message this record is about. */
  message?: string;
  /** The message whose handling caused this record. */
  causation?: string;
  messageKind?: MessageKind;
  from?: string;
  to?: string;
  /** Where it happened: a participant id. */
  participant?: string;
  /** The scenario instance (`i7`) and its scenario (`order-placement/2`). */
  instance?: string;
  scenario?: string;
  /** The step's source line (in the use case's file) and kind. */
  line?: number;
  step?: string;
  text?: string;
  event?: string;
  /** For `notifies A or B`: the alternatives the published event was chosen from. */
  outcomes?: string[];
  subscribers?: number;
  /** Virtual ms the work took (steps), the timer's delay, or the fault's extra delay. */
  duration?: number;
  fault?: FaultKind;
  /** How an instance or a flow ended, or a crash's mode. */
  status?: string;
  detail?: string;
}

export type Trace = TraceRecord[];
