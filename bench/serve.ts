/**
 * craft serve and craft build: the time from saving examples/ecommerce.craft to the updated SVG in an open
 * page (median of 20 saves, each renaming a context shown in the view), and `craft build` of the example
 * against what it replaces run as separate commands: `craft diagram --format svg` of the same views plus one
 * `craft simulate --html` per use case.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findChromium } from '../src/render/browser.js';
import { median } from './timing.js';

const GOAL_SAVE_MS = 300;
const SAVES = 20;

export async function benchServe(root: string): Promise<string[]> {
  const chromium = findChromium();
  if (!chromium) return ['craft serve / build: skipped (no Chromium; apt-get install -y chromium)'];
  const tmp = mkdtempSync(join(tmpdir(), 'craft-bench-serve-'));
  try {
    return [...(await saveToSvg(root, tmp, chromium)), ...buildAgainstCommands(root, tmp)];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function saveToSvg(root: string, tmp: string, chromium: string): Promise<string[]> {
  const model = join(tmp, 'ecommerce.craft');
  copyFileSync(join(root, 'examples', 'ecommerce.craft'), model);
  const original = readFileSync(model, 'utf8');
  const child = spawn(process.execPath, [join(root, 'bin', 'craft.js'), 'serve', 'ecommerce.craft', '--port', '0'], { cwd: tmp, stdio: ['ignore', 'pipe', 'ignore'] });
  const puppeteer = (await import('puppeteer')).default;
  const browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const m = /craft serve: (http:\/\/\S+\/) /.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`craft serve exited: ${out}`)));
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${url}#view=sequence-order-placement`, { waitUntil: 'load' });
    // Page code as text: the bench compiles without the DOM library.
    await page.waitForFunction("document.body.dataset.rendered === 'yes'", { timeout: 30_000 });
    const times: number[] = [];
    for (let i = 0; i <= SAVES; i++) {
      const name = `PaymentDesk${i}`;
      const started = performance.now();
      writeFileSync(model, original.replaceAll('PaymentProcessing', name));
      await page.waitForFunction(`(document.querySelector('#stage svg')?.textContent ?? '').includes(${JSON.stringify(name)})`, { polling: 'mutation', timeout: 30_000 });
      // The first save warms the server and the page; it is not counted.
      if (i > 0) times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 100));
    }
    const m = median(times);
    return [
      `craft serve: save of examples/ecommerce.craft to the updated SVG in the page (sequence view, median of ${SAVES} saves):`,
      `  median ${m.toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})  goal < ${GOAL_SAVE_MS} ms  ${m < GOAL_SAVE_MS ? 'PASS' : 'MISS'}`,
    ];
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
}

function buildAgainstCommands(root: string, tmp: string): string[] {
  const craft = (args: string[]) => {
    const started = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'bin', 'craft.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 0) throw new Error(`craft ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return performance.now() - started;
  };
  const example = 'examples/ecommerce.craft';
  const useCases = ['product-browsing', 'order-placement', 'order-cancellation', 'stock-replenishment'];
  const buildMs = craft(['build', example, '-o', join(tmp, 'site')]);
  let separateMs = craft(['diagram', example, '--format', 'svg', '-o', join(tmp, 'diagrams')]);
  for (const u of useCases) separateMs += craft(['simulate', example, u, '--no-timeline', '--html', join(tmp, `${u}.html`)]);
  const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
  return [
    'craft build of examples/ecommerce.craft (7 views and 4 simulations, one browser) against separate commands:',
    `  craft build                                          ${s(buildMs)}`,
    `  craft diagram --format svg + 4 × craft simulate --html ${s(separateMs)}`,
    `  ratio ${(separateMs / buildMs).toFixed(1)}×  goal: build faster  ${buildMs < separateMs ? 'PASS' : 'MISS'}`,
  ];
}
