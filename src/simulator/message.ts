/**
 * What travels between participants (Messages) and what a mailbox does for an instance (Jobs), as
 * discriminated unions on `kind`: each kind carries exactly what handling it needs (the scenario a trigger,
 * event or timer starts; the asking instance and its `asks` of a request or reply), so the engine never
 * has to assert that an optional field is there.
 */
import type { Frame, PlannedStep, ScenarioPlan } from '../plan/scenario-plan.js';
import type { Flow, Instance } from './flow.js';

/** An `asks` step of a plan, with the frame it opens (the callee's lines and where the asker resumes). */
export type AskStep = PlannedStep & { opens: Frame };

export function isAsk(ps: PlannedStep | undefined): ps is AskStep {
  return ps !== undefined && ps.opens !== undefined;
}

interface Envelope {
  /** `m12`: unique in the run; an event's deliveries share it; a duplicate keeps it. */
  id: string;
  flow: Flow;
  from: string;
  to: string;
  /** A second copy made by a `duplicate` fault. */
  copy?: boolean;
}

/** The stimulus performs a trigger: it starts `plan`. */
export interface TriggerMessage extends Envelope {
  kind: 'trigger';
  plan: ScenarioPlan;
}

/** One delivery of a published event: it starts `plan` (a subscriber) at `to`. */
export interface EventMessage extends Envelope {
  kind: 'event';
  /** The message whose handling published it. */
  cause: string;
  plan: ScenarioPlan;
  event: string;
  /** The broker's delivery attempt of an at-least-once event (1 when absent). */
  attempt?: number;
  /** How many times the consumer's handling of this event failed before (a `[retry N]` listener). */
  failures?: number;
}

/** A fired timer, delivered to the participant that set it: it starts `plan` there. */
export interface TimerMessage extends Envelope {
  kind: 'timer';
  cause: string;
  plan: ScenarioPlan;
  event: string;
}

/** `inst`'s `asks` (`call`) reaching the callee. */
export interface RequestMessage extends Envelope {
  kind: 'request';
  cause: string;
  inst: Instance;
  call: AskStep;
  /** What is asked, for reports. */
  text: string;
}

/** The callee's answer to `inst`'s `asks` (`call`). */
export interface ReplyMessage extends Envelope {
  kind: 'reply';
  cause: string;
  inst: Instance;
  call: AskStep;
  /** What is answered, for reports. */
  text: string;
}

export type Message = TriggerMessage | EventMessage | TimerMessage | RequestMessage | ReplyMessage;

/** Work at a mailbox for an instance: it takes time (its latency), then has its effects. */
export type Job =
  /** A step of the instance's scenario (for an `asks`: the asker's work, then the request leaves). */
  | { kind: 'step'; step: PlannedStep }
  /** A callee with no lines of its own answers `call` (the implicit reply). */
  | { kind: 'handle'; call: AskStep }
  /** A duplicate `request` handled again by the callee, which sends a second reply. */
  | { kind: 'again'; call: AskStep; request: RequestMessage };
