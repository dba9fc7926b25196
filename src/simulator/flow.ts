/**
 * The runtime records of a run: a Flow (one business case, with its correlation id), the scenario
 * Instances running in it (each driven by an xstate actor), and the Messages between participants.
 */
import type { AnyActorRef } from 'xstate';
import type { InstanceEnd } from './machine.js';
import type { ScenarioPlan } from '../plan/scenario-plan.js';
import type { MessageKind } from './trace.js';

import type { FlowStatus } from '../plan/prediction.js';

export type { FlowStatus };

/** Why a flow could not go on: an `asks` without a reply, or work lost in a crash. */
export interface Blocked {
  participant: string;
  scenario: string;
  file: string;
  line: number;
  /** The machine state, e.g. `s1.waiting.request`. */
  state: string;
  waitingFor: string;
}

export class Flow {
  /** Scenario instances started and not ended. */
  readonly active = new Set<Instance>();
  /** Pending timers by event name: clock timeout ids. */
  readonly timers = new Map<string, number[]>();
  /** Handler + message id → times processed (for the idempotency verdict); dropped when the flow ends. */
  processed = new Map<string, number>();
  /** The idempotent consumers (participant, scenario) that have handled their event in this flow. */
  readonly handledOnce = new Set<string>();
  /** The first expected end (`tags { ends: ... }`) this flow published. */
  reachedEnd?: string;
  /** Instances running plus messages in transit or queued: the flow is idle at 0. */
  busy = 0;
  /** Position in the stimulus script of the next trigger to perform. */
  next = 0;
  /** A trigger is scheduled and not yet performed. */
  triggerPending = false;
  steps = 0;
  lost = 0;
  cut = false;
  finished = false;
  lastAt: number;
  blocked: Blocked[] = [];
  /** Published events for the explore report: name and whether it caused another event. */
  events?: { id: string; event: string; parent?: string; caused: boolean }[];

  constructor(
    /** Correlation id: `flow-1`. */
    readonly id: string,
    readonly index: number,
    readonly startedAt: number,
  ) {
    this.lastAt = startedAt;
  }
}

export interface PendingCall {
  ask: number;
  request: string;
  received: boolean;
  reply?: string;
}

export class Instance {
  status: 'running' | InstanceEnd = 'running';
  actor!: AnyActorRef;
  /** The message being handled: the causation of what the instance does next. */
  cause: string;
  /** The open `asks`: its step index, the request id, whether the callee took it, the reply id once sent. */
  /** Calls this instance has open, innermost last: an `asks` inside the callee's lines nests. */
  waiting: PendingCall[] = [];

  constructor(
    /** `i12` */
    readonly id: string,
    readonly plan: ScenarioPlan,
    readonly flow: Flow,
    cause: string,
    /** The event (or timer) message that started the instance, if one did. */
    readonly origin: string | undefined,
  ) {
    this.cause = cause;
  }
}

export interface Message {
  id: string;
  kind: MessageKind;
  flow: Flow;
  cause?: string;
  from: string;
  to: string;
  /** Requests and replies: the asking instance and its `asks` step. */
  inst?: Instance;
  ask?: number;
  /** Triggers, events and timers: the scenario the message starts. */
  plan?: ScenarioPlan;
  event?: string;
  /** A duplicate made by a fault. */
  copy?: boolean;
  /** Requests and replies: what is asked or answered, for reports. */
  text?: string;
}
