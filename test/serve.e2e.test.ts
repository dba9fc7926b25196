/**
 * `craft serve` end to end: the built CLI on a temporary copy of the example, driven by puppeteer in a real
 * Chromium (one browser for the file, pages reused): the page loads clean, every view renders, a save
 * updates the page, errors show as an overlay that goes when fixed, the simulation panel runs with the same
 * bytes as `craft simulate --json`; and the server's guards: loopback only, fixed routes, escaped names.
 * The browser tests are skipped only when no Chromium exists, unless CRAFT_REQUIRE_BROWSER=1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Workbench } from '../src/server/index.js';
import { bin, craft, root } from './support/cli.js';

function findChromium(): string | undefined {
  const candidates = [process.env['CHROME_PATH'], process.env['PUPPETEER_EXECUTABLE_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
}
const chromium = findChromium();
const requireBrowser = process.env['CRAFT_REQUIRE_BROWSER'] === '1';

interface Served {
  url: string;
  child: ChildProcess;
  stderr: () => string;
}

/** `craft serve <args>` in `cwd` on a free port; resolves once it prints its address. */
function serve(cwd: string, args: readonly string[]): Promise<Served> {
  const child = spawn(process.execPath, [bin, 'serve', ...args, '--port', '0'], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`craft serve did not start:\n${out}${err}`)), 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /craft serve: (http:\/\/\S+\/) /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, stderr: () => err });
      }
    });
    child.on('exit', (code) => reject(new Error(`craft serve exited (${code}):\n${out}${err}`)));
  });
}

function stop(s: Served | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill('SIGTERM');
  });
}

/** A raw GET: the path is sent as written (no URL normalisation), with an optional Host header. */
function get(url: string, path: string, host?: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const r = request({ host: u.hostname, port: u.port, path, method: 'GET', headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

describe('the server without a browser', () => {
  it('refuses a non-loopback address that was not named explicitly, before listening', async () => {
    const workbench: Workbench = { title: 't', check: () => Promise.reject(new Error('not reached')), views: () => Promise.resolve([]), useCases: () => [], simulate: () => Promise.reject(new Error('not reached')) };
    await expect(startServer({ workbench, watch: [], host: '0.0.0.0', hostExplicit: false, port: 0, nextFreePort: false })).rejects.toThrow(/0\.0\.0\.0 is not a loopback address: name it with --host/);
  });

  it('a missing file or a bad port is a usage error, exit 2', () => {
    expect(craft(['serve', 'nowhere.craft'])).toMatchObject({ status: 2, stderr: 'craft: nowhere.craft: no such file or directory\n' });
    expect(craft(['serve', 'examples/ecommerce.craft', '--port', '70000'])).toMatchObject({ status: 2, stderr: 'craft: --port: expected a whole number from 0 to 65535, got "70000"\n' });
  });
});

describe.skipIf(!chromium && !requireBrowser)('craft serve in headless Chromium', () => {
  let dir: string;
  let model: string;
  let original: string;
  let served: Served | undefined;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!chromium) throw new Error('CRAFT_REQUIRE_BROWSER=1 but no Chromium found (apt-get install -y chromium, or set CHROME_PATH)');
    dir = mkdtempSync(join(tmpdir(), 'craft-serve-'));
    model = join(dir, 'ecommerce.craft');
    copyFileSync(join(root, 'examples', 'ecommerce.craft'), model);
    original = readFileSync(model, 'utf8');
    served = await serve(dir, ['ecommerce.craft', '--json']);
    const puppeteer = (await import('puppeteer')).default;
    browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'] });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(served!.url) && !/^(data|blob):/.test(r.url())) problems.push(`request outside the server: ${r.url()}`);
    });
    await page.goto(served.url, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stop(served);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const shown = () => page.evaluate(() => ({ view: document.body.dataset['view'], rendered: document.body.dataset['rendered'], svg: document.querySelector('#stage svg')?.textContent ?? '' }));

  it('loads with no console error and renders every view with mermaid, with no error', async () => {
    await page.waitForFunction(() => document.body.dataset['rendered'] !== undefined, { timeout: 30_000 });
    const entries = await page.$$eval('#views a[data-entry]', (links) => links.map((a) => (a as HTMLElement).dataset['entry']!));
    expect(entries).toEqual(['c4-context', 'c4-container', 'domain', 'sequence-product-browsing', 'sequence-order-placement', 'sequence-order-cancellation', 'sequence-stock-replenishment', 'simulation']);
    for (const id of entries.filter((e) => e !== 'simulation')) {
      await page.click(`#views a[data-entry="${id}"]`);
      await page.waitForFunction((id) => document.body.dataset['view'] === id && document.querySelector('#stage svg') !== null, { timeout: 30_000 }, id);
      const now = await shown();
      expect(now.rendered, id).toBe('yes');
      expect(now.svg.length, id).toBeGreaterThan(20);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('a click on a participant shows where it is declared and what it does', async () => {
    await page.click('#views a[data-entry="sequence-order-placement"]');
    await page.waitForFunction(() => document.body.dataset['view'] === 'sequence-order-placement' && document.querySelector('#stage .participant-hit'));
    await page.evaluate(() => {
      const hit = [...document.querySelectorAll('#stage .participant-hit')].find((g) => g.textContent?.trim() === 'PaymentProcessing');
      hit?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    });
    const details = await page.$eval('#details', (d) => ({ hidden: (d as HTMLElement).hidden, text: d.textContent ?? '' }));
    expect(details.hidden).toBe(false);
    expect(details.text).toMatch(/PaymentProcessingbounded context of Payment, in OrderServiceDeclared atecommerce\.craft:\d+/);
    expect(details.text).toContain('publishesPayment ProcessedRefund Processed');
  });

  it('a save that renames a context updates the page within a second, keeping the view', async () => {
    // The fastest of three saves: on a machine shared with the rest of the suite, one can wait for a core.
    const times: number[] = [];
    for (const name of ['PaymentDesk', 'PaymentCounter', 'PaymentDesk']) {
      const before = Number(await page.evaluate(() => document.body.dataset['version']));
      const started = Date.now();
      writeFileSync(model, original.replaceAll('PaymentProcessing', name));
      await page.waitForFunction(
        (v, n) => Number(document.body.dataset['version']) > v && (document.querySelector('#stage svg')?.textContent ?? '').includes(n),
        { timeout: 10_000, polling: 'mutation' },
        before,
        name,
      );
      times.push(Date.now() - started);
    }
    expect(Math.min(...times)).toBeLessThan(1000);
    expect((await shown()).view).toBe('sequence-order-placement');
    expect(served!.stderr()).toMatch(/\{"event":"reload","version":\d+,"ms":[\d.]+,"errors":0,"warnings":\d+,"files":1\}/);
  });

  it('an error shows the overlay at its line over the last good diagram; fixing it removes the overlay', async () => {
    const lines = original.split('\n');
    const at = lines.findIndex((l) => l.includes('services {'));
    writeFileSync(model, original.replace('services {', 'services {{'));
    await page.waitForFunction(() => !(document.getElementById('overlay') as HTMLElement).hidden, { timeout: 10_000 });
    const overlay = await page.$eval('#overlay', (o) => o.textContent ?? '');
    expect(overlay).toContain(`ecommerce.craft:${at + 1}:`);
    expect(overlay).toContain('craft/syntax/');
    expect(overlay).toContain(`${at + 1} | services {{`);
    expect((await shown()).svg).toContain('PaymentDesk'); // the last good diagram stays
    writeFileSync(model, original);
    await page.waitForFunction(() => (document.getElementById('overlay') as HTMLElement).hidden && (document.querySelector('#stage svg')?.textContent ?? '').includes('PaymentProcessing'), { timeout: 10_000 });
    expect(problems).toEqual([]);
  });

  it('the simulation panel runs order-placement: PASS, the histogram, the diagram; the JSON is craft simulate --json', async () => {
    await page.click('#views a[data-entry="simulation"]');
    await page.waitForSelector('#sim-form input[name="useCase"]');
    await page.evaluate(() => {
      for (const i of document.querySelectorAll<HTMLInputElement>('#sim-form input[name="useCase"]')) i.checked = i.value === 'order-placement';
      (document.getElementById('sim-flows') as HTMLInputElement).value = '5';
      (document.getElementById('sim-runs') as HTMLInputElement).value = '2';
    });
    await page.click('#sim-form button[type="submit"]');
    await page.waitForFunction(() => ['done', 'refused', 'failed'].includes(document.body.dataset['simulation'] ?? ''), { timeout: 60_000 });
    expect(await page.evaluate(() => document.body.dataset['simulation'])).toBe('done');
    expect(await page.$eval('#sim-results .badge', (b) => b.textContent)).toBe('PASS');
    expect(await page.$$eval('#sim-results .histogram rect.bar', (bars) => bars.length)).toBeGreaterThan(0);
    expect(await page.$eval('#sim-results .histogram', (h) => h.textContent)).toContain('10 flows');
    expect(await page.$eval('#sim-results .diagram svg', (s) => s.textContent)).toContain('PaymentGateway');
    expect(problems).toEqual([]);

    const answer = (await page.evaluate(async () => {
      const r = await fetch('/api/simulate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ useCases: ['order-placement'], seed: '3', flows: '2', faults: ['drop=0.1'] }) });
      return r.json();
    })) as { ok: boolean; json: string };
    expect(answer.ok).toBe(true);
    const cli = craft(['simulate', 'ecommerce.craft', 'order-placement', '--seed', '3', '--flows', '2', '--faults', 'drop=0.1', '--json'], dir);
    expect(cli.status, cli.stderr).toBe(0);
    expect(answer.json).toBe(cli.stdout);
  }, 120_000);

  it('serves only its routes: traversal, encoded or not, is not found; another host name is refused', async () => {
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/ecommerce.craft', '//etc/passwd']) {
      const r = await get(served!.url, path);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('root:');
    }
    expect((await get(served!.url, '/', 'attacker.example:80')).status).toBe(403);
    expect((await get(served!.url, '/mermaid.min.js')).body.length).toBeGreaterThan(1_000_000);
  });

  it('escapes every name of the hostile model in the page, and runs none of it', async () => {
    const hostileDir = mkdtempSync(join(tmpdir(), 'craft-serve-hostile-'));
    copyFileSync(join(root, 'test', 'fixtures', 'hostile.craft'), join(hostileDir, 'hostile.craft'));
    const hostile = await serve(hostileDir, ['hostile.craft']);
    try {
      const html = (await get(hostile.url, '/')).body;
      expect(html).not.toMatch(/<script>alert|<b>the boss|<fast>/);
      const second = await browser.newPage();
      const dialogs: string[] = [];
      second.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await second.goto(hostile.url, { waitUntil: 'load' });
      await second.waitForFunction(() => document.body.dataset['rendered'] !== undefined, { timeout: 30_000 });
      expect(await second.$eval('#views', (n) => n.textContent)).toContain("Checkout: <script>alert('x')</script> & more");
      expect(await second.$$eval('script', (s) => s.length)).toBe(3);
      expect(dialogs).toEqual([]);
      await second.close();
    } finally {
      await stop(hostile);
      rmSync(hostileDir, { recursive: true, force: true });
    }
  }, 60_000);
});
