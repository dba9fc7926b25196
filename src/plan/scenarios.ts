/**
 * The executable reading of a model's use cases: a plan per scenario, the model-wide subscriptions (event
 * name → the scenarios that start on it; identical scenarios counted once), which scenarios a use case's
 * stimulus starts, and participants' display names. Built once per model and shared by the simulator and
 * code generation, so both agree on where each step runs and who receives each event.
 */
import type { Model, UseCase } from '../compiler/model.js';
import { findNamed } from '../text/slug.js';
import { concurrentParticipants, planScenario, type ScenarioPlan } from './scenario-plan.js';

export interface Scenarios {
  model: Model;
  plans: ScenarioPlan[];
  /** Event name → scenarios that `listen` to it or are triggered by it, deduplicated, in source order. */
  subscriptions: Map<string, ScenarioPlan[]>;
  /** Participants that answer concurrently (actors, data stores). */
  concurrent: Set<string>;
  /** Participant id → display name (the name as first written). */
  names: Map<string, string>;
}

const cache = new WeakMap<Model, Scenarios>();

export function scenariosOf(model: Model): Scenarios {
  let s = cache.get(model);
  if (!s) {
    s = buildScenarios(model);
    cache.set(model, s);
  }
  return s;
}

function buildScenarios(model: Model): Scenarios {
  const concurrent = concurrentParticipants(model);
  const plans: ScenarioPlan[] = [];
  for (const u of model.useCases) for (const s of u.scenarios) plans.push(planScenario(u, s, concurrent));
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
  return { model, plans, subscriptions, concurrent, names: displayNames(model, plans) };
}

function displayNames(model: Model, plans: readonly ScenarioPlan[]): Map<string, string> {
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
  return names;
}

/** Finds a use case by slug, by name (any case), or by the slug of what was typed. */
export function findUseCase(model: Model, text: string): UseCase | undefined {
  return findNamed(model.useCases, text);
}

/** The stimulus of a use case: its scenarios started by an external or periodic trigger, in source order. */
export function stimulusPlans(scenarios: Scenarios, useCase: UseCase): ScenarioPlan[] {
  return scenarios.plans.filter((p) => p.useCase === useCase && (p.scenario.trigger.kind === 'external' || p.scenario.trigger.kind === 'periodic'));
}
