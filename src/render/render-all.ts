/**
 * Many diagrams at once: what the content-hash cache has is taken from it, and a browser is started only
 * when something is missing. Each distinct text is rendered by mermaid once per run, across formats.
 */
import { chromiumSearch, NoBrowserError, type Env } from './browser.js';
import { RenderCache, cacheKey, type RenderFormat } from './cache.js';
import { Renderer, renderSettings, type DiagramRenderer, type RendererOptions, type RenderSettings } from './renderer.js';
import type { SvgResult } from './page-script.js';

export interface RenderItem {
  /** Reported back with the result, e.g. the output file name. */
  name: string;
  text: string;
  format: RenderFormat;
}

export interface RenderOutcome {
  name: string;
  format: RenderFormat;
  /** The SVG (UTF-8) or PNG bytes; absent when `error` is set. */
  data?: Buffer;
  /** Why this diagram could not be rendered (mermaid's message); the others are unaffected. */
  error?: string;
  /** Taken from the cache, without a browser. */
  cached: boolean;
}

export interface RenderProgress {
  name: string;
  /** Position in the input. */
  index: number;
  done: number;
  total: number;
  cached: boolean;
  error?: string;
}

export interface RenderAllOptions extends RenderSettings {
  /** Where rendered diagrams are kept between runs (see `defaultCacheDir`); no caching when absent. */
  cacheDir?: string;
  /** The Chromium executable; found with `findChromium(env, chromiumCandidates)` when absent. */
  chromium?: string;
  env?: Env;
  chromiumCandidates?: readonly string[];
  renderTimeoutMs?: number;
  launchTimeoutMs?: number;
  onProgress?: (progress: RenderProgress) => void;
  /** Opens the renderer; `Renderer.open` by default. What it opens, `renderAll` closes. */
  open?: (options: RendererOptions) => Promise<DiagramRenderer>;
}

/**
 * Renders diagrams, taking what it can from the cache and starting a browser only when something is
 * missing. Results are in input order; a diagram mermaid rejects carries its `error` while the others
 * still render. Rejects with a `BrowserError` (`NoBrowserError` when no Chromium is found) only when
 * something needs rendering and no browser could be started.
 */
export async function renderAll(items: readonly RenderItem[], options: RenderAllOptions = {}): Promise<RenderOutcome[]> {
  const cache = options.cacheDir ? new RenderCache(options.cacheDir) : undefined;
  const settings = renderSettings(options);
  const keyOf = (text: string, format: RenderFormat) => renderKey(text, format, settings);
  const remember = (key: string, data: Buffer) => {
    try {
      cache?.set(key, data);
    } catch {
      // A cache that cannot be written only makes the next run slower.
    }
  };

  const results: (RenderOutcome | undefined)[] = items.map(() => undefined);
  let done = 0;
  const finish = (index: number, outcome: RenderOutcome) => {
    results[index] = outcome;
    done++;
    const progress: RenderProgress = { name: outcome.name, index, done, total: items.length, cached: outcome.cached };
    if (outcome.error !== undefined) progress.error = outcome.error;
    options.onProgress?.(progress);
  };

  const missing: number[] = [];
  items.forEach((item, index) => {
    const data = cache?.get(keyOf(item.text, item.format));
    if (data) finish(index, { name: item.name, format: item.format, data, cached: true });
    else missing.push(index);
  });
  if (missing.length === 0) return results as RenderOutcome[];

  let executablePath = options.chromium;
  if (!executablePath && !options.open) {
    const search = chromiumSearch(options.env ?? process.env, options.chromiumCandidates);
    if (!search.found) throw new NoBrowserError(search.skipped);
    executablePath = search.found;
  }
  const rendererOptions: RendererOptions = { ...settings };
  if (executablePath) rendererOptions.executablePath = executablePath;
  if (options.env) rendererOptions.env = options.env;
  if (options.renderTimeoutMs !== undefined) rendererOptions.renderTimeoutMs = options.renderTimeoutMs;
  if (options.launchTimeoutMs !== undefined) rendererOptions.launchTimeoutMs = options.launchTimeoutMs;
  const renderer = await (options.open ?? Renderer.open)(rendererOptions);

  try {
    // Within a run, and across formats, each distinct text is rendered by mermaid once.
    const svgs = new Map<string, SvgResult>();
    const svgOf = async (text: string): Promise<SvgResult> => {
      const key = keyOf(text, 'svg');
      let result = svgs.get(key);
      if (!result) {
        const cached = cache?.get(key);
        result = cached ? { ok: true, svg: cached.toString('utf8') } : await renderer.svg(`craft-${key.slice(0, 12)}`, text);
        if (result.ok && !cached) remember(key, Buffer.from(result.svg, 'utf8'));
        svgs.set(key, result);
      }
      return result;
    };
    const pngs = new Map<string, RenderOutcome>();
    for (const index of missing) {
      const item = items[index]!;
      const base = { name: item.name, format: item.format, cached: false };
      const svg = await svgOf(item.text);
      if (!svg.ok) {
        finish(index, { ...base, error: svg.error });
        continue;
      }
      if (item.format === 'svg') {
        finish(index, { ...base, data: Buffer.from(svg.svg, 'utf8') });
        continue;
      }
      const key = keyOf(item.text, 'png');
      const earlier = pngs.get(key);
      if (earlier) {
        finish(index, { ...earlier, ...base });
        continue;
      }
      let outcome: RenderOutcome;
      try {
        const data = await renderer.png(svg.svg);
        remember(key, data);
        outcome = { ...base, data };
      } catch (e) {
        outcome = { ...base, error: `PNG failed: ${message(e)}` };
      }
      pngs.set(key, outcome);
      finish(index, outcome);
    }
  } finally {
    await renderer.close();
  }
  return results as RenderOutcome[];
}

/** The cache key `renderAll` files a diagram under: the settings that change the picture, and no others. */
export function renderKey(text: string, format: RenderFormat, settings: RenderSettings = {}): string {
  const { scale, ...svgSettings } = renderSettings(settings);
  return cacheKey(text, format, format === 'png' ? { ...svgSettings, scale } : svgSettings);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
