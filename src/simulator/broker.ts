/**
 * The in-memory broker: topics (an event name → the scenarios subscribed to it, model-wide), request/reply
 * and event messages carried between participants' mailboxes on the virtual clock. Every message takes a
 * transit time; requests, replies and events may meet the configured faults on the way (dropped,
 * duplicated, delayed, held back so that a later message overtakes them); a participant that is down loses
 * what reaches it. The broker decides the faults; its hooks (dispatch.ts) count and record them. An event
 * published to a topic nobody subscribes to is a dead letter (the caller records it).
 */
import type { AnyActorRef } from 'xstate';
import type { Agenda, Task } from '../plan/agenda.js';
import type { Faults, Window } from './faults.js';
import { hasFaults } from './faults.js';
import type { Flow } from './flow.js';
import type { LatencyModel } from './latency.js';
import { Mailbox, type Handlers } from './mailbox.js';
import type { Message } from './message.js';
import type { ScenarioPlan } from '../plan/scenario-plan.js';
import type { Random } from './random.js';
import type { Recorder } from './recorder.js';
import type { FaultKind } from './trace.js';

export interface BrokerHooks extends Handlers {
  /** A message will never be taken (a fault, or its destination is down). */
  dropped(message: Message, fault: FaultKind, detail: string): void;
  /** A fault met a message that still arrives (delayed, duplicated, held back); `duration`: a delay's extra time. */
  injected(message: Message, fault: 'delay' | 'duplicate' | 'reorder' | 'drop', detail: string, duration?: number): void;
}

/**
 * How many times the broker delivers an at-least-once event that keeps getting lost before it gives up and
 * dead-letters it (JetStream's MaxDeliver): a drop probability of 1 must not redeliver forever.
 */
export const MAX_DELIVER = 10;

/** How long a message held back for reordering waits, at most, for another one to overtake it. */
const REORDER_WINDOW = 1000;

export interface BrokerSetup {
  agenda: Agenda;
  now: () => number;
  latency: LatencyModel;
  random: Random;
  faults: Faults;
  record: Recorder;
  concurrent: ReadonlySet<string>;
  /** Topics: event name → subscribed scenarios (model-wide, identical scenarios once). */
  topics: ReadonlyMap<string, readonly ScenarioPlan[]>;
  /** Events delivered at least once, with their redelivery delay (the others are delivered at most once). */
  redelivery: ReadonlyMap<string, number>;
  root: AnyActorRef;
  hooks: BrokerHooks;
}

class Arrival implements Task {
  constructor(
    private readonly broker: Broker,
    private readonly message: Message,
    private readonly held: boolean,
  ) {}
  run(): void {
    this.broker.arrive(this.message, this.held);
  }
}

class Release implements Task {
  constructor(
    private readonly broker: Broker,
    private readonly message: Message,
  ) {}
  run(): void {
    this.broker.release(this.message);
  }
}

export class Broker {
  private readonly mailboxes = new Map<string, Mailbox>();
  private readonly held = new Map<string, Message[]>();
  private readonly outages = new Map<string, Window[]>();
  private readonly faulty: boolean;
  private ids = 0;
  /** Messages sent (each delivery of an event counts once; duplicates count again). */
  sent = 0;

  constructor(private readonly s: BrokerSetup) {
    this.faulty = hasFaults(s.faults);
    for (const o of s.faults.outages) for (const p of o.participants) this.outages.set(p, [...(this.outages.get(p) ?? []), o]);
  }

  nextId(): string {
    return `m${++this.ids}`;
  }

  mailbox(id: string): Mailbox {
    let m = this.mailboxes.get(id);
    if (!m) {
      const s = this.s;
      m = new Mailbox(id, s.concurrent.has(id), s.hooks, (t, task) => s.agenda.schedule(t, task), s.now, s.root);
      this.mailboxes.set(id, m);
    }
    return m;
  }

  /**
   * Publishes `event` (message id `id`) to its topic: one delivery to where each subscribed scenario starts.
   * Returns the number of subscribers (0: a dead letter).
   */
  publish(id: string, flow: Flow, from: string, event: string, cause: string): number {
    const subscribers = this.s.topics.get(event) ?? [];
    this.s.record.publish(flow, id, cause, from, event, subscribers.length);
    for (const plan of subscribers) this.send({ id, kind: 'event', flow, cause, from, to: plan.entry, plan, event });
    return subscribers.length;
  }

  /** Sends a message: transit time, and faults for requests, replies and events. */
  send(message: Message): void {
    const s = this.s;
    const now = s.now();
    this.sent++;
    message.flow.busy++;
    s.record.send(message);
    let transit = s.latency.draw('transit', message.to);
    let held = false;
    if (this.faulty && (message.kind === 'request' || message.kind === 'reply' || message.kind === 'event')) {
      const f = s.faults;
      if (f.drop > 0 && s.random.chance(f.drop)) {
        const event = message.kind === 'event' ? message : undefined;
        const redelivery = event ? s.redelivery.get(event.event) : undefined;
        const attempt = event?.attempt ?? 1;
        if (event === undefined || redelivery === undefined || attempt >= MAX_DELIVER) {
          const why = redelivery === undefined ? '' : ` (at-least-once: given up after ${MAX_DELIVER} deliveries)`;
          s.hooks.dropped(message, 'drop', `dropped in transit to ${message.to}${why}`);
          return;
        }
        // Not acknowledged, so the broker delivers it again: the flow stays busy while it waits.
        s.hooks.injected(message, 'drop', `dropped in transit to ${message.to}; redelivered in ${redelivery} ms (at-least-once, delivery ${attempt + 1})`);
        s.agenda.schedule(now + redelivery, {
          run: () => {
            message.flow.busy--;
            this.sent--;
            this.send({ ...event, attempt: attempt + 1 });
          },
        });
        return;
      }
      if (f.delay && s.random.chance(f.delay.p)) {
        const extra = s.random.between(f.delay.min, f.delay.max);
        transit += extra;
        s.hooks.injected(message, 'delay', `delayed by ${extra} ms`, extra);
      }
      if (f.duplicate > 0 && s.random.chance(f.duplicate)) {
        const copy: Message = { ...message, copy: true };
        copy.flow.busy++;
        this.sent++;
        const copyTransit = transit + s.latency.draw('transit', message.to);
        s.hooks.injected(message, 'duplicate', `a second copy arrives ${copyTransit} ms after sending`);
        s.agenda.schedule(now + copyTransit, new Arrival(this, copy, false));
      }
      if (f.reorder > 0 && s.random.chance(f.reorder)) held = true;
    }
    s.agenda.schedule(now + transit, new Arrival(this, message, held));
  }

  /** Hands a message to its destination's mailbox, with no transit and no faults (timers, triggers in place). */
  local(message: Message): void {
    this.sent++;
    message.flow.busy++;
    this.deliver(message);
  }

  arrive(message: Message, held: boolean): void {
    const s = this.s;
    if (held) {
      let list = this.held.get(message.to);
      if (!list) this.held.set(message.to, (list = []));
      list.push(message);
      s.hooks.injected(message, 'reorder', `held back up to ${REORDER_WINDOW} ms so that a later message overtakes it`);
      s.agenda.schedule(s.now() + REORDER_WINDOW, new Release(this, message));
      return;
    }
    this.deliver(message);
    const waiting = this.held.get(message.to);
    if (waiting && waiting.length > 0) {
      this.held.delete(message.to);
      for (const m of waiting) this.deliver(m);
    }
  }

  release(message: Message): void {
    const list = this.held.get(message.to);
    const i = list ? list.indexOf(message) : -1;
    if (!list || i < 0) return;
    list.splice(i, 1);
    this.deliver(message);
  }

  private deliver(message: Message): void {
    const windows = this.outages.get(message.to);
    if (windows) {
      const now = this.s.now();
      const w = windows.find((o) => now >= o.start && now < o.start + o.duration);
      if (w) {
        this.s.hooks.dropped(message, 'down', `${message.to} is down until ${w.start + w.duration} ms`);
        return;
      }
    }
    this.mailbox(message.to).deliver(message);
  }
}
