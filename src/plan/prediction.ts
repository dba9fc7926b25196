/**
 * What running a use case is predicted to do, as data: back ends that replay a use case elsewhere (the tests
 * `craft gen` writes) receive predictions from whoever composes them (the CLI asks the simulator), so no back
 * end imports another.
 */

/** How a flow ended. */
export type FlowStatus = 'completed' | 'incomplete' | 'stuck' | 'timed-out' | 'cut';

/** A prediction: the events in the order they happen, and when the stimulus performed each trigger. */
export interface Prediction {
  /** Events published (including dead letters) and timers fired, by name, in trace order. */
  events: string[];
  /** The triggers performed, in order: the scenario id and the virtual time (ms since the run's start). */
  triggers: { scenario: string; time: number }[];
  /** How the run's one flow ended (`completed` unless the model gets it stuck, cut or incomplete). */
  status: FlowStatus;
}

/** Predicts a use case, by slug. */
export type Predict = (useCaseSlug: string) => Prediction;

/**
 * One explored path of a use case other than its default one: the facts it decided, and what the run does
 * with them. Only paths that differ from the default by facts alone (every `or` outcome the first, every
 * call answered) are given: facts can be fixed up front, the rest cannot.
 */
export interface PathPrediction {
  facts: Record<string, string>;
  prediction: Prediction;
}

/** The explored paths of a use case, by slug (none when its runs decide no fact). */
export type PredictPaths = (useCaseSlug: string) => PathPrediction[];
