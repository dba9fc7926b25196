/**
 * The examples modelled from the source documents (the seed documents, issue 6), through the CLI as a user
 * runs them (examples/README.md has the same commands): each checks with exactly the warnings its comments
 * announce, draws every diagram kind (and renders as SVG when a Chromium exists), keeps the README's
 * diagram in step with craft's output, generates a project (`craft gen`) that type-checks and passes its
 * own tests, and simulates the document's paths, asserted over `craft simulate ... --json` (timed runs and
 * fixed facts, a story's `at` and `given`, through the simulator's options). The directory checks as one
 * workspace; examples/README.md's tables of paths are compared with `--explore`, and every story it names
 * is a story of the files.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { craft, root, test } from './support/cli.js';
import { expectOrder, published, steps } from './support/trace.js';
import { findChromium } from '../src/render/browser.js';
import { compile } from '../src/compiler/compile.js';
import type { Model, Step } from '../src/compiler/model.js';
import { parseFaults, resolveFaults, simulate as simulateModel } from '../src/simulator/index.js';
import type { TraceRecord } from '../src/simulator/trace.js';

const chromium = findChromium();
const requireBrowser = process.env['CRAFT_REQUIRE_BROWSER'] === '1';

// ───────────────────────────── the examples ─────────────────────────────

interface Example {
  name: string;
  file: string;
  source: string;
  /** The warnings the document implies, each announced by a `//` comment on its line: [code, word of the message]. */
  warnings: [string, string][];
  /** The diagram examples/README.md shows: `craft diagram <file> -k <kind> [-u <use case>] --format md --stdout`. */
  readme: string[];
}

const examples: Example[] = [
  { name: 'sales', file: 'examples/sales.craft', source: '000_bc323139e827ff19.txt', warnings: [], readme: ['-k', 'domain'] },
  {
    name: 'eshop',
    file: 'examples/eshop.craft',
    source: '001_39346fc52cd51570.txt',
    warnings: [
      ['craft/lint/dead-event', 'OrderStatusChangedToSubmittedIntegrationEvent'],
      ['craft/lint/dead-event', 'OrderStatusChangedToCancelledIntegrationEvent'],
      ['craft/lint/dead-event', 'OrderStatusChangedToShippedIntegrationEvent'],
    ],
    readme: ['-k', 'domain'],
  },
  { name: 'orders', file: 'examples/orders.craft', source: '002_4f1737b6691329b4.txt', warnings: [], readme: ['-k', 'domain'] },
  { name: 'shop', file: 'examples/shop.craft', source: '004_d446fb33edd9ddc2.txt', warnings: [], readme: ['-k', 'domain'] },
].map((e) => ({ ...e, warnings: e.warnings as [string, string][] }));

const textOf = (file: string) => readFileSync(join(root, file), 'utf8');
const modelOf = (file: string): Model => compile([{ path: file, text: textOf(file) }]).model;
/** Every file of examples/, compiled as one workspace (as `craft check examples/` and `craft test examples/` do). */
const exampleFiles = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.craft')).sort().map((f) => `examples/${f}`);
const workspace = (): Model => compile(exampleFiles.map((f) => ({ path: f, text: textOf(f) }))).model;

interface Diagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number } };
}

describe.each(examples)('$file', (ex) => {
  test('checks with no error and exactly the warnings the document implies, each commented on its line', () => {
    const r = craft(['check', '--format', 'json', ex.file]);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.filter((d) => d.severity !== 'warning' && d.severity !== 'error')).toEqual([]);
    const warnings = diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map((w) => [w.code, ex.warnings.find(([code, word]) => code === w.code && w.message.includes(`'${word}'`))?.[1]])).toEqual(ex.warnings);
    const lines = textOf(ex.file).split('\n');
    for (const w of warnings) expect(lines[w.range.start.line - 1], `${w.code} at line ${w.range.start.line}`).toMatch(/\/\/ .*"\(no handlers\)"/);
    expect(r.status).toBe(0);
    expect(craft(['check', '--strict', ex.file]).status).toBe(ex.warnings.length > 0 ? 1 : 0);
  });

  test('names its source document by file name only, never by a path of the machine it was written on', () => {
    const text = textOf(ex.file);
    expect(text).toContain(`source: ${ex.source}`);
    expect(text).not.toMatch(/\/(work|home|Users|tmp)\/|[A-Z]:\\/);
  });

  test('draws every diagram kind, a sequence per use case, as Mermaid', ({ tmp }) => {
    // Run from the temporary directory: --out is taken relative to the working directory.
    const r = craft(['diagram', join(root, ex.file), '--format', 'mmd', '--out', 'out'], tmp);
    expect(r.status, r.stderr).toBe(0);
    const written = readdirSync(join(tmp, 'out')).filter((f) => f.endsWith('.mmd')).sort();
    const slugs = modelOf(ex.file).useCases.map((u) => u.slug);
    expect(slugs.length).toBeGreaterThan(1);
    expect(written).toEqual(
      [`${ex.name}-c4-container.mmd`, `${ex.name}-c4-context.mmd`, `${ex.name}-domain.mmd`, ...slugs.map((s) => `${ex.name}-sequence-${s}.mmd`)].sort(),
    );
    for (const f of written) expect(readFileSync(join(tmp, 'out', f), 'utf8')).toMatch(/^%% generated by craft/);
  });

  test.skipIf(!chromium && !requireBrowser)('renders every diagram as SVG: mermaid accepts them all', ({ tmp }) => {
    const r = craft(['diagram', join(root, ex.file), '--format', 'svg', '--out', 'svg'], tmp);
    expect(r.status, r.stderr).toBe(0);
    const svgs = readdirSync(join(tmp, 'svg')).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBe(3 + modelOf(ex.file).useCases.length);
    for (const f of svgs) {
      expect(statSync(join(tmp, 'svg', f)).size).toBeGreaterThan(1000);
      expect(readFileSync(join(tmp, 'svg', f), 'utf8')).toContain('<svg');
    }
  }, 180_000);

  test('craft gen writes a project that type-checks and passes its own tests', ({ tmp }) => {
    const r = craft(['gen', join(root, ex.file), '--out', 'out'], tmp);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/ (error|warning) craft\/gen\//);
    const out = join(tmp, 'out');
    // The generated project's dependencies are the repository's own (typescript, vitest, @types/node).
    symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'), 'dir');
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'NODE_OPTIONS') delete env[k];
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json'], { cwd: out, env, encoding: 'utf8' });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    const tests = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run'], { cwd: out, env, encoding: 'utf8' });
    expect(tests.status, tests.stdout + tests.stderr).toBe(0);
    expect(tests.stdout).toMatch(/Tests\s+\d+ passed/);
  }, 180_000);

  test("examples/README.md shows craft's own rendering of its diagram, up to date", () => {
    const r = craft(['diagram', ex.file, ...ex.readme, '--format', 'md', '--stdout']);
    expect(r.status, r.stderr).toBe(0);
    const block = r.stdout.slice(r.stdout.indexOf('```mermaid')).trimEnd();
    expect(block).toMatch(/^```mermaid\n[\s\S]+\n```$/);
    expect(textOf('examples/README.md')).toContain(block);
  });
});

// ───────────────────────────── the directory as one workspace ─────────────────────────────

describe('examples/ as one workspace', () => {
  test('`craft check examples/` reports no error, only the reference\'s four dead events and eshop\'s three', () => {
    const r = craft(['check', '--format', 'json', 'examples/']);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: (Diagnostic & { file?: string; path?: string })[] };
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const warnings = diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.code, /'([^']+)'/.exec(d.message)?.[1]]);
    expect(warnings.sort()).toEqual(
      [
        ...['Inventory Updated', 'Low Stock Alert', 'Replenishment Ordered', 'Shipment Ready'],
        ...['OrderStatusChangedToCancelledIntegrationEvent', 'OrderStatusChangedToShippedIntegrationEvent', 'OrderStatusChangedToSubmittedIntegrationEvent'],
      ].map((e) => ['craft/lint/dead-event', e]).sort(),
    );
    expect(r.status).toBe(0);
  });

  test('every seed file and the stories file are laid out as `craft fmt` lays them out; the latency files are gone', () => {
    const ours = exampleFiles.filter((f) => f !== 'examples/ecommerce.craft');
    expect(ours).toEqual(['examples/ecommerce.stories.craft', 'examples/eshop.craft', 'examples/orders.craft', 'examples/sales.craft', 'examples/shop.craft']);
    const r = craft(['fmt', '--check', ...ours]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(readdirSync(join(root, 'examples'))).not.toContain('latency');
  });

  test('no [DECISION ...] outcome events remain: the documents\' questions are facts', () => {
    for (const f of exampleFiles) expect(textOf(f), f).not.toMatch(/\[DECISION/);
    const facts = Object.fromEntries(workspace().facts.map((f) => [f.name, f.outcomes]));
    expect(facts).toEqual({
      reservation: ['reserved', 'out of stock'],
      'payment type': ['Cash on Delivery/In Person', 'Credit/Debit/Tokenized', 'Asynchronous payment'],
      authorization: ['authorized', 'not authorized'],
      stock: ['confirmed', 'rejected'],
      payment: ['succeeded', 'failed'],
      inventory: ['sufficient', 'not sufficient'],
      'stock status': ['changed', 'unchanged'],
    });
  });

  test('`craft test examples/` runs every story and they all pass (the known failures still fail), with JUnit XML', ({ tmp }) => {
    const xml = join(tmp, 'stories.xml');
    const r = craft(['test', 'examples/', '--reporter', 'junit', '--output', xml]);
    expect(r.status, r.stdout).toBe(0);
    const stories = workspace().stories;
    expect(r.stdout).toContain(`${stories.length} passed, 0 failed`);
    for (const s of stories) expect(r.stdout).toContain(`PASS  ${s.name}`);
    expect(readFileSync(xml, 'utf8')).toContain(`<testsuites tests="${stories.length}" failures="0">`);
  });

  test('every story examples/README.md names is a story of the files, and every known-failing story is named there', () => {
    const stories = workspace().stories;
    const cited = [...textOf('examples/README.md').matchAll(/story "([^"]+)"/g)].map((m) => m[1]!);
    expect(cited.length).toBeGreaterThanOrEqual(17);
    for (const name of cited) expect(stories.map((s) => s.name), name).toContain(name);
    const knownToFail = stories.filter((s) => s.knownFailure !== undefined).map((s) => s.name);
    expect(knownToFail.sort()).toEqual(['a backordered order ships once the stock arrives', 'a rejected order is cancelled']);
    for (const name of knownToFail) expect(cited).toContain(name);
    // Every file documents its paths with stories.
    for (const f of exampleFiles.filter((x) => x !== 'examples/ecommerce.craft')) expect(stories.some((s) => s.source.file === f), f).toBe(true);
  });

  // The README's tables of paths: `<!-- explore: <file> <use cases> -->`, then | path | ends | terminal events | story |.
  const tables = [...textOf('examples/README.md').matchAll(/<!-- explore: (\S+) ([^>]+?) -->\n((?:\|.*\n)+)/g)].map((m) => ({
    file: m[1]!,
    useCases: m[2]!.split(' '),
    rows: m[3]!
      .trim()
      .split('\n')
      .slice(2)
      .map((row) => row.split(' | '))
      .map(([path, , terminal]) => ({
        path: /`([^`]+)`/.exec(path!)![1]!,
        terminal: terminal!.trim() === 'none' ? [] : [...terminal!.matchAll(/["`]([^"`]+)["`]/g)].map((t) => t[1]!).sort(),
      })),
  }));

  test('the README has a table of paths for orders (6 paths), eshop (3) and shop (3)', () => {
    expect(tables.map((t) => [t.file, t.useCases.join(' '), t.rows.length])).toEqual([
      ['examples/eshop.craft', 'checkout grace-period-management', 3],
      ['examples/orders.craft', 'order-creation', 6],
      ['examples/shop.craft', 'shop-order-placement', 3],
    ]);
  });

  test.each(tables)('$file $useCases: `--explore` finds exactly the README\'s paths, with its terminal events', ({ file, useCases, rows }) => {
    const r = craft(['simulate', file, ...useCases, '--explore', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { explore } = JSON.parse(r.stdout) as Doc;
    expect(explore!.complete).toBe(true);
    const found = explore!.paths.map((p) => ({ path: p.choices.map((c) => c.chose).join(' + '), terminal: [...p.terminalEvents[0]!].sort() }));
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect(found.sort(byPath)).toEqual([...rows].sort(byPath));
  });
});

// ───────────────────────────── simulation helpers ─────────────────────────────

interface Verdict {
  ok: boolean;
  flows: { total: number; completed: number; stuck: number; incomplete: number };
  perFlow: { status: string; blocked: { participant: string; line: number; waitingFor: string }[] }[];
  deadLetters: { event: string; count: number }[];
  notIdempotent: { participant: string; scenario: string; message: string; messageKind: string; times: number }[];
}

interface Doc {
  participants: { id: string; name: string }[];
  runs: { verdict: Verdict; trace: TraceRecord[] }[];
  explore?: { complete: boolean; paths: { choices: { of: string[]; chose: string }[]; terminalEvents: string[][]; verdict: Verdict }[] };
}

interface Run {
  doc: Doc;
  verdict: Verdict;
  trace: TraceRecord[];
  /** Participant id → name. */
  name: (id: string | undefined) => string;
}

function simulate(file: string, args: string[]): Run {
  const r = craft(['simulate', file, ...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as Doc;
  const names = new Map(doc.participants.map((p) => [p.id, p.name]));
  const run = doc.runs[0];
  return { doc, verdict: run?.verdict as Verdict, trace: run?.trace ?? [], name: (id) => (id === undefined ? '' : (names.get(id) ?? id)) };
}

/** What the system answered a person or an outside system (`returns to Customer ...`). */
const repliesTo = (run: Run, actor: string) => run.trace.filter((t) => t.kind === 'send' && t.messageKind === 'reply' && t.to === actor).map((t) => t.text!);
const publishedAt = (trace: TraceRecord[], event: string) => trace.find((t) => t.kind === 'publish' && t.event === event)?.time;

function expectCompleted(run: Run): void {
  expect(run.verdict.flows, JSON.stringify(run.verdict.perFlow)).toMatchObject({ total: 1, completed: 1 });
}

interface Timed {
  /** Virtual ms after the start at which each use case's triggers are performed (a story's `at`). */
  startAt?: (number | undefined)[];
  /** Facts fixed up front (a story's `given`). */
  given?: Record<string, string>;
  faults?: string;
}

/** One flow through the simulator's options, as `craft test` runs a story; participant ids are shown by their last segment. */
function simulateWith(file: string, useCases: string[], { startAt, given, faults }: Timed = {}, text = textOf(file)): Run {
  const model = compile([{ path: file, text }]).model;
  const result = simulateModel(model, {
    useCases,
    ...(startAt ? { startAt } : {}),
    ...(given ? { given } : {}),
    ...(faults ? { faults: resolveFaults(parseFaults([faults]), model) } : {}),
  });
  const verdict = result.verdict as unknown as Verdict;
  return { doc: { participants: [], runs: [] }, verdict, trace: result.trace ?? [], name: (id) => (id === undefined ? '' : (id.split('/').at(-1) ?? id)) };
}

// ───────────────────────────── 000: sales ─────────────────────────────

describe('sales.craft (000): buyer\'s remorse, cancellation race, provisioning, preferred customers', () => {
  const file = 'examples/sales.craft';

  test('an order nobody cancels is accepted when the 20 s window ends; the download gets ready and the customer becomes preferred', () => {
    const run = simulate(file, ['place-order']);
    expectCompleted(run);
    expectOrder(published(run.trace), 'SubmitOrder', 'OrderPlaced', 'OrderAccepted');
    expect(published(run.trace)).toEqual(expect.arrayContaining(['DownloadIsReady', 'ClientBecamePreferred']));
    expect(published(run.trace)).not.toContain('OrderCancelled');
    const fired = run.trace.find((t) => t.kind === 'timer-fire')!;
    expect(fired.event).toBe('BuyersRemorseIsOver');
    const set = run.trace.find((t) => t.kind === 'timer-set')!;
    expect(fired.time - set.time).toBe(20_000);
    expect(publishedAt(run.trace, 'OrderAccepted')!).toBeGreaterThanOrEqual(20_000);
    expect(publishedAt(run.trace, 'DownloadIsReady')!).toBeGreaterThan(publishedAt(run.trace, 'OrderAccepted')!);
    expectOrder(steps(run.trace), 'CustomerRelations notifies ClientBecamePreferred', 'CustomerRelations sends the customer a welcome pack', 'CustomerRelations sends the customer a limited time offer');
    // ECommerce updates the page on OrderPlaced, OrderAccepted and DownloadIsReady.
    expect(steps(run.trace).filter((s) => s === 'ECommerce updates the web page via SignalR')).toHaveLength(3);
    expect(run.verdict.deadLetters).toEqual([]);
  });

  test('the provisioning request gets its reply, and only then is the download ready', () => {
    const run = simulate(file, ['place-order']);
    const request = run.trace.find((t) => t.kind === 'send' && t.messageKind === 'request')!;
    expect([run.name(request.from), run.name(request.to), request.text]).toEqual(['ContentManagement', 'Operations', 'ProvisionDownloadRequest']);
    const reply = run.trace.find((t) => t.kind === 'send' && t.messageKind === 'reply' && t.causation === request.message)!;
    expect([run.name(reply.from), run.name(reply.to), reply.text]).toEqual(['Operations', 'ContentManagement', 'ProvisionDownloadResponse']);
    const ready = run.trace.find((t) => t.kind === 'publish' && t.event === 'DownloadIsReady')!;
    expect(ready.causation).toBe(reply.message);
    expect(run.trace.some((t) => t.kind === 'discard' || t.kind === 'end' && t.status === 'no-reply')).toBe(false);
  });

  test('an order cancelled at 10 s is cancelled and never accepted: the timer is cancelled, never fires (story "a cancel at 10 s ...")', () => {
    const run = simulateWith(file, ['place-order', 'cancel-order'], { startAt: [undefined, 10_000] });
    expectCompleted(run);
    const cancelled = run.trace.find((t) => t.kind === 'timer-cancel')!;
    expect(cancelled.event).toBe('BuyersRemorseIsOver');
    expect(cancelled.time).toBeGreaterThanOrEqual(10_000);
    expect(cancelled.time).toBeLessThan(20_000);
    expect(run.trace.some((t) => t.kind === 'timer-fire')).toBe(false);
    expect(published(run.trace)).toEqual(['SubmitOrder', 'OrderPlaced', 'CancelOrder', 'OrderCancelled']);
    expect(steps(run.trace)).toContain('ECommerce marks the order as cancelled via SignalR');
  });

  test('a cancel after the window comes too late: the order stays accepted', () => {
    const run = simulateWith(file, ['place-order', 'cancel-order'], { startAt: [undefined, 25_000] });
    expectCompleted(run);
    const late = run.trace.find((t) => t.kind === 'too-late')!;
    expect(late.event).toBe('BuyersRemorseIsOver');
    expect(late.time).toBeGreaterThan(20_000);
    expect(run.trace.filter((t) => t.kind === 'end' && t.status === 'too-late').map((t) => t.scenario)).toEqual(['cancel-order/2']);
    expect(publishedAt(run.trace, 'OrderAccepted')!).toBeLessThan(late.time);
    expect(published(run.trace)).toContain('DownloadIsReady');
    expect(published(run.trace)).not.toContain('OrderCancelled');
    // The story's `expect the flow ends with CancelOrder`: nobody answers the late cancel.
    expect(published(run.trace).at(-1)).toBe('CancelOrder');
  });

  test('the stories: an order ends accepted or cancelled, the 25 s one too late; the properties say never both', () => {
    const stories = modelOf(file).stories;
    expect(stories.map((s) => [s.slug, s.runs.map((r) => `${r.useCase}@${r.atMs}`)])).toEqual([
      ['an-order-nobody-cancels-is-accepted-after-20-s', ['place-order@0']],
      ['a-cancel-at-10-s-cancels-the-order', ['place-order@0', 'cancel-order@10000']],
      ['a-cancel-at-25-s-comes-too-late-the-order-stays-accepted', ['place-order@0', 'cancel-order@25000']],
    ]);
    expect(modelOf(file).properties.map((p) => p.text)).toEqual([
      'never "OrderAccepted" after "OrderCancelled"',
      'never "OrderCancelled" after "OrderAccepted"',
      'always "OrderPlaced" leads to "OrderAccepted" or "OrderCancelled"',
    ]);
  });

  test('with no time given the customer cancels at once, inside the window', () => {
    const run = simulate(file, ['place-order', 'cancel-order']);
    expectCompleted(run);
    expect(published(run.trace)).toContain('OrderCancelled');
    expect(published(run.trace)).not.toContain('OrderAccepted');
  });

  test('--explore: no decision in the model, one path per run', () => {
    for (const [args, terminal] of [
      [['place-order'], ['OrderPlaced', 'DownloadIsReady', 'ClientBecamePreferred']],
      [['place-order', 'cancel-order'], ['OrderPlaced', 'OrderCancelled']],
    ] as const) {
      const { doc } = simulate(file, [...args, '--explore']);
      expect(doc.explore!.paths).toHaveLength(1);
      expect([...doc.explore!.paths[0]!.terminalEvents[0]!].sort()).toEqual([...terminal].sort());
    }
  });
});

// ───────────────────────────── 001: eshop ─────────────────────────────

describe('eshop.craft (001): integration events, topics, grace period', () => {
  const file = 'examples/eshop.craft';
  const story = ['checkout', 'grace-period-management'];

  test("every event travels on the document's topic; the three the document lists no topic for carry none", () => {
    const topics: Record<string, string> = {
      UserCheckoutAcceptedIntegrationEvent: 'order-checkouts',
      OrderPaymentFailedIntegrationEvent: 'payment-status',
      OrderPaymentSucceededIntegrationEvent: 'payment-status',
      ProductPriceChangedIntegrationEvent: 'product-price-changes',
      OrderStockRejectedIntegrationEvent: 'order-stock-statuses',
      OrderStockConfirmedIntegrationEvent: 'order-stock-statuses',
      OrderStartedIntegrationEvent: 'orders',
      OrderStatusChangedToAwaitingValidationIntegrationEvent: 'orders-waiting-for-validation',
      OrderStatusChangedToPaidIntegrationEvent: 'paid-orders',
      GracePeriodConfirmedIntegrationEvent: 'grace-period-confirmed',
      OrderStatusChangedToStockConfirmedIntegrationEvent: 'stock-confirmed',
    };
    const seen: Record<string, string | undefined> = {};
    for (const u of modelOf(file).useCases)
      for (const s of u.scenarios)
        for (const step of s.steps as Step[])
          if (step.kind === 'notify') for (const e of step.events) seen[e] = step.operation?.verb === 'TOPIC' ? step.operation.payload : undefined;
    expect(seen).toEqual({
      ...topics,
      OrderStatusChangedToSubmittedIntegrationEvent: undefined,
      OrderStatusChangedToCancelledIntegrationEvent: undefined,
      OrderStatusChangedToShippedIntegrationEvent: undefined,
    });
  });

  test('checkout → grace period → stock confirmed → payment succeeded → paid (story "a paid order")', () => {
    const run = simulateWith(file, story, { startAt: [0, 60_000], given: { stock: 'confirmed', payment: 'succeeded' } });
    expectCompleted(run);
    expectOrder(
      published(run.trace),
      'UserCheckoutAcceptedIntegrationEvent',
      'OrderStartedIntegrationEvent',
      'GracePeriodConfirmedIntegrationEvent',
      'OrderStatusChangedToAwaitingValidationIntegrationEvent',
      'OrderStockConfirmedIntegrationEvent',
      'OrderStatusChangedToStockConfirmedIntegrationEvent',
      'OrderPaymentSucceededIntegrationEvent',
      'OrderStatusChangedToPaidIntegrationEvent',
    );
    // The grace period: the task runs a minute after the start.
    const task = run.trace.find((t) => t.kind === 'trigger' && t.scenario === 'grace-period-management/1')!;
    expect(task.time).toBe(60_000);
    expect(published(run.trace)).not.toContain('OrderStatusChangedToCancelledIntegrationEvent');
    expect(published(run.trace).at(-1)).toBe('OrderStatusChangedToPaidIntegrationEvent');
    // Catalog handles the paid order (it triggers nothing); Submitted has no handler: a dead letter.
    expect(run.trace.some((t) => t.kind === 'start' && t.scenario === 'payment/4')).toBe(true);
    expect(run.verdict.deadLetters.map((d) => d.event)).toEqual(['OrderStatusChangedToSubmittedIntegrationEvent']);
  });

  test('payment failed: the order is cancelled (an event with no handlers)', () => {
    const run = simulateWith(file, story, { startAt: [0, 60_000], given: { stock: 'confirmed', payment: 'failed' } });
    expectCompleted(run);
    expect(published(run.trace).at(-1)).toBe('OrderStatusChangedToCancelledIntegrationEvent');
    expect(published(run.trace)).not.toContain('OrderStatusChangedToPaidIntegrationEvent');
    expect(run.verdict.deadLetters.map((d) => d.event).sort()).toEqual(['OrderStatusChangedToCancelledIntegrationEvent', 'OrderStatusChangedToSubmittedIntegrationEvent']);
  });

  test('stock rejected: Ordering handles it and publishes nothing, as the document says: the order is neither paid nor cancelled, the verdict says it is stuck, and the story that expects a cancel is known to fail', () => {
    const run = simulateWith(file, story, { startAt: [0, 60_000], given: { stock: 'rejected' } });
    expect(run.verdict.flows).toMatchObject({ total: 1, completed: 0, stuck: 1 });
    expect(published(run.trace).at(-1)).toBe('OrderStockRejectedIntegrationEvent');
    expect(run.trace.some((t) => t.kind === 'start' && t.scenario === 'stock-validation/3')).toBe(true);
    for (const e of ['OrderStatusChangedToCancelledIntegrationEvent', 'OrderStatusChangedToPaidIntegrationEvent', 'OrderStatusChangedToStockConfirmedIntegrationEvent']) {
      expect(published(run.trace)).not.toContain(e);
    }
    const rejected = modelOf(file).stories.find((s) => s.name === 'a rejected order is cancelled')!;
    expect(rejected.knownFailure).toMatch(/triggers nothing/);
    expect(rejected.expectations.map((e) => [e.kind, e.event])).toEqual([['published', 'OrderStatusChangedToCancelledIntegrationEvent']]);
  });

  test('the other stories: the "/cancel" endpoint ships the order; a price change reaches the basket', () => {
    const shipped = simulate(file, ['order-shipping']);
    expectCompleted(shipped);
    expect(published(shipped.trace)).toEqual(['OrderStatusChangedToShippedIntegrationEvent']);
    const price = simulate(file, ['product-price-change']);
    expectCompleted(price);
    expect(price.trace.some((t) => t.kind === 'start' && t.scenario === 'product-price-change/2')).toBe(true);
    expect(price.verdict.deadLetters).toEqual([]);
  });
});

// ───────────────────────────── 002: orders ─────────────────────────────

describe('orders.craft (002): reservation, payment types, fulfilment, invoice, delivery; outbox, idempotency', () => {
  const file = 'examples/orders.craft';
  const reserved = { reservation: 'reserved' };
  const cash = { ...reserved, 'payment type': 'Cash on Delivery/In Person' };
  const card = { ...reserved, 'payment type': 'Credit/Debit/Tokenized' };
  const asynchronous = { ...reserved, 'payment type': 'Asynchronous payment' };
  const downstream = ['Order confirmed', 'Order ready', 'Invoice created', 'Order shipped', 'Order completed'];
  const capture = 'Fulfillment asks PaymentGateway to capture the payment';
  const confirmPayment = 'Fulfillment confirms the payment';

  test('the payment type is decided once, at creation, and tested by fulfilment (capture) and delivery (confirm); every event goes through the outbox', () => {
    const model = modelOf(file);
    const all = model.useCases.flatMap((u) => u.scenarios.flatMap((sc) => sc.steps.flatMap((st) => [st, ...(st.kind === 'ask' ? (st.onTimeout ?? []) : [])])));
    const deciding = all.filter((st) => (st.kind === 'decide' || st.kind === 'return') && st.choice?.fact === 'payment type');
    expect(deciding.map((st) => st.line)).toHaveLength(1);
    const captureStep = all.find((st) => st.kind === 'ask' && st.from.name === 'Fulfillment' && st.to.name === 'PaymentGateway')!;
    expect(captureStep.kind === 'ask' && captureStep.phrase).toBe('capture the payment');
    expect(captureStep.guard!.arms.flatMap((a) => a.tests)).toEqual([{ fact: 'payment type', outcomes: ['Credit/Debit/Tokenized'] }]);
    const confirm = all.find((st) => st.kind === 'internal' && st.from.name === 'Fulfillment' && st.verb === 'confirms')!;
    expect(confirm.guard!.arms.flatMap((a) => a.tests)).toEqual([{ fact: 'payment type', outcomes: ['Cash on Delivery/In Person'] }]);
    const notifies = all.filter((st) => st.kind === 'notify');
    expect(notifies.length).toBeGreaterThan(7);
    for (const n of notifies) expect(n.kind === 'notify' && n.outbox, `${n.line}`).toBe(true);
    // The gateway's "External timeout": a timeout on the call, answered with "payment expired".
    const calls = all.filter((st) => st.kind === 'ask' && st.to.name === 'PaymentGateway' && st.call);
    expect(calls.map((c) => c.kind === 'ask' && [c.call!.timeoutMs, c.onTimeout!.map((t) => t.kind === 'return' && t.phrase)])).toEqual([
      [30_000, ['payment expired', 'payment expired']],
      [30_000, ['payment expired']],
    ]);
  });

  test('out of stock: the customer is told items are missing; no order is created', () => {
    const run = simulateWith(file, ['order-creation'], { given: { reservation: 'out of stock' } });
    expectCompleted(run);
    expect(repliesTo(run, 'Customer')).toEqual(['one or more items missing']);
    expect(published(run.trace)).toEqual([]);
  });

  test('cash on delivery or in person: order created (through the outbox) and confirmed, then fulfilment (no capture) → invoice → delivery (payment confirmed) → completed', () => {
    const run = simulateWith(file, ['order-creation'], { given: cash });
    expectCompleted(run);
    expect(repliesTo(run, 'Customer')).toEqual(['order confirmed']);
    expectOrder(published(run.trace), 'Order created', ...downstream);
    expect(published(run.trace).at(-1)).toBe('Order completed');
    expect(published(run.trace)).not.toContain('Payment authorized');
    expectOrder(steps(run.trace), 'OrderManagement commits the create order and its outbox message in the database', 'OrderManagement notifies "Order created"');
    expectOrder(steps(run.trace), 'Email sends the e-mail Order created and awaiting payment');
    expectOrder(steps(run.trace), 'Fulfillment stores the order in the Fulfillment Center', 'Invoice generates the invoice', 'Fulfillment retrieves the invoice', 'Fulfillment ships the order', confirmPayment, 'Email sends the e-mail Order shipped');
    expect(steps(run.trace)).not.toContain(capture);
    expect(steps(run.trace).filter((s) => s === 'OrderManagement updates the order status')).toHaveLength(2);
  });

  // The card paths nest two calls (Order Management → Order Payment api → payment gateway).
  test('card authorised: the payment is authorized through the gateway, saved, the order confirmed, captured under the lock, delivered', () => {
    const run = simulateWith(file, ['order-creation'], { given: { ...card, authorization: 'authorized' } });
    expectCompleted(run);
    expectOrder(steps(run.trace), 'OrderManagement asks OrderPayment to authorize the payment [Order Payment api]', 'OrderPayment asks PaymentGateway to authorize the payment [payment gateway]', 'PaymentGateway returns to OrderPayment authorization', 'OrderPayment saves the payment authorized for the OrderId');
    expectOrder(published(run.trace), 'Payment authorized', ...downstream);
    expectOrder(steps(run.trace), 'Fulfillment asks redis to acquire the distributed lock of the order', capture, 'Fulfillment asks redis to release the lock');
    expect(steps(run.trace)).not.toContain(confirmPayment);
    expect(repliesTo(run, 'Customer')).toEqual(['order confirmed']);
  });

  test('card not authorised: the customer is told; the order stays created, nothing is confirmed or released', () => {
    const run = simulateWith(file, ['order-creation'], { given: { ...card, authorization: 'not authorized' } });
    expectCompleted(run);
    expect(repliesTo(run, 'Customer')).toEqual(['payment failed']);
    expect(published(run.trace)).toEqual(['Order created']);
  });

  test('the payment gateway down ("External timeout"): the call times out after 30 s and the customer is told the payment expired', () => {
    const run = simulateWith(file, ['order-creation'], { given: card, faults: 'down=PaymentGateway@0s+1h' });
    expect(repliesTo(run, 'Customer')).toEqual(['payment expired']);
    const expired = run.trace.find((t) => t.kind === 'send' && t.messageKind === 'reply' && t.text === 'payment expired')!;
    expect(expired.time).toBeGreaterThanOrEqual(30_000);
    expect(published(run.trace)).toEqual(['Order created']);
  });

  test('asynchronous payment: the customer gets the payment page; the webhook later authorizes and the order goes all the way', () => {
    const first = simulateWith(file, ['order-creation'], { given: asynchronous });
    expectCompleted(first);
    expect(repliesTo(first, 'Customer')).toEqual(['the payment page']);
    expect(published(first.trace)).toEqual(['Order created']);

    const run = simulateWith(file, ['order-creation', 'order-payment'], { startAt: [0, 60_000], given: { ...asynchronous, authorization: 'authorized' } });
    expectCompleted(run);
    expect(run.trace.filter((t) => t.kind === 'trigger').map((t) => run.name(t.from))).toEqual(['Customer', 'PaymentGateway']);
    expectOrder(published(run.trace), 'Order created', 'Payment authorized', ...downstream);
    expect(repliesTo(run, 'Customer')).toEqual(['the payment page', 'order confirmed']);
    // An asynchronous payment is not a card: nothing to capture at fulfilment.
    expect(steps(run.trace)).toContain('Fulfillment stores the order in the Fulfillment Center');
    expect(steps(run.trace)).not.toContain(capture);
  });

  test('a duplicated "Order created" is handled once by its idempotent consumer (the ProcessedEvents table: [idempotent])', () => {
    const run = simulateWith(file, ['order-creation'], { given: asynchronous, faults: 'duplicate=1' });
    const created = run.trace.find((t) => t.kind === 'publish' && t.event === 'Order created')!;
    expect(run.verdict.notIdempotent.filter((n) => n.message === created.message)).toEqual([]);
    const ignored = run.trace.filter((t) => t.kind === 'discard' && t.message === created.message);
    expect(ignored.map((t) => [run.name(t.participant), t.detail])).toEqual([['Email', 'duplicate ignored by an idempotent consumer']]);
    expect(steps(run.trace).filter((s) => s === 'Email sends the e-mail Order created and awaiting payment')).toHaveLength(1);
  });

  test('without [idempotent], a duplicated "Order created" runs its consumer twice and the verdict names it', () => {
    const careless = textOf(file).replace(/(listens "[^"]+") +\[idempotent\]/g, '$1');
    expect(careless.match(/listens .*\[idempotent\]/g)).toBeNull();
    expect(textOf(file).match(/listens .*\[idempotent\]/g)).toHaveLength(9);
    const run = simulateWith(file, ['order-creation'], { given: asynchronous, faults: 'duplicate=1' }, careless);
    expect(run.verdict.ok).toBe(false);
    const created = run.trace.find((t) => t.kind === 'publish' && t.event === 'Order created')!;
    const twice = run.verdict.notIdempotent.find((n) => n.message === created.message)!;
    expect(twice).toMatchObject({ scenario: 'order-creation/2', messageKind: 'event', times: 2 });
    expect(run.name(twice.participant)).toBe('Email');
    expect(steps(run.trace).filter((s) => s === 'Email sends the e-mail Order created and awaiting payment').length).toBeGreaterThanOrEqual(2);
  });

  test('the stories: six, one per path a story can fix (a timeout cannot be given), each on the facts of its path', () => {
    const stories = modelOf(file).stories;
    expect(stories.map((s) => [s.given.map((g) => g.outcome).join(' + '), s.runs.map((r) => r.useCase).join(' ')])).toEqual([
      ['reserved + Cash on Delivery/In Person', 'order-creation'],
      ['out of stock', 'order-creation'],
      ['reserved + Credit/Debit/Tokenized + authorized', 'order-creation'],
      ['reserved + Credit/Debit/Tokenized + not authorized', 'order-creation'],
      ['reserved + Asynchronous payment', 'order-creation'],
      ['reserved + Asynchronous payment + authorized', 'order-creation order-payment'],
    ]);
    expect(stories.every((s) => s.knownFailure === undefined)).toBe(true);
  });
});

// ───────────────────────────── 004: shop ─────────────────────────────

describe('shop.craft (004): Service Bus and Event Hubs, reserved or backordered, fulfilment, delivery, website', () => {
  const file = 'examples/shop.craft';
  const sufficient = { inventory: 'sufficient', 'stock status': 'changed' };

  test('"Order Placed" goes once on the Service Bus queue (to Inventory) and once on Event Hubs (to Notification)', () => {
    const run = simulateWith(file, ['shop-order-placement'], { given: sufficient });
    const sends = run.trace.filter((t) => t.kind === 'send' && t.messageKind === 'event' && t.event?.startsWith('Order Placed'));
    expect(sends.map((t) => [t.event, run.name(t.to)])).toEqual([
      ['Order Placed (SB)', 'Inventory'],
      ['Order Placed (EH)', 'Notification'],
    ]);
    const notify = run.trace.filter((t) => t.kind === 'step' && t.step === 'notify' && t.event?.startsWith('Order Placed')).map((t) => t.text);
    expect(notify).toEqual(['Order notifies "Order Placed (SB)" [QUEUE Service Bus]', 'Order notifies "Order Placed (EH)" [STREAM Event Hubs]']);
  });

  test('delivery guarantees: the queue redelivers after its lock (1 min), Event Hubs from the checkpoint (5 s); every event is at-least-once', () => {
    const delivery = Object.fromEntries(modelOf(file).events.map((e) => [e.name, e.delivery]));
    expect(delivery['Order Placed (SB)']).toEqual({ kind: 'at-least-once', redeliveryMs: 60_000 });
    for (const e of ['Order Placed (EH)', 'Inventory Reserved', 'Backordered', 'Product Info Updated', 'Order Fulfillment', 'Order Delivered']) {
      expect(delivery[e], e).toEqual({ kind: 'at-least-once', redeliveryMs: 5_000 });
    }
  });

  test('reserved → shipped → delivered, with every notification; the website picks up the product info', () => {
    const run = simulateWith(file, ['shop-order-placement', 'shipment-delivered'], { startAt: [0, 3_600_000], given: sufficient });
    expectCompleted(run);
    expectOrder(published(run.trace), 'Order Placed (SB)', 'Inventory Reserved', 'Order Fulfillment', 'Order Delivered');
    expect(published(run.trace).at(-1)).toBe('Order Delivered');
    expectOrder(steps(run.trace), 'Order asks order_db to save the order', 'Order notifies "Order Placed (SB)" [QUEUE Service Bus]');
    expectOrder(steps(run.trace), 'Notification sends an email confirmation message', 'Notification informs the customer of the shipment', 'Notification informs the customer of the delivery');
    expectOrder(steps(run.trace), 'Product updates the stock status', 'Product notifies "Product Info Updated" [STREAM Event Hubs]', 'Website updates the website as necessary');
    expect(run.trace.filter((t) => t.kind === 'trigger').map((t) => run.name(t.from))).toEqual(['Customer', 'Carrier']);
    expect(run.verdict.deadLetters).toEqual([]);
  });

  test('an unchanged stock status: Product sends nothing, the website is left alone; the order still ships', () => {
    const run = simulateWith(file, ['shop-order-placement'], { given: { inventory: 'sufficient', 'stock status': 'unchanged' } });
    expectCompleted(run);
    expect(published(run.trace)).toContain('Order Fulfillment');
    expect(published(run.trace)).not.toContain('Product Info Updated');
    expect(steps(run.trace)).not.toContain('Product updates the stock status');
  });

  test('backordered: Order updates the status and Notification tells the customer; nothing ships, and the story that expects a shipment is known to fail', () => {
    const run = simulateWith(file, ['shop-order-placement'], { given: { inventory: 'not sufficient' } });
    expectCompleted(run);
    expect(published(run.trace)).toEqual(['Order Placed (SB)', 'Order Placed (EH)', 'Backordered']);
    expect(steps(run.trace)).toEqual(expect.arrayContaining(['Order updates the order status', 'Notification sends the customer a status update']));
    expect(steps(run.trace)).not.toContain('Shipping ships the order items');
    const resumed = modelOf(file).stories.find((s) => s.knownFailure !== undefined)!;
    expect([resumed.name, resumed.given, resumed.expectations.map((e) => e.event)]).toEqual([
      'a backordered order ships once the stock arrives',
      [{ fact: 'inventory', outcome: 'not sufficient' }],
      ['Order Fulfillment'],
    ]);
  });
});
