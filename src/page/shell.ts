/**
 * The page itself: header, view list, the view with its toolbar (pan, zoom, export), the participant
 * panel, the diagnostics overlay and the simulation panel. One shell for the live page (craft serve), the
 * static site (craft build) and the simulation report (craft simulate --html); the mode says which parts
 * work how (see PageMode). Deterministic: the same state gives the same bytes.
 */
import { escapeHtml } from '../text/escape.js';
import { navHtml } from './nav.js';
import { overlayHtml } from './overlay.js';
import { inlineScript, scriptJson } from './script-json.js';
import { simulationHtml } from './simulation.js';
import { styles } from './styles.js';
import type { PageMode, PageParticipant, PageState, PageUseCase, PageView } from './types.js';

/** What the client script works from: the state with its server-rendered (escaped) fragments. */
export interface ClientState {
  version: number;
  title: string;
  files: string[];
  /** The view list, as markup. */
  nav: string;
  /** The diagnostics overlay, as markup; empty when the model has no errors. */
  overlay: string;
  errorCount: number;
  views: PageView[];
  participants: PageParticipant[];
  useCases: PageUseCase[];
}

export function clientState(state: PageState, mode: PageMode): ClientState {
  return {
    version: state.version,
    title: state.title,
    files: state.files,
    nav: navHtml(state.views, mode, state.simulations),
    overlay: overlayHtml(state.diagnostics),
    errorCount: state.diagnostics.filter((d) => d.severity === 'error').length,
    views: state.views,
    participants: state.participants,
    useCases: state.useCases,
  };
}

/** Where a script comes from: a URL of the server, or its source inlined in the page. */
export type ScriptAsset = { kind: 'src'; src: string } | { kind: 'inline'; source: string };

export interface PageAssets {
  /** mermaid.min.js; none when every diagram is rendered ahead of time. */
  mermaid?: ScriptAsset;
  client: ScriptAsset;
}

export function pageHtml(state: PageState, mode: PageMode, assets: PageAssets): string {
  const head = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(state.title)}</title>
<style>${styles}</style>
</head>
`;
  const scripts = [assets.mermaid, assets.client].filter((a): a is ScriptAsset => a !== undefined).map(scriptTag).join('\n');
  if (mode === 'report') {
    return `${head}<body class="report" data-mode="report">
<main class="panel">
${state.simulations.map(simulationHtml).join('\n')}
</main>
${scripts}
</body>
</html>
`;
  }
  const client = clientState(state, mode);
  const simulationPane =
    mode === 'live'
      ? `<h1>Simulation</h1>
<form id="sim-form" class="sim-form" autocomplete="off">
<label class="row">Use cases</label><div><div class="choices"></div><div class="help">Chained on one flow, in this order; the same engine and bytes as craft simulate --json.</div></div>
<label class="row" for="sim-seed">Seed</label><input id="sim-seed" name="seed" type="number" min="0" value="1">
<label class="row" for="sim-flows">Flows</label><input id="sim-flows" name="flows" type="number" min="1" value="1">
<label class="row" for="sim-runs">Runs</label><div><input id="sim-runs" name="runs" type="number" min="1" value="1"><div class="help">Seeds seed, seed+1, ...; the histogram shows every completed flow of every run.</div></div>
<label class="row" for="sim-faults">Faults</label><div><input id="sim-faults" name="faults" type="text" placeholder="drop=0.1,duplicate=0.05,delay=100ms..2s"><div class="help">As craft simulate --faults; empty for none.</div></div>
<div class="actions"><button type="submit">Run</button></div>
</form>
<div id="sim-results"></div>`
      : `<h1>Simulations</h1>
${state.simulations.map(simulationHtml).join('\n')}`;
  return `${head}<body class="app" data-mode="${mode}">
<header class="top"><span class="brand">craft</span><span class="files" id="files">${escapeHtml(state.files.join(', '))}</span>${mode === 'live' ? '<span class="status" id="status">connecting…</span>' : '<span class="status" id="status">static site</span>'}</header>
<div class="layout">
<nav class="views" id="views" aria-label="Views">${client.nav}</nav>
<main>
<section id="view-pane" class="view-pane">
<div class="toolbar"><h1 id="view-title"></h1><button type="button" data-zoom="out" title="zoom out">−</button><span class="zoom" id="zoom-level">100%</span><button type="button" data-zoom="in" title="zoom in">+</button><button type="button" data-zoom="fit" title="fit the view">Fit</button><button type="button" data-zoom="actual" title="actual size">1:1</button><span class="sep"></span><button type="button" data-export="svg" title="download as SVG">SVG</button><button type="button" data-export="png" title="download as PNG">PNG</button><button type="button" data-export="mmd" title="download the Mermaid source">Mermaid</button></div>
<div class="canvas" id="canvas"><div class="stage" id="stage"></div></div>
<p class="hint">Drag to pan, wheel to zoom, click a participant to see where it is declared and what it does.</p>
</section>
<section id="simulation-pane" class="panel" hidden>
${simulationPane}
</section>
</main>
<aside class="details" id="details" hidden></aside>
</div>
<div class="overlay" id="overlay" role="alert"${client.overlay === '' ? ' hidden' : ''}>${client.overlay}</div>
<script type="application/json" id="craft-state">${scriptJson(client)}</script>
${scripts}
</body>
</html>
`;
}

function scriptTag(asset: ScriptAsset): string {
  return asset.kind === 'src' ? `<script src="${escapeHtml(asset.src)}"></script>` : `<script>${inlineScript(asset.source)}</script>`;
}
