/** The simulator's public API: run use cases of a Model on virtual time; trace, verdicts and reports. */
import type { Model } from '../compiler/model.js';
import { catalogOf, findUseCase, stimulusPlans } from './catalog.js';

export { simulate, SimulationError, type RunResult, type RunHooks } from './simulation.js';
export { defaultOptions, DEFAULT_SEED, type SimulationOptions } from './options.js';
export { parseFaults, resolveFaults, describeFaults, noFaults, FaultError, type Faults } from './faults.js';
export { parseLatencySettings, defaultLatencySettings, LatencyError, type LatencySettings } from './latency.js';
export { parseDuration, formatDuration, formatTime } from './duration.js';
export { findUseCase } from './catalog.js';
export { explore, type Exploration, type ExplorePath } from './explore.js';
export { Random } from './random.js';
export { aggregate, type RunVerdict, type Aggregate, type FlowResult } from './verdict.js';
export { timelineLines, verdictLines, aggregateLines, explorationLines, formatLatency, type Names } from './timeline.js';
export { traceDiagram } from './mermaid.js';
export { htmlReport } from './html.js';
export { jsonReport } from './report.js';
export type { Trace, TraceRecord } from './trace.js';

/** The display name of a participant id (`Order/OrderManagement` → `OrderManagement`). */
export function participantName(model: Model, id: string): string {
  return catalogOf(model).names.get(id) ?? id;
}

/** Every participant id of the model's scenarios with its display name. */
export function participantNames(model: Model): Map<string, string> {
  return catalogOf(model).names;
}

/** True when the use case has an external or scheduled trigger for the stimulus to perform. */
export function hasStimulus(model: Model, useCase: string): boolean {
  const u = findUseCase(model, useCase);
  return u !== undefined && stimulusPlans(catalogOf(model), u).length > 0;
}
export { predictedEvents, predict } from './predict.js';
