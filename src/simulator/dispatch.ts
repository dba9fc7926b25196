/**
 * What a mailbox does with each kind of message, and what becomes of messages and work the faults meet.
 * A trigger starts its scenario; an event or a timer starts the scenario it is delivered to (once per flow
 * for an idempotent consumer); a request resumes the asking instance's machine in the callee (a duplicate
 * is handled again); a reply resumes the asker, unless it gave up or already has it. Every injected fault
 * is counted in the verdict and recorded in the trace.
 */
import type { BrokerHooks } from './broker.js';
import type { Engine } from './engine.js';
import type { Mailbox } from './mailbox.js';
import { Work } from './mailbox.js';
import type { EventMessage, Message, ReplyMessage, RequestMessage, TimerMessage } from './message.js';
import type { FaultKind } from './trace.js';

/** How long a failed handling waits before the event is delivered to the consumer again. */
const RETRY_DELAY = 1000;

export class Dispatcher implements BrokerHooks {
  constructor(private readonly e: Engine) {}

  take(mailbox: Mailbox, message: Message): void {
    const flow = message.flow;
    const now = this.e.now();
    this.e.tally.lastTime = now;
    this.e.record.receive(message, mailbox.id);
    if (!flow.cut && !flow.finished) {
      switch (message.kind) {
        case 'trigger':
          this.e.flows.startInstance(flow, message.plan, message);
          break;
        case 'event':
        case 'timer':
          this.delivery(mailbox, message);
          break;
        case 'request':
          this.request(mailbox, message);
          break;
        case 'reply':
          this.reply(mailbox, message);
          break;
      }
    }
    flow.lastAt = Math.max(flow.lastAt, now);
    this.e.flows.settle(flow);
  }

  private delivery(mailbox: Mailbox, message: EventMessage | TimerMessage): void {
    const flow = message.flow;
    const plan = message.plan;
    const trigger = plan.scenario.trigger;
    // A failed handling recorded nothing, not even the idempotency key: the retry is handled as new.
    if (message.kind === 'event' && this.handlingFails(mailbox, message)) return;
    if (trigger.kind === 'listen' && trigger.idempotent) {
      // An idempotent consumer handles its event once per flow: the correlation id is the idempotency
      // key (an order id), so a copy, or the same event published again for the same order, is ignored.
      const key = `${mailbox.id}\u0000${plan.scenario.id}`;
      if (flow.handledOnce.has(key)) {
        this.e.record.discard(message, mailbox.id, 'duplicate ignored by an idempotent consumer');
        return;
      }
      flow.handledOnce.add(key);
    }
    this.e.ledger.processed(flow, mailbox.id, plan.scenario.id, plan.steps[0]?.step.line, message);
    this.e.flows.startInstance(flow, plan, message);
  }

  /**
   * The `fail` fault: the consumer's handling throws before its first step, so the event is not
   * acknowledged. A `[retry N]` listener gets it again after a second, N times, then it goes to the
   * dead-letter queue; a listener without retries loses it. Returns true when the handling failed.
   */
  private handlingFails(mailbox: Mailbox, message: EventMessage): boolean {
    const fail = this.e.options.faults.fail;
    if (fail <= 0 || !this.e.random.chance(fail)) return false;
    const trigger = message.plan.scenario.trigger;
    const retries = trigger.kind === 'listen' ? (trigger.retries ?? 0) : 0;
    const failures = (message.failures ?? 0) + 1;
    const flow = message.flow;
    this.e.ledger.faults.fail++;
    if (failures <= retries) {
      this.e.record.fault(message, 'fail', `the handler at ${mailbox.id} failed; retried in 1 s (retry ${failures} of ${retries})`);
      flow.busy++;
      this.e.agenda.schedule(this.e.now() + RETRY_DELAY, {
        run: () => {
          flow.busy--;
          this.e.broker.send({ ...message, failures });
        },
      });
      return true;
    }
    flow.lost++;
    if (retries > 0) {
      this.e.record.fault(message, 'fail', `the handler at ${mailbox.id} failed ${failures} times: dead-lettered`);
      this.e.deadLetter(flow, message.id, message.event, mailbox.id);
    } else {
      this.e.record.fault(message, 'fail', `the handler at ${mailbox.id} failed and declares no retry: the event is lost to it`);
    }
    return true;
  }

  private request(mailbox: Mailbox, message: RequestMessage): void {
    const inst = message.inst;
    const pending = inst.lastCall((c) => c.request === message.id);
    this.e.ledger.processed(message.flow, mailbox.id, inst.plan.scenario.id, message.call.step.line, message);
    if (inst.status === 'running' && pending && !pending.received) {
      pending.received = true;
      inst.cause = message.id;
      inst.actor.send({ type: 'RECEIVED' });
    } else if (inst.status === 'running' || inst.status === 'no-reply') {
      // A duplicate: handled again, which costs the callee time and sends a second reply.
      mailbox.submit(new Work(mailbox, inst, { kind: 'again', call: message.call, request: message }, mailbox.concurrent ? 'stub' : 'handle'));
    }
  }

  private reply(mailbox: Mailbox, message: ReplyMessage): void {
    const inst = message.inst;
    // The first reply to reach the asker answers its call: the original, or (when the original was lost
    // and the call retried) the callee's reply to the retry. Any later one is a duplicate. A copy is taken
    // only once the callee's lines are done (its reply sent), so the machine is waiting for the reply.
    const pending = inst.lastCall((c) => c.call === message.call && c.reply !== undefined && (c.reply === message.id || message.copy === true));
    if (inst.status === 'running' && pending) {
      inst.waiting.splice(inst.waiting.indexOf(pending));
      inst.cause = message.id;
      inst.actor.send({ type: 'REPLY' });
    } else {
      this.e.record.discard(message, mailbox.id, inst.status === 'no-reply' ? 'late reply: the asker gave up' : 'duplicate reply');
    }
  }

  finish(work: Work): void {
    this.e.steps.finish(work);
  }

  begin(work: Work): number {
    return this.e.latency.draw(work.latency, work.mailbox.id);
  }

  survives(work: Work): boolean {
    const job = work.job;
    const kept = job.kind === 'step' && job.step.step.kind === 'notify' && job.step.step.outbox === true;
    if (kept && work.mailbox.crashed === 'lose') this.e.record.lostWork(work.inst, work.mailbox.id, `crash: the outbox keeps "${job.step.step.kind === 'notify' ? job.step.step.events.join(' or ') : ''}", its relay publishes it after the restart`);
    return kept;
  }

  /** A crash lost a message, or an instance's work (in progress or queued). */
  lost(mailbox: Mailbox, item: Message | Work): void {
    if (!(item instanceof Work)) return this.dropped(item, 'lost', `lost: ${mailbox.id} crashed`);
    const inst = item.inst;
    inst.flow.lost++;
    this.e.ledger.faults.lost++;
    this.e.record.lostWork(inst, mailbox.id, `work lost: ${mailbox.id} crashed`);
  }

  dropped(message: Message, fault: FaultKind, detail: string): void {
    // A call that declares a timeout deals with its lost request or reply itself (it retries, or runs its
    // `on timeout` block, or leaves the flow stuck): the loss does not make the flow incomplete.
    const handled = (message.kind === 'request' || message.kind === 'reply') && message.call.step.kind === 'ask' && message.call.step.call !== undefined;
    if (!handled) message.flow.lost++;
    this.e.ledger.faults[fault]++;
    this.e.record.fault(message, fault, detail);
    this.e.flows.settle(message.flow);
  }

  injected(message: Message, fault: 'delay' | 'duplicate' | 'reorder' | 'drop', detail: string, duration?: number): void {
    this.e.ledger.faults[fault]++;
    this.e.record.fault(message, fault, detail, duration);
  }
}
