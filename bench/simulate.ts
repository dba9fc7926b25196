/**
 * `benchSimulate()`: 10,000 order-placement flows of examples/ecommerce.craft in one run of the engine,
 * against a plain-function baseline that routes the same messages, measured in the same process: messages
 * per second, the ratio, and peak memory (fresh child processes: 10,000 flows and 1,000 flows without a
 * trace, 10,000 with one, to show that memory does not grow with the trace when none is asked for).
 *
 * The baseline is the same routing as the engine written with plain functions: the same flows and
 * triggers, mailboxes that process one message at a time, transit and work latencies drawn from the same
 * seeded generator in the same order, request/reply with callee segments, model-wide subscriptions; no
 * xstate actors, no trace, no faults. Both must route the same messages to the same virtual end time
 * (checked), so the ratio is the price of xstate and of the engine's bookkeeping.
 *
 * Run alone: `node --expose-gc dist/bench/simulate.js`; `... simulate.js child <flows> <trace 0|1>` is the
 * memory probe.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { compile } from '../src/compiler/compile.js';
import type { Model } from '../src/compiler/model.js';
import { Agenda, type Task } from '../src/plan/agenda.js';
import { catalogOf } from '../src/simulator/catalog.js';
import { findUseCase, stimulusPlans } from '../src/plan/scenarios.js';
import { defaultLatencySettings, LatencyModel, type LatencyKind } from '../src/simulator/latency.js';
import type { Frame, ScenarioPlan } from '../src/plan/scenario-plan.js';
import { Random } from '../src/simulator/random.js';
import { simulate } from '../src/simulator/simulation.js';
import { createActor, fromTransition, SimulatedClock, type AnyActorRef } from 'xstate';

const here = dirname(fileURLToPath(import.meta.url)); // dist/bench
const root = resolve(here, '../..');
const FLOWS = 10_000;
const SEED = 1;
const USE_CASE = 'order-placement';
const GOAL = 10;

function loadModel(): Model {
  const path = join(root, 'examples', 'ecommerce.craft');
  return compile([{ path: 'examples/ecommerce.craft', text: readFileSync(path, 'utf8') }]).model;
}

interface Measured {
  ms: number;
  messages: number;
  steps: number;
  endTime: number;
}

function runEngine(model: Model, flows: number, trace = false): Measured {
  const start = performance.now();
  const { verdict } = simulate(model, { useCases: [USE_CASE], flows, seed: SEED, trace });
  const ms = performance.now() - start;
  if (verdict.flows.completed !== flows) throw new Error(`engine: ${verdict.flows.completed} of ${flows} flows completed`);
  return { ms, messages: verdict.messages, steps: verdict.steps, endTime: verdict.endTime };
}

function runPlain(model: Model, flows: number): Measured {
  const start = performance.now();
  const r = runBaseline(model, USE_CASE, flows, SEED);
  return { ms: performance.now() - start, messages: r.messages, steps: r.steps, endTime: r.endTime };
}

const gc = (globalThis as { gc?: () => void }).gc;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const mib = (kb: number): string => `${(kb / 1024).toFixed(0)} MiB`;

interface Probe {
  maxRssKb: number;
  heapUsedMb: number;
  ms: number;
}

function probe(flows: number, trace: boolean): Probe | string {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'child', String(flows), trace ? '1' : '0'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return `failed (exit ${r.status}): ${(r.stderr || '').split('\n')[0]}`;
  return JSON.parse(r.stdout.trim()) as Probe;
}

export async function benchSimulate(): Promise<string> {
  const model = loadModel();
  const out: string[] = [];
  // Warm-up: both paths compiled by the JIT before measuring.
  runEngine(model, 500);
  runPlain(model, 500);
  const engine: Measured[] = [];
  const plain: Measured[] = [];
  for (let i = 0; i < 3; i++) {
    gc?.();
    plain.push(runPlain(model, FLOWS));
    gc?.();
    engine.push(runEngine(model, FLOWS));
  }
  const e = engine[0]!;
  const p = plain[0]!;
  if (e.messages !== p.messages || e.steps !== p.steps || e.endTime !== p.endTime) {
    out.push(`WARNING: the baseline does not route the same messages (engine ${e.messages} messages, ${e.steps} steps, end ${e.endTime}; baseline ${p.messages}, ${p.steps}, ${p.endTime})`);
  }
  const eMs = median(engine.map((m) => m.ms));
  const pMs = median(plain.map((m) => m.ms));
  const ratio = eMs / pMs;
  out.push(`simulate: ${FLOWS} ${USE_CASE} flows of examples/ecommerce.craft in one run (seed ${SEED}, no trace, no faults; medians of 3):`);
  out.push(`  routed: ${e.messages} messages, ${e.steps} steps, virtual time ${(e.endTime / 1000).toFixed(1)} s (identical in both)`);
  out.push(`  engine (xstate):  ${eMs.toFixed(0)} ms  ${((e.messages / eMs) * 1000).toFixed(0)} messages/s  ${(((e.messages + e.steps) / eMs) * 1000).toFixed(0)} events/s (messages + steps)  ${((eMs * 1000) / FLOWS).toFixed(0)} µs/flow`);
  out.push(`  plain functions:  ${pMs.toFixed(0)} ms  ${((p.messages / pMs) * 1000).toFixed(0)} messages/s  ${(((p.messages + p.steps) / pMs) * 1000).toFixed(0)} events/s  ${((pMs * 1000) / FLOWS).toFixed(0)} µs/flow`);
  out.push(`  ratio ${ratio.toFixed(1)}×  goal ≤ ${GOAL}×  ${ratio <= GOAL ? 'PASS' : 'MISS'}`);
  const floors: number[] = [];
  let work: XstateWork | undefined;
  for (let i = 0; i < 3; i++) {
    gc?.();
    const f = xstateFloor(model, FLOWS);
    floors.push(f.ms);
    work = f.work;
  }
  const fMs = median(floors);
  out.push(
    `  xstate alone (per flow the same ${work!.actors} scenario actors, ${work!.machineEvents} machine events and ${work!.mailboxEvents} mailbox-actor events, no engine): ${fMs.toFixed(0)} ms = ${(fMs / pMs).toFixed(1)}× the baseline, ${((100 * fMs) / eMs).toFixed(0)}% of the engine's time`,
  );
  const rows: [string, Probe | string][] = [
    [`${FLOWS} flows, no trace`, probe(FLOWS, false)],
    [`${FLOWS / 10} flows, no trace`, probe(FLOWS / 10, false)],
    [`${FLOWS} flows, trace kept`, probe(FLOWS, true)],
  ];
  out.push('  peak memory (fresh process each, getrusage max RSS; heap after the run):');
  for (const [label, r] of rows) out.push(`    ${label.padEnd(24)} ${typeof r === 'string' ? r : `${mib(r.maxRssKb)} max RSS, ${r.heapUsedMb.toFixed(0)} MB heap, ${r.ms.toFixed(0)} ms`}`);
  return out.join('\n');
}

async function child(flows: number, trace: boolean): Promise<void> {
  const model = loadModel();
  const start = performance.now();
  const result = simulate(model, { useCases: [USE_CASE], flows, seed: SEED, trace });
  const ms = performance.now() - start;
  gc?.();
  const heapUsedMb = process.memoryUsage().heapUsed / 1e6;
  if (result.verdict.flows.completed !== flows) throw new Error('not every flow completed');
  process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, heapUsedMb, ms, records: result.trace?.length ?? 0 }) + '\n');
}


// ---- the plain-function baseline --------------------------------------------------------------------

interface PFlow {
  busy: number;
  next: number;
  startedAt: number;
  lastAt: number;
}

interface PInst {
  plan: ScenarioPlan;
  flow: PFlow;
}

interface PMsg {
  kind: 'trigger' | 'request' | 'reply' | 'event';
  flow: PFlow;
  to: string;
  plan?: ScenarioPlan;
  inst?: PInst;
  frame?: Frame;
}

interface PWork {
  inst: PInst;
  /** Step index, or -(ask + 1) for an implicit handling. */
  index: number;
  kind: LatencyKind;
}

class PMailbox {
  holder: PInst | null = null;
  busy = false;
  inHandler = false;
  continuation: PWork | null = null;
  queue: (PMsg | PWork)[] = [];
  head = 0;
  constructor(
    readonly id: string,
    readonly concurrent: boolean,
  ) {}
}

export interface BaselineResult {
  messages: number;
  steps: number;
  flows: number;
  endTime: number;
  latencySum: number;
}

/** Runs `flows` flows of `useCase` with plain functions; returns what it routed. */
export function runBaseline(model: Model, useCase: string, flows: number, seed: number, interval = 1000): BaselineResult {
  const catalog = catalogOf(model);
  const script = stimulusPlans(catalog, findUseCase(model, useCase)!);
  const agenda = new Agenda();
  const random = new Random(seed);
  const latency = new LatencyModel(defaultLatencySettings(), random);
  const mailboxes = new Map<string, PMailbox>();
  let now = 0;
  let messages = 0;
  let steps = 0;
  let started = 0;
  let endTime = 0;
  let latencySum = 0;

  const at = (time: number, run: (t: number) => void): void => agenda.schedule(time, { run } as Task);
  const mailbox = (id: string): PMailbox => {
    let m = mailboxes.get(id);
    if (!m) mailboxes.set(id, (m = new PMailbox(id, catalog.concurrent.has(id))));
    return m;
  };

  const send = (msg: PMsg): void => {
    messages++;
    msg.flow.busy++;
    at(now + latency.draw('transit', msg.to), () => accept(mailbox(msg.to), msg));
  };
  const accept = (m: PMailbox, item: PMsg): void => {
    if (m.concurrent || (!m.busy && m.holder === null && !m.inHandler)) take(m, item);
    else m.queue.push(item);
  };
  const take = (m: PMailbox, msg: PMsg): void => {
    m.inHandler = true;
    endTime = now;
    const flow = msg.flow;
    switch (msg.kind) {
      case 'trigger':
      case 'event':
        startInstance(flow, msg.plan!);
        break;
      case 'request':
        toCallee(msg.inst!, msg.frame!);
        break;
      case 'reply':
        advance(msg.inst!, msg.frame!.end, msg.frame!.parent);
        break;
    }
    flow.lastAt = Math.max(flow.lastAt, now);
    m.inHandler = false;
    afterHandler(m);
    if (--flow.busy === 0) idle(flow);
  };
  const submit = (m: PMailbox, w: PWork): void => {
    if (m.concurrent) return begin(m, w);
    if (m.inHandler && m.continuation === null && (m.holder === null || m.holder === w.inst)) {
      m.continuation = w;
      m.holder = w.inst;
      return;
    }
    if (!m.busy && m.holder === null && !m.inHandler) return begin(m, w);
    m.queue.push(w);
  };
  const begin = (m: PMailbox, w: PWork): void => {
    if (!m.concurrent) {
      m.busy = true;
      m.holder = w.inst;
    }
    at(now + latency.draw(w.kind, m.id), () => complete(m, w));
  };
  const complete = (m: PMailbox, w: PWork): void => {
    if (m.concurrent) return finish(w);
    m.busy = false;
    m.inHandler = true;
    finish(w);
    m.inHandler = false;
    afterHandler(m);
  };
  const afterHandler = (m: PMailbox): void => {
    if (m.concurrent) return;
    const next = m.continuation;
    m.continuation = null;
    if (next) return begin(m, next);
    m.holder = null;
    while (!m.busy && m.holder === null && !m.inHandler && m.head < m.queue.length) {
      const item = m.queue[m.head++]!;
      if ('index' in item) begin(m, item);
      else take(m, item);
    }
  };

  const startInstance = (flow: PFlow, plan: ScenarioPlan): void => {
    const inst: PInst = { plan, flow };
    flow.busy++;
    advance(inst, 0, undefined);
  };
  /** Control reaches position k inside `frame`: the next step, the frame's reply, or the end. */
  const advance = (inst: PInst, k: number, frame: Frame | undefined): void => {
    if (frame && k >= frame.end) return reply(inst, frame);
    if (k >= inst.plan.steps.length) return end(inst);
    const ps = inst.plan.steps[k]!;
    steps++;
    submit(mailbox(ps.at), { inst, index: k, kind: ps.work });
  };
  const finish = (w: PWork): void => {
    const inst = w.inst;
    inst.flow.lastAt = now;
    endTime = now;
    if (w.index < 0) {
      const frame = inst.plan.steps[-w.index - 1]!.opens!;
      return reply(inst, frame);
    }
    const ps = inst.plan.steps[w.index]!;
    const step = ps.step;
    if (step.kind === 'notify') {
      const event = step.events.length === 1 ? step.events[0]! : step.events[random.below(step.events.length)]!;
      for (const plan of catalog.subscriptions.get(event) ?? []) send({ kind: 'event', flow: inst.flow, to: plan.entry, plan });
    }
    if (ps.opens) return send({ kind: 'request', flow: inst.flow, to: ps.opens.callee, inst, frame: ps.opens });
    advance(inst, w.index + 1, ps.frame);
  };
  const toCallee = (inst: PInst, frame: Frame): void => {
    if (frame.end > frame.ask + 1) return advance(inst, frame.ask + 1, frame);
    const m = mailbox(frame.callee);
    submit(m, { inst, index: -(frame.ask + 1), kind: m.concurrent ? 'stub' : 'handle' });
  };
  const reply = (inst: PInst, frame: Frame): void => send({ kind: 'reply', flow: inst.flow, to: frame.caller, inst, frame });
  const end = (inst: PInst): void => {
    if (--inst.flow.busy === 0) idle(inst.flow);
  };
  const idle = (flow: PFlow): void => {
    if (flow.next < script.length) {
      const position = flow.next;
      at(now, () => perform(flow, position));
    } else latencySum += flow.lastAt - flow.startedAt;
  };
  const perform = (flow: PFlow, position: number): void => {
    flow.next = position + 1;
    const plan = script[position]!;
    flow.lastAt = Math.max(flow.lastAt, now);
    send({ kind: 'trigger', flow, to: plan.entry, plan });
  };
  const startFlow = (time: number): void =>
    at(time, (t) => {
      started++;
      const flow: PFlow = { busy: 0, next: 0, startedAt: t, lastAt: t };
      perform(flow, 0);
      if (started < flows) startFlow(t + interval);
    });

  startFlow(0);
  for (;;) {
    const t = agenda.peekTime();
    if (t === Infinity) break;
    const task = agenda.pop()!;
    now = t;
    task.run(t);
  }
  return { messages, steps, flows: started, endTime, latencySum };
}

interface XstateWork {
  actors: number;
  machineEvents: number;
  mailboxEvents: number;
}

/**
 * The xstate share of a run: the same scenario actors started, the same events sent to them (DONE per step,
 * RECEIVED and REPLY per asks, DONE for an implicit handling) and the same messages sent to mailbox actors,
 * with actions that do nothing: what an engine with one transition per step cannot go below.
 */
function xstateFloor(model: Model, flows: number): { ms: number; work: XstateWork } {
  const catalog = catalogOf(model);
  const probeRun = simulate(model, { useCases: [USE_CASE], flows: 1, seed: SEED, trace: true });
  const trace = probeRun.trace!;
  const started = trace.filter((t) => t.kind === 'start').map((t) => catalog.plans.find((p) => p.scenario.id === t.scenario)!);
  const deliveries = trace.filter((t) => t.kind === 'receive').map((t) => t.participant!);
  const sequences = started.map((plan) => ({ machine: catalog.machines.get(plan)!, events: machineEvents(plan).map((type) => ({ type })) }));
  const noop = { perform() {}, handle() {}, reply() {}, end() {}, replyTimeout: () => 30_000 };
  const clock = new SimulatedClock();
  const rootActor = createActor(fromTransition((x: number) => x, 0), { clock });
  rootActor.start();
  const boxes = new Map<string, AnyActorRef>();
  for (const id of new Set(deliveries)) boxes.set(id, createActor(fromTransition((x: number) => x + 1, 0), { clock, parent: rootActor }).start());
  const deliver = { type: 'deliver' };
  const start = performance.now();
  for (let f = 0; f < flows; f++) {
    for (const s of sequences) {
      const actor = createActor(s.machine, { clock, parent: rootActor, input: { inst: {}, steps: noop } });
      actor.start();
      for (const e of s.events) actor.send(e);
    }
    for (const d of deliveries) boxes.get(d)!.send(deliver);
  }
  const ms = performance.now() - start;
  rootActor.stop();
  const machineEventCount = sequences.reduce((n, s) => n + s.events.length, 0);
  return { ms, work: { actors: sequences.length, machineEvents: machineEventCount, mailboxEvents: deliveries.length } };
}

/** The events an instance of `plan` receives in a run without faults, in order. */
function machineEvents(plan: ScenarioPlan): string[] {
  const events: string[] = [];
  const walk = (from: number, to: number): void => {
    for (let i = from; i < to; ) {
      const ps = plan.steps[i]!;
      if (!ps.opens) {
        events.push('DONE');
        i++;
        continue;
      }
      const end = ps.opens.end;
      events.push('RECEIVED');
      if (end === i + 1) events.push('DONE');
      else walk(i + 1, end);
      events.push('REPLY');
      i = end;
    }
  };
  walk(0, plan.steps.length);
  return events;
}

// Run directly (after every declaration above is initialised): the report, or the memory probe.
const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  if (process.argv[2] === 'child') await child(Number(process.argv[3]), process.argv[4] === '1');
  else process.stdout.write((await benchSimulate()) + '\n');
}
