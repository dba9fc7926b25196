/** Rendering Mermaid text to SVG and PNG in Chromium: infrastructure any back end or command may use. */
export { BrowserError, BrowserLaunchError, NoBrowserError, findChromium } from './browser.js';
export { RenderCache, cacheKey, defaultCacheDir, mermaidVersion, type RenderFormat } from './cache.js';
export { Renderer, type DiagramRenderer, type RendererOptions, type RenderSettings } from './renderer.js';
export { renderAll, renderKey, type RenderItem, type RenderOutcome, type RenderProgress, type RenderAllOptions } from './render-all.js';
export type { SvgResult } from './page-script.js';
