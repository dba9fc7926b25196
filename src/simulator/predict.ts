/**
 * What the simulator predicts one use case does, for consumers that replay it elsewhere (the tests
 * `craft gen` writes). Everything here comes from the engine itself: a run of the use case's stimulus with
 * the default options (default seed, no faults, default latencies) in which every `notifies A or B`
 * publishes its first alternative, so that a replay can be told which outcome to take.
 */
import type { Model } from '../compiler/model.js';
import { catalogOf, type Catalog } from './catalog.js';
import type { Chooser } from './choice.js';
import type { FlowStatus } from './flow.js';
import type { Random } from './random.js';
import { simulate } from './simulation.js';

/** A prediction: the events in the order they happen, and when the stimulus performed each trigger. */
export interface Prediction {
  /** Events published (including dead letters) and timers fired, by name, in trace order. */
  events: string[];
  /** The triggers performed, in order: the scenario id and the virtual time (ms since the run's start). */
  triggers: { scenario: string; time: number }[];
  /** How the run's one flow ended (`completed` unless the model gets it stuck, cut or incomplete). */
  status: FlowStatus;
}

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
    if ((r.kind === 'publish' || r.kind === 'timer-fire') && r.event !== undefined) events.push(r.event);
    else if (r.kind === 'trigger' && r.scenario !== undefined) triggers.push({ scenario: r.scenario, time: r.time });
  }
  return { events, triggers, status: verdict.perFlow[0]?.status ?? 'completed' };
}

/** Takes the first alternative of every `notifies A or B`, drawing as the default policy does. */
function firstOutcome(random: Random): Chooser {
  return {
    choose(events) {
      random.below(events.length);
      return 0;
    },
  };
}

/**
 * The simulator's view of the model's scenarios, shared with code generation so that both agree on where
 * each step runs (the callee's lines up to its `returns`), on who receives each event (model-wide
 * subscriptions, identical scenarios once) and on which scenarios a use case's stimulus starts.
 */
export interface ScenarioCatalog {
  plans: Catalog['plans'];
  subscriptions: Catalog['subscriptions'];
  /** Participants that answer concurrently: actors and data stores (external to the services). */
  concurrent: Catalog['concurrent'];
}

export function scenarioCatalog(model: Model): ScenarioCatalog {
  const c = catalogOf(model);
  return { plans: c.plans, subscriptions: c.subscriptions, concurrent: c.concurrent };
}

export type { ScenarioPlan, PlannedStep, Frame } from './plan.js';
