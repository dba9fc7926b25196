/**
 * `craft simulate` run as a process on examples/ecommerce.craft: the seed flows of the issue, determinism
 * across processes, --check, the argument split, outputs (--json, --mermaid, --html), and the HTML report
 * in a real headless Chromium (skipped only when no Chromium exists, unless CRAFT_REQUIRE_BROWSER=1).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { craft, root, test } from './support/cli.js';
import { expectOrder, published, steps as stepTexts } from './support/trace.js';
import type { TraceRecord } from '../src/simulator/trace.js';

const example = 'examples/ecommerce.craft';

interface Doc {
  options: { seed: number };
  runs: { seed: number; verdict: { ok: boolean; flows: Record<string, number> }; trace: TraceRecord[] }[];
}

function simulateJson(args: string[]): { doc: Doc; text: string; trace: TraceRecord[] } {
  const r = craft(['simulate', example, ...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as Doc;
  return { doc, text: r.stdout, trace: doc.runs[0]!.trace };
}


describe('the seed flows of examples/ecommerce.craft', () => {
  test('order-placement: cart, checkout asking stock and shipping cost, payment through the gateway, confirmation, reservation, label, email', () => {
    const { doc, trace } = simulateJson(['order-placement']);
    expect(doc.runs[0]!.verdict.flows).toMatchObject({ total: 1, completed: 1 });
    const steps = stepTexts(trace);
    expectOrder(
      steps,
      'ShoppingCart validates product availability',
      'ShoppingCart calculates subtotal',
      'OrderManagement validates cart items',
      'OrderManagement asks StockManagement to check availability',
      'StockManagement returns to OrderManagement the availability status',
      'OrderManagement asks ShippingCalculation for shipping cost',
      'ShippingCalculation returns to OrderManagement the shipping cost',
      'OrderManagement creates order',
      'PaymentProcessing asks PaymentGateway to process transaction',
      'PaymentGateway returns to PaymentProcessing the transaction result',
      'PaymentProcessing notifies "Payment Processed"',
      'OrderManagement confirms order',
      'OrderManagement asks StockManagement to reserve items',
      'StockManagement handles "reserve items" (implicit reply)',
      'OrderManagement notifies "Order Confirmed"',
    );
    expectOrder(steps, 'OrderManagement notifies "Order Confirmed"', 'LabelGeneration asks ShippingProvider to register shipment', 'ShippingProvider returns to LabelGeneration the tracking number');
    expectOrder(steps, 'OrderManagement notifies "Order Confirmed"', 'EmailNotification asks EmailService to send email', 'EmailService handles "send email" (implicit reply)');
    expectOrder(steps, 'OrderManagement notifies "Order Confirmed"', 'StockManagement updates inventory levels');
    // The gateway is an external stub that answers after its latency; everything is one flow.
    const gateway = trace.find((t) => t.kind === 'step' && t.participant === 'PaymentGateway')!;
    expect(gateway.duration).toBeGreaterThanOrEqual(100);
    expect(new Set(trace.map((t) => t.flow).filter(Boolean))).toEqual(new Set(['flow-1']));
    expect(published(trace)).toEqual(['Payment Processed', 'Order Confirmed', 'Inventory Updated', 'Shipment Ready']);
    // "Order Confirmed" reaches its three listeners.
    const starts = trace.filter((t) => t.kind === 'start' && t.messageKind === 'event').map((t) => t.scenario);
    expect(starts).toEqual(['order-placement/4', 'order-placement/5', 'order-placement/6', 'order-placement/7']);
  });

  test('order-placement order-cancellation: the same flow places, then cancels: refund through the gateway, stock released, refund email', () => {
    const { doc, trace } = simulateJson(['order-placement', 'order-cancellation']);
    expect(doc.runs[0]!.verdict.flows).toMatchObject({ total: 1, completed: 1 });
    const steps = stepTexts(trace);
    expectOrder(
      steps,
      'OrderManagement notifies "Order Confirmed"',
      'OrderManagement validates cancellation eligibility',
      'OrderManagement notifies "Order Cancelled"',
    );
    expectOrder(steps, 'OrderManagement notifies "Order Cancelled"', 'PaymentProcessing asks PaymentGateway to refund transaction', 'PaymentGateway returns to PaymentProcessing the refund confirmation', 'PaymentProcessing notifies "Refund Processed"', 'EmailNotification asks EmailService to send refund confirmation');
    expectOrder(steps, 'OrderManagement asks StockManagement to reserve items', 'OrderManagement notifies "Order Cancelled"', 'StockManagement releases reserved inventory');
    const triggers = trace.filter((t) => t.kind === 'trigger');
    expect(triggers.map((t) => [t.flow, t.scenario])).toEqual([
      ['flow-1', 'order-placement/1'],
      ['flow-1', 'order-placement/2'],
      ['flow-1', 'order-placement/3'],
      ['flow-1', 'order-cancellation/1'],
    ]);
  });

  test('stock-replenishment: the daily check fires on the clock, low-stock alert, the admin approves, purchase order, stock received, products available', () => {
    const { trace } = simulateJson(['stock-replenishment', '--human-delay', '10m']);
    const triggers = trace.filter((t) => t.kind === 'trigger');
    expect(triggers.map((t) => [t.time, t.from, t.scenario])).toEqual([
      [86_400_000, 'CRON', 'stock-replenishment/1'],
      [expect.any(Number), 'Admin', 'stock-replenishment/2'],
      [expect.any(Number), 'Inventory/Warehouse', 'stock-replenishment/3'],
    ]);
    expect(triggers[1]!.time - 86_400_000).toBeGreaterThanOrEqual(600_000);
    expect(published(trace)).toEqual(['Low Stock Alert', 'Replenishment Ordered', 'Stock Updated']);
    expectOrder(stepTexts(trace), 'Replenishment identifies low stock items', 'Replenishment creates purchase order', 'Warehouse updates inventory levels', 'ProductManagement marks products as available');
  });

  test('same seed and model in two processes: byte-identical --json', () => {
    const args = ['simulate', example, 'order-placement', 'order-cancellation', '--flows', '3', '--faults', 'drop=0.05,duplicate=0.1,delay=1ms..50ms', '--seed', '7', '--json'];
    const a = craft(args);
    const b = craft(args);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(a.stdout).toBe(b.stdout);
    expect(craft([...args.slice(0, -3), '8', '--json']).stdout).not.toBe(a.stdout);
  });
});

describe('craft simulate', () => {
  test('prints the seed, a timeline and the verdicts', () => {
    const r = craft(['simulate', example, 'order-placement']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('seed 1 (default; --seed N to change)');
    expect(r.stdout).toMatch(/00:00:00\.\d{3}  flow-1  PaymentGateway +returns to PaymentProcessing the transaction result/);
    expect(r.stdout).toContain('dead letters: "Inventory Updated" ×1 (from StockManagement)');
    expect(r.stdout).toContain('verdict: PASS');
  });

  test('--check fails on a failing verdict; --runs aggregates seeds', () => {
    const ok = craft(['simulate', example, 'order-placement', '--check', '--no-timeline']);
    expect(ok.status).toBe(0);
    const stuck = craft(['simulate', example, 'order-placement', '--faults', 'down=PaymentGateway@0s+1h', '--check', '--no-timeline']);
    expect(stuck.status).toBe(1);
    expect(stuck.stdout).toMatch(/stuck: flow-1 at PaymentProcessing \(examples\/ecommerce.craft:112, order-placement\/3, state s1.request\): waiting for a reply from PaymentGateway/);
    const runs = craft(['simulate', example, 'order-placement', '--runs', '5', '--flows', '4', '--faults', 'drop=0.02']);
    expect(runs.status, runs.stderr).toBe(0);
    expect(runs.stdout).toMatch(/completion rate: \d+\.\d% \(\d+ of 20 flows/);
    expect(runs.stdout).toMatch(/latency \(completed flows\): p50 .*p95 .*p99/);
  });

  test('tells files from use cases; unknown use cases and bad options are usage errors', () => {
    const unknown = craft(['simulate', example, 'order-placment']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no use case "order-placment" in the model (use cases: product-browsing, order-placement');
    const none = craft(['simulate', example]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('name the use cases to simulate');
    const byName = craft(['simulate', example, 'Order Placement', '--no-timeline']);
    expect(byName.status, byName.stderr).toBe(0);
    const faults = craft(['simulate', example, 'order-placement', '--faults', 'drop=3']);
    expect([faults.status, faults.stderr]).toEqual([2, expect.stringContaining('--faults: "drop=3": expected a probability')]);
    const missing = craft(['simulate', 'nowhere.craft', 'order-placement']);
    expect(missing.status).toBe(2);
  });

  test('a listener-only use case runs when the use case that publishes its events is named before it', () => {
    const sales = join(root, 'examples/sales.craft');
    const alone = craft(['simulate', sales, 'provisioning']);
    expect([alone.status, alone.stderr]).toEqual([2, expect.stringContaining('use case "provisioning" has no external or scheduled trigger')]);
    const chained = craft(['simulate', sales, 'place-order', 'provisioning', '--json']);
    expect(chained.status, chained.stderr).toBe(0);
    const report = JSON.parse(chained.stdout) as { runs: { verdict: { flows: { total: number; completed: number } }; trace: TraceRecord[] }[] };
    expect(report.runs[0]!.verdict.flows).toMatchObject({ total: 1, completed: 1 });
    expect(report.runs[0]!.trace.some((r) => r.kind === 'start' && r.scenario.startsWith('provisioning/'))).toBe(true);
  });

  test('craft check does not load the simulator: simulate.ts imports it lazily', () => {
    const source = readFileSync(join(root, 'src', 'cli', 'commands', 'simulate.ts'), 'utf8');
    expect(source).not.toMatch(/^import [^;]*(simulator|xstate)/m);
    expect(source).toContain("await import('../../simulator/index.js')");
    const main = readFileSync(join(root, 'src', 'cli', 'main.ts'), 'utf8');
    expect(main).not.toMatch(/^import [^;]*(simulator|xstate)/m);
  });

  test('--explore prints the number of paths and the terminal events of each', () => {
    const r = craft(['simulate', 'test/fixtures/constructs.craft', 'place-order', '--explore']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('explored 2 paths (every combination of outcomes)');
    expect(r.stdout).toContain('flow-1 terminal events: "PaymentDeclined", "PaymentDue"');
  });

  test('--latency reads a latency file', ({ tmp }) => {
    const file = join(tmp, 'latency.json');
    writeFileSync(file, JSON.stringify({ jitter: 0, participants: { PaymentGateway: { stub: '2s' } } }));
    const { trace } = simulateJson(['order-placement', '--latency', file]);
    expect(trace.find((t) => t.kind === 'step' && t.participant === 'PaymentGateway')!.duration).toBe(2000);
  });

  test('--mermaid writes the diagram of what happened, faults marked', ({ tmp }) => {
    const out = join(tmp, 'trace.mmd');
    const r = craft(['simulate', example, 'order-placement', '--faults', 'down=PaymentGateway@0s+1h', '--mermaid', out, '--no-timeline']);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^%% generated by craft from examples\/ecommerce\.craft; it is rewritten on each run\nsequenceDiagram\n  participant p1 as Customer\n/);
    expect(text).toMatch(/p\d+-xp\d+: #91;0\.\d{3}s#93; process transaction ✖ down/);
    expect(text).not.toContain('-)'); // no event: the payment never went through
  });
});

describe.each(['--html', '--mermaid'])('craft simulate %s writes like every other writer', (option) => {
  const model = 'test/fixtures/constructs.craft';
  const run = (tmp: string, out: string, ...more: string[]) => craft(['simulate', join(root, model), 'place-order', '--no-timeline', option, out, ...more], tmp);

  test('refuses to overwrite a file it did not write (exit 2, nothing changed), overwrites it with --force, rewrites its own', ({ tmp }) => {
    writeFileSync(join(tmp, 'report'), 'mine\n');
    const r = run(tmp, 'report');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('report: not written: craft did not write this file (use --force to overwrite it)\ncraft: nothing written (files are checked before any is written)\n');
    expect(readFileSync(join(tmp, 'report'), 'utf8')).toBe('mine\n');
    const forced = run(tmp, 'report', '--force');
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stderr).toBe('wrote report\n');
    expect(readFileSync(join(tmp, 'report'), 'utf8')).toContain('generated by craft');
    expect(run(tmp, 'report').status).toBe(0);
  });

  test('never follows a symbolic link out, dangling or not, with or without --force', ({ tmp }) => {
    mkdirSync(join(tmp, 'out'));
    writeFileSync(join(tmp, 'precious.txt'), 'precious\n');
    symlinkSync(join(tmp, 'precious.txt'), join(tmp, 'out', 'to-file'));
    symlinkSync(join(tmp, 'nowhere.txt'), join(tmp, 'out', 'dangling'));
    for (const name of ['to-file', 'dangling']) {
      for (const force of [[], ['--force']]) {
        const r = run(tmp, join('out', name), ...force);
        expect(r.status).toBe(2);
        expect(r.stderr).toBe(`craft: ${join('out', name)}: is a symbolic link; craft does not write through links\n`);
      }
    }
    expect(readFileSync(join(tmp, 'precious.txt'), 'utf8')).toBe('precious\n');
    expect(existsSync(join(tmp, 'nowhere.txt'))).toBe(false);
    expect(lstatSync(join(tmp, 'out', 'to-file')).isSymbolicLink()).toBe(true);
  });

  test('refuses to write over the model it reads, even with --force', ({ tmp }) => {
    const text = readFileSync(join(root, model), 'utf8');
    writeFileSync(join(tmp, 'm.craft'), text);
    for (const force of [[], ['--force']]) {
      const r = craft(['simulate', 'm.craft', 'place-order', '--no-timeline', option, 'm.craft', ...force], tmp);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('craft: m.craft: is one of the input files; craft never writes over what it reads\n');
      expect(r.stderr).not.toContain('wrote');
    }
    expect(readFileSync(join(tmp, 'm.craft'), 'utf8')).toBe(text);
  });

  test('an existing file where its folder should be, a missing folder, an empty path: one line, exit 2', ({ tmp }) => {
    writeFileSync(join(tmp, 'afile'), 'mine\n');
    const file = run(tmp, join('afile', 'report'));
    expect([file.status, file.stderr]).toEqual([2, 'craft: afile: is not a directory\n']);
    const missing = run(tmp, join('nowhere', 'report'));
    expect([missing.status, missing.stderr]).toEqual([2, 'craft: nowhere: no such directory\n']);
    const empty = run(tmp, '');
    expect([empty.status, empty.stderr]).toEqual([2, `craft: ${option}: the path is empty (use . for the working directory)\n`]);
    expect(readdirSync(tmp)).toEqual(['afile']);
  });

  test('a file name too long for the file system is a usage error, not a crash', ({ tmp }) => {
    const r = run(tmp, `${'x'.repeat(300)}.out`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^craft: x+\.out: name too long \(304 bytes; file systems allow 255\)\n$/);
  });
});

describe('craft simulate --mermaid and --html together', () => {
  test('both files are checked before either is written', ({ tmp }) => {
    writeFileSync(join(tmp, 'report.html'), 'mine\n');
    const r = craft(['simulate', example, 'order-placement', '--no-timeline', '--mermaid', join(tmp, 'trace.mmd'), '--html', join(tmp, 'report.html')]);
    expect(r.status).toBe(2);
    expect(existsSync(join(tmp, 'trace.mmd'))).toBe(false);
    expect(readFileSync(join(tmp, 'report.html'), 'utf8')).toBe('mine\n');
  });
});

describe('numeric options are bounded, with an error that names the bounds', () => {
  test.each([
    ['--flows', '99999999999999999999', '--flows: expected a whole number from 1 to 100000, got "99999999999999999999"'],
    ['--flows', '0', '--flows: expected a whole number from 1 to 100000, got "0"'],
    ['--runs', '10001', '--runs: expected a whole number from 1 to 10000, got "10001"'],
    ['--seed', '-1', '--seed: expected a whole number from 0 to 4294967295, got "-1"'],
    ['--seed', '4294967296', '--seed: expected a whole number from 0 to 4294967295, got "4294967296"'],
    ['--seed', '', '--seed: expected a whole number from 0 to 4294967295, got ""'],
    ['--max-steps', '1e3', '--max-steps: expected a whole number from 1 to 1000000, got "1e3"'],
    ['--explore-limit', '100001', '--explore-limit: expected a whole number from 1 to 100000, got "100001"'],
    ['--interval', '99999d', '--interval: expected a duration from 0ms to 3650d, got "99999d"'],
    ['--until', '1e400', '--until: "1e400" is not a duration (e.g. 500ms, 1s, 5m, 24h)'],
    ['--human-delay', '3651d', '--human-delay: expected a duration from 0ms to 3650d, got "3651d"'],
  ])('%s %j', (option, value, message) => {
    const args = ['simulate', example, 'order-placement', option, value, ...(option === '--explore-limit' ? ['--explore'] : [])];
    const r = craft(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`craft: ${message}\n`);
  });

  test('the last seed of --runs stays within the seed bounds', () => {
    const r = craft(['simulate', example, 'order-placement', '--seed', '4294967295', '--runs', '2']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('craft: --seed 4294967295 with --runs 2: the last seed would be 4294967296, above 4294967295\n');
    expect(craft(['simulate', example, 'order-placement', '--seed', '4294967295', '--no-timeline']).status).toBe(0);
  });
});

/** A Chromium to drive: CHROME_PATH, PUPPETEER_EXECUTABLE_PATH, or the system one. */
function findChromium(): string | undefined {
  const candidates = [process.env['CHROME_PATH'], process.env['PUPPETEER_EXECUTABLE_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
}

const chromium = findChromium();
const requireBrowser = process.env['CRAFT_REQUIRE_BROWSER'] === '1';

describe.skipIf(!chromium && !requireBrowser)('craft simulate --html in headless Chromium', () => {
  test('the report loads with no console error and shows the diagram as SVG', async ({ tmp }) => {
    if (!chromium) throw new Error('CRAFT_REQUIRE_BROWSER=1 but no Chromium found (apt-get install -y chromium, or set CHROME_PATH)');
    const out = join(tmp, 'report.html');
    const r = craft(['simulate', example, 'order-placement', 'order-cancellation', '--html', out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // self-contained
    const puppeteer = (await import('puppeteer')).default;
    const browser = await puppeteer.launch({
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
      await page.goto(`file://${out}`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.body.dataset['rendered'] !== undefined, { timeout: 30_000 });
      expect(await page.evaluate(() => document.body.dataset['rendered'])).toBe('yes');
      expect(problems).toEqual([]);
      const svg = await page.$eval('.simulation .diagram svg', (e) => ({ text: e.textContent ?? '', width: e.getBoundingClientRect().width }));
      expect(svg.width).toBeGreaterThan(100);
      expect(svg.text).toContain('PaymentGateway');
      expect(svg.text).toContain('Order Cancelled');
      expect(await page.$eval('.simulation .verdicts', (e) => e.textContent)).toContain('1 completed');
      expect(await page.$eval('.simulation .badge', (e) => e.textContent)).toBe('PASS');
      expect(await page.$$eval('.simulation .histogram rect.bar', (bars) => bars.length)).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('a model with errors', () => {
  test('is not simulated: the errors are reported, exit 1', ({ tmp }) => {
    writeFileSync(join(tmp, 'broken.craft'), 'use_case "U" {\n  when Customer orders\n    Sales asks\n}\n');
    const r = craft(['simulate', 'broken.craft', 'u'], tmp);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("broken.craft:3:11: error craft/syntax/unexpected-token: unexpected 'asks' after 'Sales'");
    expect(r.stderr).toContain('nothing simulated (craft check shows them)');
  });
});
