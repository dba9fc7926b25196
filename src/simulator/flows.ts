/**
 * The lifecycles of flows and scenario instances. A flow starts when the stimulus starts it, and is over
 * when it is idle (nothing running, nothing in transit or queued) with its script done and no timer
 * pending, or when it was cut at the step bound; its result goes to the ledger. An instance is an actor of
 * its scenario's machine: created and started when a trigger, event or timer starts it, and over when the
 * machine reaches a final state (`end`).
 */
import type { AnyActorRef, AnyStateMachine } from 'xstate';
import { createActor } from 'xstate';
import type { Engine } from './engine.js';
import { EventLog, Flow, Instance } from './flow.js';
import type { InstanceEnd, MachineContext } from './machine.js';
import type { Message } from './message.js';
import type { ScenarioPlan } from '../plan/scenario-plan.js';
import type { Script } from '../plan/script.js';

export class Flows {
  /** Flows started and not over. */
  private readonly open = new Set<Flow>();
  private instances = 0;

  constructor(
    private readonly e: Engine,
    /** The root of the run's actors: every scenario actor is its child. */
    private readonly root: AnyActorRef,
    private readonly script: Script,
    /** Keep each flow's published events, to report the terminal ones. */
    private readonly terminalEvents: boolean,
  ) {}

  start(index: number): Flow {
    const flow = new Flow(`flow-${index + 1}`, index, this.e.now(), this.terminalEvents ? new EventLog() : undefined);
    this.open.add(flow);
    this.e.record.flowStart(flow);
    return flow;
  }

  /** A message of the flow was taken or lost, or a piece of its work is over: the flow may be idle. */
  settle(flow: Flow): void {
    flow.busy--;
    if (flow.busy === 0) this.idle(flow);
  }

  /** The flow has nothing running and nothing in transit: the stimulus goes on, or the flow is over. */
  idle(flow: Flow): void {
    if (flow.finished) return;
    if (flow.cut) return this.finish(flow, false);
    if (flow.blocked.length === 0 && this.e.stimulus.continue(flow)) return;
    if (flow.timers.size === 0 && !flow.triggerPending && flow.timedPending === 0) this.finish(flow, false);
  }

  /** Ends every flow still open (the run is over: `boundReached` when it stopped at `--until`). */
  finishAll(boundReached: boolean): void {
    for (const flow of [...this.open]) this.finish(flow, boundReached);
  }

  private finish(flow: Flow, boundReached: boolean): void {
    if (flow.finished) return;
    flow.finished = true;
    this.open.delete(flow);
    const by = this.script.endsBy;
    if (by && !boundReached && !flow.cut && flow.blocked.length === 0 && flow.reachedEnd === undefined) {
      const ends = [...this.script.ends].join(', ');
      flow.blocked.push({ participant: '', scenario: by.useCase, file: by.file, line: by.line, state: 'ended', waitingFor: `one of its expected ends (${ends}): nothing more will happen` });
    }
    const result = this.e.ledger.flowEnded(flow, boundReached);
    for (const t of flow.timers.values()) for (const id of t) this.e.clock.clearTimeout(id);
    flow.timers.clear();
    flow.processed = new Map();
    this.e.record.flowEnd(flow, result.latency, result.status);
  }

  /** Starts a scenario instance in a flow, caused by `message` (a trigger, an event or a timer). */
  startInstance(flow: Flow, plan: ScenarioPlan, message: Message): void {
    const origin = message.kind === 'event' || message.kind === 'timer' ? message.id : undefined;
    const machine = this.machineOf(plan);
    const input = (inst: Instance): MachineContext<Instance> => ({ inst, steps: this.e.steps });
    const inst = new Instance(`i${++this.instances}`, plan, flow, message.id, origin, (i) => createActor(machine, { parent: this.root, input: input(i) }));
    flow.active.add(inst);
    flow.busy++;
    this.e.record.start(inst, message);
    inst.actor.start();
  }

  /**
   * A timed-out call's `on timeout` block: the asker runs it in the same flow, as an instance of its own,
   * caused by what the asker was handling.
   */
  startBlock(asker: Instance, block: ScenarioPlan): void {
    const machine = this.machineOf(block);
    const input = (inst: Instance): MachineContext<Instance> => ({ inst, steps: this.e.steps });
    const flow = asker.flow;
    // Counted now, so the flow is not idle in between; started from the agenda, not from inside the asker's
    // machine action (xstate starts an actor's context outside of other actors' actions).
    flow.busy++;
    this.e.agenda.schedule(this.e.now(), {
      run: () => {
        const inst = new Instance(`i${++this.instances}`, block, flow, asker.cause, asker.origin, (i) => createActor(machine, { parent: this.root, input: input(i) }));
        flow.active.add(inst);
        this.e.record.startBlock(inst, asker);
        inst.actor.start();
      },
    });
  }

  /** The instance's machine reached a final state. */
  end(inst: Instance, how: InstanceEnd): void {
    if (inst.status !== 'running') return;
    inst.status = how;
    const flow = inst.flow;
    const now = this.e.now();
    this.e.tally.lastTime = now;
    if (how === 'no-reply') flow.lastAt = now;
    this.e.record.end(inst, how);
    if (how === 'no-reply') this.e.ledger.noReply(inst, this.e.options.latency.replyTimeout);
    flow.active.delete(inst);
    this.settle(flow);
  }

  /** The flow took more steps than the bound: an event loop. Its instances stop (final state `cut`). */
  cut(flow: Flow, inst: Instance): void {
    if (flow.cut) return;
    flow.cut = true;
    this.e.record.cut(inst, this.e.options.maxSteps);
    this.e.ledger.loop(flow, this.e.options.maxSteps);
    for (const i of [...flow.active]) i.actor.send({ type: 'CUT' });
  }

  private machineOf(plan: ScenarioPlan): AnyStateMachine {
    const machine = this.e.catalog.machines.get(plan);
    if (!machine) throw new Error(`no machine for scenario ${plan.scenario.id}`);
    return machine;
  }
}
