/**
 * `npm run bench`: parse and compile throughput on synthetic models of 0.1, 1 and 10 MB against a regex
 * tokenisation baseline, scaling from 1 to 10 MB, peak memory at 10 MB, CLI cold start, and diagram
 * rendering against mmdc (bench/render.ts), simulation (bench/simulate.ts) and code generation (bench/gen.ts).
 * Prints a plain-text report; a missed goal is reported, never a failure (exit code 0). `npm run bench --
 * --only render,gen` runs only the named sections (see `sections` below).
 * MB here means 10^6 bytes of UTF-8 source.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generate, type SyntheticModel } from './synthetic.js';
import { collect, gcAvailable, gcSettled, gcWithin, median, ms, ratio, regexTokens, stopGcObserver, table, time, verdict } from './timing.js';
import type { RssReport } from './rss.js';
import { parse } from '../src/parser/parse.js';
import { compileDocuments } from '../src/compiler/compile.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/bench
const root = resolve(here, '../..');
const SEED = 20260101;

const GOAL_VS_REGEX = 8;
const GOAL_SCALING = 11;
const GOAL_COLD_START = 3;

interface Size {
  label: string;
  bytes: number;
  warmups: number;
  runs: number;
}

const sizes: Size[] = [
  { label: '0.1 MB', bytes: 100_000, warmups: 5, runs: 5 },
  { label: '1 MB', bytes: 1_000_000, warmups: 2, runs: 5 },
  { label: '10 MB', bytes: 10_000_000, warmups: 1, runs: 3 },
];

interface Result {
  size: Size;
  model: SyntheticModel;
  tokens: number;
  regexTokens: number;
  diagnostics: Record<string, number>;
  codes: Map<string, number>;
  parse: number;
  compile: number;
  total: number;
  totalMin: number;
  regex: number;
  /** Median share of parse+compile time spent in gc pauses. */
  gcShare: number;
}

function countDiagnostics(list: readonly Diagnostic[], into: Record<string, number>, codes: Map<string, number>): void {
  for (const d of list) {
    into[d.severity] = (into[d.severity] ?? 0) + 1;
    codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
  }
}

async function runSize(size: Size): Promise<Result> {
  const model = generate(size.bytes, SEED);
  const { text } = model;
  // The first pass is also the sanity check: diagnostics of the generated text.
  const diagnostics: Record<string, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  const codes = new Map<string, number>();
  const first = parse(text, 'synthetic.craft');
  countDiagnostics(first.diagnostics, diagnostics, codes);
  countDiagnostics(compileDocuments([first.document]).diagnostics, diagnostics, codes);
  const tokens = first.tokens.length;
  const baselineTokens = regexTokens(text);

  for (let i = 1; i < size.warmups; i++) {
    compileDocuments([parse(text, 'synthetic.craft').document]);
    regexTokens(text);
  }
  const parseMs: number[] = [];
  const compileMs: number[] = [];
  const totalMs: number[] = [];
  const regexMs: number[] = [];
  const windows: [number, number][] = [];
  for (let i = 0; i < size.runs; i++) {
    // Interleaved, so that the baseline and the parser see the same machine conditions.
    regexMs.push(time(() => regexTokens(text)).ms);
    const p = time(() => parse(text, 'synthetic.craft'));
    const documents = [p.value.document];
    const c = time(() => compileDocuments(documents));
    parseMs.push(p.ms);
    compileMs.push(c.ms);
    totalMs.push(p.ms + c.ms);
    windows.push([p.start, p.end], [c.start, c.end]);
  }
  await gcSettled();
  const gcShares: number[] = [];
  for (let i = 0; i < size.runs; i++) {
    const [ps, pe] = windows[2 * i]!;
    const [cs, ce] = windows[2 * i + 1]!;
    gcShares.push((gcWithin(ps, pe) + gcWithin(cs, ce)) / totalMs[i]!);
  }
  collect();
  return {
    size,
    model,
    tokens,
    regexTokens: baselineTokens,
    diagnostics,
    codes,
    parse: median(parseMs),
    compile: median(compileMs),
    total: median(totalMs),
    totalMin: Math.min(...totalMs),
    regex: median(regexMs),
    gcShare: median(gcShares),
  };
}

function peakMemory(model: SyntheticModel): RssReport | string {
  const child = spawnSync(process.execPath, ['--expose-gc', join(here, 'rss.js'), String(model.stats.domains), String(SEED)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) return `failed (exit ${child.status}): ${(child.stderr || '').split('\n')[0]}`;
  return JSON.parse(child.stdout.trim()) as RssReport;
}

function wall(args: string[]): { ms: number; status: number | null; stderr: string } {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { ms: performance.now() - start, status: r.status, stderr: r.stderr ?? '' };
}

function coldStart(): string[] {
  const cli = join(root, 'bin', 'craft.js');
  if (!existsSync(cli)) return ['cold start: skipped (bin/craft.js missing)'];
  const craftArgs = [cli, 'check', 'examples/ecommerce.craft'];
  const nodeArgs = ['-e', '0'];
  wall(craftArgs);
  wall(nodeArgs);
  const craft: number[] = [];
  const bare: number[] = [];
  let status: number | null = null;
  let stderr = '';
  for (let i = 0; i < 7; i++) {
    const c = wall(craftArgs);
    status = c.status;
    stderr = c.stderr;
    craft.push(c.ms);
    bare.push(wall(nodeArgs).ms);
  }
  const r = median(craft) / median(bare);
  const lines = [
    `cold start (median of 7 after 1 warm-up):`,
    table([
      ['  node bin/craft.js check examples/ecommerce.craft', ms(median(craft)), `(exit ${status})`],
      ['  node -e 0', ms(median(bare)), ''],
    ]),
    `  ratio ${ratio(r)}  goal ≤ ${GOAL_COLD_START}×  ${verdict(r, GOAL_COLD_START)}`,
  ];
  if (status !== 0 && status !== 1) lines.push(`  note: check exited ${status}: ${stderr.split('\n').find((l) => l.trim()) ?? ''}`);
  return lines;
}

/** A part of the report; `npm run bench -- --only a,b` runs only the named ones. */
interface Section {
  name: string;
  run: () => Promise<string[]>;
}

const sections: Section[] = [
  { name: 'parse', run: parseSection },
  { name: 'cold-start', run: async () => coldStart() },
  { name: 'render', run: async () => (await import('./render.js')).benchRender(root) },
  { name: 'simulate', run: async () => [await (await import('./simulate.js')).benchSimulate()] },
  { name: 'gen', run: async () => (await import('./gen.js')).benchGen(root) },
  { name: 'behaviour', run: async () => (await import('./behaviour.js')).benchBehaviour(root) },
  { name: 'nats', run: async () => (await import('./nats.js')).benchNats(root) },
  { name: 'lsp', run: async () => (await import('./lsp.js')).benchLsp(root) },
  { name: 'serve', run: async () => (await import('./serve.js')).benchServe(root) },
];

function chosenSections(argv: readonly string[]): Section[] {
  const at = argv.indexOf('--only');
  if (at < 0) return sections;
  const names = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !sections.some((s) => s.name === n));
  if (unknown.length > 0 || names.length === 0) {
    process.stderr.write(`bench: --only takes a comma-separated list of ${sections.map((s) => s.name).join(', ')}\n`);
    process.exit(2);
  }
  return sections.filter((s) => names.includes(s.name));
}

async function main(): Promise<void> {
  const chosen = chosenSections(process.argv.slice(2));
  const started = performance.now();
  const out = (s = '') => process.stdout.write(s + '\n');
  out('craft bench');
  out(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}`);
  out(`gc between measurements: ${gcAvailable ? 'yes' : 'no (run node with --expose-gc)'}; MB = 10^6 bytes; times are medians`);
  const load = () => loadavg()[0]!.toFixed(2);
  const busy = loadavg()[0]! > cpus().length * 0.75;
  out(`load average at start: ${load()}${busy ? ' (machine busy: expect noisy figures)' : ''}`);
  out();
  for (const section of chosen) {
    for (const line of await section.run()) out(line);
    out();
  }
  out(`bench took ${((performance.now() - started) / 1000).toFixed(1)} s; load average at end: ${load()}`);
}

async function parseSection(): Promise<string[]> {
  const lines: string[] = [];
  const out = (s = '') => lines.push(s);
  const results: Result[] = [];
  for (const size of sizes) results.push(await runSize(size));
  stopGcObserver();

  out('synthetic models (seed ' + SEED + '):');
  out(
    table([
      ['  size', 'bytes', 'lines', 'domains', 'contexts', 'services', 'use cases', 'scenarios', 'steps', 'events', 'tokens', 'diagnostics'],
      ...results.map((r) => {
        const s = r.model.stats;
        const d = r.diagnostics;
        return [`  ${r.size.label}`, String(s.bytes), String(s.lines), String(s.domains), String(s.contexts), String(s.services), String(s.useCases), String(s.scenarios), String(s.steps), String(s.events), String(r.tokens), `${d['error']} errors, ${d['warning']} warnings, ${(d['info'] ?? 0) + (d['hint'] ?? 0)} info/hints`];
      }),
    ]),
  );
  for (const r of results) {
    if (r.codes.size > 0) out(`  ${r.size.label} diagnostic codes: ${[...r.codes].map(([c, n]) => `${c} ×${n}`).join(', ')}`);
    if (r.diagnostics['error']! > 0) out(`  WARNING: the ${r.size.label} model has compile errors: the generator or the compiler is wrong`);
  }
  out();

  out(`throughput (runs: ${sizes.map((s) => `${s.label} ${s.runs}`).join(', ')}; baseline = one regex tokenisation pass, same text, same run):`);
  const perMb = (x: number, r: Result) => `${(x / (r.model.stats.bytes / 1e6)).toFixed(0)} ms/MB`;
  out(
    table([
      ['  size', 'parse', 'compile', 'parse+compile', 'min', 'gc', 'regex', '(parse+compile)/regex'],
      ...results.map((r) => [
        `  ${r.size.label}`,
        `${ms(r.parse)} (${perMb(r.parse, r)})`,
        `${ms(r.compile)} (${perMb(r.compile, r)})`,
        `${ms(r.total)} (${perMb(r.total, r)})`,
        ms(r.totalMin),
        `${(100 * r.gcShare).toFixed(0)}%`,
        `${ms(r.regex)} (${perMb(r.regex, r)}, ${r.regexTokens} tokens)`,
        `${ratio(r.total / r.regex)}  goal ≤ ${GOAL_VS_REGEX}×  ${verdict(r.total / r.regex, GOAL_VS_REGEX)}`,
      ]),
    ]),
  );
  out('  (min = fastest run; gc = median share of parse+compile spent in gc pauses)');
  const one = results[1]!;
  const ten = results[2]!;
  const scaling = ten.total / one.total;
  const sizeRatio = ten.model.stats.bytes / one.model.stats.bytes;
  out(`  scaling: time(10 MB)/time(1 MB) for parse+compile = ${ratio(scaling)} (text ${ratio(sizeRatio)} larger)  goal ≤ ${GOAL_SCALING}×  ${verdict(scaling, GOAL_SCALING)}`);
  out(`          parse alone ${ratio(ten.parse / one.parse)}, compile alone ${ratio(ten.compile / one.compile)}; fastest runs ${ratio(ten.totalMin / one.totalMin)} (less sensitive to a busy machine)`);
  out();

  const mem = peakMemory(ten.model);
  if (typeof mem === 'string') out(`peak RSS, 10 MB parse+compile: ${mem}`);
  else {
    const m = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    out(`peak RSS, 10 MB parse+compile (fresh process, sampled every 1 ms from a worker thread, ${mem.samples} samples):`);
    out(`  before ${m(mem.beforeRss)}, peak ${m(mem.peakRss)} (+${m(mem.peakRss - mem.beforeRss)}, ${(mem.peakRss / mem.bytes).toFixed(0)} bytes of RSS per source byte), after ${m(mem.afterRss)}; getrusage max ${m(mem.maxRss)}`);
  }
  return lines;
}

void main();
