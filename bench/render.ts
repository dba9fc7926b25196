/**
 * Diagram rendering: 20 diagrams of the example to SVG with craft's renderer (one browser, one page,
 * mermaid loaded once) against 20 `mmdc` processes in the same run, then the same 20 again from the
 * content-hash cache (no browser).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compile } from '../src/compiler/compile.js';
import { diagrams, diagramKinds } from '../src/diagrams/index.js';
import { findChromium } from '../src/render/browser.js';
import { renderAll } from '../src/render/index.js';

const GOAL_VS_MMDC = 15;
const GOAL_CACHED = 50;

export async function benchRender(root: string): Promise<string[]> {
  const chromium = findChromium();
  if (!chromium) return ['diagram rendering: skipped (no Chromium; apt-get install -y chromium)'];
  const path = join(root, 'examples', 'ecommerce.craft');
  const { model } = compile([{ path, text: readFileSync(path, 'utf8') }]);
  const base = diagrams(model, diagramKinds);
  // 20 distinct texts (a comment line tells copies apart, so neither tool can reuse a result).
  const texts = Array.from({ length: 20 }, (_, i) => `%% copy ${i}\n${base[i % base.length]!.text}`);
  const tmp = mkdtempSync(join(tmpdir(), 'craft-bench-render-'));
  try {
    const cacheDir = join(tmp, 'cache');
    const items = texts.map((text, i) => ({ name: `d${i}`, text, format: 'svg' as const }));
    let t = performance.now();
    const first = await renderAll(items, { cacheDir, chromium });
    const craftMs = performance.now() - t;
    const failed = first.filter((r) => r.error !== undefined).length;
    t = performance.now();
    const second = await renderAll(items, { cacheDir, chromium: '/bin/false' });
    const cachedMs = performance.now() - t;
    const allCached = second.every((r) => r.cached);

    const config = join(tmp, 'puppeteer.json');
    writeFileSync(config, JSON.stringify({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] }));
    const mmdc = join(root, 'node_modules', '.bin', 'mmdc');
    t = performance.now();
    let mmdcFailed = 0;
    texts.forEach((text, i) => {
      const input = join(tmp, `d${i}.mmd`);
      writeFileSync(input, text);
      const r = spawnSync(mmdc, ['-i', input, '-o', join(tmp, `d${i}.svg`), '-p', config, '-q'], { encoding: 'utf8' });
      if (r.status !== 0) mmdcFailed++;
    });
    const mmdcMs = performance.now() - t;
    const speedup = mmdcMs / craftMs;
    const cachedSpeedup = craftMs / cachedMs;
    const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
    return [
      `diagram rendering, 20 diagrams of examples/ecommerce.craft to SVG (${chromium}):`,
      `  craft renderer (one browser, one page)   ${s(craftMs)}  (${(craftMs / 20).toFixed(0)} ms per diagram incl. start-up${failed ? `, ${failed} failed` : ''})`,
      `  20 mmdc processes                        ${s(mmdcMs)}  (${(mmdcMs / 20).toFixed(0)} ms per diagram${mmdcFailed ? `, ${mmdcFailed} failed` : ''})`,
      `  ratio ${speedup.toFixed(1)}×  goal ≥ ${GOAL_VS_MMDC}×  ${speedup >= GOAL_VS_MMDC ? 'PASS' : 'MISS'}`,
      `  cached second run                        ${(cachedMs).toFixed(1)} ms, browser started: ${allCached ? 'no' : 'yes'}`,
      `  ratio first/cached ${cachedSpeedup.toFixed(0)}×  goal ≥ ${GOAL_CACHED}× and no browser  ${cachedSpeedup >= GOAL_CACHED && allCached ? 'PASS' : 'MISS'}`,
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
