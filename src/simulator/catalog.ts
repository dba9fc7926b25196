/**
 * The model as the simulator sees it: a plan and a machine per scenario, the model-wide subscriptions
 * (event name → the scenarios that start on it; identical scenarios counted once), and the use cases by
 * slug and name. Built once per model and shared by every run.
 */
import type { AnyStateMachine } from 'xstate';
import type { Model, UseCase } from '../compiler/model.js';
import { buildMachine } from './machine.js';
import { concurrentParticipants, planScenario, type ScenarioPlan } from './plan.js';

export interface Catalog {
  model: Model;
  plans: ScenarioPlan[];
  machines: Map<ScenarioPlan, AnyStateMachine>;
  /** Event name → scenarios that `listen` to it or are triggered by it, deduplicated, in source order. */
  subscriptions: Map<string, ScenarioPlan[]>;
  /** Participants that answer concurrently (actors, data stores). */
  concurrent: Set<string>;
  /** Participant id → display name (the name as first written). */
  names: Map<string, string>;
}

const cache = new WeakMap<Model, Catalog>();

export function catalogOf(model: Model): Catalog {
  let c = cache.get(model);
  if (!c) {
    c = buildCatalog(model);
    cache.set(model, c);
  }
  return c;
}

function buildCatalog(model: Model): Catalog {
  const concurrent = concurrentParticipants(model);
  const plans: ScenarioPlan[] = [];
  for (const u of model.useCases) for (const s of u.scenarios) plans.push(planScenario(u, s, concurrent));
  const machines = new Map<ScenarioPlan, AnyStateMachine>();
  const byKey = new Map<string, AnyStateMachine>();
  for (const p of plans) {
    let m = byKey.get(p.key);
    if (!m) {
      m = buildMachine(p);
      byKey.set(p.key, m);
    }
    machines.set(p, m);
  }
  const subscriptions = new Map<string, ScenarioPlan[]>();
  const seen = new Set<string>();
  for (const p of plans) {
    const t = p.scenario.trigger;
    if (t.kind !== 'listen' && t.kind !== 'event') continue;
    if (seen.has(p.key)) continue;
    seen.add(p.key);
    let list = subscriptions.get(t.event);
    if (!list) subscriptions.set(t.event, (list = []));
    list.push(p);
  }
  const names = new Map<string, string>();
  const name = (id: string, n: string) => {
    if (!names.has(id)) names.set(id, n);
  };
  for (const c of model.contexts) name(c.id, c.name);
  for (const a of model.actors) name(a.name, a.name);
  for (const p of plans) {
    const t = p.scenario.trigger;
    if (t.kind === 'external') name(t.actor.id, t.actor.name);
    if (t.kind === 'listen') name(t.participant.id, t.participant.name);
    for (const s of p.steps) {
      name(s.step.from.id, s.step.from.name);
      if (s.step.kind === 'ask') name(s.step.to.id, s.step.to.name);
      if (s.step.kind === 'return' && s.step.to) name(s.step.to.id, s.step.to.name);
    }
  }
  return { model, plans, machines, subscriptions, concurrent, names };
}

/** Finds a use case by slug, by name (any case), or by the slug of what was typed. */
export function findUseCase(model: Model, text: string): UseCase | undefined {
  const lower = text.toLowerCase();
  const slug = lower.trim().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return model.useCases.find((u) => u.slug === text) ?? model.useCases.find((u) => u.name.toLowerCase() === lower) ?? model.useCases.find((u) => u.slug === slug);
}

/** The stimulus of a use case: its scenarios started by an external or periodic trigger, in source order. */
export function stimulusPlans(catalog: Catalog, useCase: UseCase): ScenarioPlan[] {
  return catalog.plans.filter((p) => p.useCase === useCase && (p.scenario.trigger.kind === 'external' || p.scenario.trigger.kind === 'periodic'));
}
