/**
 * Mermaid text → SVG / PNG with the system Chromium: one browser, one page, mermaid loaded once, then
 * `mermaid.render()` per diagram (see TOOLCHAIN.md: about 1 s to start, tens of ms per SVG).
 * puppeteer is imported lazily, so commands that draw nothing never load it.
 *
 * Every page operation (render and screenshot) goes through one promise chain: concurrent screenshots in
 * one browser stall, and mermaid shares global state. A diagram mermaid rejects comes back as data; an
 * operation that hangs is cut off after `renderTimeoutMs` and the page is replaced.
 */
import { createRequire } from 'node:module';
import type { Browser, Page } from 'puppeteer';
import { BrowserError, BrowserLaunchError, CHROMIUM_ARGS, NoBrowserError, chromiumSearch, type Env } from './browser.js';
import { clearPage, initialiseInPage, renderInPage, showImageInPage, type SvgResult } from './page-script.js';


/** What changes the pictures: part of every cache key. */
export interface RenderSettings {
  /** Mermaid theme; default 'default'. */
  theme?: string;
  /** PNG pixels per CSS pixel; default 2, for legibility. */
  scale?: number;
  /** Mermaid's limit on diagram text; default 50,000 characters (mermaid's own default). */
  maxTextSize?: number;
  /**
   * The screen width mermaid's C4 layout wraps rows at (it reads `screen.availWidth`, 800 in headless
   * Chromium, which allows only two shapes a row); default 1600.
   */
  layoutWidth?: number;
}

export interface RendererOptions extends RenderSettings {
  /** The browser; found with `findChromium(env, chromiumCandidates)` when absent. */
  executablePath?: string;
  env?: Env;
  /** Absolute paths tried after CHROME_PATH and PUPPETEER_EXECUTABLE_PATH; default /usr/bin/chromium. */
  chromiumCandidates?: readonly string[];
  /** Launching Chromium and loading mermaid; default 30 s. */
  launchTimeoutMs?: number;
  /** One render or screenshot; default 30 s. */
  renderTimeoutMs?: number;
}

/** What `renderAll` needs from a renderer (tests inject their own). */
export interface DiagramRenderer {
  svg(id: string, text: string): Promise<SvgResult>;
  png(svg: string): Promise<Buffer>;
  close(): Promise<void>;
}

export type OpenResult = { ok: true; renderer: Renderer } | { ok: false; error: BrowserError };

export interface Timings {
  /** Chromium started and connected. */
  launchMs: number;
  /** Page ready with mermaid loaded and initialised. */
  readyMs: number;
}

const DEFAULTS = { theme: 'default', scale: 2, maxTextSize: 50_000, layoutWidth: 1600, launchTimeoutMs: 30_000, renderTimeoutMs: 30_000 };
/** Chromium will not paint a bitmap much beyond 16k device pixels a side; bigger diagrams are scaled down. */
const MAX_DEVICE_PIXELS = 16_000;
const CLOSE_TIMEOUT_MS = 5_000;

const PAGE_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:#fff}</style></head><body></body></html>';
export class Renderer implements DiagramRenderer {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private pageBroken = false;
  private disconnected = false;

  private constructor(
    private readonly browser: Browser,
    private page: Page,
    readonly executablePath: string,
    private readonly settings: Required<Omit<RendererOptions, 'executablePath' | 'env' | 'chromiumCandidates'>>,
    readonly timings: Timings,
  ) {
    browser.on('disconnected', () => {
      this.disconnected = true;
    });
  }

  /**
   * Starts Chromium and loads mermaid. Rejects with a `NoBrowserError` when no Chromium is found and a
   * `BrowserLaunchError` when it will not start; never leaves a browser running when it rejects.
   */
  static async open(options: RendererOptions = {}): Promise<Renderer> {
    const settings = {
      ...renderSettings(options),
      launchTimeoutMs: options.launchTimeoutMs ?? DEFAULTS.launchTimeoutMs,
      renderTimeoutMs: options.renderTimeoutMs ?? DEFAULTS.renderTimeoutMs,
    };
    let executablePath = options.executablePath;
    if (!executablePath) {
      const search = chromiumSearch(options.env ?? process.env, options.chromiumCandidates);
      if (!search.found) throw new NoBrowserError(search.skipped);
      executablePath = search.found;
    }
    const started = performance.now();
    let browser: Browser;
    try {
      const { default: puppeteer } = await import('puppeteer');
      browser = await puppeteer.launch({
        executablePath,
        headless: true,
        args: [...CHROMIUM_ARGS],
        pipe: true,
        timeout: settings.launchTimeoutMs,
        protocolTimeout: settings.renderTimeoutMs + settings.launchTimeoutMs,
        defaultViewport: { width: 1280, height: 800, deviceScaleFactor: settings.scale },
      });
    } catch (e) {
      throw new BrowserLaunchError(executablePath, e);
    }
    const launchMs = performance.now() - started;
    try {
      const page = await withTimeout(preparePage(browser, settings), settings.launchTimeoutMs, 'loading mermaid');
      return new Renderer(browser, page, executablePath, settings, { launchMs, readyMs: performance.now() - started });
    } catch (e) {
      await shutDown(browser);
      throw new BrowserLaunchError(executablePath, e);
    }
  }

  /** `open` without the rejection: the error is returned, typed. */
  static async tryOpen(options: RendererOptions = {}): Promise<OpenResult> {
    try {
      return { ok: true, renderer: await Renderer.open(options) };
    } catch (e) {
      if (e instanceof BrowserError) return { ok: false, error: e };
      throw e;
    }
  }

  /** The Chromium process id, while it runs. */
  get pid(): number | undefined {
    return this.browser.process()?.pid;
  }

  /**
   * Renders one diagram. `id` becomes the SVG's id (reduced to [A-Za-z0-9_-]); mermaid's parse errors,
   * its text-size limit and timeouts come back as `{ ok: false, error }`.
   */
  async svg(id: string, text: string, options: { timeoutMs?: number } = {}): Promise<SvgResult> {
    const svgId = domId(id);
    try {
      const render = (page: Page) => page.evaluate(renderInPage, svgId, text, this.settings.maxTextSize);
      return await this.run(`rendering ${svgId}`, render, options.timeoutMs);
    } catch (e) {
      return { ok: false, error: message(e) };
    }
  }

  /** A PNG of an SVG (as `svg` returns it) on white, at `scale` pixels per CSS pixel. */
  async png(svg: string, options: { timeoutMs?: number } = {}): Promise<Buffer> {
    return this.run('taking a screenshot', async (page) => {
      const maxSide = Math.floor(MAX_DEVICE_PIXELS / this.settings.scale);
      await page.evaluate(showImageInPage, svg, maxSide);
      const image = await page.$('#craft-png');
      if (!image) throw new Error('the image did not appear');
      try {
        return Buffer.from(await image.screenshot({ type: 'png' }));
      } finally {
        await image.dispose();
        await page.evaluate(clearPage);
      }
    }, options.timeoutMs);
  }

  /** Closes the browser (idempotent); kills it if it does not exit in time. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await shutDown(this.browser);
  }

  /** One page operation at a time, each with a deadline; a page that missed one is replaced. */
  private run<T>(what: string, operation: (page: Page) => Promise<T>, timeoutMs = this.settings.renderTimeoutMs): Promise<T> {
    const result = this.queue.then(async () => {
      if (this.closed) throw new Error('the renderer is closed');
      if (this.disconnected) throw new Error('Chromium exited unexpectedly');
      if (this.pageBroken) await this.replacePage();
      const pending = operation(this.page);
      try {
        return await withTimeout(pending, timeoutMs, what);
      } catch (e) {
        if (e instanceof TimeoutError) {
          pending.catch(() => undefined);
          this.pageBroken = true;
        }
        throw e;
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async replacePage(): Promise<void> {
    const old = this.page;
    await withTimeout(old.close(), CLOSE_TIMEOUT_MS, 'closing a stuck page').catch(() => undefined);
    this.page = await withTimeout(preparePage(this.browser, this.settings), this.settings.launchTimeoutMs, 'loading mermaid');
    this.pageBroken = false;
  }
}

export function renderSettings(options: RenderSettings): Required<RenderSettings> {
  return {
    theme: options.theme ?? DEFAULTS.theme,
    scale: options.scale ?? DEFAULTS.scale,
    maxTextSize: options.maxTextSize ?? DEFAULTS.maxTextSize,
    layoutWidth: options.layoutWidth ?? DEFAULTS.layoutWidth,
  };
}

/** The resolved mermaid bundle: loaded from disk, never from the network. */
export function mermaidBundlePath(): string {
  return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
}

async function preparePage(browser: Browser, settings: { theme: string; maxTextSize: number; layoutWidth: number }): Promise<Page> {
  const page = await browser.newPage();
  try {
    // Nothing on this page may reach the network or the disk.
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return;
      const url = request.url();
      if (url.startsWith('data:') || url.startsWith('about:') || url.startsWith('blob:')) void request.continue();
      else void request.abort('blockedbyclient');
    });
    await page.setContent(PAGE_HTML);
    await page.addScriptTag({ path: mermaidBundlePath() });
    await page.evaluate(initialiseInPage, settings.theme, settings.maxTextSize, settings.layoutWidth);
    return page;
  } catch (e) {
    await page.close().catch(() => undefined);
    throw e;
  }
}

async function shutDown(browser: Browser): Promise<void> {
  const child = browser.process();
  try {
    await withTimeout(browser.close(), CLOSE_TIMEOUT_MS, 'closing Chromium');
  } catch {
    // killed below
  }
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A valid, CSS-safe element id: mermaid uses it in selectors. */
function domId(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_-]+/g, '_');
  return /^[A-Za-z]/.test(clean) ? clean : `d-${clean}`;
}

