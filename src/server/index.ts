/** The live preview (craft serve): composed by the CLI, which hands it a Workbench. */
export { startServer, isLoopback, BindError, type ServeOptions, type RunningServer } from './serve.js';
export { LiveModel, type Reload } from './live-model.js';
export { participantsOf } from './participants.js';
export { pageDiagnostics } from './diagnostics.js';
export { simulationRequest, simulationLimits } from './routes.js';
export type { Workbench, Checked, SimulationRequest, SimulationAnswer } from './workbench.js';
