/**
 * Rendering Mermaid with the system Chromium: every golden diagram renders, labels arrive decoded and
 * inert, PNGs are PNGs, rejected diagrams come back as data, the cache spares the browser, and no Chromium
 * outlives its renderer. Needs a browser: without one the browser tests are skipped, unless
 * CRAFT_REQUIRE_BROWSER=1 (CI), where their absence is a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumSearch, findChromium, NO_BROWSER_HINT } from '../src/render/browser.js';
import { cacheKey, RenderCache } from '../src/render/cache.js';
import {
  BrowserLaunchError,
  NoBrowserError,
  renderAll,
  Renderer,
  renderKey,
  type DiagramRenderer,
  type RenderItem,
} from '../src/render/index.js';

const goldenDir = new URL('./golden/diagrams/', import.meta.url);
const goldens = readdirSync(goldenDir).filter((f) => f.endsWith('.mmd')).sort();
const golden = (name: string) => readFileSync(new URL(name, goldenDir), 'utf8');
const chromium = findChromium();
const requireBrowser = process.env['CRAFT_REQUIRE_BROWSER'] === '1';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const tmp = mkdtempSync(join(tmpdir(), 'craft-render-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('findChromium', () => {
  const exe = (name: string) => {
    const path = join(tmp, name);
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
    return path;
  };

  it('prefers CHROME_PATH, then PUPPETEER_EXECUTABLE_PATH, then the well-known paths, then PATH', () => {
    const a = exe('a-chrome');
    const b = exe('b-chrome');
    const known = exe('known-chrome');
    const bin = mkdtempSync(join(tmp, 'bin-'));
    writeFileSync(join(bin, 'chromium'), '#!/bin/sh\n');
    chmodSync(join(bin, 'chromium'), 0o755);
    expect(findChromium({ CHROME_PATH: a, PUPPETEER_EXECUTABLE_PATH: b, PATH: bin }, [known])).toBe(a);
    expect(findChromium({ PUPPETEER_EXECUTABLE_PATH: b, PATH: bin }, [known])).toBe(b);
    expect(findChromium({ PATH: bin }, [known])).toBe(known);
    expect(findChromium({ PATH: `/nonexistent:${bin}` }, [])).toBe(join(bin, 'chromium'));
  });

  it('skips what is not an executable file, and says why', () => {
    const plain = join(tmp, 'not-executable');
    writeFileSync(plain, '');
    chmodSync(plain, 0o644);
    const search = chromiumSearch({ CHROME_PATH: plain, PUPPETEER_EXECUTABLE_PATH: tmp, PATH: tmp }, []);
    expect(search.found).toBeUndefined();
    expect(search.skipped).toEqual([`CHROME_PATH=${plain} is not an executable file`, `PUPPETEER_EXECUTABLE_PATH=${tmp} is not an executable file`]);
    expect(findChromium({}, [])).toBeUndefined();
  });

  it('does not fall back to another browser when the one named is missing', () => {
    const known = exe('known-fallback');
    expect(chromiumSearch({ CHROME_PATH: join(tmp, 'missing') }, [known]).found).toBeUndefined();
  });
});

describe('the cache', () => {
  it('keys on text, format and options, and keeps entries as files', () => {
    const key = cacheKey('flowchart LR\n a --> b\n', 'svg', { theme: 'default' });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey('flowchart LR\n a --> b\n', 'svg', { theme: 'default' })).toBe(key);
    expect(cacheKey('flowchart LR\n a --> c\n', 'svg', { theme: 'default' })).not.toBe(key);
    expect(cacheKey('flowchart LR\n a --> b\n', 'png', { theme: 'default' })).not.toBe(key);
    expect(cacheKey('flowchart LR\n a --> b\n', 'svg', { theme: 'dark' })).not.toBe(key);
    expect(cacheKey('x', 'png', { a: 1, b: 2 })).toBe(cacheKey('x', 'png', { b: 2, a: 1 }));

    const dir = join(tmp, 'cache-unit');
    const cache = new RenderCache(dir);
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, Buffer.from('<svg/>'));
    expect(new RenderCache(dir).get(key)?.toString()).toBe('<svg/>');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('*\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('answers entirely from the cache without looking for a browser', async () => {
    const dir = join(tmp, 'cache-only');
    const text = 'flowchart LR\n  a --> b\n';
    new RenderCache(dir).set(renderKey(text, 'svg'), Buffer.from('<svg>cached</svg>'));
    const results = await renderAll([{ name: 'a', text, format: 'svg' }], {
      cacheDir: dir,
      env: {},
      chromiumCandidates: [],
    });
    expect(results).toEqual([{ name: 'a', format: 'svg', data: Buffer.from('<svg>cached</svg>'), cached: true }]);
  });
});

describe('without a browser', () => {
  it('refuses with NoBrowserError, saying what to do, when something needs rendering', async () => {
    const attempt = renderAll([{ name: 'a', text: 'flowchart LR\n  x --> y\n', format: 'png' }], { env: {}, chromiumCandidates: [] });
    await expect(attempt).rejects.toBeInstanceOf(NoBrowserError);
    await expect(attempt).rejects.toThrow(`no Chromium found: ${NO_BROWSER_HINT}`);
    expect(NO_BROWSER_HINT).toContain('--format md / mmd');
  });

  it('reports a Chromium that will not start as a typed error', async () => {
    const result = await Renderer.tryOpen({ executablePath: '/bin/false', launchTimeoutMs: 10_000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(BrowserLaunchError);
    expect(result.error.code).toBe('launch-failed');
    expect(result.error.message).toContain('/bin/false');
  });
});

if (!chromium && requireBrowser) {
  it('finds Chromium (CRAFT_REQUIRE_BROWSER=1)', () => {
    throw new Error(`CRAFT_REQUIRE_BROWSER=1 but no Chromium found: ${NO_BROWSER_HINT}`);
  });
}

describe.skipIf(!chromium)(chromium ? `rendering with ${chromium}` : 'rendering: skipped, no Chromium found (apt-get install -y chromium, or set CHROME_PATH)', () => {
  let renderer: Renderer;
  beforeAll(async () => {
    renderer = await Renderer.open();
  });
  afterAll(async () => {
    await renderer?.close();
  });
  /** The shared renderer, lent to renderAll: counts opens, ignores close. */
  const lend = (counter: { opens: number }) => async (): Promise<DiagramRenderer> => {
    counter.opens++;
    return { svg: (id, text) => renderer.svg(id, text), png: (svg) => renderer.png(svg), close: async () => undefined };
  };

  describe.each(goldens)('%s', (file) => {
    it('renders to SVG with every label visible and nothing executable', async () => {
      const result = await renderer.svg(file.replace(/\.mmd$/, ''), golden(file));
      if (!result.ok) throw new Error(`mermaid rejected ${file}: ${result.error}`);
      expect(result.svg).toMatch(/^<svg[\s>]/);
      expect(result.svg).not.toMatch(/<script/i);
      expect(result.svg).not.toMatch(/\son\w+\s*=/i);
      const text = squash(visibleText(result.svg));
      const labels = labelsOf(golden(file));
      expect(labels.length).toBeGreaterThan(3);
      for (const l of labels) expect(text, `label ${JSON.stringify(l)}`).toContain(squash(l));
    });
  });

  it('shows the labels the examples promise', async () => {
    const shown = async (file: string) => {
      const r = await renderer.svg('x', golden(file));
      if (!r.ok) throw new Error(r.error);
      return visibleText(r.svg);
    };
    const context = await shown('ecommerce-c4-context.mmd');
    expect(context).toContain('Customer');
    expect(context).toContain('PaymentGateway');
    for (const file of goldens.filter((f) => f.startsWith('hostile-'))) {
      const text = squash(await shown(file));
      expect(text).toContain(squash('Pay#Gate; %%evil'));
    }
    expect(squash(await shown('hostile-c4-container.mmd'))).toContain(squash('Svc <script>alert(1)</script>'));
    expect(squash(await shown('hostile-domain.mmd'))).toContain('Straße');
    expect(squash(await shown('hostile-sequence-checkout-script-alert-x-script-more.mmd'))).toContain(
      squash("Checkout: <script>alert('x')</script> & more"),
    );
  });

  it('renders a PNG at twice the size, on white', async () => {
    const r = await renderer.svg('png-check', golden('ecommerce-c4-context.mmd'));
    if (!r.ok) throw new Error(r.error);
    const png = await renderer.png(r.svg);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const viewBox = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(r.svg)!;
    expect(png.readUInt32BE(16)).toBe(2 * Math.ceil(Number(viewBox[1])));
    expect(png.readUInt32BE(20)).toBe(2 * Math.ceil(Number(viewBox[2])));
  });

  it('returns mermaid errors as data and carries on', async () => {
    const bad = await renderer.svg('bad', 'flowchart LR\n  a --> [[\n');
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('Parse error') });
    const unknown = await renderer.svg('unknown', 'nonsense\n');
    expect(unknown.ok).toBe(false);
    const huge = await renderer.svg('huge', `flowchart LR\n${'  a --> b\n'.repeat(6000)}`);
    expect(huge).toMatchObject({ ok: false, error: expect.stringContaining('Maximum text size') });
    const good = await renderer.svg('good', 'flowchart LR\n  a --> b\n');
    expect(good.ok).toBe(true);
  });

  it('takes one screenshot at a time however it is called', async () => {
    const svgs = await Promise.all(['ecommerce-domain.mmd', 'hostile-domain.mmd', 'constructs-c4-context.mmd'].map((f, i) => renderer.svg(`c${i}`, golden(f))));
    const pngs = await Promise.all(svgs.map((s) => (s.ok ? renderer.png(s.svg) : Promise.reject(new Error(s.error)))));
    for (const p of pngs) expect(p.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(new Set(pngs.map((p) => p.length)).size).toBe(3);
  });

  it('renders all it can, in order, naming the diagram mermaid rejects', async () => {
    const items: RenderItem[] = [
      { name: 'context.svg', text: golden('constructs-c4-context.mmd'), format: 'svg' },
      { name: 'broken.svg', text: 'sequenceDiagram\n  a->>: \n  ]]\n', format: 'svg' },
      { name: 'domain.png', text: golden('constructs-domain.mmd'), format: 'png' },
      { name: 'domain.svg', text: golden('constructs-domain.mmd'), format: 'svg' },
    ];
    const counter = { opens: 0 };
    const progress: string[] = [];
    const results = await renderAll(items, { open: lend(counter), onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.name}`) });
    expect(counter.opens).toBe(1);
    expect(results.map((r) => r.name)).toEqual(items.map((i) => i.name));
    expect(results[1]).toMatchObject({ name: 'broken.svg', cached: false, error: expect.any(String) });
    expect(results[1]!.data).toBeUndefined();
    expect(results[0]!.data!.toString()).toMatch(/^<svg/);
    expect(results[2]!.data!.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(results[3]!.data!.toString()).toMatch(/^<svg/);
    expect(progress).toEqual(['1/4 context.svg', '2/4 broken.svg', '3/4 domain.png', '4/4 domain.svg']);
  });

  it('serves unchanged diagrams from the cache without starting a browser', async () => {
    const cacheDir = join(tmp, 'cache-e2e');
    const items: RenderItem[] = [
      { name: 'context.svg', text: golden('ecommerce-c4-context.mmd'), format: 'svg' },
      { name: 'context.png', text: golden('ecommerce-c4-context.mmd'), format: 'png' },
      { name: 'sequence.svg', text: golden('ecommerce-sequence-product-browsing.mmd'), format: 'svg' },
    ];
    const first = { opens: 0 };
    const one = await renderAll(items, { cacheDir, open: lend(first) });
    expect(first.opens).toBe(1);
    expect(one.map((r) => [r.cached, r.error])).toEqual(items.map(() => [false, undefined]));

    const never = async (): Promise<DiagramRenderer> => {
      throw new Error('the second run started a browser');
    };
    const two = await renderAll(items, { cacheDir, open: never });
    expect(two.map((r) => r.cached)).toEqual([true, true, true]);
    expect(two.map((r) => r.data)).toEqual(one.map((r) => r.data));

    const third = { opens: 0 };
    const changed = [items[0]!, { ...items[2]!, text: items[2]!.text.replace('Product Browsing', 'Browsing') }];
    const three = await renderAll(changed, { cacheDir, open: lend(third) });
    expect(third.opens).toBe(1);
    expect(three.map((r) => r.cached)).toEqual([true, false]);

    const notADirectory = join(tmp, 'plain-file');
    writeFileSync(notADirectory, '');
    const unwritable = await renderAll([changed[1]!], { cacheDir: notADirectory, open: lend({ opens: 0 }) });
    expect(unwritable[0]!.data!.toString()).toMatch(/^<svg/);
  });

  it('replaces a page that missed its deadline', async () => {
    const late = await renderer.svg('late', golden('ecommerce-c4-container.mmd'), { timeoutMs: 1 });
    expect(late).toMatchObject({ ok: false, error: expect.stringContaining('took longer than 1 ms') });
    const after = await renderer.svg('after', golden('hostile-domain.mmd'));
    expect(after.ok).toBe(true);
  });

  it('leaves no Chromium process behind', async () => {
    const own = await Renderer.open();
    const pid = own.pid!;
    expect(pid).toBeGreaterThan(0);
    const profile = existsSync(`/proc/${pid}/cmdline`) ? /--user-data-dir=([^\0]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] : undefined;
    expect(own.timings.readyMs).toBeGreaterThan(own.timings.launchMs);
    await own.close();
    await own.close();
    await expect(own.svg('x', 'flowchart LR\n a --> b\n')).resolves.toMatchObject({ ok: false, error: 'the renderer is closed' });
    expect(alive(pid)).toBe(false);
    if (profile) expect(processesMentioning(profile)).toEqual([]);
  });
});

/** What a reader sees: the SVG's text, without markup, with entities decoded. */
function visibleText(svg: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos|nbsp);/gi, (_m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[e.toLowerCase()]!,
    );
}

/** Whitespace-insensitive (mermaid wraps long labels), and blind to the invisible word joiner. */
function squash(text: string): string {
  return text.replace(/[\s\u2060]+/g, '');
}

/** The labels a golden draws, decoded the way mermaid decodes them for that kind of text. */
function labelsOf(mmd: string): string[] {
  const codes = (s: string) => s.replace(/#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)));
  const html = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const out: string[] = [];
  for (const line of mmd.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^\s*title (.*)$/.exec(line))) out.push(codes(m[1]!));
    else if ((m = /^\s*(?:Person|System|System_Ext|Container|Container_Ext|ContainerDb|ContainerQueue)\(\w+, "([^"]*)"/.exec(line))) out.push(html(m[1]!));
    else if ((m = /^\s*System_Boundary\(\w+, "([^"]*)"/.exec(line))) out.push(codes(m[1]!));
    else if ((m = /^\s*(?:Bi)?Rel\(\w+, \w+, "([^"]*)"/.exec(line))) out.push(...m[1]!.split('<br/>').map(codes));
    else if ((m = /^\s*(?:participant|actor) \w+ as (.*)$/.exec(line))) out.push(codes(m[1]!));
    else if ((m = /^\s*(?:\w+(?:-\)|->>|-->>)\w+|Note over \w+): (.*)$/.exec(line))) out.push(codes(m[1]!));
    else for (const q of line.matchAll(/(?:\[\[?\/?|\|)"([^"]*)"/g)) out.push(codes(q[1]!));
  }
  return out.filter((l) => l.trim() !== '');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}
