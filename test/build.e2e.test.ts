/**
 * `craft build` end to end: the site of the example opens from file:// in a real Chromium with no console
 * error and no request outside its folder, every view and every simulation is there, rendered; two builds
 * are byte-identical; the output folder is guarded like every other writer's; hostile names stay text.
 * Skipped only when no Chromium exists, unless CRAFT_REQUIRE_BROWSER=1.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect } from 'vitest';
import { craft, root, test } from './support/cli.js';

function findChromium(): string | undefined {
  const candidates = [process.env['CHROME_PATH'], process.env['PUPPETEER_EXECUTABLE_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
}
const chromium = findChromium();
const requireBrowser = process.env['CRAFT_REQUIRE_BROWSER'] === '1';
const example = join(root, 'examples', 'ecommerce.craft');

describe('craft build without a browser', () => {
  test('a model with errors builds nothing (exit 1); -o is required', ({ tmp }) => {
    writeFileSync(join(tmp, 'broken.craft'), 'use_case "U" {\n  when Customer orders\n    Sales asks\n}\n');
    const r = craft(['build', 'broken.craft', '-o', 'site'], tmp);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no site written');
    expect(existsSync(join(tmp, 'site'))).toBe(false);
    expect(craft(['build', 'broken.craft'], tmp)).toMatchObject({ status: 2, stderr: "error: required option '-o, --out <dir>' not specified\n" });
  });
});

describe.skipIf(!chromium && !requireBrowser)('craft build in headless Chromium', () => {
  test('the site opens from disk with every view and simulation, nothing from outside; two builds are byte-identical', async ({ tmp }) => {
    if (!chromium) throw new Error('CRAFT_REQUIRE_BROWSER=1 but no Chromium found (apt-get install -y chromium, or set CHROME_PATH)');
    const first = craft(['build', example, '-o', 'site'], tmp);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('simulated 4 use cases: 4 PASS, 0 FAIL');
    expect(first.stdout).toContain(`open ${pathToFileURL(join(tmp, 'site', 'index.html')).href}`);
    expect(readdirSync(join(tmp, 'site'))).toEqual(['index.html']);
    const bytes = readFileSync(join(tmp, 'site', 'index.html'));
    const second = craft(['build', example, '-o', 'site'], tmp);
    expect(second.status, second.stderr).toBe(0);
    expect(readFileSync(join(tmp, 'site', 'index.html')).equals(bytes)).toBe(true);
    expect(bytes.toString('utf8')).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/);

    const puppeteer = (await import('puppeteer')).default;
    const browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      const site = pathToFileURL(join(tmp, 'site')).href + '/';
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('request', (r) => {
        if (!r.url().startsWith(site) && !/^(data|blob):/.test(r.url())) problems.push(`request outside the site: ${r.url()}`);
      });
      await page.goto(`${site}index.html`, { waitUntil: 'load' });
      const entries = await page.$$eval('#views a[data-entry]', (links) => links.map((a) => (a as HTMLElement).dataset['entry']!));
      expect(entries).toEqual([
        'c4-context', 'c4-container', 'domain',
        'sequence-product-browsing', 'sequence-order-placement', 'sequence-order-cancellation', 'sequence-stock-replenishment',
        'simulation=product-browsing', 'simulation=order-placement', 'simulation=order-cancellation', 'simulation=stock-replenishment',
      ]);
      for (const entry of entries) {
        // Each entry is a page of its own: opened directly from disk by its address.
        await page.goto(`${site}index.html#${entry.startsWith('simulation=') ? entry : `view=${entry}`}`, { waitUntil: 'load' });
        await page.waitForFunction((e) => document.body.dataset['view'] === e, { timeout: 15_000 }, entry);
        if (entry.startsWith('simulation=')) {
          const shown = await page.$eval(`[data-simulation="${entry.slice(11)}"]`, (a) => ({ hidden: (a as HTMLElement).hidden, badge: a.querySelector('.badge')?.textContent, svg: a.querySelector('.diagram svg') !== null, bars: a.querySelectorAll('.histogram rect.bar').length }));
          expect(shown, entry).toEqual({ hidden: false, badge: 'PASS', svg: true, bars: expect.any(Number) as number });
          expect(shown.bars, entry).toBeGreaterThan(0);
        } else {
          expect(await page.evaluate(() => document.body.dataset['rendered']), entry).toBe('yes');
          expect(await page.$eval('#stage svg', (s) => s.getBoundingClientRect().width), entry).toBeGreaterThan(50);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  test('writes through the guarded output folder: a file it did not write is kept unless --force', ({ tmp }) => {
    writeFileSync(join(tmp, 'index.html'), 'mine\n');
    const r = craft(['build', example, '-o', '.'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('index.html: not written: craft did not write this file (use --force to overwrite it)');
    expect(readFileSync(join(tmp, 'index.html'), 'utf8')).toBe('mine\n');
  }, 120_000);

  test('the hostile model builds, and its names stay text', ({ tmp }) => {
    const r = craft(['build', join(root, 'test', 'fixtures', 'hostile.craft'), '-o', 'site'], tmp);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(join(tmp, 'site', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script>alert|<b>the boss|<fast>/);
    expect(html).toContain("Checkout: &lt;script&gt;alert('x')&lt;/script&gt; &amp; more");
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="application/json" id="craft-state">', '<script>']);
  }, 120_000);
});
