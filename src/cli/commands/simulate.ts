/** `craft simulate [files...] <use-case>...`: run use cases on virtual time; timeline, verdicts, trace. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { runCommand, soundModel } from '../command.js';
import { ExitCode, UsageError } from '../exit.js';
import { collect, nonEmptyPath, wholeNumber } from '../options.js';
import { inputPaths, openOutputDir, writeAll } from '../output-files.js';
import type { PageSimulation } from '../../page/index.js';
import { pageSimulation } from '../page-model.js';
import { replayRun } from '../replay.js';
import { bounds, executeRuns, jsonChunks, prepareRun, type RunRequest } from '../simulation-run.js';
import { processIo, type Io } from '../terminal.js';

/** The run's options (as `craft serve`'s panel also takes them), and what this command does with the run. */
export interface SimulateOptions extends RunRequest {
  explore?: boolean;
  exploreLimit: string;
  check?: boolean;
  json?: boolean;
  mermaid?: string;
  html?: string;
  force?: boolean;
  timeline: boolean;
  replay?: string;
}

export interface SimulateResult {
  exitCode: number;
  ok?: boolean;
}

export { bounds };

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
    .option('--flows <n>', `flows to start (for a scheduled use case: firings; 1 to ${bounds.flows})`, '1')
    .option('--interval <duration>', 'virtual time between two flow starts', '1s')
    .option('--until <duration>', 'stop the run at this virtual time')
    .option('--human-delay <duration>', 'how long a person takes before a trigger that follows a scheduled one', '5m')
    .option('--seed <n>', `seed of the random source (default 1; 0 to ${bounds.seed})`)
    .option('--runs <n>', `repeat over this many seeds (seed, seed+1, ...) and aggregate (1 to ${bounds.runs})`, '1')
    .option('--faults <spec>', 'inject faults, e.g. drop=0.1,duplicate=0.05,delay=100ms..2s,reorder=0.1,crash=Inventory@10s+30s:lose,down=PaymentGateway@0s+1m (repeatable)', collect)
    .option('--latency <file>', 'latency model overrides (JSON; see docs/simulation.md)')
    .option('--choose <event>', 'publish this event whenever it is an outcome of `notifies A or B` (repeatable)', collect)
    .option('--given <fact=outcome>', 'fix a fact of every flow before it starts, e.g. --given "payment type=card" (repeatable)', collect)
    .option('--explore', 'run every combination of `or` outcomes and report each path')
    .option('--explore-limit <n>', `at most this many explored paths (1 to ${bounds.exploreLimit})`, '100')
    .option('--max-steps <n>', `steps a flow may take before it is cut as an event loop (1 to ${bounds.maxSteps})`, '1000')
    .option('--check', 'exit 1 when a verdict fails (a flow not completed, a handler not idempotent)')
    .option('--json', 'print the trace and verdicts as JSON (schema in docs/simulation.md)')
    .option('--mermaid <file>', 'write a sequence diagram of what happened (Mermaid)')
    .option('--html <file>', 'write a self-contained HTML report (timeline, verdicts, diagram)')
    .option('--force', 'overwrite --mermaid and --html files craft did not write')
    .option('--no-timeline', 'print only the verdicts')
    .option('--replay <file>', 'run a counterexample craft verify wrote (--out): its timeline, byte for byte (--mermaid draws it)')
    .addHelpText(
      'after',
      `
Durations are craft durations (500ms, 1s, 5m, 24h, 1d) or milliseconds, at most 3650d.

Examples:
  $ craft simulate examples/ecommerce.craft order-placement
  $ craft simulate examples/ecommerce.craft order-placement order-cancellation
  $ craft simulate examples/ecommerce.craft stock-replenishment --human-delay 10m
  $ craft simulate examples/ecommerce.craft order-placement --flows 100 --faults drop=0.05 --runs 20 --check
  $ craft simulate examples/ecommerce.craft order-placement --json > trace.json
  $ craft simulate examples/sales.craft place-order cancel-order@25s
  $ craft simulate examples/orders.craft order-creation --given "payment type=card" --explore
  $ craft simulate --replay counterexamples/<story>.handled-twice.replay.json

A use case written NAME@TIME has its triggers performed TIME after the flow starts, whatever the flow is
doing then (the customer cancels 25 s after ordering); the others follow when the flow is idle.

Exit status: 0 done (with --check: every verdict passed), 1 a verdict failed (--check) or the model has errors,
2 usage or I/O error (a --mermaid or --html file craft did not write, without --force, too).`,
    )
    .action(async (args: string[], options: SimulateOptions) => {
      await simulateCommand(args, options);
    });
}

export async function simulateCommand(args: readonly string[], options: SimulateOptions, io: Io = processIo()): Promise<SimulateResult> {
  return runCommand(io, (io) => run(args, options, io), (exitCode) => ({ exitCode }));
}

/** A positional argument is a file when it ends in .craft or names an existing path; else a use case. */
export function splitArguments(args: readonly string[], cwd: string): { files: string[]; useCases: string[] } {
  const files: string[] = [];
  const useCases: string[] = [];
  for (const a of args) {
    if (a === '') throw new UsageError('an empty argument names neither a file nor a use case');
    (a.endsWith('.craft') || existsSync(resolve(cwd, a)) ? files : useCases).push(a);
  }
  return { files, useCases };
}

async function run(args: readonly string[], options: SimulateOptions, io: Io): Promise<SimulateResult> {
  if (options.replay !== undefined) {
    if (args.length > 0) throw new UsageError('--replay names its model files itself: give no files or use cases');
    return replayRun({ ...options, replay: nonEmptyPath(options.replay, '--replay') }, io);
  }
  const { files, useCases } = splitArguments(args, io.cwd);
  for (const [path, option] of [[options.mermaid, '--mermaid'], [options.html, '--html'], [options.latency, '--latency']] as const) if (path !== undefined) nonEmptyPath(path, option);
  const sound = await soundModel(files, io, 'nothing simulated (craft check shows them)');
  if (!sound) return { exitCode: ExitCode.findings };
  const { sources, model } = sound;
  const wantTrace = (runs: number) => options.json === true || options.mermaid !== undefined || options.html !== undefined || (options.timeline && runs === 1);
  const prepared = await prepareRun(model, useCases, options, wantTrace, io);
  const { slugs, runs, base, header } = prepared;
  const sim = await import('../../simulator/index.js');
  const names = { name: (id: string) => prepared.names.get(id) ?? id };

  if (options.explore) {
    if (options.mermaid !== undefined || options.html !== undefined) throw new UsageError('--explore draws no diagram: to draw one path, run it with --choose EVENT and --mermaid or --html');
    if (runs > 1) throw new UsageError('--explore and --runs do not combine: exploration runs one seed');
    const exploration = sim.explore(model, base, wholeNumber(options.exploreLimit, '--explore-limit', 1, bounds.exploreLimit));
    const ok = exploration.paths.every((p) => p.verdict.ok);
    if (options.json) {
      for (const chunk of sim.jsonReport({ model, options: base, runs: 1, names: prepared.names, results: [], exploration })) io.stdout.write(chunk);
    } else {
      io.stdout.write([...header, '', ...sim.explorationLines(exploration)].join('\n') + '\n');
    }
    return { exitCode: options.check && !ok ? ExitCode.findings : ExitCode.ok, ok };
  }

  // The output files' folders are checked before the runs, so a wrong path does not wait for them.
  const inputs = inputPaths(sources, io, options.latency);
  const targets = await Promise.all(
    [options.mermaid, options.html].map(async (path) => (path === undefined ? undefined : { path, dir: await openOutputDir(dirname(path), io, { inputs, create: false }) })),
  );

  const executed = executeRuns(model, prepared, options.json === true);
  const { results, aggregate, ok } = executed;
  const first = results[0]!;

  if (options.json) {
    for (const chunk of jsonChunks(model, prepared, executed)) io.stdout.write(chunk);
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

  const [mermaidTarget, htmlTarget] = targets;
  if (mermaidTarget || htmlTarget) {
    const [{ markText }, page] = await Promise.all([import('../../output/index.js'), import('../../page/index.js')]);
    const source = sources.map((s) => s.path).join(', ');
    const diagram = sim.traceDiagram(first.trace ?? [], names);
    const report = htmlTarget ? await pageSimulation(slugs.join('+'), `craft simulate ${slugs.join(' ')}`, prepared, executed) : undefined;
    const contents = [
      () => markText(diagram, 'mmd', source),
      () => markText(reportPage(page, report!), 'html', source),
    ];
    // Both files are checked before either is written.
    const files = targets.flatMap((t, i) => (t ? [{ ...t, file: { path: basename(t.path), content: contents[i]!() } }] : []));
    if (!(await writeAll(files, options.force === true, io))) return { exitCode: ExitCode.usage, ok };
    for (const f of files) io.stderr.write(`wrote ${f.path}\n`);
  }
  return { exitCode: options.check && !ok ? ExitCode.findings : ExitCode.ok, ok };
}

/** The report: the page's simulation component, with the bundled mermaid inlined (no network). */
function reportPage(page: typeof import('../../page/index.js'), simulation: PageSimulation): string {
  const mermaid = readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');
  const state = { version: 0, title: simulation.title, files: [], views: [], participants: [], useCases: [], simulations: [simulation], diagnostics: [] };
  return page.pageHtml(state, 'report', { mermaid: { kind: 'inline', source: mermaid }, client: { kind: 'inline', source: page.clientScript } });
}
