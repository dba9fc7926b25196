/**
 * The model as the simulator sees it: the plan layer's scenarios, and an xstate machine per scenario
 * (identical scenarios share one). Built once per model and shared by every run.
 */
import type { AnyStateMachine } from 'xstate';
import type { Model } from '../compiler/model.js';
import type { ScenarioPlan } from '../plan/scenario-plan.js';
import { scenariosOf, type Scenarios } from '../plan/scenarios.js';
import { buildMachine } from './machine.js';

export interface Catalog extends Scenarios {
  machines: Map<ScenarioPlan, AnyStateMachine>;
}

const cache = new WeakMap<Model, Catalog>();

export function catalogOf(model: Model): Catalog {
  let c = cache.get(model);
  if (!c) {
    const scenarios = scenariosOf(model);
    const machines = new Map<ScenarioPlan, AnyStateMachine>();
    const byKey = new Map<string, AnyStateMachine>();
    const add = (p: ScenarioPlan): void => {
      let m = byKey.get(p.key);
      if (!m) {
        m = buildMachine(p);
        byKey.set(p.key, m);
      }
      machines.set(p, m);
      // The `on timeout` blocks of its calls run as instances of their own.
      for (const ps of p.steps) if (ps.onTimeout) add(ps.onTimeout);
    };
    for (const p of scenarios.plans) add(p);
    c = { ...scenarios, machines };
    cache.set(model, c);
  }
  return c;
}
