/**
 * What the simulator predicts one use case does, for consumers that replay it elsewhere (the tests
 * `craft gen` writes; the CLI passes `predict` to code generation). Everything here comes from the engine
 * itself: a run of the use case's stimulus with the default options (default seed, no faults, default
 * latencies) in which every `notifies A or B` publishes its first alternative, so that a replay can be told
 * which outcome to take.
 */
import type { Model } from '../compiler/model.js';
import type { PathPrediction, Prediction } from '../plan/prediction.js';
import { explore } from './explore.js';
import { defaultOptions } from './options.js';
import type { Chooser } from './choice.js';
import { simulate } from './simulation.js';

/** The event names the simulator predicts for a use case (by slug): publications and fired timers, in order. */
export function predictedEvents(model: Model, useCaseSlug: string): string[] {
  return predict(model, useCaseSlug).events;
}

/**
 * The explored paths of a use case that differ from its default path by facts alone, each with the run
 * given those facts (the same run a replay with those facts fixed can be compared with). At most `limit`
 * paths are explored; a model that decides no fact has none.
 */
export function predictPaths(model: Model, useCaseSlug: string, limit = 32): PathPrediction[] {
  if (model.facts.length === 0) return [];
  const exploration = explore(model, defaultOptions({ useCases: [useCaseSlug], trace: false }), limit);
  const paths: PathPrediction[] = [];
  const seen = new Set<string>();
  for (const p of exploration.paths) {
    const factsOnly = p.choices.every((c) => c.kind === 'fact' || c.chose === c.of[0]);
    const facts = Object.fromEntries(p.choices.filter((c) => c.kind === 'fact').map((c) => [c.at, c.chose]));
    const key = JSON.stringify(facts);
    if (!factsOnly || p.choices.every((c) => c.chose === c.of[0]) || seen.has(key)) continue;
    seen.add(key);
    paths.push({ facts, prediction: predict(model, useCaseSlug, facts) });
  }
  return paths;
}

/** The full prediction of a use case (by slug): events, and the triggers with their virtual times. */
export function predict(model: Model, useCaseSlug: string, given: Record<string, string> = {}): Prediction {
  const { trace, verdict } = simulate(model, { useCases: [useCaseSlug], trace: true, given }, { chooser: firstOutcome });
  const events: string[] = [];
  const triggers: Prediction['triggers'] = [];
  for (const r of trace ?? []) {
    if (r.kind === 'publish' || r.kind === 'timer-fire') events.push(r.event);
    else if (r.kind === 'trigger') triggers.push({ scenario: r.scenario, time: r.time });
  }
  return { events, triggers, status: verdict.perFlow[0]?.status ?? 'completed' };
}

/** Takes the first alternative of every `notifies A or B`, drawing as the default policy does. */
const firstOutcome: Chooser = {
  choose(point, random) {
    if (point.kind !== 'timeout') random.below(point.of.length);
    return 0;
  },
};
