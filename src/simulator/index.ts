/** The simulator's public API: run use cases of a Model on virtual time and get a trace and verdicts. */
export { simulate, SimulationError, type RunResult, type RunHooks } from './simulation.js';
export { defaultOptions, DEFAULT_SEED, type SimulationOptions } from './options.js';
export { parseFaults, resolveFaults, describeFaults, noFaults, FaultError, type Faults } from './faults.js';
export { parseLatencySettings, defaultLatencySettings, LatencyError, type LatencySettings } from './latency.js';
export { parseDuration, formatDuration, formatTime } from './duration.js';
export { findUseCase } from './catalog.js';
export { Random } from './random.js';
export { aggregate, type RunVerdict, type Aggregate, type FlowResult } from './verdict.js';
export type { Trace, TraceRecord } from './trace.js';
