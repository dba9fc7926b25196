/**
 * The runtime records of a run: a Flow (one business case, with its correlation id) and the scenario
 * Instances running in it (each driven by an xstate actor). The messages between participants are in
 * message.ts.
 */
import type { AnyActorRef } from 'xstate';
import type { InstanceEnd } from './machine.js';
import type { AskStep } from './message.js';
import type { ScenarioPlan } from '../plan/scenario-plan.js';

import type { FlowStatus } from '../plan/prediction.js';

export type { FlowStatus };
export type { Message } from './message.js';

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

/**
 * The events a flow published, for the `--explore` report: which of them caused no further event (the
 * leaves of the flow's causation tree; timers count as events).
 */
export class EventLog {
  private readonly entries: { event: string; caused: boolean }[] = [];
  private readonly byId = new Map<string, { event: string; caused: boolean }>();

  /** Event (or timer) message `id` was published, caused by the handling of event `origin` (if one). */
  note(id: string, event: string, origin: string | undefined): void {
    const parent = origin !== undefined ? this.byId.get(origin) : undefined;
    if (parent) parent.caused = true;
    const entry = { event, caused: false };
    this.entries.push(entry);
    this.byId.set(id, entry);
  }

  terminal(): string[] {
    return this.entries.filter((e) => !e.caused).map((e) => e.event);
  }
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
  /** The facts of the flow (craft extension): decided once, never changed; given ones are set at the start. */
  readonly facts = new Map<string, string>();
  /** Timed triggers (`cancel-order@25s`, a story's `at 25s run`) scheduled and not yet performed. */
  timedPending = 0;
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

  constructor(
    /** Correlation id: `flow-1`. */
    readonly id: string,
    readonly index: number,
    readonly startedAt: number,
    /** Published events, kept for the explore report (terminal events). */
    readonly events?: EventLog,
  ) {
    this.lastAt = startedAt;
  }
}

/** An `asks` an instance has open: the request's id, whether the callee took it, the reply's id once sent. */
export interface PendingCall {
  call: AskStep;
  request: string;
  received: boolean;
  reply?: string;
  /** Exploration chose that the callee does not answer this call in time. */
  unanswered?: boolean;
}

export class Instance {
  status: 'running' | InstanceEnd = 'running';
  /** The instance's actor (of its scenario's machine): created with the instance, started by the engine. */
  readonly actor: AnyActorRef;
  /** The message being handled: the causation of what the instance does next. */
  cause: string;
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
    actorOf: (inst: Instance) => AnyActorRef,
  ) {
    this.cause = cause;
    this.actor = actorOf(this);
  }

  /** The innermost open call that `match`es. */
  lastCall(match: (c: PendingCall) => boolean): PendingCall | undefined {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const c = this.waiting[i];
      if (c !== undefined && match(c)) return c;
    }
    return undefined;
  }
}
