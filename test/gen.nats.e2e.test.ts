/**
 * craft gen on a live broker: one nats-server (JetStream, 127.0.0.1, a free port, a temporary store) for the
 * whole file. The generated projects of examples/orders.craft and examples/ecommerce.craft run their own
 * tests against it (in memory, then on NATS with every service its own process, and the fault test); the
 * services and the trigger script run as a newcomer runs them; durable timers survive a restart and a
 * cancelled one never fires; hostile names become subjects, streams and consumers the broker accepts.
 *
 * Skipped when there is no nats-server (with how to install it); under CRAFT_REQUIRE_NATS=1 (CI) that is a
 * failure. Outside CI the generated projects use craft's own node_modules (the same pinned versions);
 * under CI they are installed for real (npm install).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gen } from '../src/cli/commands/gen.js';
import { root } from './support/cli.js';

const requireNats = process.env['CRAFT_REQUIRE_NATS'] === '1';
const installForReal = Boolean(process.env['CI']);
const found = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
const natsServer = !found.error && found.status === 0;
const missing = 'no nats-server on PATH (Debian: apt-get install nats-server; CI sets CRAFT_REQUIRE_NATS=1 and fails instead)';

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every child process this file starts: killed in afterAll, whatever happened. */
const children = new Set<ChildProcess>();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no free port'))));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(ok: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await sleep(25);
  }
}

function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'NODE_OPTIONS' || k === 'FORCE_COLOR') delete env[k];
  return env;
}

/** `craft gen <model> -o <dir>/<name>` in this process; the project gets craft's packages or a real install. */
async function generate(model: string, dir: string, name: string, install = false): Promise<string> {
  const out = join(dir, name);
  let stderr = '';
  const saved = process.exitCode;
  const r = await gen([model], { out, name }, { cwd: root, stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) } });
  process.exitCode = saved;
  expect(r.exitCode, stderr).toBe(0);
  if (install) {
    const i = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: out, env: childEnv(), encoding: 'utf8', timeout: 540_000 });
    expect(i.status, i.stdout + i.stderr).toBe(0);
  } else symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'), 'dir');
  return out;
}

function build(out: string): void {
  const b = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: out, env: childEnv(), encoding: 'utf8', timeout: 120_000 });
  expect(b.status, b.stdout + b.stderr).toBe(0);
}

/** A long-running child: its output collected, registered for the final clean-up. */
function start(args: string[], cwd: string, env: NodeJS.ProcessEnv): { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    children.delete(child);
    resolve(code);
  }));
  return { child, out: () => out, err: () => err, exit };
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What the timer test uses of the generated NatsTransport (imported from the generated project). */
interface TimerTransport {
  subscribe(type: string, subscriber: string, handler: (m: { id: string }) => Promise<void>): void;
  start(): Promise<void>;
  close(): Promise<void>;
  schedule(message: object, delayMs: number, subscriber: string): Promise<void>;
  cancel(type: string, correlationId: string): Promise<boolean>;
}

if (!natsServer && requireNats) {
  describe('NATS', () => {
    test('needs nats-server (CRAFT_REQUIRE_NATS=1)', () => {
      throw new Error(`CRAFT_REQUIRE_NATS=1 but ${missing}`);
    });
  });
}

describe.skipIf(!natsServer)(natsServer ? 'generated projects on a live NATS broker' : `generated projects on NATS: skipped, ${missing}`, () => {
  let url = '';
  let broker: ChildProcess | undefined;
  let store = '';
  let work = '';

  beforeAll(async () => {
    const port = await freePort();
    store = mkdtempSync(join(tmpdir(), 'craft-nats-store-'));
    work = mkdtempSync(join(tmpdir(), 'craft-gen-nats-'));
    const b = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store], { stdio: 'ignore' });
    children.add(b);
    broker = b;
    const until = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (b.exitCode !== null) throw new Error(`nats-server exited with ${b.exitCode}`);
      if (Date.now() > until) throw new Error(`nats-server did not listen on 127.0.0.1:${port} within 10 s`);
      await sleep(50);
    }
    url = `nats://127.0.0.1:${port}`;
  }, 30_000);

  afterAll(async () => {
    for (const c of children) if (c !== broker) c.kill('SIGKILL');
    if (broker && broker.exitCode === null) {
      const exited = new Promise((resolve) => broker!.once('exit', resolve));
      broker.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (broker.exitCode === null) broker.kill('SIGKILL');
    }
    rmSync(store, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }, 30_000);

  /** Runs the generated project's own tests against the broker; returns its counts and the NATS tests' names. */
  function runGeneratedTests(out: string) {
    const report = join(out, '.vitest-report.json');
    const v = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`], { cwd: out, env: childEnv({ NATS_URL: url }), encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 });
    let r = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, testResults: [] as { name: string; assertionResults: { fullName: string; status: string }[] }[] };
    try {
      r = JSON.parse(readFileSync(report, 'utf8')) as typeof r;
    } catch {
      // no report: the run failed before writing one; the status says so
    }
    const nats = r.testResults.filter((f) => f.name.includes('/test/nats/')).flatMap((f) => f.assertionResults.map((a) => `${a.status} ${a.fullName}`));
    return { status: v.status, output: v.stdout + v.stderr, passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests, nats };
  }

  test.each([
    ['examples/orders.craft', 'orders', ['order-creation', 'order-payment'], 'an idempotent consumer handles a copy once'],
    ['examples/ecommerce.craft', 'ecommerce', ['order-cancellation', 'order-placement', 'product-browsing', 'stock-replenishment'], 'nothing is lost'],
  ])('%s: its tests pass in memory and on NATS (services as processes), and the fault test too', async (model, name, flows, fault) => {
    const out = await generate(model, work, name, installForReal);
    const r = runGeneratedTests(out);
    expect(r.status, r.output).toBe(0);
    expect(r.failed).toBe(0);
    // Every NATS test ran (none skipped): the flows and the fault test.
    expect(r.nats.filter((t) => t.startsWith('passed ')).length, JSON.stringify(r.nats)).toBe(flows.length + 1);
    for (const slug of flows) expect(r.nats.some((t) => t.startsWith('passed ') && t.includes(`${slug}: the flow publishes the events the simulator predicts`)), `${slug} on NATS in ${JSON.stringify(r.nats)}`).toBe(true);
    expect(r.nats.some((t) => t.startsWith('passed ') && t.includes('a service killed in the middle of a flow') && t.includes(fault))).toBe(true);
  }, 600_000);

  test('the newcomer path: the services as programs, a trigger that watches the order go through, SIGTERM exits 0; no broker exits 1', async () => {
    const out = await generate('examples/orders.craft', work, 'newcomer');
    build(out);
    const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.dependencies).toEqual({ '@nats-io/jetstream': '3.4.0', '@nats-io/kv': '3.4.0', '@nats-io/transport-node': '3.4.0' });
    const starts = Object.entries(pkg.scripts).filter(([k]) => k.startsWith('start:'));
    expect(starts.length).toBeGreaterThan(3);
    for (const [, command] of starts) expect(existsSync(join(out, command.replace(/^node /, '')))).toBe(true);
    expect(pkg.scripts['trigger']).toBe('node dist/scripts/trigger.js');

    // No broker there: a clear message and exit 1, at once.
    const closed = await freePort();
    const [, firstMain] = starts[0]!;
    const lonely = start(firstMain.replace(/^node /, '').split(' '), out, childEnv({ NATS_URL: `nats://127.0.0.1:${closed}` }));
    expect(await within(lonely.exit, 20_000, 'a service without a broker to exit')).toBe(1);
    expect(lonely.err()).toMatch(new RegExp(`cannot reach the NATS server at nats://127\\.0\\.0\\.1:${closed}`));

    const services = starts.map(([script, command]) => ({ script, p: start(command.replace(/^node /, '').split(' '), out, childEnv({ NATS_URL: url })) }));
    for (const s of services) await waitFor(() => s.p.out().includes('"event":"ready"') || s.p.child.exitCode !== null, 20_000, () => `${s.script} to be ready: ${s.p.err()}`);
    for (const s of services) expect(s.p.child.exitCode, `${s.script}: ${s.p.err()}`).toBe(null);

    const trigger = start(['dist/scripts/trigger.js', 'order-payment', '--timeout', '20'], out, childEnv({ NATS_URL: url }));
    expect(await within(trigger.exit, 30_000, 'the trigger to finish'), trigger.out() + trigger.err()).toBe(0);
    for (const event of ['Payment authorized', 'Order confirmed', 'Order completed']) expect(trigger.out()).toContain(`  ${event}  (newcomer.event.`);
    expect(trigger.out()).toMatch(/done: the \d+ events craft simulate predicted/);

    // Each handled message is one JSON line with where, what, which flow, the outcome and the time.
    const lines = services.flatMap((s) => s.p.out().split('\n')).filter((l) => l.startsWith('{"service"') && l.includes('"outcome"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(Object.keys(l).slice(0, 7)).toEqual(['service', 'context', 'type', 'id', 'correlationId', 'outcome', 'ms']);

    for (const s of services) s.p.child.kill('SIGTERM');
    for (const s of services) expect(await within(s.p.exit, 15_000, `${s.script} to stop on SIGTERM`), s.p.err()).toBe(0);
    for (const s of services) expect(s.p.out()).toContain('"event":"stopped","signal":"SIGTERM"');
  }, 180_000);

  test('durable timers: a restarted service fires a pending timer once (with two replicas), a cancelled one never', async () => {
    const out = await generate('test/golden/gen/small.craft', work, 'timers');
    const nats = (await import(pathToFileURL(join(out, 'src/transport/nats.ts')).href)) as { NatsTransport: { connect(o: object): Promise<TimerTransport> } };
    const settings = (await import(pathToFileURL(join(out, 'src/transport/settings.ts')).href)) as { units: ReadonlyMap<string, { token: string }> };
    const cart = [...settings.units].find(([, u]) => u.token === 'cart')?.[0];
    expect(cart).toBeDefined();
    const fired: string[] = [];
    const open = async () => {
      const t = await nats.NatsTransport.connect({ service: 'shop-api', servers: url, timerTickMs: 20 });
      t.subscribe('CartExpired', cart!, async (m) => void fired.push(m.id));
      await t.start();
      return t;
    };
    const envelope = (id: string, correlationId: string) => ({ id, type: 'CartExpired', correlationId, causationId: null, occurredAt: new Date().toISOString(), payload: {} });

    const first = await open();
    await first.schedule(envelope('00000000-0000-4000-8000-00000000000a', 'flow-a'), 800, cart!);
    await first.close(); // stopped before the timer is due
    const replicas = [await open(), await open()];
    await waitFor(() => fired.length > 0, 10_000, () => 'the pending timer to fire after the restart');
    await sleep(600);
    expect(fired).toEqual(['00000000-0000-4000-8000-00000000000a']);

    await replicas[0]!.schedule(envelope('00000000-0000-4000-8000-00000000000b', 'flow-b'), 600, cart!);
    expect(await replicas[1]!.cancel('CartExpired', 'flow-b')).toBe(true);
    expect(await replicas[0]!.cancel('CartExpired', 'flow-b')).toBe(false);
    await sleep(1200);
    expect(fired).toEqual(['00000000-0000-4000-8000-00000000000a']);
    for (const r of replicas) await r.close();
  }, 60_000);

  test('hostile names (test/fixtures/hostile.craft) become subjects, streams, consumers and keys the broker accepts', async () => {
    const out = await generate('test/fixtures/hostile.craft', work, 'Hostile <b>. *> names');
    const text = readFileSync(join(out, 'src/transport/settings.ts'), 'utf8');
    const subjects = [...text.matchAll(/subject: "([^"]*)"/g)].map((m) => m[1]!);
    expect(subjects.length).toBeGreaterThan(3);
    for (const s of subjects) expect(s).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    for (const s of [...text.matchAll(/(?:stream|name): "([^"]*)"/g)].map((m) => m[1]!)) expect(s).toMatch(/^[A-Z0-9_]+$/);
    for (const t of [...text.matchAll(/token: "([^"]*)"/g)].map((m) => m[1]!)) expect(t).toMatch(/^[a-z0-9-]+$/);
    expect(text).toContain('export const prefix = "hostile-b-names"');
    // The broker takes them: the generated project's own NATS run (streams, consumers, KV, requests) passes.
    const r = runGeneratedTests(out);
    expect(r.status, r.output).toBe(0);
    expect(r.nats.filter((t) => t.startsWith('passed ')).length).toBe(2);
  }, 300_000);
});
