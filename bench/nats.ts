/**
 * The generated project on a live NATS broker: order-placement flows of examples/ecommerce.craft end to end
 * (every service its own process, the outside world in this process), against the same flows on the
 * in-memory transport, and against a baseline written here with the raw NATS client doing the same
 * requests, publishes and consumes in the same run (the flow's message graph, recorded from one generated
 * run by causation: which message each request and event was sent while handling, and who consumed it).
 * Flows per second (16 flows in flight), p50/p99 flow latency (one flow at a time). Goal: the generated
 * transport at most 1.5× the raw client (latency p50 and time per flow under load).
 * Needs nats-server on PATH; otherwise the section says so and measures nothing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { compile } from '../src/compiler/compile.js';
import { generate, writeGeneration } from '../src/codegen/scaffold/index.js';
import { predict } from '../src/simulator/predict.js';
import { ms, ratio, table, verdict } from './timing.js';

const GOAL = 1.5;
const USE_CASE = 'order-placement';
const SEQUENTIAL = 60;
const LOAD = 320;
const IN_FLIGHT = 16;
const sleep = (n: number) => new Promise<void>((resolve) => setTimeout(resolve, n));

interface Envelope {
  id: string;
  type: string;
  correlationId: string;
  causationId: string | null;
}
interface Line {
  service?: string;
  context: string;
  type: string;
  id: string;
  correlationId: string;
  causationId: string | null;
  outcome: string;
  event?: string;
}
interface Observed {
  kind: string;
  message: Envelope;
}
interface Outside {
  request(route: string, m: Envelope): Promise<Envelope>;
  observe(see: (o: Observed) => void): void;
  ready(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}
interface Trigger {
  route: string;
  request: unknown;
}
interface UseCaseRun {
  slug: string;
  triggers: Trigger[];
  predicted: string[];
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

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

async function waitUntil(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`bench nats: timed out waiting for ${what}`);
    await sleep(1);
  }
}

/** Runs `flow` SEQUENTIAL times one at a time (latencies), then LOAD times with IN_FLIGHT at once (throughput). */
async function measure(flow: () => Promise<void>): Promise<{ p50: number; p99: number; perSecond: number }> {
  for (let i = 0; i < 10; i++) await flow();
  const latencies: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t = performance.now();
    await flow();
    latencies.push(performance.now() - t);
  }
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < LOAD) await flow();
    }),
  );
  return { p50: pct(latencies, 50), p99: pct(latencies, 99), perSecond: LOAD / ((performance.now() - start) / 1000) };
}

/** The message graph of one flow: who sends what while handling which message, and who consumes each event. */
interface Node {
  kind: 'request' | 'event';
  type: string;
  /** The unit consuming it (events: every consumer; the first one sends the children). */
  consumers: string[];
  children: Node[];
}

function graphOf(correlationId: string, lines: readonly Line[], events: readonly Envelope[]): Node {
  const nodes = new Map<string, Node>();
  const parents = new Map<string, string | null>();
  for (const l of lines) {
    if (l.correlationId !== correlationId || (l.outcome !== 'handled' && l.outcome !== 'answered')) continue;
    const kind = l.outcome === 'answered' ? 'request' : 'event';
    const n = nodes.get(l.id) ?? { kind, type: l.type, consumers: [], children: [] };
    n.consumers.push(l.context);
    nodes.set(l.id, n);
    parents.set(l.id, l.causationId);
  }
  for (const e of events) {
    if (!nodes.has(e.id)) nodes.set(e.id, { kind: 'event', type: e.type, consumers: [], children: [] });
    parents.set(e.id, e.causationId);
  }
  let root: Node | undefined;
  for (const [id, parent] of parents) {
    const n = nodes.get(id)!;
    if (parent === null) root = n;
    else nodes.get(parent)?.children.push(n);
  }
  if (!root) throw new Error('bench nats: no trigger in the recorded flow');
  return root;
}

/** The same graph on the raw client: a stream, a durable consumer per (unit, event type), a responder per request type. */
async function rawSystem(url: string, root: Node): Promise<{ flow: () => Promise<void>; close: () => Promise<void> }> {
  const nc: NatsConnection = await connect({ servers: url });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const all: Node[] = [];
  const walk = (n: Node) => {
    all.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  const index = new Map(all.map((n, i) => [n, i]));
  const token = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-');
  await jsm.streams.add({ name: 'RAWBENCH', subjects: ['rawbench.ev.>'], duplicate_window: 120_000_000_000 });
  const totalEvents = all.filter((n) => n.kind === 'event').length;
  const seen = new Map<string, number>();
  const done = new Map<string, () => void>();
  const enc = new TextEncoder();
  const send = async (n: Node, flow: string): Promise<void> => {
    const body = enc.encode(JSON.stringify({ flow, node: index.get(n), id: `${flow}-${index.get(n)}`, pad: 'x'.repeat(120) }));
    if (n.kind === 'request') await nc.request(`rawbench.rpc.${token(n.type)}`, body, { timeout: 5000 });
    else await js.publish(`rawbench.ev.${token(n.type)}`, body, { msgID: `${flow}-${index.get(n)}` });
  };
  const act = async (n: Node, flow: string) => {
    for (const c of n.children) await send(c, flow);
  };
  const loops: Promise<void>[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  const consumersOf = new Map<string, Set<string>>();
  for (const n of all) if (n.kind === 'event') for (const c of n.consumers) (consumersOf.get(n.type) ?? consumersOf.set(n.type, new Set()).get(n.type)!).add(c);
  for (const [type, units] of consumersOf) {
    for (const unit of units) {
      const durable = `${token(unit)}__${token(type)}`;
      await jsm.consumers.add('RAWBENCH', { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, filter_subject: `rawbench.ev.${token(type)}` });
      const messages = await (await js.consumers.get('RAWBENCH', durable)).consume({ max_messages: 64 });
      closers.push(() => messages.close());
      loops.push(
        (async () => {
          for await (const m of messages) {
            const { flow, node } = m.json<{ flow: string; node: number }>();
            const n = all[node]!;
            if (n.consumers[0] === unit) await act(n, flow);
            await m.ackAck();
          }
        })(),
      );
    }
  }
  for (const type of new Set(all.filter((n) => n.kind === 'request').map((n) => n.type))) {
    const sub = nc.subscribe(`rawbench.rpc.${token(type)}`, {
      queue: 'raw',
      callback: (_e, m) =>
        void (async () => {
          const { flow, node } = m.json<{ flow: string; node: number }>();
          await act(all[node]!, flow);
          m.respond(enc.encode(JSON.stringify({ ok: true, pad: 'x'.repeat(120) })));
        })(),
    });
    closers.push(async () => sub.unsubscribe());
  }
  const watch = nc.subscribe('rawbench.ev.>', {
    callback: (_e, m) => {
      const { flow } = m.json<{ flow: string }>();
      const k = (seen.get(flow) ?? 0) + 1;
      seen.set(flow, k);
      if (k === totalEvents) done.get(flow)?.();
    },
  });
  closers.push(async () => watch.unsubscribe());
  await nc.flush();
  let flows = 0;
  return {
    flow: async () => {
      const flow = `f${flows++}`;
      const finished = new Promise<void>((resolve) => done.set(flow, resolve));
      await send(root, flow);
      await Promise.race([finished, sleep(10_000).then(() => Promise.reject(new Error(`raw flow ${flow} did not finish`)))]);
      done.delete(flow);
      seen.delete(flow);
    },
    close: async () => {
      for (const c of closers) await c();
      await Promise.allSettled(loops);
      await nc.drain();
    },
  };
}

export async function benchNats(root: string): Promise<string[]> {
  const found = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) return ['nats: skipped, no nats-server on PATH (Debian: apt-get install nats-server)', ''];
  const tmp = mkdtempSync(join(tmpdir(), 'craft-bench-nats-'));
  const children: ChildProcess[] = [];
  const lines: string[] = [];
  try {
    // The generated project of examples/ecommerce.craft, built, with craft's packages.
    const path = 'examples/ecommerce.craft';
    const { model } = compile([{ path, text: readFileSync(join(root, path), 'utf8') }]);
    const out = join(tmp, 'out');
    writeGeneration(out, generate(model, { name: 'ecommerce', predict: (slug) => predict(model, slug) }).files, { force: false });
    symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'), 'dir');
    const built = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: out, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`the generated project does not build: ${built.stdout}`);
    const load = async <T>(rel: string) => (await import(pathToFileURL(join(out, 'dist', rel)).href)) as T;
    const { useCases, services } = await load<{ useCases: UseCaseRun[]; services: string[] }>('test/support/use-cases.js');
    const u = useCases.find((x) => x.slug === USE_CASE)!;
    const c = await load<{ seal(contract: unknown, payload: object, meta: object): Envelope }>('src/contracts/index.js');
    const { wireExternals } = await load<{ wireExternals(t: unknown): void }>('test/support/externals.js');
    const { NatsTransport } = await load<{ NatsTransport: { connect(o: object): Promise<Outside> } }>('src/transport/nats.js');
    const { Flow } = await load<{ Flow: new () => { trigger(route: string, q: unknown, r: unknown, p: object, at: number): Promise<unknown>; finish(): Promise<void>; events(): string[] } }>('test/support/system.js');

    // The broker.
    const port = await freePort();
    const broker = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', join(tmp, 'store')], { stdio: 'ignore' });
    children.push(broker);
    const until = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (Date.now() > until) throw new Error('nats-server did not start');
      await sleep(50);
    }
    const url = `nats://127.0.0.1:${port}`;

    // In memory.
    const memory = await measure(async () => {
      const f = new Flow();
      for (const t of u.triggers) await f.trigger(t.route, t.request, (t as unknown as { response: unknown }).response, {}, 0);
      await f.finish();
      if (f.events().length !== u.predicted.length) throw new Error('in-memory flow differs');
    });

    // Generated, every service its own process.
    const logs: Line[] = [];
    const env = { ...process.env, NATS_URL: url };
    await Promise.all(
      services.map(async (s) => {
        const child = spawn(process.execPath, [join(out, 'dist/src/services', s, 'main.js')], { cwd: out, env, stdio: ['ignore', 'pipe', 'inherit'] });
        children.push(child);
        let rest = '';
        let ready = false;
        child.stdout!.on('data', (d: Buffer) => {
          const parts = (rest + d.toString()).split('\n');
          rest = parts.pop() ?? '';
          for (const p of parts) {
            const l = JSON.parse(p) as Line;
            if (l.event === 'ready') ready = true;
            else if (l.outcome) logs.push(l);
          }
        });
        await waitUntil(() => ready, 20_000, `${s} to start`);
      }),
    );
    const outside = await NatsTransport.connect({ service: 'outside', servers: url, log: (l: Line) => logs.push(l) });
    wireExternals(outside);
    await outside.start();
    const events = new Map<string, Envelope[]>();
    const waiting = new Map<string, () => void>();
    outside.observe((o) => {
      if (o.kind !== 'event') return;
      const list = events.get(o.message.correlationId) ?? [];
      list.push(o.message);
      events.set(o.message.correlationId, list);
      if (list.length === u.predicted.length) waiting.get(o.message.correlationId)?.();
    });
    await outside.ready();
    let n = 0;
    const generated = async (keep = false) => {
      const k = ++n;
      const correlationId = `00000000-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;
      const finished = new Promise<void>((resolve) => waiting.set(correlationId, resolve));
      for (const [i, t] of u.triggers.entries()) await outside.request(t.route, c.seal(t.request, {}, { id: `${i + 1}0000000-0000-4000-8000-${k.toString(16).padStart(12, '0')}`, correlationId, causationId: null, occurredAt: new Date().toISOString() }));
      await Promise.race([finished, sleep(30_000).then(() => Promise.reject(new Error(`flow ${correlationId} did not finish: ${JSON.stringify(events.get(correlationId)?.map((e) => e.type) ?? [])}; ${logs.filter((l) => l.correlationId === correlationId && l.outcome !== 'handled' && l.outcome !== 'answered').map((l) => `${l.context} ${l.type} ${l.outcome}`).join(', ') || 'no failures logged'}`)))]);
      waiting.delete(correlationId);
      if (!keep) events.delete(correlationId);
      return correlationId;
    };
    const recorded = await generated(true);
    await sleep(300);
    const graph = graphOf(recorded, logs, events.get(recorded) ?? []);
    const nats = await measure(async () => void (await generated()));
    logs.length = 0;

    // The same, every service in this one process (the processes stopped): what the processes cost.
    for (const child of children.slice(1)) child.kill('SIGTERM');
    await sleep(1000);
    const { wireServices } = await load<{ wireServices(t: unknown): void }>('src/services/index.js');
    const together = await NatsTransport.connect({ service: 'all', servers: url });
    wireServices(together);
    await together.start();
    const oneProcess = await measure(async () => void (await generated()));
    await together.close();
    await outside.close();

    // The raw client, the same graph.
    const raw = await rawSystem(url, graph);
    const baseline = await measure(raw.flow);
    await raw.close();

    const count = (g: Node, kind: Node['kind']): number => (g.kind === kind ? 1 : 0) + g.children.reduce((s, x) => s + count(x, kind), 0);
    const deliveries = (g: Node): number => (g.kind === 'event' ? g.consumers.length : 0) + g.children.reduce((s, x) => s + deliveries(x), 0);
    const latencyRatio = nats.p50 / baseline.p50;
    const loadRatio = baseline.perSecond / nats.perSecond;
    lines.push(
      `NATS: ${USE_CASE} of ${path} (${u.predicted.length} events), ${services.length} services as processes; per flow ${count(graph, 'request')} requests, ${count(graph, 'event')} publishes, ${deliveries(graph)} deliveries; ${SEQUENTIAL} flows one at a time, ${LOAD} with ${IN_FLIGHT} in flight`,
      table([
        ['  transport', 'flows/s', 'p50', 'p99'],
        ['  in memory (one process, no broker)', memory.perSecond.toFixed(0), ms(memory.p50), ms(memory.p99)],
        ['  generated, NATS', nats.perSecond.toFixed(0), ms(nats.p50), ms(nats.p99)],
        ['  generated, NATS, every service in one process', oneProcess.perSecond.toFixed(0), ms(oneProcess.p50), ms(oneProcess.p99)],
        ['  raw NATS client, same messages', baseline.perSecond.toFixed(0), ms(baseline.p50), ms(baseline.p99)],
      ]),
      `  generated/raw: latency p50 ${ratio(latencyRatio)}  goal ≤ ${GOAL}×  ${verdict(latencyRatio, GOAL)}; time per flow under load ${ratio(loadRatio)}  goal ≤ ${GOAL}×  ${verdict(loadRatio, GOAL)}`,
      '',
    );
  } catch (e) {
    lines.push(`nats: failed: ${e instanceof Error ? e.message : String(e)}`, '');
  } finally {
    for (const child of children.reverse()) child.kill('SIGTERM');
    await sleep(500);
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  }
  return lines;
}
