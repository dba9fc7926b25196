/**
 * `benchBehaviour()` (issue: the behaviour language): `--explore` of examples/orders.craft's order creation
 * (paths and time), `craft test examples/` end to end (the CLI as users run it), and 10,000 order-placement
 * flows under `drop=0.05` on two designs of the same flow: one that declares its delivery guarantees (an
 * at-least-once event, an idempotent consumer, calls with a timeout and retries) and one that does not.
 * The completion rate must be 100% for the first and visibly lower for the second.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compile } from '../src/compiler/compile.js';
import type { Model } from '../src/compiler/model.js';
import { explore } from '../src/simulator/explore.js';
import { parseFaults, resolveFaults } from '../src/simulator/faults.js';
import { defaultOptions } from '../src/simulator/options.js';
import { simulate } from '../src/simulator/simulation.js';
import { median } from './timing.js';

const FLOWS = 10_000;

/** The same order placement twice: with its delivery guarantees declared, and without. */
function placement(guarded: boolean): string {
  const call = guarded ? ' [timeout 2s, retry 5 every 500ms]' : '';
  const publish = guarded ? ' [at-least-once, redeliver 1s]' : '';
  const listen = guarded ? ' [idempotent]' : '';
  return `use_case "Order Placement" {
  when Customer places order
    Sales asks Billing to charge the card${call}
    Billing returns to Sales the receipt
    Sales notifies "Order Placed"${publish}
  when Shipping listens "Order Placed"${listen}
    Shipping asks Warehouse to reserve the parcel${call}
    Warehouse returns to Shipping the reservation
    Shipping notifies "Parcel Ready"${publish}
  when Notifications listens "Parcel Ready"${listen}
    Notifications sends the confirmation
}
`;
}

function model(text: string, path: string): Model {
  const c = compile([{ path, text }]);
  const errors = c.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${path}: ${errors[0]!.message}`);
  return c.model;
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

export async function benchBehaviour(root: string): Promise<string[]> {
  const lines = ['behaviour language (decisions, timeouts, delivery guarantees, stories):'];

  const orders = model(readFileSync(join(root, 'examples', 'orders.craft'), 'utf8'), 'examples/orders.craft');
  const useCase = orders.useCases.find((u) => u.slug === 'order-creation');
  if (useCase) {
    const runs = [1, 2, 3, 4, 5].map(() => timed(() => explore(orders, defaultOptions({ useCases: [useCase.slug], trace: false }), 1000)));
    const paths = runs[0]!.value.paths.length;
    lines.push(`  --explore orders.craft order-creation: ${paths} paths, ${median(runs.map((r) => r.ms)).toFixed(1)} ms (median of 5)`);
  } else lines.push('  --explore orders.craft order-creation: no such use case');

  const cli = [1, 2, 3].map(() => {
    const start = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'bin', 'craft.js'), 'test', 'examples'], { cwd: root, encoding: 'utf8' });
    return { ms: performance.now() - start, status: r.status, summary: r.stdout.trim().split('\n').pop() ?? '' };
  });
  lines.push(`  craft test examples/ end to end: ${median(cli.map((c) => c.ms)).toFixed(0)} ms (median of 3), exit ${cli[0]!.status}: ${cli[0]!.summary}`);

  for (const guarded of [true, false]) {
    const m = model(placement(guarded), guarded ? 'guarded.craft' : 'plain.craft');
    const faults = resolveFaults(parseFaults(['drop=0.05']), m);
    const { ms, value } = timed(() => simulate(m, { useCases: ['order-placement'], flows: FLOWS, seed: 1, faults, trace: false }));
    const f = value.verdict.flows;
    const rate = (100 * f.completed) / f.total;
    const goal = guarded ? `goal 100%  ${f.completed === f.total ? 'PASS' : 'MISS'}` : 'goal: visibly lower';
    lines.push(`  ${FLOWS} flows, drop=0.05, ${guarded ? 'at-least-once + idempotent + call retries' : 'no guarantees declared'}: ${ms.toFixed(0)} ms, completed ${f.completed}/${f.total} (${rate.toFixed(2)}%)  ${goal}`);
  }
  return lines;
}
