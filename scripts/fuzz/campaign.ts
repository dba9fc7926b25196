/**
 * The back-end fuzz campaign, shared by test/backends.fuzz.test.ts (a bounded number of mutants, fixed
 * seed) and `npm run fuzz` (scripts/fuzz.ts: a longer campaign). A mutant is a seed model (or a synthetic
 * one) with one or more model-level mutations applied, plus the model name code generation receives and how
 * the simulator runs it (step cap, flows, explored paths, fault mix, latencies, forced outcomes). Only
 * mutants that compile without errors reach the back ends; the others are counted as rejected.
 *
 * On a failure, fast-check shrinks the mutant (fewer mutations, earlier sites, simpler choices, seed 0),
 * then `minimiseText` removes lines while the same back end still fails the same way.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { BackendFailure, backendNames, checkMutant, chooseMixes, defaultLimits, faultMixes, latencyMixes, zeroCounts, type BackendLimits, type ChooseMix, type Counts, type FaultMix, type LatencyMix, type MutantResult } from './backends.js';
import { anyMutation, operatorNames, operators, type Mutation, type OperatorName } from './mutations.js';
import type { Seed } from './seeds.js';
import { syntheticModel } from './synthetic.js';

export interface Mutant {
  /** Where the text came from: a seed's name, or `synthetic`. */
  origin: string;
  ops: Mutation[];
  /** The model name given to code generation. */
  name: string;
  text: string;
  /** The mutations changed the text (a mutation with nothing to work on leaves it as it was). */
  changed: boolean;
  /** How the back ends run this mutant (step cap, flows, explored paths, fault mix): shrinks to the defaults. */
  run: RunShape;
}

export interface RunShape {
  maxSteps: number;
  flows: number;
  exploreLimit: number;
  faults: FaultMix;
  latency: LatencyMix;
  choose: ChooseMix;
}

/** The campaign's run first (what shrinking goes back to), then tight caps, more flows, other fault mixes. */
function runShape(base: BackendLimits): fc.Arbitrary<RunShape> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ maxSteps: base.maxSteps, flows: base.flows, exploreLimit: base.exploreLimit, faults: base.faults ?? 'heavy', latency: base.latency ?? 'default', choose: base.choose ?? 'none' }) },
    {
      weight: 2,
      arbitrary: fc.record({
        maxSteps: fc.constantFrom(base.maxSteps, 1, 2, 7, 300),
        flows: fc.constantFrom(base.flows, 1, 3),
        exploreLimit: fc.constantFrom(base.exploreLimit, 1, 16),
        faults: fc.constantFrom(base.faults ?? 'heavy', ...faultMixes),
        latency: fc.constantFrom(base.latency ?? 'default', ...latencyMixes),
        choose: fc.constantFrom(base.choose ?? 'none', ...chooseMixes),
      }),
    },
  );
}

/** Model names as the CLI may pass them (a file's base name): mostly ordinary, sometimes hostile. */
export const modelNames = ['fuzz', 'fuzz', 'fuzz', 'fuzz', '', '.', '..', '../../x', 'a/b', '<script>', '__proto__', 'constructor', 'node_modules', '😀', 'CON', 'x'.repeat(300)] as const;

export interface MutantShape {
  /** Mutations per mutant. */
  minOps?: number;
  maxOps?: number;
  /** Only this operator (each mutation is one of it). */
  operator?: OperatorName;
  /** Weight of synthetic models against seeds (0: seeds only; Infinity: synthetic only). */
  synthetic?: number;
  /** The campaign's limits: the default run shape of every mutant. */
  limits?: BackendLimits;
}

export function mutantArbitrary(seeds: readonly Seed[], shape: MutantShape = {}): fc.Arbitrary<Mutant> {
  const op = shape.operator ? operators[shape.operator] : anyMutation;
  const ops = fc.array(op, { minLength: shape.minOps ?? 1, maxLength: shape.maxOps ?? 3 });
  const fromSeed = fc.nat({ max: Math.max(0, seeds.length - 1) }).map((i) => ({ origin: seeds[i]!.name, text: seeds[i]!.text }));
  const fromScratch = syntheticModel.map((text) => ({ origin: 'synthetic', text }));
  const synthetic = shape.synthetic ?? 1;
  const base =
    synthetic === Infinity || seeds.length === 0 ? fromScratch
    : synthetic === 0 ? fromSeed
    : fc.oneof({ weight: 3, arbitrary: fromSeed }, { weight: synthetic, arbitrary: fromScratch });
  return fc.tuple(base, ops, fc.constantFrom(...modelNames), runShape(shape.limits ?? defaultLimits)).map(([b, ms, name, run]) => {
    const text = ms.reduce((t, m) => m.apply(t), b.text);
    const mutant: Mutant & { [k: symbol]: () => string } = {
      origin: b.origin,
      ops: ms,
      name,
      text,
      changed: text !== b.text,
      run,
      [fc.toStringMethod]: () => describeMutant(mutant),
    };
    return mutant;
  });
}

export function describeMutant(m: Mutant): string {
  const usual = m.run.maxSteps === defaultLimits.maxSteps && m.run.flows === defaultLimits.flows && m.run.exploreLimit === defaultLimits.exploreLimit && m.run.faults === 'heavy' && m.run.latency === 'default' && m.run.choose === 'none';
  const run = usual ? '' : `, run ${JSON.stringify(m.run)}`;
  return `${m.origin} with ${m.ops.map(String).join(', ') || 'no mutation'}, model name ${JSON.stringify(m.name)}${run}:\n${abbreviate(m.text)}`;
}

function abbreviate(text: string, max = 6000): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length} characters)`;
}

// ───────────────────────────── statistics ─────────────────────────────

export class Stats {
  mutants = 0;
  accepted = 0;
  /** Accepted mutants whose text differs from their seed. */
  changed = 0;
  rejected = 0;
  /** Rejections by diagnostic code (the first error of each rejected mutant). */
  rejectedBy = new Map<string, number>();
  calls: Counts = zeroCounts();
  ms: Counts = zeroCounts();
  /** Accepted mutants per operator (a mutant with two operators counts for both). */
  acceptedByOperator = new Map<string, number>();
  seen = new Map<string, number>();
  slowest: { ms: number; mutant: Mutant }[] = [];
  readonly started = performance.now();

  record(m: Mutant, r: MutantResult, ms: number): void {
    this.mutants++;
    for (const b of backendNames) {
      this.calls[b] += r.calls[b];
      this.ms[b] += r.ms[b];
    }
    for (const o of new Set(m.ops.map((x) => x.op))) this.seen.set(o, (this.seen.get(o) ?? 0) + 1);
    if (!r.accepted) {
      this.rejected++;
      const code = (r.errors?.[0] ?? 'unknown').split(':')[0]!;
      this.rejectedBy.set(code, (this.rejectedBy.get(code) ?? 0) + 1);
      return;
    }
    this.accepted++;
    if (m.changed) this.changed++;
    for (const o of new Set(m.ops.map((x) => x.op))) this.acceptedByOperator.set(o, (this.acceptedByOperator.get(o) ?? 0) + 1);
    this.slowest.push({ ms, mutant: m });
    this.slowest.sort((a, b) => b.ms - a.ms);
    this.slowest.length = Math.min(this.slowest.length, 3);
  }

  /** The slowest accepted mutant, in full (a mutant much slower than the rest may show a complexity bug). */
  slowestMutant(): string | undefined {
    const x = this.slowest[0];
    return x ? `${x.ms.toFixed(0)} ms: ${describeMutant(x.mutant)}` : undefined;
  }

  elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  summary(): string[] {
    const s = this.elapsedSeconds();
    const lines = [
      `${this.mutants} mutants in ${s.toFixed(1)} s (${(this.mutants / Math.max(s, 1e-9)).toFixed(1)} mutants/s): ${this.accepted} accepted (${this.changed} changed by their mutations), ${this.rejected} rejected by the compiler`,
      `back-end calls (both determinism passes): ${backendNames.map((b) => `${b} ${this.calls[b]} (${(this.ms[b] / 1000).toFixed(1)} s)`).join(', ')}`,
      `accepted mutants per operator: ${operatorNames.map((o) => `${o} ${this.acceptedByOperator.get(o) ?? 0}/${this.seen.get(o) ?? 0}`).join(', ')}`,
    ];
    if (this.rejectedBy.size > 0) lines.push(`rejections: ${[...this.rejectedBy].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`);
    if (this.slowest.length > 0) lines.push(`slowest accepted mutant: ${this.slowest[0]!.ms.toFixed(0)} ms (${this.slowest[0]!.mutant.origin} with ${this.slowest[0]!.mutant.ops.map(String).join(', ')})`);
    return lines;
  }
}

// ───────────────────────────── running ─────────────────────────────

export interface CampaignOptions {
  seed: number;
  numRuns: number;
  /** Stop generating new mutants after this many ms (shrinking still runs). */
  timeLimitMs?: number;
  limits?: Partial<BackendLimits>;
  shape?: MutantShape;
  /** Called before each mutant goes through the back ends (a watchdog can name the one that hangs). */
  onStart?: (mutant: Mutant) => void;
  /** Called after each mutant (progress). */
  onMutant?: (stats: Stats) => void;
  /** Called when the campaign stops generating mutants and starts minimising failures. */
  onMinimise?: () => void;
  /** Time for the line-level minimisation of a failure. */
  minimiseMs?: number;
  /**
   * Keep going: record every distinct failure (by signature, see BackendFailure.signature) instead of
   * stopping at the first, and minimise each at the end (without fast-check's shrinking).
   */
  collect?: boolean;
  /** With `collect`: called when a new distinct failure is found. */
  onFailure?: (failure: BackendFailure, mutant: Mutant) => void;
}

export interface Failure {
  mutant: Mutant;
  failure: BackendFailure | Error;
  /** The text after line-level minimisation (still failing the same way). */
  minimised: string;
  /** fast-check's seed and path, to replay the run. */
  replay: string;
}

export interface CampaignResult {
  stats: Stats;
  failure?: Failure;
  /** With `collect`: every distinct failure, minimised, in the order found. */
  distinct: Failure[];
  /** Runs fast-check made before stopping (including shrinking). */
  runs: number;
  interrupted: boolean;
}

/** Runs mutants through the back ends until `numRuns`, the time limit, or the first failure (shrunk, minimised). */
export function runCampaign(seeds: readonly Seed[], options: CampaignOptions): CampaignResult {
  const stats = new Stats();
  const limits: BackendLimits = { ...defaultLimits, ...options.limits };
  const found = new Map<string, { failure: BackendFailure; mutant: Mutant }>();
  const property = fc.property(mutantArbitrary(seeds, { ...options.shape, limits }), (m) => {
    options.onStart?.(m);
    const t0 = performance.now();
    const r = checkMutant(m.text, limitsFor(limits, m), { collect: options.collect === true });
    stats.record(m, r, performance.now() - t0);
    for (const f of r.failures) {
      if (found.has(f.signature())) continue;
      found.set(f.signature(), { failure: f, mutant: m });
      options.onFailure?.(f, m);
    }
    options.onMutant?.(stats);
  });
  const details = fc.check(property, {
    seed: options.seed,
    numRuns: options.numRuns,
    ...(options.timeLimitMs !== undefined ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  const result: CampaignResult = { stats, runs: details.numRuns, interrupted: details.interrupted, distinct: [] };
  if (details.failed || found.size > 0) options.onMinimise?.();
  const budget = options.minimiseMs ?? 15_000;
  if (details.failed && details.counterexample) {
    const mutant = details.counterexample[0];
    const failure = details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
    const minimised = failure instanceof BackendFailure ? minimiseText(mutant.text, failure, limitsFor(limits, mutant), budget) : mutant.text;
    result.failure = { mutant, failure, minimised, replay: `seed ${details.seed}, path ${JSON.stringify(details.counterexamplePath)}` };
  }
  for (const { failure, mutant } of found.values()) {
    const minimised = minimiseText(mutant.text, failure, limitsFor(limits, mutant), budget);
    result.distinct.push({ mutant, failure, minimised, replay: `seed ${options.seed}` });
  }
  return result;
}

/** The limits a mutant runs with: the campaign's, with the mutant's model name and run shape. */
export function limitsFor(limits: BackendLimits, m: Mutant): BackendLimits {
  return { ...limits, name: m.name, ...m.run };
}

/** True when `text` compiles without errors and fails with this signature. */
export function failsWith(text: string, signature: string, limits: BackendLimits): boolean {
  const r = checkMutant(text, limits, { collect: true });
  return r.failures.some((f) => f.signature() === signature);
}

/**
 * Removes lines (halves, quarters, … single lines), then shortens what is left, while the text still
 * compiles without errors and the same back end still fails the same way. Bounded by `budgetMs`.
 */
export function minimiseText(text: string, failure: BackendFailure, limits: BackendLimits, budgetMs: number): string {
  const deadline = performance.now() + budgetMs;
  const only = { ...limits, only: [failure.backend] };
  const signature = failure.signature();
  const fails = (t: string): boolean => failsWith(t, signature, only);
  if (!fails(text)) return text; // not reproducible in isolation: keep the original
  let lines = text.split('\n');
  // Comments and blank lines first, in one go.
  const stripped = lines.filter((l) => l.trim() !== '' && !l.trim().startsWith('//'));
  if (stripped.length < lines.length && fails(stripped.join('\n'))) lines = stripped;
  // Chunks of lines, from half the text down to single lines; small chunks at every offset (a block and its
  // closing brace go together); again until nothing more can go.
  for (let progress = true; progress && performance.now() < deadline; ) {
    progress = false;
    for (let chunk = Math.max(1, Math.ceil(lines.length / 2)); chunk >= 1 && performance.now() < deadline; chunk = chunk === 1 ? 0 : Math.ceil(chunk / 2)) {
      const stride = chunk <= 8 ? 1 : chunk;
      for (let i = 0; i < lines.length && performance.now() < deadline; ) {
        const candidate = [...lines.slice(0, i), ...lines.slice(i + chunk)];
        if (candidate.length > 0 && fails(candidate.join('\n'))) {
          lines = candidate;
          progress = true;
        } else i += stride;
      }
    }
  }
  // Shorter prose: drop trailing words of each line while it still fails.
  for (let i = 0; i < lines.length && performance.now() < deadline; i++) {
    for (;;) {
      const words = lines[i]!.trimEnd().split(/(\s+)/);
      if (words.length < 5) break;
      const shorter = words.slice(0, -2).join('');
      const candidate = [...lines.slice(0, i), shorter, ...lines.slice(i + 1)];
      if (!fails(candidate.join('\n'))) break;
      lines = candidate;
    }
  }
  return lines.join('\n') + '\n';
}

export function formatFailure(f: Failure): string {
  const e = f.failure;
  const head = e instanceof BackendFailure ? `${e.backend} fails "${e.property}": ${e.detail}` : `${e.name}: ${e.message}`;
  const stack = e instanceof BackendFailure ? e.stackTop(6) : (e.stack ?? '').split('\n').slice(0, 7).join('\n');
  return [
    head,
    '',
    'minimised mutant:',
    f.minimised.trimEnd(),
    '',
    `original mutant: ${describeMutant(f.mutant)}`,
    '',
    `stack: ${stack}`,
    `replay: ${f.replay}`,
  ].join('\n');
}
