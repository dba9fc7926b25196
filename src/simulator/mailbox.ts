/**
 * A participant's mailbox. Each bounded context processes one message at a time: a message taken from the
 * queue starts a handler (a scenario's steps at this participant) that keeps the mailbox until it sends a
 * request, replies, hands over to another participant or ends; its steps take virtual time. Participants
 * that answer concurrently (external systems, people, data stores) start every piece of work at once.
 * The mailbox is the state of an xstate actor (`fromTransition`): messages reach it as events of that actor.
 */
import { createActor, fromTransition, type AnyActorRef } from 'xstate';
import type { Task } from '../plan/agenda.js';
import type { CrashMode } from './faults.js';
import type { Instance } from './flow.js';
import type { LatencyKind } from './latency.js';
import type { Job, Message } from './message.js';

/** What a mailbox needs from the engine. */
export interface Handlers {
  /** A message is taken: start or resume its handler. */
  take(mailbox: Mailbox, message: Message): void;
  /** A piece of work has taken its time: apply its effects. */
  finish(work: Work): void;
  /** A message or a piece of work was lost in a crash. */
  lost(mailbox: Mailbox, item: Message | Work): void;
  /**
   * True when a crash that loses work does not lose this piece: a `notifies [outbox]` (the event was
   * committed with the step before it, and the outbox relay publishes it after the restart).
   */
  survives(work: Work): boolean;
  /** Starts a piece of work's clock: returns its duration. */
  begin(work: Work): number;
}

/** A job to be done at a mailbox for an instance. */
export class Work implements Task {
  cancelled = false;
  startedAt = 0;
  duration = 0;

  constructor(
    readonly mailbox: Mailbox,
    readonly inst: Instance,
    readonly job: Job,
    /** What kind of work it is, for its duration. */
    readonly latency: LatencyKind,
  ) {}

  run(): void {
    if (!this.cancelled) this.mailbox.complete(this);
  }

  /** The same job, to be done again (after a crash interrupted it). */
  again(): Work {
    return new Work(this.mailbox, this.inst, this.job, this.latency);
  }
}

type Item = { work: Work } | { message: Message };

export class Mailbox {
  readonly actor: AnyActorRef;
  /** The instance whose handler holds the mailbox. */
  private holder: Instance | null = null;
  private current: Work | null = null;
  /** Work submitted by the holder while its handler runs: done next, before anything queued. */
  private continuation: Work | null = null;
  private inHandler = false;
  /** Items before `head` are taken (cleared to undefined). */
  private queue: (Item | undefined)[] = [];
  private head = 0;
  crashed: CrashMode | null = null;

  constructor(
    readonly id: string,
    /** True for participants that answer concurrently (no one-at-a-time processing). */
    readonly concurrent: boolean,
    private readonly handlers: Handlers,
    private readonly schedule: (time: number, task: Task) => void,
    private readonly now: () => number,
    parent: AnyActorRef,
  ) {
    const logic = fromTransition((self: Mailbox, event: { type: 'deliver'; message: Message }) => {
      self.accept(event.message);
      return self;
    }, this);
    this.actor = createActor(logic, { parent, id });
    this.actor.start();
  }

  /** A message arrives (through the mailbox's actor). */
  deliver(message: Message): void {
    this.actor.send({ type: 'deliver', message });
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  private accept(message: Message): void {
    if (this.crashed === 'lose') return this.handlers.lost(this, message);
    if (this.crashed === null && (this.concurrent || this.isIdle())) return this.take(message);
    this.queue.push({ message });
  }

  /** Work for an instance: the holder's next step continues at once; other work waits its turn. */
  submit(work: Work): void {
    if (this.crashed === 'lose' && !this.handlers.survives(work)) return this.handlers.lost(this, work);
    if (this.crashed === null && this.concurrent) return this.start(work);
    if (this.inHandler && this.holder === work.inst && this.continuation === null && this.crashed === null) {
      this.continuation = work;
      return;
    }
    if (this.crashed === null && this.isIdle()) return this.start(work);
    this.queue.push({ work });
  }

  private isIdle(): boolean {
    return this.current === null && this.holder === null && !this.inHandler;
  }

  private take(message: Message): void {
    this.inHandler = true;
    this.handlers.take(this, message);
    this.inHandler = false;
    this.afterHandler();
  }

  private start(work: Work): void {
    if (!this.concurrent) {
      this.current = work;
      this.holder = work.inst;
    }
    work.startedAt = this.now();
    work.duration = this.handlers.begin(work);
    this.schedule(work.startedAt + work.duration, work);
  }

  complete(work: Work): void {
    if (this.concurrent) {
      this.handlers.finish(work);
      return;
    }
    this.current = null;
    this.inHandler = true;
    this.handlers.finish(work);
    this.inHandler = false;
    this.afterHandler();
  }

  private afterHandler(): void {
    if (this.concurrent) return;
    const next = this.continuation;
    this.continuation = null;
    if (next !== null && this.crashed === null) return this.start(next);
    if (next !== null) this.queue.splice(this.head, 0, { work: next });
    this.holder = null;
    this.pump();
  }

  /** Takes the next queued item when the mailbox is free. */
  private pump(): void {
    while (this.crashed === null && this.isIdle() && this.head < this.queue.length) {
      const item = this.queue[this.head];
      this.queue[this.head++] = undefined;
      if (item === undefined) continue;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      if ('work' in item) this.start(item.work);
      else this.take(item.message);
    }
  }

  /** The participant stops: work in progress waits (`wait`) or is lost (`lose`), as do queued messages. */
  crash(mode: CrashMode): void {
    this.crashed = mode;
    const current = this.current;
    this.current = null;
    this.holder = null;
    const pending = this.queue.slice(this.head);
    this.queue = [];
    this.head = 0;
    if (current) {
      current.cancelled = true;
      const again = current.again();
      if (mode === 'wait' || this.handlers.survives(again)) this.queue.push({ work: again });
      else this.handlers.lost(this, again);
    }
    for (const item of pending) {
      if (item === undefined) continue;
      if (mode === 'wait' || ('work' in item && this.handlers.survives(item.work))) this.queue.push(item);
      else this.handlers.lost(this, 'work' in item ? item.work : item.message);
    }
  }

  restart(): void {
    this.crashed = null;
    this.pump();
  }
}
