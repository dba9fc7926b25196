/** `craft simulate [files...] <use-case>...`: run use cases on virtual time; timeline, verdicts, trace. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, loadSources, plural, processIo, usageFailure, UsageError, type Io } from './shared.js';
import { soundModel } from './sound-model.js';

export interface SimulateOptions {
  flows: string;
  interval: string;
  until?: string;
  humanDelay: string;
  seed?: string;
  runs: string;
  faults?: string[];
  latency?: string;
  choose?: string[];
  explore?: boolean;
  exploreLimit: string;
  maxSteps: string;
  check?: boolean;
  json?: boolean;
  mermaid?: string;
  html?: string;
  timeline: boolean;
}

export interface SimulateResult {
  exitCode: number;
  ok?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .summary('run use cases on virtual time: timeline, verdicts, faults')
    .description(
      'Run use cases as xstate machines on an in-memory broker with virtual time. The stimulus performs the named ' +
        "use cases' external triggers, in source order, on one flow (chained use cases continue the same flow). " +
        'Arguments ending in .craft or naming an existing path are files; the others name use cases (slug or name).',
    )
    .argument('[files-and-use-cases...]', 'model files or directories, then use cases (slug or name)')
    .option('--flows <n>', 'flows to start (for a scheduled use case: firings)', '1')
    .option('--interval <duration>', 'virtual time between two flow starts', '1s')
    .option('--until <duration>', 'stop the run at this virtual time')
    .option('--human-delay <duration>', 'how long a person takes before a trigger that follows a scheduled one', '5m')
    .option('--seed <n>', 'seed of the random source (default 1)')
    .option('--runs <n>', 'repeat over this many seeds (seed, seed+1, ...) and aggregate', '1')
    .option('--faults <spec>', 'inject faults, e.g. drop=0.1,duplicate=0.05,delay=100ms..2s,reorder=0.1,crash=Inventory@10s+30s:lose,down=PaymentGateway@0s+1m (repeatable)', collect)
    .option('--latency <file>', 'latency model overrides (JSON; see docs/simulation.md)')
    .option('--choose <event>', 'publish this event whenever it is an outcome of `notifies A or B` (repeatable)', collect)
    .option('--explore', 'run every combination of `or` outcomes and report each path')
    .option('--explore-limit <n>', 'at most this many explored paths', '100')
    .option('--max-steps <n>', 'steps a flow may take before it is cut as an event loop', '1000')
    .option('--check', 'exit 1 when a verdict fails (a flow not completed, a handler not idempotent)')
    .option('--json', 'print the trace and verdicts as JSON (schema in docs/simulation.md)')
    .option('--mermaid <file>', 'write a sequence diagram of what happened (Mermaid)')
    .option('--html <file>', 'write a self-contained HTML report (timeline, verdicts, diagram)')
    .option('--no-timeline', 'print only the verdicts')
    .addHelpText(
      'after',
      `
Examples:
  $ craft simulate examples/ecommerce.craft order-placement
  $ craft simulate examples/ecommerce.craft order-placement order-cancellation
  $ craft simulate examples/ecommerce.craft stock-replenishment --human-delay 10m
  $ craft simulate examples/ecommerce.craft order-placement --flows 100 --faults drop=0.05 --runs 20 --check
  $ craft simulate examples/ecommerce.craft order-placement --json > trace.json

Exit status: 0 done (with --check: every verdict passed), 1 a verdict failed (--check) or the model has errors,
2 usage or I/O error.`,
    )
    .action(async (args: string[], options: SimulateOptions) => {
      await simulateCommand(args, options);
    });
}

export async function simulateCommand(args: readonly string[], options: SimulateOptions, io: Io = processIo()): Promise<SimulateResult> {
  let result: SimulateResult;
  try {
    result = await run(args, options, io);
  } catch (e) {
    result = { exitCode: usageFailure(e, io) };
  }
  process.exitCode = result.exitCode;
  return result;
}

/** A positional argument is a file when it ends in .craft or names an existing path; else a use case. */
export function splitArguments(args: readonly string[], cwd: string): { files: string[]; useCases: string[] } {
  const files: string[] = [];
  const useCases: string[] = [];
  for (const a of args) (a.endsWith('.craft') || existsSync(resolve(cwd, a)) ? files : useCases).push(a);
  return { files, useCases };
}

async function run(args: readonly string[], options: SimulateOptions, io: Io): Promise<SimulateResult> {
  const { files, useCases } = splitArguments(args, io.cwd);
  const sources = loadSources(files, io);
  const model = await soundModel(sources, io, 'nothing simulated (craft check shows them)');
  if (!model) return { exitCode: ExitCode.findings };
  const sim = await import('../simulator/index.js');
  const plan = await import('../plan/scenarios.js');
  const known = model.useCases.map((u) => u.slug).join(', ') || '(none)';
  if (useCases.length === 0) throw new UsageError(`name the use cases to simulate (${known})`);
  const slugs = useCases.map((name) => {
    const u = plan.findUseCase(model, name);
    if (!u) throw new UsageError(`no use case "${name}" in the model (use cases: ${known}; files must end in .craft or exist)`);
    if (!plan.hasStimulus(model, u.slug)) throw new UsageError(`use case "${u.slug}" has no external or scheduled trigger to perform (its scenarios start on events; name the use case that publishes them)`);
    return u.slug;
  });

  const duration = (text: string, what: string): number => {
    const ms = sim.parseDurationOption(text);
    if (ms === undefined) throw new UsageError(`${what}: "${text}" is not a duration (e.g. 500ms, 1s, 5m, 24h)`);
    return ms;
  };
  const count = (text: string, what: string, min: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${what}: expected a whole number ≥ ${min}, got "${text}"`);
    return n;
  };
  const seedGiven = options.seed !== undefined;
  const seed = seedGiven ? count(options.seed!, '--seed', 0) : sim.DEFAULT_SEED;
  const runs = count(options.runs, '--runs', 1);
  let faults;
  let latency;
  try {
    faults = sim.resolveFaults(sim.parseFaults(options.faults ?? []), model);
    latency = options.latency !== undefined ? sim.parseLatencySettings(readJson(options.latency, io), model) : sim.defaultLatencySettings();
  } catch (e) {
    if (e instanceof sim.FaultError) throw new UsageError(`--faults: ${e.message}`);
    if (e instanceof sim.LatencyError) throw new UsageError(`--latency ${options.latency}: ${e.message}`);
    throw e;
  }
  const eventNames = new Set(model.events.map((e) => e.name));
  for (const c of options.choose ?? []) if (!eventNames.has(c)) throw new UsageError(`--choose: no event "${c}" in the model`);

  const wantTrace = options.json === true || options.mermaid !== undefined || options.html !== undefined || (options.timeline && runs === 1);
  const base = sim.defaultOptions({
    useCases: slugs,
    seed,
    flows: count(options.flows, '--flows', 1),
    interval: duration(options.interval, '--interval'),
    until: options.until !== undefined ? duration(options.until, '--until') : Infinity,
    humanDelay: duration(options.humanDelay, '--human-delay'),
    maxSteps: count(options.maxSteps, '--max-steps', 1),
    latency,
    faults,
    choose: options.choose ?? [],
    trace: wantTrace,
  });
  const names = { name: (id: string) => plan.scenariosOf(model).names.get(id) ?? id };
  const header = [
    `craft simulate ${slugs.join(' ')} on ${model.files.join(', ')}`,
    `seed ${seed}${seedGiven ? '' : ' (default; --seed N to change)'}${runs > 1 ? `, ${runs} runs (seeds ${seed}..${seed + runs - 1})` : ''}, ${plural(base.flows, 'flow')}, faults: ${sim.describeFaults(faults)}`,
  ];

  if (options.explore) {
    if (options.mermaid !== undefined || options.html !== undefined) throw new UsageError('--explore draws no diagram: to draw one path, run it with --choose EVENT and --mermaid or --html');
    if (runs > 1) throw new UsageError('--explore and --runs do not combine: exploration runs one seed');
    const exploration = sim.explore(model, base, count(options.exploreLimit, '--explore-limit', 1));
    const ok = exploration.paths.every((p) => p.verdict.ok);
    if (options.json) {
      for (const chunk of sim.jsonReport({ model, options: base, runs: 1, names: plan.scenariosOf(model).names, results: [], exploration })) io.stdout.write(chunk);
    } else {
      io.stdout.write([...header, '', ...sim.explorationLines(exploration)].join('\n') + '\n');
    }
    return { exitCode: options.check && !ok ? ExitCode.findings : ExitCode.ok, ok };
  }

  const results: { verdict: import('../simulator/index.js').RunVerdict; trace?: import('../simulator/index.js').Trace }[] = [];
  for (let r = 0; r < runs; r++) {
    const keepTrace = wantTrace && (r === 0 || options.json === true);
    results.push(sim.simulate(model, { ...base, seed: seed + r, trace: keepTrace }));
  }
  const aggregate = runs > 1 ? sim.aggregate(results.map((x) => x.verdict)) : undefined;
  const ok = aggregate ? aggregate.ok : results[0]!.verdict.ok;
  const first = results[0]!;

  if (options.json) {
    for (const chunk of sim.jsonReport({ model, options: base, runs, names: plan.scenariosOf(model).names, results, ...(aggregate ? { aggregate } : {}) })) io.stdout.write(chunk);
  } else {
    const out: string[] = [...header, ''];
    if (options.timeline && runs === 1 && first.trace) out.push(...sim.timelineLines(first.trace, names), '');
    if (runs === 1) out.push('Verdicts', ...sim.verdictLines(first.verdict, names).map((l) => `  ${l}`));
    else {
      out.push('Runs');
      for (const x of results) {
        const f = x.verdict.flows;
        out.push(`  seed ${x.verdict.seed}: ${f.completed}/${f.total} completed${f.stuck ? `, ${f.stuck} stuck` : ''}${f.timedOut ? `, ${f.timedOut} timed out` : ''}${f.incomplete ? `, ${f.incomplete} incomplete` : ''}${f.cut ? `, ${f.cut} cut` : ''}, latency ${sim.formatLatency(x.verdict.latency)}${x.verdict.notIdempotent.length ? `, ${x.verdict.notIdempotent.length} not idempotent` : ''}`);
      }
      out.push('', 'Aggregate', ...sim.aggregateLines(aggregate!).map((l) => `  ${l}`));
    }
    out.push('', ok ? 'verdict: PASS' : 'verdict: FAIL');
    io.stdout.write(out.join('\n') + '\n');
  }

  if (options.mermaid !== undefined || options.html !== undefined) {
    const diagram = sim.traceDiagram(first.trace ?? [], names);
    if (options.mermaid !== undefined) writeOutput(options.mermaid, diagram, io);
    if (options.html !== undefined) {
      const verdicts = runs === 1 ? sim.verdictLines(first.verdict, names) : sim.aggregateLines(aggregate!);
      const html = sim.htmlReport({
        title: `craft simulate ${slugs.join(' ')}`,
        summary: header,
        verdicts,
        ok,
        timeline: sim.timelineLines(first.trace ?? [], names),
        diagram,
        mermaidJs: readFileSync(mermaidBundle(), 'utf8'),
      });
      writeOutput(options.html, html, io);
    }
  }
  return { exitCode: options.check && !ok ? ExitCode.findings : ExitCode.ok, ok };
}

function readJson(path: string, io: Io): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (e) {
    throw new UsageError(`--latency ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`--latency ${path}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function writeOutput(path: string, text: string, io: Io): void {
  try {
    writeFileSync(resolve(io.cwd, path), text);
  } catch (e) {
    throw new UsageError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  io.stderr.write(`wrote ${path}\n`);
}

/** The bundled mermaid, inlined into HTML reports. */
function mermaidBundle(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');
}
