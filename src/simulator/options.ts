/** What a simulation run is asked to do. Every field has a default (`defaultOptions`). */
import { noFaults, type Faults } from './faults.js';
import { defaultLatencySettings, type LatencySettings } from './latency.js';

export interface SimulationOptions {
  /** Use cases (slugs) whose external triggers the stimulus performs, in this order, on each flow. */
  useCases: string[];
  /**
   * Virtual ms after its flow's start at which each named use case's triggers are performed (by position in
   * `useCases`; undefined: when the flow is next idle, as without times). `cancel-order@25s`.
   */
  startAt: (number | undefined)[];
  /** Facts fixed for every flow before it starts (`--given "payment type=card"`, a story's `given`). */
  given: Record<string, string>;
  seed: number;
  /** How many flows the stimulus starts (for a scheduled use case: how many firings). */
  flows: number;
  /** Virtual ms between the starts of two flows. */
  interval: number;
  /** Virtual ms after which the run stops (Infinity: when nothing is left to happen). */
  until: number;
  /** Virtual ms a person takes before an external trigger that follows a scheduled one. */
  humanDelay: number;
  /** Steps one flow may take before it is cut as an event loop. */
  maxSteps: number;
  latency: LatencySettings;
  faults: Faults;
  /** Events to publish whenever they are one of the outcomes of a `notifies A or B`. */
  choose: string[];
  /** Record the trace (timeline, JSON, diagrams); off for plain verdicts and benchmarks. */
  trace: boolean;
}

export function defaultOptions(overrides: Partial<SimulationOptions> = {}): SimulationOptions {
  // An override given as `undefined` keeps the default.
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<SimulationOptions>;
  return {
    useCases: [],
    startAt: [],
    given: {},
    seed: DEFAULT_SEED,
    flows: 1,
    interval: 1000,
    until: Infinity,
    humanDelay: 5 * 60_000,
    maxSteps: 1000,
    latency: defaultLatencySettings(),
    faults: noFaults(),
    choose: [],
    trace: true,
    ...given,
  };
}

/** The seed when none is given: fixed, so that a bare `craft simulate` is reproducible. */
export const DEFAULT_SEED = 1;
