/**
 * What a search needs to know about the model and the run it explores, worked out once: every scenario plan
 * (the `on timeout` blocks included) by index, the model-wide subscriptions, who answers concurrently, which
 * events are delivered at least once, the run's script (a story's runs, or the use cases named), its
 * expectations, and the ends its use cases declare. Plans are referred to by index so that states are plain
 * data.
 */
import type { Expectation, Model, Property, Story } from '../compiler/model.js';
import type { ScenarioPlan } from '../plan/scenario-plan.js';
import { scenariosOf } from '../plan/scenarios.js';
import { scriptOf } from '../plan/script.js';

/** What a search runs: a story, or use cases named on the command line (a story with no expectations). */
export interface Target {
  kind: 'story' | 'use-cases';
  /** The story's name, or the use cases' slugs joined by spaces. */
  name: string;
  /** The story's slug, or the use cases' slugs joined by `+`. */
  slug: string;
  runs: { useCase: string; atMs?: number; untilMs?: number }[];
  given: Readonly<Record<string, string>>;
  expectations: readonly Expectation[];
  knownFailure?: string;
  file?: string;
  line?: number;
}

export interface Trigger {
  plan: number;
  /** Performed at this virtual time (from it to `until` for a range); absent: once the flow is idle. */
  at?: number;
  until?: number;
}

export interface World {
  model: Model;
  target: Target;
  plans: ScenarioPlan[];
  /** Event name → plans started by it (model-wide, identical scenarios once). */
  subscriptions: ReadonlyMap<string, readonly number[]>;
  /** Participants that answer concurrently (actors, data stores): no one-at-a-time mailbox. */
  concurrent: ReadonlySet<string>;
  /** At-least-once events → their redelivery delay. */
  redelivery: ReadonlyMap<string, number>;
  script: Trigger[];
  ends: ReadonlySet<string>;
  properties: readonly Property[];
  /**
   * The events some check reads (the story's, the properties', the ends): only these are kept in a state's
   * history, so orders of the others do not make states differ. `all` when the story reads the last event.
   */
  visible: ReadonlySet<string> | 'all';
  names: ReadonlyMap<string, string>;
}

export class TargetError extends Error {
  override name = 'TargetError';
}

export function storyTarget(story: Story): Target {
  return {
    kind: 'story',
    name: story.name,
    slug: story.slug,
    // As `craft test` reads a story: a first run at 0 s is the flow's start, not a timed trigger.
    runs: story.runs.map((r, i) => (i === 0 && r.atMs === 0 && r.untilMs === undefined ? { useCase: r.useCase } : { useCase: r.useCase, atMs: r.atMs, ...(r.untilMs !== undefined ? { untilMs: r.untilMs } : {}) })),
    given: Object.fromEntries(story.given.map((g) => [g.fact, g.outcome])),
    expectations: story.expectations,
    ...(story.knownFailure !== undefined ? { knownFailure: story.knownFailure } : {}),
    file: story.source.file,
    line: story.source.line,
  };
}

export function useCasesTarget(slugs: readonly string[]): Target {
  return { kind: 'use-cases', name: slugs.join(' '), slug: slugs.join('+'), runs: slugs.map((useCase) => ({ useCase })), given: {}, expectations: [] };
}

export function worldOf(model: Model, target: Target): World {
  const scenarios = scenariosOf(model);
  const plans: ScenarioPlan[] = [];
  const index = new Map<ScenarioPlan, number>();
  const add = (p: ScenarioPlan): void => {
    if (index.has(p)) return;
    index.set(p, plans.length);
    plans.push(p);
    for (const s of p.steps) if (s.onTimeout) add(s.onTimeout);
  };
  for (const p of scenarios.plans) add(p);
  const subscriptions = new Map<string, number[]>();
  for (const [event, list] of scenarios.subscriptions) subscriptions.set(event, list.map((p) => index.get(p)!));
  const script = scriptOf(scenarios, target.runs.map((r) => r.useCase), target.runs.map((r) => r.atMs));
  if ('unknown' in script) throw new TargetError(`no use case "${script.unknown}"`);
  const untils = target.runs.flatMap((r) => {
    const n = scriptOf(scenarios, [r.useCase]);
    return 'unknown' in n ? [] : n.plans.map(() => r.untilMs);
  });
  const triggers: Trigger[] = script.plans.map((p, i) => {
    const at = script.at[i];
    const until = untils[i];
    return { plan: index.get(p)!, ...(at !== undefined ? { at } : {}), ...(at !== undefined && until !== undefined ? { until } : {}) };
  });
  const redelivery = new Map<string, number>();
  for (const e of model.events) if (e.delivery?.kind === 'at-least-once') redelivery.set(e.name, e.delivery.redeliveryMs);
  const visible = target.expectations.some((e) => e.kind === 'endsWith')
    ? 'all'
    : new Set([...target.expectations.map((e) => e.event), ...model.properties.flatMap((p) => (p.kind === 'never' ? [p.event, p.after] : [p.event, ...p.leadsTo])), ...script.ends]);
  return { model, target, plans, subscriptions, concurrent: scenarios.concurrent, redelivery, script: triggers, ends: script.ends, properties: model.properties, names: scenarios.names, visible };
}
