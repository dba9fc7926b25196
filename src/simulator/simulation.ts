/**
 * One simulation run: the engine that ties the scenario machines, the mailboxes, the broker, the virtual
 * clock and the stimulus together, and records the trace and the verdict. DESIGN.md §5 is the contract:
 *
 * - a flow is one business case with a correlation id; the stimulus performs the named use cases'
 *   external triggers on it, in source order, each once the flow is idle;
 * - an event published in any flow starts every scenario that listens to it (model-wide subscriptions);
 * - each scenario instance is an xstate actor of its scenario's machine, created when the instance starts
 *   and stopped when it ends;
 * - each step is work at its participant's mailbox and takes time from the latency model;
 * - `asks` waits for the reply (with a timeout); the callee's lines up to its `returns` run in the callee;
 * - timers are timeouts on the virtual clock; `cancels` with no pending timer stops the scenario (too late);
 * - every random choice comes from the run's one seeded generator.
 */
import { createActor, fromTransition, type AnyActorRef } from 'xstate';
import type { Model } from '../compiler/model.js';
import { Agenda, type Task } from './agenda.js';
import { Broker, type BrokerHooks } from './broker.js';
import { catalogOf, type Catalog } from './catalog.js';
import { findUseCase, stimulusPlans } from '../plan/scenarios.js';
import { PolicyChooser, type Chooser } from './choice.js';
import { VirtualClock } from './clock.js';
import { resolveFaults } from './faults.js';
import { Flow, Instance, type Message, type PendingCall } from './flow.js';
import { Ledger } from './ledger.js';
import { LatencyModel } from './latency.js';
import type { InstanceEnd, Steps } from './machine.js';
import { Work, type Mailbox } from './mailbox.js';
import { defaultOptions, type SimulationOptions } from './options.js';
import type { ScenarioPlan } from '../plan/scenario-plan.js';
import { Random } from './random.js';
import { Stimulus } from './stimulus.js';
import type { FaultKind, Trace } from './trace.js';
import type { RunVerdict } from './verdict.js';

export class SimulationError extends Error {
  override name = 'SimulationError';
}

export interface RunResult {
  verdict: RunVerdict;
  /** Present when `options.trace` is on. */
  trace?: Trace;
}

export interface RunHooks {
  /** Replaces the outcome policy (exploration). */
  chooser?: (random: Random) => Chooser;
  /** Keep each flow's published events, to report the terminal ones. */
  terminalEvents?: boolean;
}

/** Runs the use cases named in the options on the model and returns the verdict (and the trace). */
export function simulate(model: Model, options: Partial<SimulationOptions> = {}, hooks: RunHooks = {}): RunResult {
  return new Simulation(model, defaultOptions(options), hooks).run();
}

class Simulation implements Steps<Instance>, BrokerHooks {
  readonly agenda = new Agenda();
  readonly clock = new VirtualClock(this.agenda);
  readonly random: Random;
  readonly latency: LatencyModel;
  readonly trace: Trace | undefined;
  readonly catalog: Catalog;
  readonly broker: Broker;
  private readonly root: AnyActorRef;
  private readonly chooser: Chooser;
  private readonly stimulus: Stimulus;
  private readonly flows = new Set<Flow>();
  /**
   * The business ends the named use cases expect (`tags { ends: Paid, Cancelled }`): a flow that goes quiet
   * without publishing one of them is stuck, not completed, even though nothing waits any more.
   */
  private readonly expectedEnds = new Set<string>();
  private expectedBy?: { useCase: string; file: string; line: number };
  private readonly ledger: Ledger;
  private instances = 0;
  private steps = 0;
  private lastTime = 0;
  readonly now = (): number => this.clock.now();

  constructor(
    model: Model,
    readonly options: SimulationOptions,
    private readonly hooks: RunHooks,
  ) {
    this.catalog = catalogOf(model);
    this.random = new Random(options.seed);
    this.latency = new LatencyModel(options.latency, this.random);
    this.trace = options.trace ? [] : undefined;
    this.chooser = hooks.chooser ? hooks.chooser(this.random) : new PolicyChooser(this.random, options.choose);
    // One actor system for the run: every mailbox and scenario actor is a child of this root, on the clock.
    this.root = createActor(fromTransition((s: number) => s, 0), { clock: this.clock });
    this.root.start();
    const faults = resolveFaults(options.faults, model);
    this.ledger = new Ledger(faults.duplicate > 0, (id) => this.name(id));
    this.broker = new Broker({
      agenda: this.agenda,
      now: this.now,
      latency: this.latency,
      random: this.random,
      faults,
      trace: this.trace,
      concurrent: this.catalog.concurrent,
      topics: this.catalog.subscriptions,
      root: this.root,
      hooks: this,
    });
    const script: ScenarioPlan[] = [];
    for (const name of options.useCases) {
      const useCase = findUseCase(model, name);
      if (!useCase) throw new SimulationError(`no use case "${name}"`);
      script.push(...stimulusPlans(this.catalog, useCase));
      const ends = useCase.tags['ends'] ?? [];
      for (const e of ends) this.expectedEnds.add(e);
      if (ends.length > 0) this.expectedBy ??= { useCase: useCase.slug, file: useCase.source.file, line: useCase.source.line };
    }
    this.stimulus = new Stimulus(this, script);
    for (const c of faults.crashes) {
      for (const p of c.participants) {
        this.at(c.start, () => {
          this.trace?.push({ time: this.now(), kind: 'crash', participant: p, duration: c.duration, status: c.mode });
          this.broker.mailbox(p).crash(c.mode);
        });
        this.at(c.start + c.duration, () => {
          this.trace?.push({ time: this.now(), kind: 'restart', participant: p });
          this.broker.mailbox(p).restart();
        });
      }
    }
  }

  run(): RunResult {
    this.stimulus.start();
    const until = this.options.until;
    let boundReached = false;
    for (;;) {
      const t = this.agenda.peekTime();
      if (t === Infinity) break;
      if (t > until) {
        boundReached = true;
        break;
      }
      const task = this.agenda.pop()!;
      this.clock.advance(t);
      task.run(t);
    }
    for (const flow of [...this.flows]) this.finalize(flow, boundReached);
    this.root.stop();
    const verdict = this.ledger.verdict(this.options.seed, this.lastTime, boundReached, this.broker.sent, this.steps);
    return this.trace ? { verdict, trace: this.trace } : { verdict };
  }

  /** Runs `fn` at virtual time `time`. */
  at(time: number, fn: () => void): void {
    this.agenda.schedule(time, { run: fn });
  }

  // ---- flows ---------------------------------------------------------------------------------------

  newFlow(index: number): Flow {
    const flow = new Flow(`flow-${index + 1}`, index, this.now());
    if (this.hooks.terminalEvents) flow.events = [];
    this.flows.add(flow);
    this.trace?.push({ time: flow.startedAt, kind: 'flow-start', flow: flow.id });
    return flow;
  }

  /** The flow has nothing running and nothing in transit: the stimulus goes on, or the flow is over. */
  private idle(flow: Flow): void {
    if (flow.finished) return;
    if (flow.cut) return this.finalize(flow, false);
    if (flow.blocked.length === 0 && this.stimulus.continue(flow)) return;
    if (flow.timers.size === 0 && !flow.triggerPending) this.finalize(flow, false);
  }

  private finalize(flow: Flow, boundReached: boolean): void {
    if (flow.finished) return;
    flow.finished = true;
    this.flows.delete(flow);
    if (this.expectedBy && !boundReached && !flow.cut && flow.blocked.length === 0 && flow.reachedEnd === undefined) {
      const ends = [...this.expectedEnds].join(', ');
      flow.blocked.push({ participant: '', scenario: this.expectedBy.useCase, file: this.expectedBy.file, line: this.expectedBy.line, state: 'ended', waitingFor: `one of its expected ends (${ends}): nothing more will happen` });
    }
    const result = this.ledger.flowEnded(flow, boundReached);
    for (const t of flow.timers.values()) for (const id of t) this.clock.clearTimeout(id);
    flow.timers.clear();
    flow.processed = new Map();
    this.trace?.push({ time: this.now(), kind: 'flow-end', flow: flow.id, duration: result.latency, status: result.status });
  }

  name(id: string): string {
    return this.catalog.names.get(id) ?? id;
  }

  // ---- instances -------------------------------------------------------------------------------------

  /** Starts a scenario instance in a flow, caused by `message` (a trigger, an event or a timer). */
  startInstance(flow: Flow, plan: ScenarioPlan, message: Message): void {
    const origin = message.kind === 'event' || message.kind === 'timer' ? message.id : undefined;
    const inst = new Instance(`i${++this.instances}`, plan, flow, message.id, origin);
    flow.active.add(inst);
    flow.busy++;
    this.trace?.push({ time: this.now(), kind: 'start', flow: flow.id, causation: message.id, messageKind: message.kind, participant: message.to, instance: inst.id, scenario: plan.scenario.id, text: plan.triggerText });
    inst.actor = createActor(this.catalog.machines.get(plan)!, { parent: this.root, input: { inst, steps: this } });
    inst.actor.start();
  }

  perform(inst: Instance, index: number): void {
    const flow = inst.flow;
    if (++flow.steps > this.options.maxSteps) return this.cutFlow(flow, inst);
    this.steps++;
    if (flow.cut) return;
    const ps = inst.plan.steps[index]!;
    const mailbox = this.broker.mailbox(ps.at);
    mailbox.submit(this.work(mailbox, inst, index, ps.work));
  }

  private work(mailbox: Mailbox<Message, Instance>, inst: Instance, index: number, kind: Work<Message, Instance>['kind'], replay?: Message): Work<Message, Instance> {
    return new Work(mailbox, inst, index, kind, replay);
  }

  /** The asking work is done: the request leaves (the machine waits in the asks step's state). */
  private request(inst: Instance, ask: number): void {
    const frame = inst.plan.steps[ask]!.opens!;
    const id = this.broker.nextId();
    inst.waiting.push({ ask, request: id, received: false });
    this.broker.send({ id, kind: 'request', flow: inst.flow, cause: inst.cause, from: frame.caller, to: frame.callee, inst, ask, text: askPhrase(inst.plan.steps[ask]!.step) });
  }

  handle(inst: Instance, ask: number): void {
    const callee = inst.plan.steps[ask]!.opens!.callee;
    const mailbox = this.broker.mailbox(callee);
    mailbox.submit(this.work(mailbox, inst, -(ask + 1), mailbox.concurrent ? 'stub' : 'handle'));
  }

  reply(inst: Instance, ask: number): void {
    const frame = inst.plan.steps[ask]!.opens!;
    const id = this.broker.nextId();
    const call = findLastCall(inst, (c) => c.ask === ask);
    if (call) call.reply = id;
    const last = inst.plan.steps[frame.end - 1]!.step;
    const text = frame.explicit && last.kind === 'return' ? (words(last.connector, last.phrase) || 'reply') : `reply: ${askPhrase(inst.plan.steps[ask]!.step)}`;
    this.broker.send({ id, kind: 'reply', flow: inst.flow, cause: inst.cause, from: frame.callee, to: frame.caller, inst, ask, text });
  }

  end(inst: Instance, how: InstanceEnd): void {
    if (inst.status !== 'running') return;
    inst.status = how;
    const flow = inst.flow;
    this.lastTime = this.now();
    if (how === 'no-reply') flow.lastAt = this.now();
    this.trace?.push({ time: this.now(), kind: 'end', flow: flow.id, instance: inst.id, scenario: inst.plan.scenario.id, status: how });
    if (how === 'no-reply') this.ledger.noReply(inst, this.options.latency.replyTimeout);
    flow.active.delete(inst);
    flow.busy--;
    if (flow.busy === 0) this.idle(flow);
  }

  replyTimeout(): number {
    return this.options.latency.replyTimeout;
  }

  private cutFlow(flow: Flow, inst: Instance): void {
    if (flow.cut) return;
    flow.cut = true;
    this.trace?.push({ time: this.now(), kind: 'cut', flow: flow.id, instance: inst.id, scenario: inst.plan.scenario.id, detail: `more than ${this.options.maxSteps} steps` });
    this.ledger.loop(flow, this.options.maxSteps);
    for (const i of [...flow.active]) i.actor.send({ type: 'CUT' });
  }

  // ---- mailbox handlers --------------------------------------------------------------------------------

  begin(work: Work<Message, Instance>): number {
    return this.latency.draw(work.kind, work.mailbox.id);
  }

  take(mailbox: Mailbox<Message, Instance>, message: Message): void {
    const flow = message.flow;
    const now = this.now();
    this.lastTime = now;
    this.trace?.push({ time: now, kind: 'receive', flow: flow.id, message: message.id, messageKind: message.kind, participant: mailbox.id });
    if (!flow.cut && !flow.finished) {
      switch (message.kind) {
        case 'trigger':
          this.startInstance(flow, message.plan!, message);
          break;
        case 'event':
        case 'timer': {
          const plan = message.plan!;
          const trigger = plan.scenario.trigger;
          if (trigger.kind === 'listen' && trigger.idempotent) {
            // An idempotent consumer handles its event once per flow: the correlation id is the idempotency
            // key (an order id), so a copy, or the same event published again for the same order, is ignored.
            const key = `${mailbox.id}\u0000${plan.scenario.id}`;
            if (flow.handledOnce.has(key)) {
              this.trace?.push({ time: now, kind: 'discard', flow: flow.id, message: message.id, participant: mailbox.id, detail: 'duplicate ignored by an idempotent consumer' });
              break;
            }
            flow.handledOnce.add(key);
          }
          this.ledger.processed(flow, mailbox.id, plan.scenario.id, plan.steps[0]?.step.line, message);
          this.startInstance(flow, plan, message);
          break;
        }
        case 'request': {
          const inst = message.inst!;
          const w = findLastCall(inst, (c) => c.request === message.id);
          const step = inst.plan.steps[message.ask!]!;
          this.ledger.processed(flow, mailbox.id, `${inst.plan.scenario.id}`, step.step.line, message);
          if (inst.status === 'running' && w && !w.received) {
            w.received = true;
            inst.cause = message.id;
            inst.actor.send({ type: 'RECEIVED' });
          } else if (inst.status === 'running' || inst.status === 'no-reply') {
            // A duplicate: handled again, which costs the callee time and sends a second reply.
            mailbox.submit(this.work(mailbox, inst, -(message.ask! + 1), mailbox.concurrent ? 'stub' : 'handle', message));
          }
          break;
        }
        case 'reply': {
          const inst = message.inst!;
          const w = findLastCall(inst, (c) => c.ask === message.ask && c.reply === message.id);
          if (inst.status === 'running' && w && !message.copy) {
            inst.waiting.splice(inst.waiting.indexOf(w));
            inst.cause = message.id;
            inst.actor.send({ type: 'REPLY' });
          } else {
            this.trace?.push({ time: now, kind: 'discard', flow: flow.id, message: message.id, participant: mailbox.id, detail: inst.status === 'no-reply' ? 'late reply: the asker gave up' : 'duplicate reply' });
          }
          break;
        }
      }
    }
    flow.lastAt = Math.max(flow.lastAt, now);
    flow.busy--;
    if (flow.busy === 0) this.idle(flow);
  }

  finish(work: Work<Message, Instance>): void {
    const inst = work.inst;
    const flow = inst.flow;
    const now = this.now();
    this.lastTime = now;
    if (inst.status !== 'running' && !work.replay) return;
    flow.lastAt = now;
    const plan = inst.plan;
    if (work.replay) {
      const ask = work.replay.ask!;
      const frame = plan.steps[ask]!.opens!;
      this.trace?.push({ time: now, kind: 'step', flow: flow.id, causation: work.replay.id, participant: work.mailbox.id, instance: inst.id, scenario: plan.scenario.id, line: plan.steps[ask]!.step.line, step: 'handle', text: `handles the duplicate request again`, duration: work.duration });
      this.broker.send({ id: this.broker.nextId(), kind: 'reply', flow, cause: work.replay.id, from: frame.callee, to: frame.caller, inst, ask, copy: true, text: 'second reply (duplicate request)' });
      return;
    }
    if (work.index < 0) {
      const ask = -work.index - 1;
      const ps = plan.steps[ask]!;
      this.trace?.push({ time: now, kind: 'step', flow: flow.id, causation: inst.cause, participant: work.mailbox.id, instance: inst.id, scenario: plan.scenario.id, line: ps.step.line, step: 'handle', text: `${this.name(work.mailbox.id)} handles "${askPhrase(ps.step)}" (implicit reply)`, duration: work.duration });
      inst.actor.send({ type: 'DONE' });
      return;
    }
    const ps = plan.steps[work.index]!;
    const step = ps.step;
    let tooLate = false;
    let event: string | undefined;
    let outcomes: string[] | undefined;
    switch (step.kind) {
      case 'notify':
        event = step.events.length === 1 ? step.events[0]! : step.events[this.chooser.choose(step.events)]!;
        if (step.events.length > 1) outcomes = step.events;
        break;
      case 'cancel':
        tooLate = !flow.timers.has(step.event);
        break;
      default:
        break;
    }
    this.trace?.push({
      time: now,
      kind: 'step',
      flow: flow.id,
      causation: inst.cause,
      participant: ps.at,
      instance: inst.id,
      scenario: plan.scenario.id,
      line: step.line,
      step: step.kind,
      text: ps.text,
      ...(event !== undefined ? { event } : {}),
      ...(outcomes ? { outcomes } : {}),
      duration: work.duration,
    });
    switch (step.kind) {
      case 'notify':
        this.publish(inst, ps.at, event!);
        break;
      case 'schedule':
        this.setTimer(inst, ps.at, step.event, step.delayMs);
        break;
      case 'cancel':
        if (tooLate) this.trace?.push({ time: now, kind: 'too-late', flow: flow.id, causation: inst.cause, participant: ps.at, instance: inst.id, scenario: plan.scenario.id, line: step.line, event: step.event, detail: `no pending timer ${step.event}: the scenario stops here` });
        else this.cancelTimers(inst, ps.at, step.event);
        break;
      case 'return':
        // A `returns` that answers no open `asks` answers the trigger's actor: outside the system.
        if (!ps.frame || ps.frame.end !== work.index + 1 || !ps.frame.explicit) this.respond(inst, ps);
        break;
      case 'ask':
        return this.request(inst, work.index);
      default:
        break;
    }
    inst.actor.send({ type: tooLate ? 'TOO_LATE' : 'DONE' });
  }

  private respond(inst: Instance, ps: ScenarioPlan['steps'][number]): void {
    if (ps.step.kind !== 'return' || !ps.step.to) return;
    this.trace?.push({ time: this.now(), kind: 'send', flow: inst.flow.id, message: this.broker.nextId(), causation: inst.cause, messageKind: 'reply', from: ps.at, to: ps.step.to.id, text: words(ps.step.connector, ps.step.phrase) || 'reply' });
  }

  lost(mailbox: Mailbox<Message, Instance>, item: Message | Work<Message, Instance>): void {
    const now = this.now();
    if ('mailbox' in item) {
      const inst = item.inst;
      const flow = inst.flow;
      flow.lost++;
      this.ledger.faults.lost++;
      this.trace?.push({ time: now, kind: 'fault', flow: flow.id, causation: inst.cause, participant: mailbox.id, instance: inst.id, scenario: inst.plan.scenario.id, fault: 'lost', detail: `work lost: ${mailbox.id} crashed` });
      return;
    }
    this.dropped(item, 'lost', `lost: ${mailbox.id} crashed`);
  }

  dropped(message: Message, fault: FaultKind, detail: string): void {
    const flow = message.flow;
    flow.lost++;
    this.ledger.faults[fault]++;
    this.trace?.push({ time: this.now(), kind: 'fault', flow: flow.id, message: message.id, messageKind: message.kind, from: message.from, to: message.to, fault, detail });
    flow.busy--;
    if (flow.busy === 0) this.idle(flow);
  }

  // ---- events and timers ---------------------------------------------------------------------------------

  private publish(inst: Instance, from: string, event: string): void {
    const flow = inst.flow;
    if (this.expectedEnds.has(event)) flow.reachedEnd = event;
    const id = this.broker.nextId();
    if (flow.events) this.noteEvent(inst, id, event);
    if (this.broker.publish(id, flow, from, event, inst.cause) === 0) this.deadLetter(flow, id, event, from);
  }

  private noteEvent(inst: Instance, id: string, event: string): void {
    const events = inst.flow.events!;
    const parent = inst.origin !== undefined ? events.find((e) => e.id === inst.origin) : undefined;
    if (parent) parent.caused = true;
    events.push({ id, event, ...(parent ? { parent: parent.id } : {}), caused: false });
  }

  private deadLetter(flow: Flow, id: string, event: string, from: string): void {
    this.trace?.push({ time: this.now(), kind: 'dead-letter', flow: flow.id, message: id, from, event });
    this.ledger.deadLetter(event, from);
  }

  private setTimer(inst: Instance, at: string, event: string, delay: number): void {
    const flow = inst.flow;
    const cause = inst.cause;
    const origin = inst.origin;
    let id = -1;
    id = this.clock.setTimeout(() => {
      const list = flow.timers.get(event);
      if (list) {
        const i = list.indexOf(id);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) flow.timers.delete(event);
      }
      if (flow.finished || flow.cut) return;
      this.fireTimer(flow, at, event, cause, origin);
      if (flow.busy === 0) this.idle(flow);
    }, delay);
    const list = flow.timers.get(event);
    if (list) list.push(id);
    else flow.timers.set(event, [id]);
    this.trace?.push({ time: this.now(), kind: 'timer-set', flow: flow.id, causation: cause, participant: at, instance: inst.id, event, duration: delay });
  }

  private fireTimer(flow: Flow, at: string, event: string, cause: string, origin: string | undefined): void {
    const id = this.broker.nextId();
    this.trace?.push({ time: this.now(), kind: 'timer-fire', flow: flow.id, message: id, causation: cause, participant: at, event });
    if (flow.events) {
      const parent = origin !== undefined ? flow.events.find((e) => e.id === origin) : undefined;
      if (parent) parent.caused = true;
      flow.events.push({ id, event, ...(parent ? { parent: parent.id } : {}), caused: false });
    }
    // A timer is delivered to the participant that set it: the scenarios it handles there.
    const handlers = (this.catalog.subscriptions.get(event) ?? []).filter((p) => p.entry === at || p.listener === at);
    if (handlers.length === 0) return this.deadLetter(flow, id, event, at);
    for (const plan of handlers) this.broker.local({ id, kind: 'timer', flow, cause, from: at, to: plan.entry, plan, event });
  }

  private cancelTimers(inst: Instance, at: string, event: string): void {
    const flow = inst.flow;
    for (const id of flow.timers.get(event) ?? []) this.clock.clearTimeout(id);
    flow.timers.delete(event);
    this.trace?.push({ time: this.now(), kind: 'timer-cancel', flow: flow.id, causation: inst.cause, participant: at, instance: inst.id, event });
  }

  // ---- stimulus ----------------------------------------------------------------------------------------

  /** The stimulus performs a trigger: a message from the trigger's actor to where the scenario starts. */
  performTrigger(flow: Flow, plan: ScenarioPlan): void {
    const id = this.broker.nextId();
    const t = plan.scenario.trigger;
    const from = t.kind === 'external' ? t.actor.id : 'CRON';
    flow.lastAt = Math.max(flow.lastAt, this.now());
    this.trace?.push({ time: this.now(), kind: 'trigger', flow: flow.id, message: id, from, to: plan.entry, scenario: plan.scenario.id, text: plan.triggerText });
    this.broker.send({ id, kind: 'trigger', flow, from, to: plan.entry, plan });
  }

  schedule(time: number, task: Task): void {
    this.agenda.schedule(time, task);
  }
}


/** What an `asks` asks for: `check availability`, `shipping cost`. */
function askPhrase(step: ScenarioPlan['steps'][number]['step']): string {
  return step.kind === 'ask' ? words(step.phrase) || words(step.connector) || 'request' : 'request';
}

function words(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p !== '').join(' ');
}

function findLastCall(inst: Instance, match: (c: PendingCall) => boolean): PendingCall | undefined {
  for (let i = inst.waiting.length - 1; i >= 0; i--) if (match(inst.waiting[i]!)) return inst.waiting[i];
  return undefined;
}
