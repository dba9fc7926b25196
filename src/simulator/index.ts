/** The simulator's public API: run use cases of a Model on virtual time; trace, verdicts and reports. */

export { simulate, SimulationError, type RunResult, type RunHooks } from './simulation.js';
export { defaultOptions, DEFAULT_SEED, type SimulationOptions } from './options.js';
export { parseFaults, resolveFaults, describeFaults, noFaults, FaultError, type Faults } from './faults.js';
export { parseLatencySettings, defaultLatencySettings, LatencyError, type LatencySettings } from './latency.js';
export { parseDurationOption, formatDuration, formatTime } from '../text/duration.js';
export { explore, type Exploration, type ExplorePath, type ExploreCut } from './explore.js';
export { checkStory, type StoryOutcome, type Failure } from './stories.js';
export { stimulusProblem } from '../plan/script.js';
export { Random } from './random.js';
export { aggregate, type RunVerdict, type Aggregate, type FlowResult } from './verdict.js';
export { timelineLines, verdictLines, aggregateLines, explorationLines, formatLatency, type Names } from './timeline.js';
export { traceDiagram } from './mermaid.js';
export { runReport, type RunReport, type RunReportInput } from './html.js';
export { jsonReport } from './report.js';
export { recordsOf, type Trace, type TraceRecord, type TraceKind, type RecordOf } from './trace.js';

export { predictedEvents, predict } from './predict.js';
