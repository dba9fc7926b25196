/**
 * One mutant through every back end, with the properties the back-end fuzz checks:
 *
 *   1. nothing throws: a model that compiles without errors is drawn, exported (CraftDoc), simulated (with
 *      the timeline, verdicts, trace diagram, JSON and HTML reports `craft simulate` writes) and generated;
 *      any problem is a diagnostic or a verdict, never an exception;
 *   2. every run ends within its step cap: no flow of a run (plain, explored, under faults) takes more
 *      steps than `maxSteps`, and a run starts no more flows than it was asked for;
 *   3. output is deterministic: a second, fresh compile of the same text gives the same diagrams, the same
 *      runs (verdicts and traces) and the same generated files;
 *   4. no generated path leaves its output directory: every path of `generate` is relative, normalised and
 *      free of `..`, and every diagram's file-name part (the use-case slug) is a plain slug.
 *
 * A mutant whose compile reports errors is rejected (counted, not run): the back ends only ever receive sound
 * models, as in the CLI.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compile } from '../../src/compiler/compile.js';
import type { Model } from '../../src/compiler/model.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { diagramKinds, diagrams } from '../../src/diagrams/index.js';
import { generate } from '../../src/codegen/scaffold/index.js';
import { toCraftDoc } from '../../src/export/craftdoc.js';
import { scenariosOf } from '../../src/plan/scenarios.js';
import { runReport } from '../../src/simulator/html.js';
import { simulationHtml } from '../../src/page/index.js';
import { jsonReport } from '../../src/simulator/report.js';
import { explorationLines, type Names } from '../../src/simulator/timeline.js';
import { explore } from '../../src/simulator/explore.js';
import { parseFaults, resolveFaults, type Faults } from '../../src/simulator/faults.js';
import { latencyKinds, parseLatencySettings, type LatencySettings } from '../../src/simulator/latency.js';
import { defaultOptions, type SimulationOptions } from '../../src/simulator/options.js';
import { predict } from '../../src/simulator/predict.js';
import { simulate, type RunResult } from '../../src/simulator/simulation.js';
import { stimulusProblem } from '../../src/plan/script.js';
import type { RunVerdict } from '../../src/simulator/verdict.js';

export const backendNames = ['compile', 'diagrams', 'export', 'simulate', 'explore', 'faults', 'gen'] as const;
export type Backend = (typeof backendNames)[number];
export type Property = 'never throws' | 'step cap' | 'deterministic' | 'paths inside' | 'output parses';

/** A property that does not hold for a mutant: which back end, which property, and what happened. */
export class BackendFailure extends Error {
  override name = 'BackendFailure';
  constructor(
    readonly backend: Backend,
    readonly property: Property,
    readonly detail: string,
    /** The original exception, for `never throws`. */
    readonly original?: unknown,
  ) {
    super(`${backend}: ${property}: ${detail}`);
  }

  /**
   * What makes two failures "the same bug" (for minimising and for collecting distinct ones): the back end,
   * the property, and for an exception its class, the function and file it was thrown from and its message
   * (numbers and quoted text blotted out); otherwise
   * the detail's first line with numbers and quoted text blotted out.
   */
  signature(): string {
    const e = this.original;
    if (this.property === 'never throws' && e instanceof Error) {
      const frame = (e.stack ?? '').split('\n').find((l) => l.trimStart().startsWith('at ')) ?? '';
      const where = frame.trim().replace(/^at /, '').replace(/:\d+:\d+\)?$/, '').replace(/\(?(file:\/\/)?[^ ]*\/(?=[^/]+$)/, '(');
      const message = e.message.split('\n')[0]!.replace(/\d+/g, 'N').replace(/"[^"]*"|'[^']*'/g, '"…"').slice(0, 80);
      return `${this.backend}|${this.property}|${e.name}|${where}|${message}`;
    }
    const first = this.detail.split('\n')[0]!.replace(/\d+/g, 'N').replace(/"[^"]*"/g, '"…"').slice(0, 120);
    return `${this.backend}|${this.property}|${first}`;
  }

  /** The first lines of the original stack, for reports. */
  stackTop(lines = 4): string {
    const e = this.original;
    if (e instanceof Error && e.stack) return e.stack.split('\n').slice(0, lines + 1).join('\n');
    return this.message;
  }
}

export interface BackendLimits {
  /** Steps one flow may take (the simulator's `maxSteps`). */
  maxSteps: number;
  /** Flows per run (for a scheduled use case: firings). */
  flows: number;
  /** Paths per `--explore`. */
  exploreLimit: number;
  /** At most this many use cases are simulated per mutant (all of them when the model has fewer). */
  maxUseCases: number;
  /** The `name` passed to code generation (the model's name: package name and titles). */
  name: string;
  /** The fault mix of the runs under faults (default `heavy`). */
  faults?: FaultMix;
  /** Latencies of every run (default: craft's defaults), as a latency file would set them. */
  latency?: LatencyMix;
  /** `--choose`: no outcome forced, or the first / the last alternative of every `notifies A or B`. */
  choose?: ChooseMix;
  /** Run only these back ends (while minimising a failure of one of them); all when absent. */
  only?: readonly Backend[];
  /**
   * Also check that every generated .ts file is syntactically valid TypeScript and every .json file parses
   * (an extra property, off by default: `npm run fuzz -- --syntax`).
   */
  syntax?: boolean;
}

export const defaultLimits: BackendLimits = { maxSteps: 120, flows: 2, exploreLimit: 6, maxUseCases: 12, name: 'fuzz' };

export type Counts = Record<Backend, number>;

export interface MutantResult {
  accepted: boolean;
  /** Error diagnostics of a rejected mutant (the first few). */
  errors?: string[];
  /** Calls made per back end (both determinism passes). */
  calls: Counts;
  /** Wall-clock ms per back end (both passes). */
  ms: Counts;
  /** With `collect`: every distinct failure (by signature); without, the first one is thrown. */
  failures: BackendFailure[];
}

export function zeroCounts(): Counts {
  return { compile: 0, diagrams: 0, export: 0, simulate: 0, explore: 0, faults: 0, gen: 0 };
}

export const FILE = 'mutant.craft';

/** Compiles one file; errors only (warnings and lints are fine). */
export function compileText(text: string): { model: Model; errors: Diagnostic[] } {
  const { model, diagnostics } = compile([{ path: FILE, text }]);
  return { model, errors: diagnostics.filter((d) => d.severity === 'error') };
}

export interface CheckOptions {
  /** Keep going after a failure (each back-end section fails on its own) and return every distinct one. */
  collect?: boolean;
}

/**
 * Runs every back end on `text` twice (fresh compiles) and checks properties 1-4. Throws the first
 * BackendFailure, or with `collect` returns them all.
 */
export function checkMutant(text: string, limits: BackendLimits = defaultLimits, options: CheckOptions = {}): MutantResult {
  const calls = zeroCounts();
  const ms = zeroCounts();
  const failures = new Map<string, BackendFailure>();
  const fail = (f: BackendFailure): void => {
    if (!options.collect) throw f;
    if (!failures.has(f.signature())) failures.set(f.signature(), f);
  };
  const section: Section = (backend, fn) => {
    const t0 = performance.now();
    calls[backend]++;
    try {
      fn();
    } catch (e) {
      fail(e instanceof BackendFailure ? e : new BackendFailure(backend, 'never throws', e instanceof Error ? `${e.name}: ${e.message}` : String(e), e));
    } finally {
      ms[backend] += performance.now() - t0;
    }
  };
  let first: ReturnType<typeof compileText> | undefined;
  section('compile', () => (first = compileText(text)));
  if (!first) return { accepted: true, calls, ms, failures: [...failures.values()] };
  if (first.errors.length > 0) {
    return { accepted: false, errors: first.errors.slice(0, 3).map((d) => `${d.code}: ${d.message}`), calls, ms, failures: [] };
  }
  const a = runAll(first.model, text, limits, section);
  let second: ReturnType<typeof compileText> | undefined;
  section('compile', () => {
    second = compileText(text);
    if (second.errors.length > 0) throw new BackendFailure('compile', 'deterministic', 'the second compile of the same text reports errors');
  });
  if (second && second.errors.length === 0) {
    const b = runAll(second.model, text, limits, section);
    for (const [key, x] of a) {
      const y = b.get(key);
      if (y === undefined || x.backend !== y.backend) continue; // failed in the second pass (reported) or not run
      if (x.text !== y.text) fail(new BackendFailure(x.backend, 'deterministic', `${key} differs between two runs of the same text: ${firstDifference(x.text, y.text)}`));
    }
    for (const key of b.keys()) if (!a.has(key)) fail(new BackendFailure(b.get(key)!.backend, 'deterministic', `${key} has an output only in the second run`));
  }
  return { accepted: true, calls, ms, failures: [...failures.values()] };
}

/** Runs `fn` as work of `backend`: timed, counted, and every exception turned into a failure. */
type Section = (backend: Backend, fn: () => void) => void;

/** Serialised outputs of one pass by what produced them (`simulate order-placement`), compared between passes. */
type Outputs = Map<string, { backend: Backend; text: string }>;

function runAll(model: Model, text: string, limits: BackendLimits, section: Section): Outputs {
  const out: Outputs = new Map();
  const put = (backend: Backend, key: string, value: string) => {
    let k = `${backend} ${key}`;
    for (let i = 2; out.has(k); i++) k = `${backend} ${key} #${i}`;
    out.set(k, { backend, text: value });
  };
  const on = (b: Backend) => limits.only === undefined || limits.only.includes(b);

  // Diagrams: every kind, with the default options and with the other grouping, direction and a focus.
  if (on('diagrams')) {
    const service = model.services[0]?.name;
    const variants = [{}, { direction: 'TB' as const, group: 'service' as const, ...(service !== undefined ? { focus: service } : {}) }];
    for (const [i, options] of variants.entries()) {
      section('diagrams', () => {
        const texts: string[] = [];
        for (const d of diagrams(model, diagramKinds, options)) {
          if (typeof d.text !== 'string') throw new BackendFailure('diagrams', 'never throws', `${d.kind} diagram has no text`);
          if (d.useCase !== undefined) checkSlug(d.useCase, 'diagrams');
          texts.push(`${d.kind} ${d.useCase ?? ''} ${d.title}\n${d.text}`);
        }
        put('diagrams', `variant ${i + 1}`, texts.join('\n'));
      });
    }
  }

  // The CraftDoc export (`craft inspect --format craftdoc`).
  if (on('export')) section('export', () => put('export', 'craftdoc', JSON.stringify(toCraftDoc(model))));

  const useCases = model.useCases.slice(0, limits.maxUseCases).map((u) => u.slug);
  const names = scenariosOf(model).names;
  const shown: Names = { name: (id) => names.get(id) ?? id };
  /** What `craft simulate` prints and writes from a run: timeline, verdicts, trace diagram, JSON, HTML. */
  const reports = (r: RunResult, options: SimulationOptions): string => {
    const json = [...jsonReport({ model, options, runs: 1, names, results: [r] })].join('');
    JSON.parse(json);
    const report = runReport({ id: 'fuzz', title: options.useCases.join(' '), summary: [], results: [r], ok: r.verdict.ok, names: shown });
    // The page component `craft simulate --html` writes (and `craft serve`, `craft build` show).
    const html = simulationHtml(report);
    return [json, report.diagram, hash(html)].join('\n');
  };
  const runnable = useCases.filter((slug) => stimulusProblem(model, [slug]) === undefined);
  let latency: LatencySettings | undefined;
  let choose: string[] = [];
  section('simulate', () => {
    latency = latencyFor(model, limits.latency ?? 'default');
    choose = chooseFor(model, limits.choose ?? 'none');
  });
  const base = (slugs: string[], faults?: Faults): SimulationOptions =>
    defaultOptions({ useCases: slugs, maxSteps: limits.maxSteps, flows: limits.flows, trace: true, choose, ...(latency ? { latency } : {}), ...(faults ? { faults } : {}) });
  let heavy: Faults | undefined;
  if (on('faults')) section('faults', () => (heavy = heavyFaults(model, limits.faults ?? 'heavy')));

  // The simulator: every use case once plain, once explored, once under a heavy fault mix; the use cases
  // with a stimulus also chained on one flow. A use case without a stimulus is simulated too (its run
  // simply starts nothing).
  for (const slug of useCases) {
    const options = base([slug]);
    if (on('simulate')) {
      section('simulate', () => {
        const r = simulate(model, options);
        checkRun(r.verdict, options, 'simulate', slug);
        put('simulate', slug, serialiseRun(r));
        put('simulate', `${slug} reports`, reports(r, options));
      });
    }
    if (on('explore')) {
      section('explore', () => {
        const e = explore(model, options, limits.exploreLimit);
        if (e.paths.length > limits.exploreLimit) throw new BackendFailure('explore', 'step cap', `${slug}: ${e.paths.length} paths, limit ${limits.exploreLimit}`);
        for (const p of e.paths) checkRun(p.verdict, options, 'explore', slug);
        put('explore', slug, JSON.stringify(e));
        const json = [...jsonReport({ model, options, runs: 1, names, results: [], exploration: e })].join('');
        JSON.parse(json);
        put('explore', `${slug} reports`, `${json}\n${explorationLines(e).join('\n')}`);
      });
    }
    if (heavy) {
      const faulty = base([slug], heavy);
      section('faults', () => {
        const f = simulate(model, faulty);
        checkRun(f.verdict, faulty, 'faults', slug);
        put('faults', slug, serialiseRun(f));
        put('faults', `${slug} reports`, reports(f, faulty));
      });
    }
  }
  if (on('simulate') && runnable.length > 1) {
    const slugs = runnable.slice(0, 3);
    const chained = base(slugs);
    section('simulate', () => {
      const r = simulate(model, chained);
      checkRun(r.verdict, chained, 'simulate', slugs.join(' '));
      put('simulate', slugs.join(' '), serialiseRun(r));
    });
  }

  // Code generation in memory, every file's content read (contents render on read).
  if (on('gen')) {
    section('gen', () => {
      const g = generate(model, { name: limits.name, predict: (slug) => predict(model, slug) });
      const seen = new Set<string>();
      const lines: string[] = [];
      for (const f of g.files) {
        checkPath(f.path);
        const lower = f.path.toLowerCase();
        if (seen.has(lower)) throw new BackendFailure('gen', 'paths inside', `${JSON.stringify(f.path)} is generated twice (ignoring case)`);
        seen.add(lower);
        const content = f.content;
        if (typeof content !== 'string') throw new BackendFailure('gen', 'never throws', `${f.path} has no text`);
        if (limits.syntax) checkSyntax(f.path, content);
        lines.push(`${f.path} ${f.stub ? 'stub' : 'generated'} ${f.part} ${hash(content)}`);
      }
      lines.push(JSON.stringify(g.diagnostics));
      put('gen', 'files', lines.join('\n'));
    });
  }
  return out;
}

/** Latency files: craft's defaults, everything instant (and replies time out at once), everything slow. */
export const latencyMixes = ['default', 'zero', 'slow'] as const;
export type LatencyMix = (typeof latencyMixes)[number];

export function latencyFor(model: Model, mix: LatencyMix): LatencySettings {
  const all = (value: string) => Object.fromEntries(latencyKinds.map((k) => [k, value]));
  const json = mix === 'zero' ? { jitter: 0, replyTimeout: '0ms', defaults: all('0ms') } : mix === 'slow' ? { jitter: 1, replyTimeout: 'none', defaults: all('1h') } : {};
  try {
    return parseLatencySettings(json, model);
  } catch (e) {
    throw new BackendFailure('simulate', 'never throws', `the latency file ${JSON.stringify(json)} is refused: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

export const chooseMixes = ['none', 'first', 'last'] as const;
export type ChooseMix = (typeof chooseMixes)[number];

/** The events `--choose` names: the first or the last alternative of every outcome step. */
export function chooseFor(model: Model, mix: ChooseMix): string[] {
  if (mix === 'none') return [];
  const out = new Set<string>();
  for (const u of model.useCases) for (const sc of u.scenarios) for (const st of sc.steps) if (st.kind === 'notify' && st.events.length > 1) out.add(mix === 'first' ? st.events[0]! : st.events[st.events.length - 1]!);
  return [...out];
}

/**
 * Fault mixes, all heavy: `heavy` (every message fault at 30%, two participants crash, one losing work, an
 * external system down), `lose-all` (every message dropped), `copy-all` (every message duplicated),
 * `chaos` (every fault at once, long delays, every used participant crashing, every system down).
 */
export const faultMixes = ['heavy', 'lose-all', 'copy-all', 'chaos'] as const;
export type FaultMix = (typeof faultMixes)[number];

/** The fault mix as `--faults` text for this model (names the model's participants), parsed and resolved as the CLI does. */
export function heavyFaults(model: Model, mix: FaultMix = 'heavy'): Faults {
  const used = new Set<string>();
  for (const u of model.useCases) for (const s of u.scenarios) for (const st of s.steps) used.add(st.from.id);
  // Names with characters the fault syntax uses as separators cannot be written in --faults; skip them.
  const writable = (n: string) => !/[,@+:=\s]/.test(n) && n.length > 0;
  const contexts = model.contexts.filter((c) => used.has(c.id)).map((c) => c.id).filter(writable);
  const systems = model.actors.filter((a) => a.type === 'system').map((a) => a.name).filter(writable);
  const spec: string[] = [];
  switch (mix) {
    case 'heavy': {
      spec.push('drop=0.3,duplicate=0.3,delay=1ms..10s:0.5,reorder=0.3');
      const [c1, c2] = contexts;
      if (c1 !== undefined) spec.push(`crash=${c1}@0s+2s:lose`);
      if (c2 !== undefined) spec.push(`crash=${c2}@500ms+1m`);
      if (systems[0] !== undefined) spec.push(`down=${systems[0]}@0s+30s`);
      break;
    }
    case 'lose-all':
      spec.push('drop=1');
      break;
    case 'copy-all':
      spec.push('duplicate=100%');
      break;
    case 'chaos':
      spec.push('drop=0.5,duplicate=0.5,delay=0ms..1d,reorder=1');
      contexts.forEach((c, i) => spec.push(`crash=${c}@${i * 100}ms+${i + 1}h${i % 2 === 0 ? ':lose' : ''}`));
      for (const sys of systems) spec.push(`down=${sys}@0s+1d`);
      break;
  }
  try {
    return resolveFaults(parseFaults(spec), model);
  } catch (e) {
    throw new BackendFailure('faults', 'never throws', `the fault spec ${JSON.stringify(spec.join(','))} names participants of the model but is refused: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

function checkRun(v: RunVerdict, options: SimulationOptions, backend: Backend, useCase: string): void {
  const fail = (detail: string) => {
    throw new BackendFailure(backend, 'step cap', `${useCase}: ${detail}`);
  };
  if (!Number.isFinite(v.steps) || v.steps < 0) fail(`verdict.steps is ${v.steps}`);
  if (v.flows.total > options.flows) fail(`${v.flows.total} flows, asked for ${options.flows}`);
  if (v.perFlow.length !== v.flows.total) fail(`${v.perFlow.length} per-flow results for ${v.flows.total} flows`);
  if (v.steps > options.maxSteps * Math.max(1, v.flows.total)) fail(`${v.steps} steps in ${v.flows.total} flows, cap ${options.maxSteps} per flow`);
  for (const f of v.perFlow) {
    // A flow is cut when a step would exceed the cap: it never performs more than maxSteps.
    if (f.steps > options.maxSteps + 1) fail(`flow ${f.id} took ${f.steps} steps, cap ${options.maxSteps}`);
    if (f.steps > options.maxSteps && f.status !== 'cut') fail(`flow ${f.id} exceeded the cap (${f.steps} steps) without being cut (${f.status})`);
  }
}

function serialiseRun(r: RunResult): string {
  return JSON.stringify({ verdict: r.verdict, trace: r.trace });
}

/** A generated path must stay inside its output directory, however the model is named. */
export function checkPath(path: string): void {
  const fail = (why: string) => {
    throw new BackendFailure('gen', 'paths inside', `${JSON.stringify(path)}: ${why}`);
  };
  if (typeof path !== 'string' || path.length === 0) fail('empty path');
  if (path.includes('\0')) fail('contains NUL');
  if (path.includes('\\')) fail('contains a backslash');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) fail('absolute');
  if (posix.normalize(path) !== path) fail(`not normalised (${posix.normalize(path)})`);
  for (const part of path.split('/')) if (part === '' || part === '.' || part === '..') fail(`has the segment ${JSON.stringify(part)}`);
  if (/[\u0000-\u001f\u007f]/.test(path)) fail('contains a control character');
}

/** Use-case slugs name diagram files (`<model>-sequence-<slug>.mmd`): letters, digits and single hyphens only. */
export function checkSlug(slug: string, backend: Backend): void {
  if (!/^[\p{L}\p{N}]+(-[\p{L}\p{N}]+)*$/u.test(slug)) throw new BackendFailure(backend, 'paths inside', `use-case slug ${JSON.stringify(slug)} is not a safe file-name part`);
}

let typescript: typeof import('typescript') | undefined;

/** Generated TypeScript must parse, generated JSON too (names are escaped on their way into code). */
function checkSyntax(path: string, content: string): void {
  if (path.endsWith('.json') && !/(^|\/)tsconfig[^/]*\.json$/.test(path)) {
    try {
      JSON.parse(content);
    } catch (e) {
      throw new BackendFailure('gen', 'output parses', `${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!path.endsWith('.ts')) return;
  typescript ??= createRequire(import.meta.url)('typescript') as typeof import('typescript');
  const ts = typescript;
  // Parsing only (no type check): the syntax errors the parser records on the source file.
  const file = ts.createSourceFile(path, content, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const d = (file as unknown as { parseDiagnostics?: import('typescript').Diagnostic[] }).parseDiagnostics?.[0];
  if (d) {
    const at = d.start !== undefined ? file.getLineAndCharacterOfPosition(d.start) : undefined;
    const line = at ? content.split('\n')[at.line]?.trim().slice(0, 160) : undefined;
    throw new BackendFailure('gen', 'output parses', `${path}${at ? `:${at.line + 1}:${at.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}${line !== undefined ? ` in ${JSON.stringify(line)}` : ''}`);
  }
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 60);
  return `at ${i}: ${JSON.stringify(a.slice(from, i + 60))} vs ${JSON.stringify(b.slice(from, i + 60))}`;
}
