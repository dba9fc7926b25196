/**
 * The steps' work and effects. A scenario's machine asks for each step (`Steps`): the step's work is
 * submitted to its participant's mailbox and takes its latency; when it is done (`finish`) the step has
 * its effect: `notifies` publishes one of its events (an `or` is decided by the run's chooser), `schedules`
 * and `cancels` set and cancel timers (a `cancels` with no pending timer stops the scenario: too late),
 * `asks` sends its request (the machine then waits for the reply), a callee's `returns` or its implicit
 * handling answers, and the machine is told the step is done.
 */
import type { Engine } from './engine.js';
import type { Instance } from './flow.js';
import type { InstanceEnd, Steps } from './machine.js';
import { Work } from './mailbox.js';
import { isAsk, type AskStep, type RequestMessage } from './message.js';
import type { PendingCall } from './flow.js';
import { timeoutOutcomes } from './choice.js';
import type { PlannedStep, ScenarioPlan } from '../plan/scenario-plan.js';
import type { Choice } from '../compiler/model.js';
import { holds } from '../plan/guard.js';

export class StepRunner implements Steps<Instance> {
  constructor(
    private readonly e: Engine,
    /** Events that end a flow as the named use cases expect (`tags { ends: ... }`). */
    private readonly ends: ReadonlySet<string>,
  ) {}

  /** Step `index`'s work starts at its participant, unless the flow has taken too many steps. */
  perform(inst: Instance, index: number): void {
    const flow = inst.flow;
    const ps = stepAt(inst.plan, index);
    // A step on a branch the flow's facts rule out is passed by: it is no work and no step of the flow.
    if (ps.step.guard && !holds(ps.step.guard, (f) => flow.facts.get(f))) {
      inst.actor.send({ type: 'SKIP' });
      return;
    }
    if (++flow.steps > this.e.options.maxSteps) return this.e.flows.cut(flow, inst);
    this.e.tally.steps++;
    if (flow.cut) return;
    const mailbox = this.e.broker.mailbox(ps.at);
    mailbox.submit(new Work(mailbox, inst, { kind: 'step', step: ps }, ps.work));
  }

  /** The callee of `asks` step `ask` has no lines: it handles the request itself (the implicit reply). */
  handle(inst: Instance, ask: number): void {
    const call = askAt(inst.plan, ask);
    const mailbox = this.e.broker.mailbox(call.opens.callee);
    mailbox.submit(new Work(mailbox, inst, { kind: 'handle', call }, mailbox.concurrent ? 'stub' : 'handle'));
  }

  /** The callee's part of `asks` step `ask` is over: the reply leaves. */
  reply(inst: Instance, ask: number): void {
    const call = askAt(inst.plan, ask);
    const frame = call.opens;
    const id = this.e.broker.nextId();
    const pending = inst.lastCall((c) => c.call === call);
    if (pending) pending.reply = id;
    const last = inst.plan.steps[frame.end - 1]?.step;
    const text = frame.explicit && last?.kind === 'return' ? words(last.connector, last.phrase) || 'reply' : `reply: ${askPhrase(call.step)}`;
    this.e.broker.send({ id, kind: 'reply', flow: inst.flow, cause: inst.cause, from: frame.callee, to: frame.caller, inst, call, text });
  }

  end(inst: Instance, how: InstanceEnd): void {
    this.e.flows.end(inst, how);
  }

  retry(inst: Instance, ask: number, attempt: number): void {
    const call = askAt(inst.plan, ask);
    const pending = inst.lastCall((c) => c.call === call);
    if (!pending || inst.status !== 'running') return;
    this.e.record.retry(inst, call, attempt);
    this.send(inst, call, pending);
  }

  timedOut(inst: Instance, ask: number): void {
    const call = askAt(inst.plan, ask);
    const block = call.onTimeout;
    // The block starts before the asker ends, so the flow is never idle in between.
    if (block) this.e.flows.startBlock(inst, block);
    this.e.flows.end(inst, 'timed-out');
  }

  replyTimeout(): number {
    return this.e.options.latency.replyTimeout;
  }

  /** A piece of work has taken its time at its mailbox: its effects. */
  finish(work: Work): void {
    const inst = work.inst;
    const now = this.e.now();
    this.e.tally.lastTime = now;
    const job = work.job;
    if (inst.status !== 'running' && job.kind !== 'again') return;
    inst.flow.lastAt = now;
    switch (job.kind) {
      case 'again':
        return this.again(work, job.call, job.request);
      case 'handle':
        if (this.e.record.on) this.e.record.handled(inst, job.call, work.mailbox.id, inst.cause, `${this.e.name(work.mailbox.id)} handles "${askPhrase(job.call.step)}" (implicit reply)`, work.duration);
        inst.actor.send({ type: 'DONE' });
        return;
      case 'step':
        return this.done(work, job.step);
    }
  }

  /** A duplicate request handled again: a second reply, which the asker discards. */
  private again(work: Work, call: AskStep, request: RequestMessage): void {
    const inst = work.inst;
    const frame = call.opens;
    this.e.record.handled(inst, call, work.mailbox.id, request.id, 'handles the duplicate request again', work.duration);
    this.e.broker.send({ id: this.e.broker.nextId(), kind: 'reply', flow: inst.flow, cause: request.id, from: frame.callee, to: frame.caller, inst, call, copy: true, text: 'second reply (duplicate request)' });
  }

  private done(work: Work, ps: PlannedStep): void {
    const inst = work.inst;
    const step = ps.step;
    let tooLate = false;
    switch (step.kind) {
      case 'decide':
        this.e.record.step(inst, ps, work.duration);
        this.decide(inst, ps, step.choice);
        break;
      case 'notify': {
        const event = this.outcome(step.events);
        this.e.record.step(inst, ps, work.duration, event, step.events.length > 1 ? step.events : undefined);
        this.publish(inst, ps.at, event);
        break;
      }
      case 'schedule':
        this.e.record.step(inst, ps, work.duration);
        this.e.timers.set(inst, ps.at, step.event, step.delayMs);
        break;
      case 'cancel':
        tooLate = !inst.flow.timers.has(step.event);
        this.e.record.step(inst, ps, work.duration);
        if (tooLate) this.e.record.tooLate(inst, ps, step.event);
        else this.e.timers.cancel(inst, ps.at, step.event);
        break;
      case 'return':
        this.e.record.step(inst, ps, work.duration);
        if (step.choice) this.decide(inst, ps, step.choice);
        // A `returns` that answers no open `asks` answers the trigger's actor: outside the system.
        if (!ps.frame || ps.frame.end !== ps.index + 1 || !ps.frame.explicit) this.respond(inst, ps);
        break;
      case 'ask':
        this.e.record.step(inst, ps, work.duration);
        if (!isAsk(ps)) throw new Error(`asks step ${ps.index} of ${inst.plan.scenario.id} opens no call`);
        // The machine waits in the asks step's state: the request leaves.
        return this.request(inst, ps);
      case 'internal':
        this.e.record.step(inst, ps, work.duration);
        break;
    }
    inst.actor.send({ type: tooLate ? 'TOO_LATE' : 'DONE' });
  }

  /**
   * A decision, or a reply with alternatives: the fact's outcome for the flow. A fact decided earlier in the
   * flow (or given) never changes: the step confirms it.
   */
  private decide(inst: Instance, ps: PlannedStep, choice: Choice): void {
    const facts = inst.flow.facts;
    const known = facts.get(choice.fact);
    if (known !== undefined) {
      this.e.record.fact(inst, ps, choice.fact, known, false);
      return;
    }
    const i = this.e.chooser.choose({ kind: 'fact', fact: choice.fact, of: choice.outcomes }, this.e.random);
    const outcome = choice.outcomes[i];
    if (outcome === undefined) throw new Error(`outcome ${i} of ${choice.outcomes.length} for ${choice.fact}`);
    facts.set(choice.fact, outcome);
    this.e.record.fact(inst, ps, choice.fact, outcome, true);
  }

  /** The event a `notifies` publishes: its only one, or the chooser's pick of its alternatives. */
  private outcome(events: readonly string[]): string {
    const i = events.length === 1 ? 0 : this.e.chooser.choose({ kind: 'event', of: events }, this.e.random);
    const event = events[i];
    if (event === undefined) throw new Error(`outcome ${i} of ${events.length} events`);
    return event;
  }

  private request(inst: Instance, call: AskStep): void {
    const pending: PendingCall = { call, request: '', received: false };
    // Only exploration times a call out on purpose: the callee then never answers, on any attempt.
    if (call.step.kind === 'ask' && call.step.call) {
      pending.unanswered = this.e.chooser.choose({ kind: 'timeout', call: call.text, of: timeoutOutcomes }, this.e.random) === 1;
    }
    inst.waiting.push(pending);
    this.send(inst, call, pending);
  }

  /** An attempt of the call's request leaves (the first, or a retry: the callee answers the one it takes). */
  private send(inst: Instance, call: AskStep, pending: PendingCall): void {
    const frame = call.opens;
    const id = this.e.broker.nextId();
    pending.request = id;
    const message: RequestMessage = { id, kind: 'request', flow: inst.flow, cause: inst.cause, from: frame.caller, to: frame.callee, inst, call, text: askPhrase(call.step) };
    if (pending.unanswered) {
      // Not a fault: the path where the callee is too slow. The request is recorded, and taken by nobody.
      this.e.record.send(message);
      this.e.record.discard(message, frame.callee, `${this.e.name(frame.callee)} does not answer in time (explored)`);
      return;
    }
    this.e.broker.send(message);
  }

  /**
   * A reply to an actor outside the system: only a trace record. Its message id is drawn only when the
   * trace is kept (as it always was), so ids are the same as in earlier versions.
   */
  private respond(inst: Instance, ps: PlannedStep): void {
    const step = ps.step;
    if (step.kind !== 'return' || !step.to || !this.e.record.on) return;
    this.e.record.replyOutside(inst.flow, this.e.broker.nextId(), inst.cause, ps.at, step.to.id, words(step.connector, step.phrase) || 'reply');
  }

  private publish(inst: Instance, from: string, event: string): void {
    const flow = inst.flow;
    if (this.ends.has(event)) flow.reachedEnd = event;
    const id = this.e.broker.nextId();
    flow.events?.note(id, event, inst.origin);
    if (this.e.broker.publish(id, flow, from, event, inst.cause) === 0) this.e.deadLetter(flow, id, event, from);
  }
}

/** Step `index` of a plan (the machines only ask for steps their plan has). */
export function stepAt(plan: ScenarioPlan, index: number): PlannedStep {
  const ps = plan.steps[index];
  if (!ps) throw new Error(`no step ${index} in ${plan.scenario.id}`);
  return ps;
}

/** The `asks` step `index` of a plan. */
export function askAt(plan: ScenarioPlan, index: number): AskStep {
  const ps = plan.steps[index];
  if (!isAsk(ps)) throw new Error(`step ${index} of ${plan.scenario.id} is no asks`);
  return ps;
}

/** What an `asks` asks for: `check availability`, `shipping cost`. */
export function askPhrase(step: PlannedStep['step']): string {
  return step.kind === 'ask' ? words(step.phrase) || words(step.connector) || 'request' : 'request';
}

function words(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p !== '').join(' ');
}
