/**
 * Writes the trace: one method per record kind, each building the record of its kind (trace.ts) with its
 * keys in the documented order, at the current virtual time. Without a trace (`options.trace` off) every
 * method returns at once, so a run that keeps no trace pays one test per record.
 */
import type { ScenarioPlan, PlannedStep } from '../plan/scenario-plan.js';
import type { CrashMode } from './faults.js';
import type { Flow, FlowStatus, Instance } from './flow.js';
import type { InstanceEnd } from './machine.js';
import type { AskStep, Message } from './message.js';
import type { FaultKind, SendRecord, StepRecord, Trace } from './trace.js';

export class Recorder {
  constructor(
    /** The trace being written, or undefined when the run keeps none. */
    readonly trace: Trace | undefined,
    private readonly now: () => number,
  ) {}

  /** True when records are kept. */
  get on(): boolean {
    return this.trace !== undefined;
  }

  flowStart(flow: Flow): void {
    this.trace?.push({ time: flow.startedAt, kind: 'flow-start', flow: flow.id });
  }

  trigger(flow: Flow, message: string, from: string, plan: ScenarioPlan): void {
    this.trace?.push({ time: this.now(), kind: 'trigger', flow: flow.id, message, from, to: plan.entry, scenario: plan.scenario.id, text: plan.triggerText });
  }

  /** A message leaves through the broker. */
  send(m: Message): void {
    if (!this.trace) return;
    const r: SendRecord = {
      time: this.now(),
      kind: 'send',
      flow: m.flow.id,
      message: m.id,
      ...(m.kind !== 'trigger' ? { causation: m.cause } : {}),
      messageKind: m.kind,
      from: m.from,
      to: m.to,
      ...(m.kind === 'request' || m.kind === 'reply' ? { text: m.text } : {}),
      ...(m.kind === 'event' || m.kind === 'timer' ? { event: m.event } : {}),
    };
    this.trace.push(r);
  }

  /** A `returns` that answers no open `asks`: a reply to an actor outside the system. */
  replyOutside(flow: Flow, message: string, causation: string, from: string, to: string, text: string): void {
    this.trace?.push({ time: this.now(), kind: 'send', flow: flow.id, message, causation, messageKind: 'reply', from, to, text });
  }

  receive(m: Message, participant: string): void {
    this.trace?.push({ time: this.now(), kind: 'receive', flow: m.flow.id, message: m.id, messageKind: m.kind, participant });
  }

  start(inst: Instance, m: Message): void {
    this.trace?.push({ time: this.now(), kind: 'start', flow: inst.flow.id, causation: m.id, messageKind: m.kind, participant: m.to, instance: inst.id, scenario: inst.plan.scenario.id, text: inst.plan.triggerText });
  }

  /** A timed-out call's `on timeout` block starts at the asker (the timeout fired there, as a timer). */
  startBlock(inst: Instance, asker: Instance): void {
    this.trace?.push({ time: this.now(), kind: 'start', flow: inst.flow.id, causation: asker.cause, messageKind: 'timer', participant: inst.plan.entry, instance: inst.id, scenario: inst.plan.scenario.id, text: 'on timeout' });
  }

  /** A step's work is done; for `notifies`, the event published (and the alternatives of an `or`). */
  step(inst: Instance, ps: PlannedStep, duration: number, event?: string, outcomes?: string[]): void {
    if (!this.trace) return;
    const r: StepRecord = {
      time: this.now(),
      kind: 'step',
      flow: inst.flow.id,
      causation: inst.cause,
      participant: ps.at,
      instance: inst.id,
      scenario: inst.plan.scenario.id,
      line: ps.step.line,
      step: ps.step.kind,
      text: ps.text,
      ...(event !== undefined ? { event } : {}),
      ...(outcomes ? { outcomes } : {}),
      duration,
    };
    this.trace.push(r);
  }

  /** The callee of `call` answered at `participant` without lines of its own (or handled a duplicate again). */
  handled(inst: Instance, call: AskStep, participant: string, causation: string, text: string, duration: number): void {
    this.trace?.push({ time: this.now(), kind: 'step', flow: inst.flow.id, causation, participant, instance: inst.id, scenario: inst.plan.scenario.id, line: call.step.line, step: 'handle', text, duration });
  }

  publish(flow: Flow, message: string, causation: string, from: string, event: string, subscribers: number): void {
    this.trace?.push({ time: this.now(), kind: 'publish', flow: flow.id, message, causation, from, event, subscribers });
  }

  deadLetter(flow: Flow, message: string, from: string, event: string): void {
    this.trace?.push({ time: this.now(), kind: 'dead-letter', flow: flow.id, message, from, event });
  }

  timerSet(inst: Instance, causation: string, participant: string, event: string, delay: number): void {
    this.trace?.push({ time: this.now(), kind: 'timer-set', flow: inst.flow.id, causation, participant, instance: inst.id, event, duration: delay });
  }

  timerCancel(inst: Instance, participant: string, event: string): void {
    this.trace?.push({ time: this.now(), kind: 'timer-cancel', flow: inst.flow.id, causation: inst.cause, participant, instance: inst.id, event });
  }

  timerFire(flow: Flow, message: string, causation: string, participant: string, event: string): void {
    this.trace?.push({ time: this.now(), kind: 'timer-fire', flow: flow.id, message, causation, participant, event });
  }

  tooLate(inst: Instance, ps: PlannedStep, event: string): void {
    this.trace?.push({ time: this.now(), kind: 'too-late', flow: inst.flow.id, causation: inst.cause, participant: ps.at, instance: inst.id, scenario: inst.plan.scenario.id, line: ps.step.line, event, detail: `no pending timer ${event}: the scenario stops here` });
  }

  fact(inst: Instance, ps: PlannedStep, fact: string, outcome: string, decided: boolean): void {
    this.trace?.push({ time: this.now(), kind: 'fact', flow: inst.flow.id, participant: ps.at, instance: inst.id, scenario: inst.plan.scenario.id, line: ps.step.line, fact, outcome, decided });
  }

  retry(inst: Instance, call: PlannedStep, attempt: number): void {
    const of = call.step.kind === 'ask' ? (call.step.call?.retries ?? 0) : 0;
    this.trace?.push({ time: this.now(), kind: 'retry', flow: inst.flow.id, participant: call.at, instance: inst.id, scenario: inst.plan.scenario.id, line: call.step.line, attempt, of });
  }

  end(inst: Instance, status: InstanceEnd): void {
    this.trace?.push({ time: this.now(), kind: 'end', flow: inst.flow.id, instance: inst.id, scenario: inst.plan.scenario.id, status });
  }

  discard(m: Message, participant: string, detail: string): void {
    this.trace?.push({ time: this.now(), kind: 'discard', flow: m.flow.id, message: m.id, participant, detail });
  }

  /** An injected fault met `m` on its way (or a crash lost it); `duration`: a delay's extra time. */
  fault(m: Message, fault: FaultKind, detail: string, duration?: number): void {
    this.trace?.push({ time: this.now(), kind: 'fault', flow: m.flow.id, message: m.id, messageKind: m.kind, from: m.from, to: m.to, ...(duration !== undefined ? { duration } : {}), fault, detail });
  }

  /** A crash of `participant` lost an instance's work. */
  lostWork(inst: Instance, participant: string, detail: string): void {
    this.trace?.push({ time: this.now(), kind: 'fault', flow: inst.flow.id, causation: inst.cause, participant, instance: inst.id, scenario: inst.plan.scenario.id, fault: 'lost', detail });
  }

  crash(participant: string, duration: number, mode: CrashMode): void {
    this.trace?.push({ time: this.now(), kind: 'crash', participant, duration, status: mode });
  }

  restart(participant: string): void {
    this.trace?.push({ time: this.now(), kind: 'restart', participant });
  }

  cut(inst: Instance, maxSteps: number): void {
    this.trace?.push({ time: this.now(), kind: 'cut', flow: inst.flow.id, instance: inst.id, scenario: inst.plan.scenario.id, detail: `more than ${maxSteps} steps` });
  }

  flowEnd(flow: Flow, latency: number, status: FlowStatus): void {
    this.trace?.push({ time: this.now(), kind: 'flow-end', flow: flow.id, duration: latency, status });
  }
}
