/**
 * The trace of a run: one record per thing that happened, in the order it happened. A record is one of the
 * kinds below (a discriminated union on `kind`), each with exactly the keys docs/simulation.md lists for
 * it, so the compiler checks the documented schema wherever a record is written (recorder.ts) or read.
 * Keys always come in the documented order, so the JSON output is byte-identical for the same model,
 * options and seed; `TRACE_VERSION` changes when the schema does.
 */
import type { Step } from '../compiler/model.js';
import type { FlowStatus } from '../plan/prediction.js';
import type { CrashMode } from './faults.js';
import type { InstanceEnd } from './machine.js';

export const TRACE_VERSION = 1;

export type MessageKind = 'trigger' | 'request' | 'reply' | 'event' | 'timer';

export type FaultKind = 'drop' | 'duplicate' | 'delay' | 'reorder' | 'lost' | 'down' | 'fail';

/** What a `step` record did: the step's kind, or `handle` for a callee answering without lines of its own. */
export type StepKind = Step['kind'] | 'handle';

/** A flow starts (`flow`: its correlation id). */
export interface FlowStartRecord {
  time: number;
  kind: 'flow-start';
  flow: string;
}

/** The stimulus performs a trigger: a message from the trigger's actor to where its scenario starts. */
export interface TriggerRecord {
  time: number;
  kind: 'trigger';
  flow: string;
  message: string;
  from: string;
  to: string;
  scenario: string;
  text: string;
}

/** A message leaves (one record per destination). A trigger's message has no causation. */
export interface SendRecord {
  time: number;
  kind: 'send';
  flow: string;
  message: string;
  causation?: string;
  messageKind: MessageKind;
  from: string;
  to: string;
  /** Requests and replies: what is asked or answered. */
  text?: string;
  /** Events: the event. */
  event?: string;
}

/** A mailbox takes a message. */
export interface ReceiveRecord {
  time: number;
  kind: 'receive';
  flow: string;
  message: string;
  messageKind: MessageKind;
  participant: string;
}

/** A scenario instance starts, caused by a trigger, an event or a timer. */
export interface StartRecord {
  time: number;
  kind: 'start';
  flow: string;
  causation: string;
  messageKind: MessageKind;
  participant: string;
  instance: string;
  scenario: string;
  text: string;
}

/** A step's work is done (at the time it ends). */
export interface StepRecord {
  time: number;
  kind: 'step';
  flow: string;
  causation: string;
  participant: string;
  instance: string;
  scenario: string;
  line: number;
  step: StepKind;
  text: string;
  /** `notifies`: the event published. */
  event?: string;
  /** `notifies A or B`: the alternatives the event was chosen from. */
  outcomes?: string[];
  duration: number;
}

/** An event is published to its topic. */
export interface PublishRecord {
  time: number;
  kind: 'publish';
  flow: string;
  message: string;
  causation: string;
  from: string;
  event: string;
  subscribers: number;
}

/** An event (or a timer) nobody handles. */
export interface DeadLetterRecord {
  time: number;
  kind: 'dead-letter';
  flow: string;
  message: string;
  from: string;
  event: string;
}

export interface TimerSetRecord {
  time: number;
  kind: 'timer-set';
  flow: string;
  causation: string;
  participant: string;
  instance: string;
  event: string;
  /** The timer's delay. */
  duration: number;
}

export interface TimerCancelRecord {
  time: number;
  kind: 'timer-cancel';
  flow: string;
  causation: string;
  participant: string;
  instance: string;
  event: string;
}

export interface TimerFireRecord {
  time: number;
  kind: 'timer-fire';
  flow: string;
  message: string;
  causation: string;
  participant: string;
  event: string;
}

/** A `cancels` found no pending timer: the scenario stops there. */
export interface TooLateRecord {
  time: number;
  kind: 'too-late';
  flow: string;
  causation: string;
  participant: string;
  instance: string;
  scenario: string;
  line: number;
  event: string;
  detail: string;
}

/** A decision or a reply with alternatives sets a fact of the flow, or confirms one set before (`decided` false). */
export interface FactRecord {
  time: number;
  kind: 'fact';
  flow: string;
  participant: string;
  instance: string;
  scenario: string;
  line: number;
  fact: string;
  outcome: string;
  decided: boolean;
}

/** A call with `[retry N]` timed out: attempt `attempt` of `of` leaves. */
export interface RetryRecord {
  time: number;
  kind: 'retry';
  flow: string;
  participant: string;
  instance: string;
  scenario: string;
  line: number;
  attempt: number;
  of: number;
}

/** A scenario instance ends. */
export interface EndRecord {
  time: number;
  kind: 'end';
  flow: string;
  instance: string;
  scenario: string;
  status: InstanceEnd;
}

/** A message taken and ignored: a reply nobody waits for, or a copy an idempotent consumer ignores. */
export interface DiscardRecord {
  time: number;
  kind: 'discard';
  flow: string;
  message: string;
  participant: string;
  detail: string;
}

/** An injected fault met a message on its way (or a crash lost it). */
export interface MessageFaultRecord {
  time: number;
  kind: 'fault';
  flow: string;
  message: string;
  messageKind: MessageKind;
  from: string;
  to: string;
  /** `delay`: the extra delay. */
  duration?: number;
  fault: FaultKind;
  detail: string;
}

/** A crash lost an instance's work in progress or queued (`fault` is `lost`). */
export interface WorkFaultRecord {
  time: number;
  kind: 'fault';
  flow: string;
  causation: string;
  participant: string;
  instance: string;
  scenario: string;
  fault: 'lost';
  detail: string;
}

/** A participant's mailbox stops for `duration` (`status`: the crash's mode). */
export interface CrashRecord {
  time: number;
  kind: 'crash';
  participant: string;
  duration: number;
  status: CrashMode;
}

export interface RestartRecord {
  time: number;
  kind: 'restart';
  participant: string;
}

/** A flow took more than `--max-steps` steps: an event loop, stopped. */
export interface CutRecord {
  time: number;
  kind: 'cut';
  flow: string;
  instance: string;
  scenario: string;
  detail: string;
}

/** A flow is over (`duration`: its end-to-end latency). */
export interface FlowEndRecord {
  time: number;
  kind: 'flow-end';
  flow: string;
  duration: number;
  status: FlowStatus;
}

type Records =
  | FlowStartRecord
  | TriggerRecord
  | SendRecord
  | ReceiveRecord
  | StartRecord
  | StepRecord
  | PublishRecord
  | DeadLetterRecord
  | TimerSetRecord
  | TimerCancelRecord
  | TimerFireRecord
  | TooLateRecord
  | FactRecord
  | RetryRecord
  | EndRecord
  | DiscardRecord
  | MessageFaultRecord
  | WorkFaultRecord
  | CrashRecord
  | RestartRecord
  | CutRecord
  | FlowEndRecord;

/** Every key a record may have. */
type AnyKey = Records extends infer R ? (R extends unknown ? keyof R : never) : never;

/**
 * A record kind that has none of the other kinds' keys: reading `r.event` on a record not narrowed by its
 * kind is allowed and gives `undefined` where the kind has no such key, and writing a key a kind does not
 * have is an error.
 */
type Only<R> = R & { [K in Exclude<AnyKey, keyof R>]?: never };

export type TraceRecord = Records extends infer R ? (R extends unknown ? Only<R> : never) : never;

export type TraceKind = TraceRecord['kind'];

/** The record of one kind. */
export type RecordOf<K extends TraceKind> = Extract<TraceRecord, { kind: K }>;

export type Trace = TraceRecord[];

/** The records of one kind, narrowed: `recordsOf(trace, 'publish').map((r) => r.event)`. */
export function recordsOf<K extends TraceKind>(trace: readonly TraceRecord[], kind: K): RecordOf<K>[] {
  return trace.filter((r): r is RecordOf<K> => r.kind === kind);
}
