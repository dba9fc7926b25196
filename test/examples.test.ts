/**
 * The examples modelled from the source documents (/work/shared/seeds, issue 6), through the CLI as a user
 * runs them (examples/README.md has the same commands): each checks with exactly the warnings its comments
 * announce, draws every diagram kind (and renders as SVG when a Chromium exists), keeps the README's
 * diagram in step with craft's output, generates a project (`craft gen`) that type-checks and passes its
 * own tests, and simulates the document's stories, asserted over `craft simulate ... --json`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test as base } from 'vitest';
import { findChromium } from '../src/codegen/diagrams/browser.js';
import { compile } from '../src/compiler/compile.js';
import type { Model, Step } from '../src/compiler/model.js';
import type { TraceRecord } from '../src/simulator/trace.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'craft.js');
const chromium = findChromium();
const requireBrowser = process.env['CRAFT_REQUIRE_BROWSER'] === '1';

function craft(args: string[], cwd = root) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const test = base.extend<{ tmp: string }>({
  tmp: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'craft-examples-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

beforeAll(() => {
  // Always rebuild: the CLI under test is dist/, and a stale one would test yesterday's craft.
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { encoding: 'utf8' });
  if (build.status !== 0) console.warn(`tsc reported problems:\n${build.stdout}${build.stderr}`);
  expect(existsSync(join(root, 'dist', 'src', 'cli', 'simulate.js'))).toBe(true);
}, 120_000);

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
  { name: 'orders', file: 'examples/orders.craft', source: '002_4f1737b6691329b4.txt', warnings: [], readme: ['-k', 'sequence', '-u', 'order-creation'] },
  { name: 'shop', file: 'examples/shop.craft', source: '004_d446fb33edd9ddc2.txt', warnings: [], readme: ['-k', 'domain'] },
].map((e) => ({ ...e, warnings: e.warnings as [string, string][] }));

const textOf = (file: string) => readFileSync(join(root, file), 'utf8');
const modelOf = (file: string): Model => compile([{ path: file, text: textOf(file) }]).model;

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

  test('says where it comes from', () => {
    expect(textOf(ex.file)).toContain(`/work/shared/seeds/${ex.source}`);
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

/** The events published, in order. */
const published = (trace: TraceRecord[]) => trace.filter((t) => t.kind === 'publish').map((t) => t.event!);
/** The step texts, in order. */
const steps = (trace: TraceRecord[]) => trace.filter((t) => t.kind === 'step').map((t) => t.text!);
/** What the system answered a person or an outside system (`returns to Customer ...`). */
const repliesTo = (run: Run, actor: string) => run.trace.filter((t) => t.kind === 'send' && t.messageKind === 'reply' && t.to === actor).map((t) => t.text!);
const publishedAt = (trace: TraceRecord[], event: string) => trace.find((t) => t.kind === 'publish' && t.event === event)?.time;

/** `items` occur in `list` in this order (not necessarily adjacent). */
function expectOrder(list: string[], ...items: string[]): void {
  let at = -1;
  for (const item of items) {
    const i = list.indexOf(item, at + 1);
    expect(i, `"${item}" after position ${at} in:\n${list.join('\n')}`).toBeGreaterThan(at);
    at = i;
  }
}

function expectCompleted(run: Run): void {
  expect(run.verdict.flows, JSON.stringify(run.verdict.perFlow)).toMatchObject({ total: 1, completed: 1 });
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

  test('an order cancelled at 10 s is cancelled and never accepted: the timer is cancelled, never fires', () => {
    const run = simulate(file, ['place-order', 'cancel-order', '--latency', 'examples/latency/sales-cancel-at-10s.json']);
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
    const run = simulate(file, ['place-order', 'cancel-order', '--latency', 'examples/latency/sales-cancel-at-25s.json']);
    expectCompleted(run);
    const late = run.trace.find((t) => t.kind === 'too-late')!;
    expect(late.event).toBe('BuyersRemorseIsOver');
    expect(late.time).toBeGreaterThan(20_000);
    expect(run.trace.filter((t) => t.kind === 'end' && t.status === 'too-late').map((t) => t.scenario)).toEqual(['cancel-order/2']);
    expect(publishedAt(run.trace, 'OrderAccepted')!).toBeLessThan(late.time);
    expect(published(run.trace)).toContain('DownloadIsReady');
    expect(published(run.trace)).not.toContain('OrderCancelled');
  });

  test('with the default latencies the customer cancels at once, inside the window', () => {
    const run = simulate(file, ['place-order', 'cancel-order']);
    expectCompleted(run);
    expect(published(run.trace)).toContain('OrderCancelled');
    expect(published(run.trace)).not.toContain('OrderAccepted');
  });

  test('--explore: no `or` in the model, one path per story', () => {
    for (const [args, terminal] of [
      [['place-order'], ['OrderPlaced', 'DownloadIsReady', 'ClientBecamePreferred']],
      [['place-order', 'cancel-order'], ['OrderPlaced', 'OrderCancelled']],
      [['place-order', 'cancel-order', '--latency', 'examples/latency/sales-cancel-at-25s.json'], ['OrderPlaced', 'DownloadIsReady', 'ClientBecamePreferred', 'CancelOrder']],
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

  test('checkout → grace period → stock confirmed → payment succeeded → paid', () => {
    const run = simulate(file, [...story, '--choose', 'OrderStockConfirmedIntegrationEvent', '--choose', 'OrderPaymentSucceededIntegrationEvent']);
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
    // The grace period: the task's next run, a minute after the start.
    const task = run.trace.find((t) => t.kind === 'trigger' && t.scenario === 'grace-period-management/1')!;
    expect(task.time).toBe(60_000);
    expect(publishedAt(run.trace, 'OrderStatusChangedToAwaitingValidationIntegrationEvent')!).toBeGreaterThan(60_000);
    expect(published(run.trace)).not.toContain('OrderStatusChangedToCancelledIntegrationEvent');
    // Catalog handles the paid order (it triggers nothing); Submitted has no handler: a dead letter.
    expect(run.trace.some((t) => t.kind === 'start' && t.scenario === 'payment/4')).toBe(true);
    expect(run.verdict.deadLetters.map((d) => d.event)).toEqual(['OrderStatusChangedToSubmittedIntegrationEvent']);
  });

  test('payment failed: the order is cancelled (an event with no handlers)', () => {
    const run = simulate(file, [...story, '--choose', 'OrderStockConfirmedIntegrationEvent', '--choose', 'OrderPaymentFailedIntegrationEvent']);
    expectCompleted(run);
    expect(published(run.trace).at(-1)).toBe('OrderStatusChangedToCancelledIntegrationEvent');
    expect(published(run.trace)).not.toContain('OrderStatusChangedToPaidIntegrationEvent');
    expect(run.verdict.deadLetters.map((d) => d.event).sort()).toEqual(['OrderStatusChangedToCancelledIntegrationEvent', 'OrderStatusChangedToSubmittedIntegrationEvent']);
  });

  test('stock rejected: Ordering handles it and publishes nothing, as the document says: the order is neither paid nor cancelled', () => {
    const run = simulate(file, [...story, '--choose', 'OrderStockRejectedIntegrationEvent']);
    expectCompleted(run);
    expect(published(run.trace).at(-1)).toBe('OrderStockRejectedIntegrationEvent');
    expect(run.trace.some((t) => t.kind === 'start' && t.scenario === 'stock-validation/3')).toBe(true);
    for (const e of ['OrderStatusChangedToCancelledIntegrationEvent', 'OrderStatusChangedToPaidIntegrationEvent', 'OrderStatusChangedToStockConfirmedIntegrationEvent']) {
      expect(published(run.trace)).not.toContain(e);
    }
  });

  test('--explore: three paths; only stock confirmed + payment succeeded ends paid', () => {
    const { doc } = simulate(file, [...story, '--explore']);
    expect(doc.explore!.complete).toBe(true);
    const ends = doc.explore!.paths.map((p) => [p.choices.map((c) => c.chose).join(' + '), p.terminalEvents[0]!.filter((e) => e !== 'OrderStartedIntegrationEvent' && e !== 'OrderStatusChangedToSubmittedIntegrationEvent')]);
    expect(ends).toEqual([
      ['OrderStockConfirmedIntegrationEvent + OrderPaymentFailedIntegrationEvent', ['OrderStatusChangedToCancelledIntegrationEvent']],
      ['OrderStockRejectedIntegrationEvent', ['OrderStockRejectedIntegrationEvent']],
      ['OrderStockConfirmedIntegrationEvent + OrderPaymentSucceededIntegrationEvent', ['OrderStatusChangedToPaidIntegrationEvent']],
    ]);
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
  const reserved = ['--choose', 'Inventory reserved'];
  const downstream = ['Order confirmed', 'Order ready', 'Invoice created', 'Order shipped', 'Order completed'];

  test('out of stock: the customer is told items are missing; no order is created', () => {
    const run = simulate(file, ['order-creation', '--choose', 'Out of Stock']);
    expectCompleted(run);
    expect(repliesTo(run, 'Customer')).toEqual(['one or more items missing']);
    expect(published(run.trace)).toEqual(['Out of Stock']);
  });

  test('cash on delivery or in person: order created (through the outbox) and confirmed, then fulfilment → invoice → delivery → completed', () => {
    const run = simulate(file, ['order-creation', ...reserved, '--choose', 'Cash on Delivery/In Person']);
    expectCompleted(run);
    expect(repliesTo(run, 'Customer')).toEqual(['order confirmed']);
    expectOrder(published(run.trace), ...downstream);
    expect(published(run.trace)).toContain('Order created');
    const created = run.trace.find((t) => t.kind === 'publish' && t.event === 'Order created')!;
    expect(run.name(created.from)).toBe('OutboxRelay');
    expectOrder(
      steps(run.trace),
      'OrderManagement commits the create order and its "Order created" outbox message in the database',
      'OutboxRelay reads the "Order created" outbox message from order_db',
      'OutboxRelay notifies "Order created"',
      'OutboxRelay deletes the outbox message',
    );
    expectOrder(steps(run.trace), 'Email sends the e-mail Order created and awaiting payment');
    expectOrder(steps(run.trace), 'Fulfillment stores the order in the Fulfillment Center', 'Fulfillment asks redis to acquire the distributed lock of the order', 'Fulfillment asks redis to release the lock', 'Invoice generates the invoice', 'Fulfillment retrieves the invoice', 'Fulfillment ships the order', 'Email sends the e-mail Order shipped');
    expect(steps(run.trace).filter((s) => s === 'OrderManagement updates the order status')).toHaveLength(2);
  });

  // The card paths nest two calls (Order Management → Order Payment api → payment gateway).
  test('card authorised: the payment is authorized through the gateway, saved, and the order confirmed and delivered', () => {
    const run = simulate(file, ['order-creation', ...reserved, '--choose', 'Credit/Debit/Tokenized', '--choose', 'Payment authorized']);
    expectOrder(steps(run.trace), 'OrderManagement asks OrderPayment to authorize the payment [Order Payment api]', 'OrderPayment asks PaymentGateway to authorize the payment [payment gateway]', 'PaymentGateway returns the authorization');
    expectOrder(published(run.trace), 'Payment authorized', ...downstream);
    expect(steps(run.trace)).toContain('OrderPayment saves the payment authorized for the OrderId');
    expect(repliesTo(run, 'Customer')).toEqual(['order confirmed']);
    expectCompleted(run);
  });

  test.each([
    ['not authorised', 'Payment failed', 'payment failed'],
    ['expired', 'Payment expired', 'payment expired'],
  ])('card %s: the customer is told, nothing is confirmed', (_, outcome, reply) => {
    const run = simulate(file, ['order-creation', ...reserved, '--choose', 'Credit/Debit/Tokenized', '--choose', outcome]);
    expect(repliesTo(run, 'Customer')).toEqual([reply]);
    expect(published(run.trace)).not.toContain('Order confirmed');
    expectCompleted(run);
  });

  test('asynchronous payment: the customer gets the payment page; the webhook later authorizes and the order goes all the way', () => {
    const first = simulate(file, ['order-creation', ...reserved, '--choose', 'Asynchronous payment']);
    expectCompleted(first);
    expect(repliesTo(first, 'Customer')).toEqual(['the payment page']);
    expect(published(first.trace)).not.toContain('Order confirmed');

    const run = simulate(file, ['order-creation', 'order-payment', ...reserved, '--choose', 'Asynchronous payment', '--choose', 'Payment authorized']);
    expectCompleted(run);
    expect(run.trace.filter((t) => t.kind === 'trigger').map((t) => run.name(t.from))).toEqual(['Customer', 'PaymentGateway']);
    expectOrder(published(run.trace), 'Asynchronous payment', 'Payment authorized', ...downstream);
    expect(repliesTo(run, 'Customer')).toEqual(['the payment page', 'order confirmed']);
  });

  test('a duplicated "Order created" is handled once by its idempotent consumer (the ProcessedEvents table: [idempotent])', () => {
    const run = simulate(file, ['order-creation', ...reserved, '--choose', 'Asynchronous payment', '--faults', 'duplicate=1']);
    const created = run.trace.find((t) => t.kind === 'publish' && t.event === 'Order created')!;
    expect(run.verdict.notIdempotent.filter((n) => n.message === created.message)).toEqual([]);
    const ignored = run.trace.filter((t) => t.kind === 'discard' && t.message === created.message);
    expect(ignored.map((t) => [run.name(t.participant), t.detail])).toEqual([['Email', 'duplicate ignored by an idempotent consumer']]);
    expect(steps(run.trace).filter((s) => s === 'Email sends the e-mail Order created and awaiting payment')).toHaveLength(1);
  });

  test('without [idempotent], a duplicated "Order created" runs its consumer twice and the verdict names it', ({ tmp }) => {
    const careless = join(tmp, 'orders-careless.craft');
    writeFileSync(careless, readFileSync(file, 'utf8').replaceAll(' [idempotent]', ''));
    const run = simulate(careless, ['order-creation', ...reserved, '--choose', 'Asynchronous payment', '--faults', 'duplicate=1']);
    expect(run.verdict.ok).toBe(false);
    const created = run.trace.find((t) => t.kind === 'publish' && t.event === 'Order created')!;
    const twice = run.verdict.notIdempotent.find((n) => n.message === created.message)!;
    expect(twice).toMatchObject({ scenario: 'order-creation/9', messageKind: 'event', times: 2 });
    expect(run.name(twice.participant)).toBe('Email');
    expect(steps(run.trace).filter((s) => s === 'Email sends the e-mail Order created and awaiting payment').length).toBeGreaterThanOrEqual(2);
    expect(craft(['simulate', careless, 'order-creation', ...reserved, '--choose', 'Asynchronous payment', '--faults', 'duplicate=1', '--check', '--no-timeline']).status).toBe(1);
  });

  test('the payment gateway down ("External timeout"): the flow is stuck waiting for it; the document\'s "payment expired" reply to a timeout cannot be said yet', () => {
    const run = simulate(file, ['order-creation', ...reserved, '--choose', 'Credit/Debit/Tokenized', '--faults', 'down=PaymentGateway@0s+1h']);
    expect(run.verdict.flows).toMatchObject({ total: 1, stuck: 1 });
    const blocked = run.verdict.perFlow[0]!.blocked;
    expect(blocked.map((b) => [run.name(b.participant), b.waitingFor.startsWith('a reply from PaymentGateway')])).toContainEqual(['OrderPayment', true]);
  });

  test("--explore: the document's six order-creation paths", () => {
    const { doc } = simulate(file, ['order-creation', '--explore']);
    expect(doc.explore!.complete).toBe(true);
    expect(doc.explore!.paths.map((p) => p.choices.map((c) => c.chose).join(' + '))).toEqual([
      'Inventory reserved + Cash on Delivery/In Person',
      'Out of Stock',
      'Inventory reserved + Credit/Debit/Tokenized + Payment authorized',
      'Inventory reserved + Credit/Debit/Tokenized + Payment failed',
      'Inventory reserved + Credit/Debit/Tokenized + Payment expired',
      'Inventory reserved + Asynchronous payment',
    ]);
    expect(doc.explore!.paths[0]!.terminalEvents[0]).toContain('Order completed');
  });
});

// ───────────────────────────── 004: shop ─────────────────────────────

describe('shop.craft (004): Service Bus and Event Hubs, reserved or backordered, fulfilment, delivery, website', () => {
  const file = 'examples/shop.craft';

  test('"Order Placed" goes once on the Service Bus queue (to Inventory) and once on Event Hubs (to Notification)', () => {
    const run = simulate(file, ['order-placement', '--choose', 'Inventory Reserved']);
    const sends = run.trace.filter((t) => t.kind === 'send' && t.messageKind === 'event' && t.event?.startsWith('Order Placed'));
    expect(sends.map((t) => [t.event, run.name(t.to)])).toEqual([
      ['Order Placed (SB)', 'Inventory'],
      ['Order Placed (EH)', 'Notification'],
    ]);
    const notify = run.trace.filter((t) => t.kind === 'step' && t.step === 'notify' && t.event?.startsWith('Order Placed')).map((t) => t.text);
    expect(notify).toEqual(['Order notifies "Order Placed (SB)" [QUEUE Service Bus]', 'Order notifies "Order Placed (EH)" [TOPIC Event Hubs]']);
  });

  test('reserved → shipped → delivered, with every notification; the website picks up the product info', () => {
    const run = simulate(file, ['order-placement', 'shipment-delivered', '--choose', 'Inventory Reserved']);
    expectCompleted(run);
    expectOrder(published(run.trace), 'Order Placed (SB)', 'Inventory Reserved', 'Order Fulfillment', 'Order Delivered');
    expectOrder(steps(run.trace), 'Order asks order_db to save the order', 'Order notifies "Order Placed (SB)" [QUEUE Service Bus]');
    expectOrder(steps(run.trace), 'Notification sends an email confirmation message', 'Notification informs the customer of the shipment', 'Notification informs the customer of the delivery');
    expectOrder(steps(run.trace), 'Shipping ships the order items', 'Order updates the order details', 'Order updates the order details');
    expectOrder(steps(run.trace), 'Product updates the stock status if necessary', 'Product notifies "Product Info Updated" [TOPIC Event Hubs]', 'Website updates the website as necessary');
    expect(run.trace.filter((t) => t.kind === 'trigger').map((t) => run.name(t.from))).toEqual(['Customer', 'Carrier']);
    expect(run.verdict.deadLetters).toEqual([]);
  });

  test('backordered: Order updates the status and Notification tells the customer; nothing ships', () => {
    const run = simulate(file, ['order-placement', '--choose', 'Backordered']);
    expectCompleted(run);
    expect(published(run.trace)).toEqual(['Order Placed (SB)', 'Order Placed (EH)', 'Backordered']);
    expect(steps(run.trace)).toEqual(expect.arrayContaining(['Order updates the order status', 'Notification sends the customer a status update']));
    expect(steps(run.trace)).not.toContain('Shipping ships the order items');
  });

  test('--explore: reserved or backordered', () => {
    const { doc } = simulate(file, ['order-placement', '--explore']);
    expect(doc.explore!.paths.map((p) => [p.choices.map((c) => c.chose), [...p.terminalEvents[0]!].sort()])).toEqual([
      [['Inventory Reserved'], ['Order Fulfillment', 'Order Placed (EH)', 'Product Info Updated']],
      [['Backordered'], ['Backordered', 'Order Placed (EH)']],
    ]);
  });
});
