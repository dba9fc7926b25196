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
 *
 * This module wires the parts (engine.ts lists them) and runs the loop: it takes the agenda's tasks in time
 * order until nothing is left or `--until` is reached, then ends the flows still open and makes the verdict.
 */
import { createActor, fromTransition, type AnyActorRef } from 'xstate';
import type { Model } from '../compiler/model.js';
import { Agenda, type Task } from '../plan/agenda.js';
import { Broker } from './broker.js';
import { catalogOf, type Catalog } from './catalog.js';
import { PolicyChooser, type Chooser } from './choice.js';
import { VirtualClock } from './clock.js';
import { Dispatcher } from './dispatch.js';
import type { Engine, Tally } from './engine.js';
import { resolveFaults } from './faults.js';
import type { Flow } from './flow.js';
import { Flows } from './flows.js';
import { Ledger } from './ledger.js';
import { LatencyModel } from './latency.js';
import { defaultOptions, type SimulationOptions } from './options.js';
import type { ScenarioPlan } from '../plan/scenario-plan.js';
import { Random } from './random.js';
import { Recorder } from './recorder.js';
import { scriptOf } from '../plan/script.js';
import { StepRunner } from './steps.js';
import { Stimulus, type Stage } from './stimulus.js';
import { Timers } from './timers.js';
import type { Trace } from './trace.js';
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
  /** Replaces the outcome policy (exploration, predictions). */
  chooser?: Chooser;
  /** Keep each flow's published events, to report the terminal ones. */
  terminalEvents?: boolean;
}

/** Runs the use cases named in the options on the model and returns the verdict (and the trace). */
export function simulate(model: Model, options: Partial<SimulationOptions> = {}, hooks: RunHooks = {}): RunResult {
  return new Simulation(model, defaultOptions(options), hooks).run();
}

class Simulation implements Engine, Stage {
  readonly agenda = new Agenda();
  readonly clock = new VirtualClock(this.agenda);
  readonly random: Random;
  readonly latency: LatencyModel;
  readonly chooser: Chooser;
  readonly catalog: Catalog;
  readonly record: Recorder;
  readonly ledger: Ledger;
  readonly broker: Broker;
  readonly stimulus: Stimulus;
  readonly flows: Flows;
  readonly steps: StepRunner;
  readonly timers: Timers = new Timers(this);
  readonly tally: Tally = { steps: 0, lastTime: 0 };
  private readonly root: AnyActorRef;
  readonly now = (): number => this.clock.now();

  constructor(
    model: Model,
    readonly options: SimulationOptions,
    hooks: RunHooks,
  ) {
    this.catalog = catalogOf(model);
    this.random = new Random(options.seed);
    this.latency = new LatencyModel(options.latency, this.random);
    this.record = new Recorder(options.trace ? [] : undefined, this.now);
    this.chooser = hooks.chooser ?? new PolicyChooser(options.choose);
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
      record: this.record,
      concurrent: this.catalog.concurrent,
      topics: this.catalog.subscriptions,
      redelivery: new Map(model.events.flatMap((e) => (e.delivery?.kind === 'at-least-once' ? [[e.name, e.delivery.redeliveryMs] as const] : []))),
      root: this.root,
      hooks: new Dispatcher(this),
    });
    const script = scriptOf(this.catalog, options.useCases, options.startAt);
    if ('unknown' in script) throw new SimulationError(`no use case "${script.unknown}"`);
    this.flows = new Flows(this, this.root, script, hooks.terminalEvents === true);
    this.steps = new StepRunner(this, script.ends);
    this.stimulus = new Stimulus(this, script.plans, script.at);
    for (const c of faults.crashes) {
      for (const p of c.participants) {
        this.at(c.start, () => {
          this.ledger.faults.crash++;
          this.record.crash(p, c.duration, c.mode);
          this.broker.mailbox(p).crash(c.mode);
        });
        this.at(c.start + c.duration, () => {
          this.record.restart(p);
          this.broker.mailbox(p).restart();
        });
      }
    }
  }

  run(): RunResult {
    this.stimulus.start();
    const until = this.options.until;
    let boundReached = false;
    for (let t = this.agenda.peekTime(); t !== Infinity; t = this.agenda.peekTime()) {
      if (t > until) {
        boundReached = true;
        break;
      }
      const task = this.agenda.pop();
      if (!task) break;
      this.clock.advance(t);
      task.run(t);
    }
    this.flows.finishAll(boundReached);
    this.root.stop();
    const verdict = this.ledger.verdict(this.options.seed, this.tally.lastTime, boundReached, this.broker.sent, this.tally.steps);
    const trace = this.record.trace;
    return trace ? { verdict, trace } : { verdict };
  }

  /** Runs `fn` at virtual time `time`. */
  private at(time: number, fn: () => void): void {
    this.agenda.schedule(time, { run: fn });
  }

  name(id: string): string {
    return this.catalog.names.get(id) ?? id;
  }

  deadLetter(flow: Flow, id: string, event: string, from: string): void {
    this.record.deadLetter(flow, id, from, event);
    this.ledger.deadLetter(event, from);
  }

  // ---- the stimulus's stage ------------------------------------------------------------------------

  newFlow(index: number): Flow {
    const flow = this.flows.start(index);
    for (const [fact, outcome] of Object.entries(this.options.given)) flow.facts.set(fact, outcome);
    return flow;
  }

  /** The stimulus performs a trigger: a message from the trigger's actor to where the scenario starts. */
  performTrigger(flow: Flow, plan: ScenarioPlan): void {
    const id = this.broker.nextId();
    const t = plan.scenario.trigger;
    const from = t.kind === 'external' ? t.actor.id : 'CRON';
    flow.lastAt = Math.max(flow.lastAt, this.now());
    this.record.trigger(flow, id, from, plan);
    this.broker.send({ id, kind: 'trigger', flow, from, to: plan.entry, plan });
  }

  schedule(time: number, task: Task): void {
    this.agenda.schedule(time, task);
  }
}
