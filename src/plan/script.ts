/**
 * The stimulus script of the use cases a run names: their external and scheduled triggers in order (what
 * the stimulus performs on each flow) and the business ends they declare (`tags { ends: A, B }`), and
 * whether every named use case gets started at all. A use case with no trigger of its own (its scenarios
 * start on events) is started by the events of the use cases named before it, through the model-wide
 * subscriptions: `place-order provision-download` runs the listeners of provision-download when place-order
 * publishes what they listen to.
 */
import type { Model, UseCase } from '../compiler/model.js';
import type { ScenarioPlan } from './scenario-plan.js';
import { findUseCase, scenariosOf, stimulusPlans, type Scenarios } from './scenarios.js';

export interface Script {
  /** The triggers the stimulus performs on each flow, in order. */
  plans: ScenarioPlan[];
  /** For each of `plans`: the virtual ms after the flow's start it is performed at, if timed. */
  at: (number | undefined)[];
  /** Events that end a flow as the named use cases expect. */
  ends: Set<string>;
  /** The first named use case that declares ends, for the stuck report. */
  endsBy?: { useCase: string; file: string; line: number };
}

/** The script of `names` (use cases by slug or name), or the first name that is no use case. */
export function scriptOf(scenarios: Scenarios, names: readonly string[], startAt: readonly (number | undefined)[] = []): Script | { unknown: string } {
  const script: Script = { plans: [], at: [], ends: new Set() };
  for (const [position, name] of names.entries()) {
    const useCase = findUseCase(scenarios.model, name);
    if (!useCase) return { unknown: name };
    const plans = stimulusPlans(scenarios, useCase);
    script.plans.push(...plans);
    for (const _ of plans) script.at.push(startAt[position]);
    const ends = useCase.tags['ends'] ?? [];
    for (const e of ends) script.ends.add(e);
    if (ends.length > 0) script.endsBy ??= { useCase: useCase.slug, file: useCase.source.file, line: useCase.source.line };
  }
  return script;
}

/**
 * Why the named use cases cannot run as a chain, for the command line to report as a usage error: a use
 * case with no external or scheduled trigger of its own that no event of the use cases named before it
 * starts (directly or through the scenarios those events start). Undefined when every named use case gets
 * started. Names that are no use case are left to the caller.
 */
export function stimulusProblem(model: Model, useCaseNames: readonly string[]): string | undefined {
  const scenarios = scenariosOf(model);
  const reach = new Reach(scenarios);
  for (const name of useCaseNames) {
    const useCase = findUseCase(model, name);
    if (!useCase) continue;
    const own = stimulusPlans(scenarios, useCase);
    if (own.length === 0 && !reach.startsAny(useCase)) {
      return `use case "${useCase.slug}" has no external or scheduled trigger to perform (its scenarios start on events; name the use case that publishes them before it)`;
    }
    for (const p of own) reach.add(p);
  }
  return undefined;
}

/** The scenarios a set of starting scenarios leads to: through the events they publish and the timers they set. */
class Reach {
  private readonly started = new Set<ScenarioPlan>();

  constructor(private readonly scenarios: Scenarios) {}

  add(plan: ScenarioPlan): void {
    const todo = [plan];
    for (let p = todo.pop(); p !== undefined; p = todo.pop()) {
      if (this.started.has(p)) continue;
      this.started.add(p);
      for (const ps of p.steps) {
        const step = ps.step;
        if (step.kind === 'notify') {
          for (const e of step.events) todo.push(...(this.scenarios.subscriptions.get(e) ?? []));
        } else if (step.kind === 'schedule') {
          // A timer is delivered to the participant that set it (as the run does).
          todo.push(...(this.scenarios.subscriptions.get(step.event) ?? []).filter((s) => s.entry === ps.at || s.listener === ps.at));
        }
      }
    }
  }

  /**
   * True when one of the use case's scenarios is started. Identical scenarios subscribe once (the
   * subscription may hold the copy written in another use case), so scenarios are compared by structure.
   */
  startsAny(useCase: UseCase): boolean {
    const keys = new Set([...this.started].map((p) => p.key));
    return this.scenarios.plans.some((p) => p.useCase === useCase && keys.has(p.key));
  }
}
