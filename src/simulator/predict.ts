/**
 * What the simulator predicts one use case does, for consumers that replay it elsewhere (the tests
 * `craft gen` writes; the CLI passes `predict` to code generation). Everything here comes from the engine
 * itself: a run of the use case's stimulus with the default options (default seed, no faults, default
 * latencies) in which every `notifies A or B` publishes its first alternative, so that a replay can be told
 * which outcome to take.
 */
import type { Model } from '../compiler/model.js';
import type { Prediction } from '../plan/prediction.js';
import type { Chooser } from './choice.js';
import { simulate } from './simulation.js';

/** The event names the simulator predicts for a use case (by slug): publications and fired timers, in order. */
export function predictedEvents(model: Model, useCaseSlug: string): string[] {
  return predict(model, useCaseSlug).events;
}

/** The full prediction of a use case (by slug): events, and the triggers with their virtual times. */
export function predict(model: Model, useCaseSlug: string): Prediction {
  const { trace, verdict } = simulate(model, { useCases: [useCaseSlug], trace: true }, { chooser: firstOutcome });
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
