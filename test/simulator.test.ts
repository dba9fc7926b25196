/**
 * The simulator's parts and semantics: random source, durations, agenda, fault syntax, latency files,
 * mailbox and broker, timers (schedule, cancel, too late), outcomes (--choose, --explore), stuck flows,
 * idempotency, event loops, time bounds, and the machines built for every scenario of the examples.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createActor, fromTransition } from 'xstate';
import { describe, expect, test } from 'vitest';
import { compile } from '../src/compiler/compile.js';
import type { Model } from '../src/compiler/model.js';
import { Agenda } from '../src/plan/agenda.js';
import { Broker } from '../src/simulator/broker.js';
import { catalogOf } from '../src/simulator/catalog.js';
import { formatDuration, formatTime, parseDurationOption as parseDuration } from '../src/text/duration.js';
import { explore, type Exploration } from '../src/simulator/explore.js';
import { describeFaults, FaultError, parseFaults, resolveFaults } from '../src/simulator/faults.js';
import { Flow, Instance } from '../src/simulator/flow.js';
import type { Message } from '../src/simulator/message.js';
import { Recorder } from '../src/simulator/recorder.js';
import { defaultLatencySettings, LatencyError, LatencyModel, parseLatencySettings } from '../src/simulator/latency.js';
import { Work } from '../src/simulator/mailbox.js';
import { defaultOptions, type SimulationOptions } from '../src/simulator/options.js';
import { nextFiring } from '../src/simulator/periodic.js';
import { Random } from '../src/simulator/random.js';
import { simulate } from '../src/simulator/simulation.js';
import { jsonReport } from '../src/simulator/report.js';
import { stimulusProblem } from '../src/plan/script.js';
import { explorationLines, verdictLines } from '../src/simulator/timeline.js';
import { recordsOf, type Trace, type TraceKind } from '../src/simulator/trace.js';
import { latencyStats, type RunVerdict } from '../src/simulator/verdict.js';
import { runBaseline } from '../bench/simulate.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const load = (rel: string): Model => compile([{ path: rel, text: readFileSync(root + rel, 'utf8') }]).model;
const ecommerce = load('examples/ecommerce.craft');
const constructs = load('test/fixtures/constructs.craft');

function model(text: string): Model {
  const { model, diagnostics } = compile([{ path: 'test.craft', text }]);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  expect(errors, JSON.stringify(errors)).toEqual([]);
  return model;
}

function run(m: Model, options: Partial<SimulationOptions>) {
  const r = simulate(m, options);
  return { ...r, trace: r.trace ?? [] };
}

const steps = (trace: Trace): string[] => trace.filter((r) => r.kind === 'step').map((r) => r.text!);

describe('Random', () => {
  test('the same seed gives the same sequence, on every platform', () => {
    const a = new Random(1);
    expect([a.nextUint32(), a.nextUint32(), a.nextUint32()]).toEqual([1828152527, 3394835397, 2967886022]);
    const b = new Random(42);
    expect([b.nextUint32(), b.nextUint32()]).toEqual([1028872839, 2516511472]);
  });

  test('close seeds diverge at once; values stay in range', () => {
    expect(new Random(1).next()).not.toBe(new Random(2).next());
    const r = new Random(7);
    for (let i = 0; i < 1000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = r.between(3, 5);
      expect(k >= 3 && k <= 5).toBe(true);
    }
  });
});

describe('durations and cron', () => {
  test('parse and format', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('soon')).toBeUndefined();
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(300_000)).toBe('5m');
    expect(formatTime(86_400_000 + 7_200_000 + 5)).toBe('1d 02:00:00.005');
  });

  test('periodic triggers fire strictly after the given time, cron in UTC from 2026-01-01', () => {
    expect(nextFiring({ everyMs: 3_600_000 }, 0)).toBe(3_600_000);
    expect(nextFiring({ everyMs: 3_600_000 }, 3_600_000)).toBe(7_200_000);
    expect(nextFiring({ cron: '0 2 * * *' }, 0)).toBe(2 * 3_600_000);
    expect(nextFiring({ cron: '0 2 * * *' }, 2 * 3_600_000)).toBe(26 * 3_600_000);
  });

  test('a cron never fires past the dates JavaScript can represent (huge timers get there; it used to throw)', () => {
    expect(nextFiring({ cron: '* * * * *' }, 999_999_999 * 86_400_000)).toBe(Infinity);
    expect(nextFiring({ cron: '* * * * *' }, Infinity)).toBe(Infinity);
  });
});

describe('Agenda', () => {
  test('runs by time, and in scheduling order at the same time; skips cancelled tasks', () => {
    const agenda = new Agenda();
    const seen: string[] = [];
    const task = (name: string) => ({ run: () => seen.push(name) });
    agenda.schedule(5, task('b'));
    agenda.schedule(1, task('a'));
    agenda.schedule(5, task('c'));
    const dropped = { ...task('x'), cancelled: true };
    agenda.schedule(3, dropped);
    for (let i = 0; i < 50; i++) agenda.schedule(10, task(`t${i}`));
    while (agenda.peekTime() !== Infinity) agenda.pop()!.run(0);
    expect(seen.slice(0, 3)).toEqual(['a', 'b', 'c']);
    expect(seen.slice(3)).toEqual(Array.from({ length: 50 }, (_, i) => `t${i}`));
  });
});

describe('fault syntax', () => {
  test('every kind, accumulated over several --faults', () => {
    const f = parseFaults(['drop=0.1,duplicate=5%,delay=100ms..2s:0.5', 'reorder=0.2,crash=Inventory@10s+30s:lose,down=PaymentGateway@0s+1m,crash=Search@1m+1s']);
    expect(f.drop).toBe(0.1);
    expect(f.duplicate).toBe(0.05);
    expect(f.delay).toEqual({ min: 100, max: 2000, p: 0.5 });
    expect(f.reorder).toBe(0.2);
    expect(f.crashes.map((c) => [c.target, c.start, c.duration, c.mode])).toEqual([
      ['Inventory', 10_000, 30_000, 'lose'],
      ['Search', 60_000, 1000, 'wait'],
    ]);
    expect(f.outages.map((o) => [o.target, o.start, o.duration])).toEqual([['PaymentGateway', 0, 60_000]]);
    expect(describeFaults(f)).toBe('drop=0.1,duplicate=0.05,delay=100ms..2s:0.5,reorder=0.2,crash=Inventory@0ms+30s:lose,crash=Search@1m+1s:wait,down=PaymentGateway@0ms+1m'.replace('Inventory@0ms', 'Inventory@10s'));
  });

  test('mistakes are errors that say what is expected', () => {
    expect(() => parseFaults(['drop=2'])).toThrow(/probability from 0 to 1/);
    expect(() => parseFaults(['explode=1'])).toThrow(/unknown fault "explode"/);
    expect(() => parseFaults(['delay=2s..1s'])).toThrow(/maximum is below its minimum/);
    expect(() => parseFaults(['crash=Inventory@10s'])).toThrow(/NAME@START\+LENGTH/);
    expect(() => parseFaults(['crash=Inventory@0s+1s:maybe'])).toThrow(/wait or lose/);
    expect(() => parseFaults(['drop'])).toThrow(FaultError);
  });

  test('names resolve to participants: a domain to its contexts, an actor to itself', () => {
    const f = resolveFaults(parseFaults(['crash=Inventory@0s+1s,down=PaymentGateway@0s+1s']), ecommerce);
    expect(f.crashes[0]!.participants).toEqual(['Inventory/Replenishment', 'Inventory/StockManagement', 'Inventory/Warehouse']);
    expect(f.outages[0]!.participants).toEqual(['PaymentGateway']);
    expect(() => resolveFaults(parseFaults(['crash=Nowhere@0s+1s']), ecommerce)).toThrow(/no participant named "Nowhere"/);
  });
});

describe('latency file', () => {
  test('defaults, jitter, timeout and per-participant overrides', () => {
    const s = parseLatencySettings({ jitter: 0, replyTimeout: '5s', defaults: { internal: '50ms' }, participants: { PaymentGateway: { stub: '2s' } } }, ecommerce);
    expect(s.jitter).toBe(0);
    expect(s.replyTimeout).toBe(5000);
    expect(s.defaults.internal).toBe(50);
    expect(s.participants.get('PaymentGateway')).toEqual({ stub: 2000 });
    const m = new LatencyModel(s, new Random(1));
    expect(m.draw('stub', 'PaymentGateway')).toBe(2000);
    expect(m.draw('internal', 'Order/OrderManagement')).toBe(50);
  });

  test('unknown kinds, keys and participants are errors', () => {
    expect(() => parseLatencySettings({ defaults: { thinking: 1 } }, ecommerce)).toThrow(LatencyError);
    expect(() => parseLatencySettings({ speed: 1 }, ecommerce)).toThrow(/unknown key "speed"/);
    expect(() => parseLatencySettings({ participants: { Ghost: { internal: 1 } } }, ecommerce)).toThrow(/no participant named "Ghost"/);
    expect(() => parseLatencySettings({ defaults: { internal: 'fast' } }, ecommerce)).toThrow(/must be a duration/);
  });
});

/** A broker on its own: a flow, a root actor and hooks that record what happened. */
function brokerRig(faultText: string, concurrent: string[] = []) {
  const agenda = new Agenda();
  const random = new Random(3);
  const latency = new LatencyModel({ ...defaultLatencySettings(), jitter: 0 }, random);
  const rootActor = createActor(fromTransition((s: number) => s, 0));
  rootActor.start();
  let now = 0;
  const taken: string[] = [];
  const dropped: string[] = [];
  const injected: string[] = [];
  const finished: string[] = [];
  const record = new Recorder([], () => now);
  const broker = new Broker({
    agenda,
    now: () => now,
    latency,
    random,
    faults: resolveFaults(parseFaults([faultText]), ecommerce),
    record,
    concurrent: new Set(concurrent),
    topics: new Map(),
    redelivery: new Map(),
    root: rootActor,
    hooks: {
      take: (m, msg) => {
        taken.push(`${now} ${m.id} ${msg.id}${msg.copy ? ' copy' : ''}`);
        msg.flow.busy--;
      },
      finish: (w) => finished.push(`${now} ${w.mailbox.id} ${w.job.kind === 'step' ? w.job.step.index : w.job.kind}`),
      lost: () => undefined,
      survives: () => false,
      begin: () => 10,
      dropped: (msg, fault) => {
        dropped.push(`${msg.id} ${fault}`);
        msg.flow.busy--;
      },
      injected: (msg, fault) => injected.push(`${msg.id} ${fault}`),
    },
  });
  const flow = new Flow('flow-1', 0, 0);
  const plan = twoStepPlan();
  const message = (id: string, to: string): Message => ({ id, kind: 'event', flow, cause: 'm0', from: 'A', to, plan, event: 'E' });
  const drain = () => {
    while (agenda.peekTime() !== Infinity) {
      now = agenda.peekTime();
      agenda.pop()!.run(now);
    }
  };
  const instance = (id: string) => new Instance(id, plan, flow, 'm0', undefined, () => rootActor);
  return { broker, flow, plan, message, instance, drain, taken, dropped, injected, finished, agenda, record };
}

/** A scenario of the e-commerce example with at least two steps. */
function twoStepPlan() {
  const plan = catalogOf(ecommerce).plans.find((p) => p.steps.length >= 2);
  if (!plan) throw new Error('no scenario with two steps');
  return plan;
}

describe('Broker', () => {
  test('delivers after the transit time, in order', () => {
    const r = brokerRig('');
    r.broker.send(r.message('m1', 'B'));
    r.broker.send(r.message('m2', 'B'));
    r.drain();
    expect(r.taken).toEqual(['3 B m1', '3 B m2']);
    expect(r.flow.busy).toBe(0);
  });

  test('drop, duplicate, reorder, down', () => {
    const dropAll = brokerRig('drop=1');
    dropAll.broker.send(dropAll.message('m1', 'B'));
    dropAll.drain();
    expect(dropAll.taken).toEqual([]);
    expect(dropAll.dropped).toEqual(['m1 drop']);

    const dup = brokerRig('duplicate=1');
    dup.broker.send(dup.message('m1', 'B'));
    dup.drain();
    expect(dup.taken).toEqual(['3 B m1', '6 B m1 copy']);

    const reorder = brokerRig('reorder=1');
    reorder.broker.send(reorder.message('m1', 'B'));
    reorder.drain();
    expect(reorder.taken).toEqual(['1003 B m1']); // held back for the window: nothing overtook it

    const down = brokerRig('down=PaymentGateway@0s+1s', ['PaymentGateway']);
    down.broker.send(down.message('m1', 'PaymentGateway'));
    down.drain();
    expect(down.dropped).toEqual(['m1 down']);
  });

  test('a mailbox processes one piece of work at a time; a concurrent one does not wait', () => {
    for (const concurrent of [false, true]) {
      const r = brokerRig('', concurrent ? ['B'] : []);
      const box = r.broker.mailbox('B');
      const [first, second] = r.plan.steps;
      if (!first || !second) throw new Error('two steps expected');
      box.submit(new Work(box, r.instance('i1'), { kind: 'step', step: first }, 'internal'));
      box.submit(new Work(box, r.instance('i2'), { kind: 'step', step: second }, 'internal'));
      r.drain();
      expect(r.finished).toEqual(concurrent ? ['10 B 0', '10 B 1'] : ['10 B 0', '20 B 1']);
    }
  });
});

describe('machines', () => {
  test('every scenario of the examples builds a machine with a state per step', () => {
    for (const m of [ecommerce, constructs]) {
      const catalog = catalogOf(m);
      for (const plan of catalog.plans) {
        const machine = catalog.machines.get(plan)!;
        for (let i = 0; i < plan.steps.length; i++) expect(machine.getStateNodeById(`s${i}`), `${plan.scenario.id} s${i}`).toBeDefined();
      }
    }
  });

  test('an asks waits for its reply with a timeout; the callee lines are its child states', () => {
    const plan = catalogOf(ecommerce).plans.find((p) => p.scenario.id === 'order-placement/2')!;
    const frames = plan.steps.filter((s) => s.opens).map((s) => [s.index, s.opens!.callee, s.opens!.end, s.opens!.explicit]);
    expect(frames).toEqual([
      [1, 'Inventory/StockManagement', 3, true],
      [3, 'Shipping/ShippingCalculation', 5, true],
    ]);
    const machine = catalogOf(ecommerce).machines.get(plan)!;
    expect(machine.getStateNodeById('s2').parent?.id).toBe('s1');
    expect(machine.getStateNodeById('s1').after.length).toBe(1);
  });

  test('calls nest: an asks inside the callee\'s lines is answered before the outer reply', () => {
    const m = model('use_case "Nested" {\n  when C does x\n    A asks B to do y\n    B asks X to do z\n    X returns w\n    B returns z\n    A notifies Done\n  when D listens Done\n    D finishes\n}\n');
    const r = run(m, { useCases: ['nested'] });
    expect(r.verdict.perFlow.map((f) => f.status)).toEqual(['completed']);
    expect(r.trace.filter((t) => t.kind === 'discard')).toEqual([]);
    expect(steps(r.trace)).toContain('D finishes');
  });
});

describe('expected ends', () => {
  test('a flow that goes quiet without one of its use case\'s `ends` is stuck; one that reaches one completes', () => {
    const m = model('use_case "Order" {\n  tags { ends: Paid, Cancelled }\n  when Customer orders\n    Stock notifies Reserved or Rejected\n  when Billing listens Reserved\n    Billing notifies Paid\n}\n');
    const rejected = run(m, { useCases: ['order'], choose: ['Rejected'] });
    expect(rejected.verdict.perFlow.map((f) => f.status)).toEqual(['stuck']);
    expect(rejected.verdict.perFlow[0]!.blocked[0]).toMatchObject({ scenario: 'order', state: 'ended', waitingFor: 'one of its expected ends (Paid, Cancelled): nothing more will happen' });
    const paid = run(m, { useCases: ['order'], choose: ['Reserved'] });
    expect(paid.verdict.perFlow.map((f) => f.status)).toEqual(['completed']);
  });
});

describe('idempotent consumers', () => {
  test('a consumer declared [idempotent] ignores a copy; the others are reported not idempotent', () => {
    const m = model('use_case "Order" {\n  when Customer orders\n    Sales notifies "Order created"\n  when Fulfillment listens "Order created" [idempotent]\n    Fulfillment ships the order\n  when Email listens "Order created"\n    Email sends a mail\n}\n');
    expect(m.useCases[0]!.scenarios[1]!.trigger).toMatchObject({ kind: 'listen', idempotent: true });
    const r = run(m, { useCases: ['order'], faults: resolveFaults(parseFaults(['duplicate=1']), m) });
    expect(r.verdict.notIdempotent.map((n) => n.participant)).toEqual(['Email']);
    expect(r.trace.filter((t) => t.kind === 'discard').map((t) => [t.participant, t.detail])).toEqual([['Fulfillment', 'duplicate ignored by an idempotent consumer']]);
    expect(steps(r.trace).filter((s) => s === 'Fulfillment ships the order')).toHaveLength(1);
    expect(steps(r.trace).filter((s) => s === 'Email sends a mail')).toHaveLength(2);
  });
});

describe('timers: schedule, cancel, too late', () => {
  const timers = (bankLatency: string) =>
    [
      model(`actors {
  user Buyer
  system Bank
}
use_case "Checkout" {
  when Buyer places order
    Sales schedules RemorseOver in 20s
    Sales asks Bank to reserve funds
    Sales cancels RemorseOver
    Sales confirms early
  when Sales listens RemorseOver
    Sales ships the order
}
`),
      { jitter: 0, replyTimeout: '1m', participants: { Bank: { stub: bankLatency } } },
    ] as const;

  test('a timer cancelled while pending never fires; the lines after the cancel run', () => {
    const [m, lat] = timers('1s');
    const r = run(m, { useCases: ['checkout'], latency: parseLatencySettings(lat, m) });
    expect(r.trace.map((t) => t.kind)).toContain('timer-cancel');
    expect(r.trace.some((t) => t.kind === 'timer-fire')).toBe(false);
    expect(steps(r.trace)).toContain('Sales confirms early');
    expect(steps(r.trace)).not.toContain('Sales ships the order');
    expect(r.verdict.flows.completed).toBe(1);
  });

  test('a cancel after the timer fired stops the scenario there: too late', () => {
    const [m, lat] = timers('30s');
    const r = run(m, { useCases: ['checkout'], latency: parseLatencySettings(lat, m) });
    const fired = r.trace.find((t) => t.kind === 'timer-fire')!;
    expect(fired.time).toBe(3 + 1 + 20_000); // the trigger's transit (3 ms), the schedule step (1 ms), then 20 s
    expect(steps(r.trace)).toContain('Sales ships the order');
    const late = r.trace.find((t) => t.kind === 'too-late')!;
    expect(late.event).toBe('RemorseOver');
    expect(steps(r.trace)).not.toContain('Sales confirms early');
    expect(r.trace.filter((t) => t.kind === 'end').map((t) => t.status)).toEqual(['completed', 'too-late']);
    expect(r.verdict.flows.completed).toBe(1);
  });
});

describe('subscriptions and stimulus', () => {
  test('identical scenarios in two use cases subscribe once; every other listener gets the event', () => {
    const m = model(`use_case "Sell" {
  when Buyer buys
    Sales notifies Sold
  when Billing listens Sold
    Billing charges the card
}
use_case "Audit" {
  when Billing listens Sold
    Billing charges the card
  when Audit listens Sold
    Audit records the sale
}
`);
    const r = run(m, { useCases: ['sell'] });
    expect(steps(r.trace)).toEqual(['Sales notifies Sold', 'Billing charges the card', 'Audit records the sale']);
  });

  test('a scheduled use case starts one flow per firing; the triggers after it wait for a person', () => {
    const r = run(ecommerce, { useCases: ['stock-replenishment'], flows: 2, humanDelay: 60_000 });
    const triggers = r.trace.filter((t) => t.kind === 'trigger').map((t) => [t.flow, t.scenario, t.time]);
    expect(triggers.filter((t) => t[1] === 'stock-replenishment/1')).toEqual([
      ['flow-1', 'stock-replenishment/1', 86_400_000],
      ['flow-2', 'stock-replenishment/1', 2 * 86_400_000],
    ]);
    const approval = triggers.find((t) => t[0] === 'flow-1' && t[1] === 'stock-replenishment/2')!;
    expect((approval[2] as number) - 86_400_000).toBeGreaterThan(60_000);
    expect(r.verdict.flows.completed).toBe(2);
  });

  test('flows arrive every --interval', () => {
    const r = run(ecommerce, { useCases: ['product-browsing'], flows: 3, interval: 250 });
    expect(r.trace.filter((t) => t.kind === 'flow-start').map((t) => t.time)).toEqual([0, 250, 500]);
  });
});

describe('outcomes', () => {
  test('--choose forces an outcome wherever it is an alternative', () => {
    for (const chosen of ['PaymentAccepted', 'PaymentDeclined']) {
      const r = run(constructs, { useCases: ['place-order'], choose: [chosen] });
      const published = r.trace.filter((t) => t.kind === 'step' && t.outcomes).map((t) => t.event);
      expect(published).toEqual([chosen]);
    }
    const declined = run(constructs, { useCases: ['place-order'], choose: ['PaymentDeclined'] });
    expect(declined.trace.some((t) => t.kind === 'timer-fire' && t.event === 'PaymentDue')).toBe(true);
  });

  test('--explore runs every combination once and reports terminal events per path', () => {
    const x = explore(constructs, defaultOptions({ useCases: ['place-order'] }), 100);
    expect(x.complete).toBe(true);
    expect(x.paths.length).toBe(2);
    expect(x.paths.map((p) => p.choices.map((c) => c.chose))).toEqual([['PaymentAccepted'], ['PaymentDeclined']]);
    expect(x.paths.map((p) => p.terminalEvents[0])).toEqual([['PaymentAccepted'], ['PaymentDeclined', 'PaymentDue']]);
    // Two flows: two independent choice points, four combinations; the limit bounds the count.
    expect(explore(constructs, defaultOptions({ useCases: ['place-order'], flows: 2 }), 100).paths.length).toBe(4);
    const bounded = explore(constructs, defaultOptions({ useCases: ['place-order'], flows: 2 }), 3);
    expect([bounded.paths.length, bounded.complete]).toEqual([3, false]);
  });
});

describe('verdicts', () => {
  test('stuck: an asks to a crashed context whose messages are lost says where and for what', () => {
    const r = run(ecommerce, { useCases: ['order-placement'], faults: resolveFaults(parseFaults(['crash=StockManagement@0s+10m:lose']), ecommerce) });
    expect(r.verdict.flows.stuck).toBe(1);
    const [b] = r.verdict.perFlow[0]!.blocked;
    expect(b).toMatchObject({ participant: 'Order/OrderManagement', scenario: 'order-placement/2', line: 103, state: 's1.request' });
    expect(b!.waitingFor).toMatch(/a reply from StockManagement \(gave up after 30000 ms\)/);
    expect(r.verdict.ok).toBe(false);
    expect(r.trace.some((t) => t.kind === 'fault' && t.fault === 'lost')).toBe(true);
  });

  test('with `wait`, messages to a crashed context are processed after the restart', () => {
    const r = run(ecommerce, { useCases: ['order-placement'], faults: resolveFaults(parseFaults(['crash=StockManagement@0s+5s:wait']), ecommerce) });
    expect(r.verdict.flows.completed).toBe(1);
    const reply = r.trace.find((t) => t.kind === 'step' && t.participant === 'Inventory/StockManagement')!;
    expect(reply.time).toBeGreaterThanOrEqual(5000);
  });

  test('idempotency: duplicated deliveries make handlers process one message id twice', () => {
    const r = run(ecommerce, { useCases: ['order-placement'], faults: parseFaults(['duplicate=1']) });
    const handlers = r.verdict.notIdempotent.map((n) => `${n.participant} ${n.messageKind}`);
    expect(handlers).toContain('Order/OrderManagement event');
    expect(handlers).toContain('PaymentGateway request');
    expect(r.verdict.notIdempotent.every((n) => n.times === 2)).toBe(true);
    expect(r.verdict.ok).toBe(false);
    expect(r.trace.some((t) => t.kind === 'discard')).toBe(true);
  });

  test('event loops are cut at --max-steps', () => {
    const m = model(`use_case "Ping pong" {
  when Tester starts the game
    A notifies Ping
  when B listens Ping
    B notifies Pong
  when A listens Pong
    A notifies Ping
}
`);
    const r = run(m, { useCases: ['ping-pong'], maxSteps: 50 });
    expect(r.verdict.flows.cut).toBe(1);
    expect(r.verdict.loops).toEqual([{ flow: 'flow-1', steps: 50, scenarios: [expect.stringMatching(/^ping-pong\//)] }]);
  });

  test('--until: a flow still running at the bound is timed out', () => {
    const r = run(ecommerce, { useCases: ['order-placement'], until: 100 });
    expect(r.verdict.flows.timedOut).toBe(1);
    expect(r.verdict.boundReached).toBe(true);
  });

  test('dead letters and latency percentiles', () => {
    const r = run(ecommerce, { useCases: ['order-placement'], flows: 20, trace: false });
    expect(r.verdict.flows.completed).toBe(20);
    expect(r.verdict.deadLetters.map((d) => [d.event, d.count])).toEqual([
      ['Inventory Updated', 20],
      ['Shipment Ready', 20],
    ]);
    const l = r.verdict.latency!;
    expect(l.count).toBe(20);
    expect(l.min <= l.p50 && l.p50 <= l.p95 && l.p95 <= l.p99 && l.p99 <= l.max).toBe(true);
    expect(latencyStats([5, 1, 3, 2, 4])).toMatchObject({ p50: 3, p95: 5, min: 1, max: 5, mean: 3 });
  });

  test('same seed, same trace; another seed, other timings', () => {
    const a = run(ecommerce, { useCases: ['order-placement'], seed: 9 });
    const b = run(ecommerce, { useCases: ['order-placement'], seed: 9 });
    const c = run(ecommerce, { useCases: ['order-placement'], seed: 10 });
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
    expect(JSON.stringify(a.trace)).not.toBe(JSON.stringify(c.trace));
  });
});

describe('the benchmark baseline', () => {
  test('the plain-function twin routes the same messages as the engine, to the same virtual end time', () => {
    const engine = run(ecommerce, { useCases: ['order-placement'], flows: 25, trace: false }).verdict;
    const plain = runBaseline(ecommerce, 'order-placement', 25, 1);
    expect([plain.messages, plain.steps, plain.endTime]).toEqual([engine.messages, engine.steps, engine.endTime]);
    expect(plain.latencySum).toBe(engine.perFlow.reduce((sum, f) => sum + f.latency, 0));
  });
});

describe('exploration is bounded by paths and steps', () => {
  /** `or` outcomes that loop: every alternative starts the same choice again. */
  const looper = () =>
    model(`use_case "Loop" {
  when A starts
    Looper notifies LoopE or LoopF
  when Looper listens LoopE
    Looper notifies LoopE or LoopF
  when Looper listens LoopF
    Looper notifies LoopE or LoopF
}
`);
  const jsonOf = (m: Model, options: SimulationOptions, x: Exploration): string => [...jsonReport({ model: m, options, runs: 1, names: new Map(), results: [], exploration: x })].join('');

  test('looping outcomes: each path is cut at --max-steps, the exploration says which bounds cut it, paths list their choices up to their last change', () => {
    const m = looper();
    const options = defaultOptions({ useCases: ['loop'], maxSteps: 200 });
    const x = explore(m, options, 20);
    expect(x.paths).toHaveLength(20);
    expect(x.complete).toBe(false);
    expect(x.cut).toEqual({ by: ['explore-limit', 'max-steps'], cutPaths: 20, maxSteps: 200 });
    // Depth first, the earliest choice changed first: path k takes LoopF at its first k - 1 choices.
    x.paths.forEach((p, k) => {
      expect(p.choices.map((c) => c.chose)).toEqual(Array.from({ length: k }, () => 'LoopF'));
      expect(p.choices.length + (p.thenFirst ?? 0)).toBe(200);
      expect(p.verdict.flows.cut).toBe(1);
    });
    expect(explorationLines(x)[0]).toBe('explored 20 paths (stopped at --explore-limit 20; more combinations remain; 20 cut at --max-steps 200 (event loop?): outcomes after the cut not explored)');
    expect(explorationLines(x)[6]).toBe('path 2: "LoopF" (of "LoopE" or "LoopF"), then the first outcome at each of the next 199 choices');
  });

  test('looping outcomes: the --json document does not grow with --max-steps (no path repeats the choices of the one before)', () => {
    const m = looper();
    const sizes = [100, 800].map((maxSteps) => {
      const options = defaultOptions({ useCases: ['loop'], maxSteps });
      return jsonOf(m, options, explore(m, options, 10)).length;
    });
    expect(sizes[1]! - sizes[0]!).toBeLessThan(200);
  });

  test('a loop with no outcome to choose is one path, cut by the step bound', () => {
    const m = model('use_case "Ping pong" {\n  when Tester starts the game\n    A notifies Ping\n  when B listens Ping\n    B notifies Pong\n  when A listens Pong\n    A notifies Ping\n}\n');
    const x = explore(m, defaultOptions({ useCases: ['ping-pong'], maxSteps: 30 }), 100);
    expect([x.paths.length, x.complete, x.cut]).toEqual([1, false, { by: ['max-steps'], cutPaths: 1, maxSteps: 30 }]);
    expect(explorationLines(x)[0]).toBe('explored 1 path (1 cut at --max-steps 30 (event loop?): outcomes after the cut not explored)');
  });

  test('a model that hits no bound explores as before: every path lists every choice, nothing says it was cut', () => {
    const options = defaultOptions({ useCases: ['place-order'], flows: 2 });
    const x = explore(constructs, options, 100);
    expect([x.complete, x.cut, x.paths.some((p) => p.thenFirst !== undefined)]).toEqual([true, undefined, false]);
    expect(x.paths.map((p) => p.choices.map((c) => c.chose))).toEqual([
      ['PaymentAccepted', 'PaymentAccepted'],
      ['PaymentDeclined', 'PaymentAccepted'],
      ['PaymentDeclined', 'PaymentDeclined'],
      ['PaymentAccepted', 'PaymentDeclined'],
    ]);
    // The document is JSON.stringify's, written one path at a time.
    const json = jsonOf(constructs, options, x);
    expect(json.slice(json.indexOf('"explore"'))).toBe(`"explore": ${JSON.stringify(x, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
  });
});

describe('fault counts', () => {
  /** Fault records in the trace, by kind (crashes by their own records). */
  const recorded = (trace: Trace): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const r of trace) {
      const kind = r.kind === 'fault' ? r.fault : r.kind === 'crash' ? 'crash' : undefined;
      if (kind !== undefined) counts[kind] = (counts[kind] ?? 0) + 1;
    }
    return counts;
  };

  test('every injected fault kind (drop, duplicate, delay, reorder, crash, down) is counted in the verdict, the text and --json', () => {
    const faults = resolveFaults(parseFaults(['drop=0.05,duplicate=0.2,delay=1ms..2s:0.3,reorder=0.2,crash=Inventory@50ms+1s:lose,down=EmailService@0s+1m']), ecommerce);
    const r = run(ecommerce, { useCases: ['order-placement', 'order-cancellation'], flows: 20, interval: 100, faults });
    const counts = r.verdict.faults;
    for (const kind of ['drop', 'duplicate', 'delay', 'reorder', 'crash', 'lost'] as const) expect(counts[kind], kind).toBeGreaterThan(0);
    expect(counts.crash).toBe(3); // the three contexts of the Inventory domain
    expect(Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0))).toEqual(recorded(r.trace));
    const names = { name: (id: string) => id };
    const line = verdictLines(r.verdict, names).find((l) => l.startsWith('faults: '));
    for (const kind of ['drop', 'duplicate', 'delay', 'reorder', 'crash', 'lost']) expect(line).toContain(`${kind} ×${counts[kind as keyof typeof counts]}`);
    const doc = JSON.parse([...jsonReport({ model: ecommerce, options: defaultOptions({ faults }), runs: 1, names: new Map(), results: [r] })].join('')) as { runs: { verdict: RunVerdict }[] };
    expect(doc.runs[0]!.verdict.faults).toEqual(counts);
  });

  test('duplicates that make handlers run twice are counted (they used to show only the drops)', () => {
    const r = run(ecommerce, { useCases: ['order-placement'], flows: 10, faults: parseFaults(['drop=0.05,duplicate=0.05']), trace: false });
    expect(r.verdict.notIdempotent.length).toBeGreaterThan(0);
    expect(r.verdict.faults.duplicate).toBeGreaterThan(0);
    expect(verdictLines(r.verdict, { name: (id) => id }).find((l) => l.startsWith('faults: '))).toMatch(/duplicate ×\d+/);
  });

  test('a crash that loses nothing, and an outage, are counted too', () => {
    const r = run(ecommerce, { useCases: ['order-placement'], faults: resolveFaults(parseFaults(['crash=StockManagement@0s+1s:wait,down=PaymentGateway@0s+1h']), ecommerce) });
    expect([r.verdict.faults.crash, r.verdict.faults.down, r.verdict.faults.lost]).toEqual([1, 1, 0]);
  });
});

describe('chained use cases', () => {
  const sales = load('examples/sales.craft');

  test('a listener-only use case chained after the use case that publishes its events runs on the same flow', () => {
    expect(stimulusProblem(sales, ['place-order', 'provisioning'])).toBeUndefined();
    const r = run(sales, { useCases: ['place-order', 'provisioning'] });
    expect(r.verdict.flows).toMatchObject({ total: 1, completed: 1 });
    const started = r.trace.filter((t) => t.kind === 'start').map((t) => t.scenario);
    expect(started).toEqual(expect.arrayContaining(['provisioning/1', 'provisioning/2']));
    expect(recordsOf(r.trace, 'publish').map((t) => t.event)).toContain('DownloadIsReady');
  });

  test('stimulusProblem: a use case with no trigger of its own that nothing named before it starts is a usage problem', () => {
    const problem = 'use case "provisioning" has no external or scheduled trigger to perform (its scenarios start on events; name the use case that publishes them before it)';
    expect(stimulusProblem(sales, ['provisioning'])).toBe(problem);
    expect(stimulusProblem(sales, ['provisioning', 'place-order'])).toBe(problem);
    // Reached through a timer: place-order's BuyersRemorseIsOver fires OrderAccepted, which customer-relations listens to.
    expect(stimulusProblem(sales, ['place-order', 'customer-relations'])).toBeUndefined();
    // Reached through another listener-only use case's events (DownloadIsReady comes from provisioning).
    expect(stimulusProblem(sales, ['place-order', 'cancel-order', 'provisioning', 'customer-relations'])).toBeUndefined();
    // Use cases with triggers of their own, scheduled ones included, never are.
    expect(stimulusProblem(ecommerce, ['stock-replenishment', 'order-placement'])).toBeUndefined();
    expect(stimulusProblem(sales, ['cancel-order'])).toBeUndefined();
  });
});

describe('trace schema', () => {
  /** The keys of a trace record, in the order docs/simulation.md documents them. */
  const documented = ['time', 'kind', 'flow', 'message', 'causation', 'messageKind', 'from', 'to', 'participant', 'instance', 'scenario', 'line', 'fact', 'outcome', 'decided', 'attempt', 'of', 'step', 'text', 'event', 'outcomes', 'subscribers', 'duration', 'fault', 'status', 'detail'];
  /** docs/simulation.md's table of record kinds: kind → the key lists documented for it (`?`: optional). */
  const kindTable = (): Map<string, { key: string; optional: boolean }[][]> => {
    const doc = readFileSync(root + 'docs/simulation.md', 'utf8');
    const table = doc.slice(doc.indexOf('<!-- trace-kinds')).split('\n\n')[0]!.split('\n').slice(3);
    const kinds = new Map<string, { key: string; optional: boolean }[][]>();
    for (const row of table) {
      const [, kind, keys] = row.split('|').map((c) => c.trim());
      const list = keys!.split(', ').map((k) => ({ key: k.replace(/[`?]/g, ''), optional: k.endsWith('?') }));
      const kindName = kind!.replace(/`/g, '');
      kinds.set(kindName, [...(kinds.get(kindName) ?? []), list]);
    }
    return kinds;
  };
  const sample = (): Trace[] => [
    run(ecommerce, { useCases: ['order-placement', 'order-cancellation'], flows: 3, faults: resolveFaults(parseFaults(['drop=0.1,duplicate=0.3,delay=1ms..40s:0.2,reorder=0.3,crash=Inventory@100ms+1s:lose,down=EmailService@0s+1m']), ecommerce) }).trace,
    run(constructs, { useCases: ['place-order'], flows: 2, choose: ['PaymentDeclined'] }).trace,
    run(constructs, { useCases: ['place-order'], maxSteps: 3 }).trace,
    run(load('examples/sales.craft'), { useCases: ['place-order', 'cancel-order'], startAt: [undefined, 25_000] }).trace,
    // Decisions, a retry and a call timing out into its `on timeout` block, an at-least-once redelivery.
    run(load('test/fixtures/decisions.craft'), { useCases: ['place-order'], given: { 'payment type': 'card' }, faults: resolveFaults(parseFaults(['down=Billing@0s+1m']), load('test/fixtures/decisions.craft')) }).trace,
    run(load('test/fixtures/decisions.craft'), { useCases: ['place-order'], flows: 5, faults: resolveFaults(parseFaults(['drop=0.4']), load('test/fixtures/decisions.craft')) }).trace,
  ];

  test('every record has documented keys, in the documented order, and a documented kind', () => {
    const kinds = kindTable();
    const seen = new Set<string>();
    for (const trace of sample()) {
      for (const r of trace) {
        const keys = Object.keys(r);
        const positions = keys.map((k) => documented.indexOf(k));
        expect(positions.every((p) => p >= 0), `${r.kind}: ${keys.join(', ')}`).toBe(true);
        expect([...positions].sort((a, b) => a - b), `${r.kind}: ${keys.join(', ')}`).toEqual(positions);
        expect([...kinds.keys()]).toContain(r.kind);
        seen.add(r.kind);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(17);
  });

  test('docs/simulation.md lists every record kind with its keys: each record has exactly the keys of one entry for its kind', () => {
    const kinds = kindTable();
    const union: string[] = ['flow-start', 'trigger', 'send', 'receive', 'start', 'step', 'publish', 'dead-letter', 'timer-set', 'timer-cancel', 'timer-fire', 'too-late', 'fact', 'retry', 'end', 'discard', 'fault', 'crash', 'restart', 'cut', 'flow-end'] satisfies TraceKind[];
    expect([...kinds.keys()].sort()).toEqual([...union].sort());
    for (const trace of sample()) {
      for (const r of trace) {
        const keys = Object.keys(r).slice(2);
        const fits = (kinds.get(r.kind) ?? []).some((entry) => {
          const present = entry.filter((e) => keys.includes(e.key)).map((e) => e.key);
          return present.join() === keys.join() && entry.every((e) => e.optional || keys.includes(e.key));
        });
        expect(fits, `${r.kind}: ${keys.join(', ')}`).toBe(true);
      }
    }
  });
});

describe('robustness', () => {
  test('every use case of the examples simulates under every kind of fault; each flow gets one status', () => {
    const specs = ['', 'drop=0.2', 'duplicate=0.3', 'delay=1ms..5s:0.5,reorder=0.3', 'crash=Inventory@0s+1s:wait', 'crash=Inventory@50ms+10s:lose,duplicate=0.2'];
    let runs = 0;
    for (const m of [ecommerce, constructs]) {
      for (const u of m.useCases) {
        for (const spec of specs) {
          const names = new Set(m.contexts.map((c) => c.name).concat(m.domains.map((d) => d.name)));
          if (spec.includes('Inventory') && !names.has('Inventory')) continue;
          for (const seed of [1, 2]) {
            const v = simulate(m, { useCases: [u.slug], seed, flows: 3, interval: 100, faults: resolveFaults(parseFaults(spec ? [spec] : []), m), trace: false }).verdict;
            const f = v.flows;
            expect(f.completed + f.incomplete + f.stuck + f.timedOut + f.cut, `${u.slug} ${spec} ${seed}`).toBe(3);
            runs++;
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(50);
  });
});

describe('an asker whose own mailbox crashes while it asks', () => {
  test('is reported stuck where it asked, waiting for its request to leave (it used to end stuck with no place)', () => {
    const faults = resolveFaults(parseFaults(['crash=OrderManagement@75ms+1m']), ecommerce);
    const { verdict } = simulate(ecommerce, { useCases: ['order-placement'], faults });
    const flow = verdict.perFlow[0]!;
    expect(flow.status).toBe('stuck');
    expect(flow.blocked).toEqual([
      expect.objectContaining({ participant: 'Order/OrderManagement', scenario: 'order-placement/2', line: 103, state: 's1.request', waitingFor: expect.stringContaining('its request to leave') }),
    ]);
  });
});

describe('finding a use case by what was typed', () => {
  test('by the slug of the typed text, letters of any script kept as the compiler keeps them', async () => {
    const { findUseCase } = await import('../src/plan/scenarios.js');
    const m = load('examples/ecommerce.craft');
    expect(findUseCase(m, ' Order  Placement! ')?.slug).toBe('order-placement');
    const u = compile([{ path: 'u.craft', text: 'use_case "Bestellung Übersicht" {\n  when Kunde bestellt\n    Laden bestätigt\n}\n' }]).model;
    expect(findUseCase(u, 'bestellung übersicht!')?.name).toBe('Bestellung Übersicht');
  });
});
