/**
 * The stimulus: what the outside world does. It starts flows (every `interval`, or at each firing of a
 * scheduled use case's clock) and performs the named use cases' external triggers on each flow, in source
 * order: each trigger once the flow is idle (nothing running, nothing in transit). A trigger that follows a
 * scheduled one (the admin approving after the nightly check) waits `humanDelay` more; a scheduled trigger
 * later in the script waits for its next firing.
 */
import type { Task } from '../plan/agenda.js';
import type { Flow } from './flow.js';
import type { SimulationOptions } from './options.js';
import { nextFiring, scheduleOf } from './periodic.js';
import type { ScenarioPlan } from '../plan/scenario-plan.js';

/** What the stimulus needs from the engine. */
export interface Stage {
  readonly options: SimulationOptions;
  now(): number;
  newFlow(index: number): Flow;
  performTrigger(flow: Flow, plan: ScenarioPlan): void;
  schedule(time: number, task: Task): void;
}

export class Stimulus {
  private started = 0;

  constructor(
    private readonly stage: Stage,
    private readonly script: readonly ScenarioPlan[],
    /** Per trigger: performed at this many ms after its flow's start, whatever the flow is doing (if set). */
    private readonly at: readonly (number | undefined)[] = [],
  ) {}

  start(): void {
    if (this.script.length === 0 || this.stage.options.flows <= 0) return;
    this.scheduleStart(this.firstStart(0));
  }

  /** When flow number `index` starts: at a firing of the first trigger's schedule, or every `interval`. */
  private firstStart(after: number): number {
    const first = this.script[0];
    const schedule = first ? scheduleOf(first.scenario.trigger) : undefined;
    if (schedule) return nextFiring(schedule, after);
    return this.started === 0 ? 0 : after + this.stage.options.interval;
  }

  private scheduleStart(time: number): void {
    this.stage.schedule(time, {
      run: (now) => {
        const flow = this.stage.newFlow(this.started++);
        this.scheduleTimed(flow, now);
        const first = this.nextUntimed(0);
        if (first !== undefined) this.perform(flow, first);
        else flow.next = this.script.length;
        if (this.started < this.stage.options.flows) this.scheduleStart(this.firstStart(now));
      },
    });
  }

  /**
   * A timed trigger (`cancel-order@25s`) happens at its time even while the flow is busy: the customer does
   * not wait for the system to be idle. The flow stays open until every timed trigger has happened.
   */
  private scheduleTimed(flow: Flow, start: number): void {
    this.at.forEach((at, position) => {
      const plan = this.script[position];
      if (at === undefined || plan === undefined) return;
      flow.timedPending++;
      this.stage.schedule(start + at, {
        run: () => {
          flow.timedPending--;
          if (!flow.finished) this.stage.performTrigger(flow, plan);
        },
      });
    });
  }

  /** The first untimed trigger at or after `position`. */
  private nextUntimed(position: number): number | undefined {
    for (let p = position; p < this.script.length; p++) if (this.at[p] === undefined) return p;
    return undefined;
  }

  private perform(flow: Flow, position: number): void {
    const plan = this.script[position];
    if (!plan) return;
    flow.triggerPending = false;
    flow.next = position + 1;
    this.stage.performTrigger(flow, plan);
  }

  /**
   * The flow is idle: schedules its next trigger and returns true, or returns false when the script is
   * done.
   */
  continue(flow: Flow): boolean {
    if (flow.triggerPending) return true;
    const position = this.nextUntimed(flow.next);
    const plan = position === undefined ? undefined : this.script[position];
    if (position === undefined || plan === undefined) return false;
    const now = this.stage.now();
    const schedule = scheduleOf(plan.scenario.trigger);
    let at: number;
    if (schedule) at = nextFiring(schedule, now);
    else at = now + (this.followsScheduled(position) ? this.stage.options.humanDelay : 0);
    flow.triggerPending = true;
    this.stage.schedule(at, { run: () => this.perform(flow, position) });
    return true;
  }

  /** True when a scheduled trigger comes before `position` in the script. */
  private followsScheduled(position: number): boolean {
    return this.script.slice(0, position).some((p) => scheduleOf(p.scenario.trigger) !== undefined);
  }
}
