/** HTML page components shared by craft serve, craft build and craft simulate --html. */
export { pageHtml, clientState, type ClientState, type PageAssets, type ScriptAsset } from './shell.js';
export { clientScript } from './client.js';
export { simulationHtml } from './simulation.js';
export { histogramSvg } from './histogram.js';
export { overlayHtml } from './overlay.js';
export { navHtml, SIMULATION_ENTRY } from './nav.js';
export { scriptJson, inlineScript } from './script-json.js';
export type { PageDiagnostic, PageMode, PageParticipant, PageSimulation, PageState, PageUseCase, PageView } from './types.js';
