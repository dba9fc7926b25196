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
