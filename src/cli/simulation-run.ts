/**
 * One simulation request, from option text to runs and the `--json` document: the path `craft simulate`
 * takes, shared with `craft serve`'s simulation panel and `craft build`, so the three give the same bytes
 * for the same request.
 */
import type { Model } from '../compiler/model.js';
import type { RunVerdict, SimulationOptions, Trace, Aggregate } from '../simulator/index.js';
import { UsageError } from './exit.js';
import { durationOption, wholeNumber } from './options.js';
import { readInputFile } from './sources.js';
import { plural, type Io } from './terminal.js';

/** The option text a run is asked with (as `craft simulate` takes it on the command line). */
export interface RunRequest {
  flows: string;
  interval: string;
  until?: string;
  humanDelay: string;
  seed?: string;
  runs: string;
  faults?: string[];
  latency?: string;
  choose?: string[];
  /** `--given "payment type=card"` (repeatable). */
  given?: string[];
  maxSteps: string;
}

/** The defaults of `craft simulate`'s options. */
export const defaultRequest: RunRequest = { flows: '1', interval: '1s', humanDelay: '5m', runs: '1', maxSteps: '1000' };

/** The bounds of the numeric options (the seed is a 32-bit unsigned integer). */
export const bounds = { seed: 4_294_967_295, runs: 10_000, flows: 100_000, maxSteps: 1_000_000, exploreLimit: 100_000 } as const;

type Simulator = typeof import('../simulator/index.js');

export interface PreparedRun {
  sim: Simulator;
  slugs: string[];
  seed: number;
  runs: number;
  base: SimulationOptions;
  /** Participant ids to names, for the timeline, the verdicts and the JSON document. */
  names: Map<string, string>;
  /** The two lines that say what ran (model, use cases, seed, runs, faults). */
  header: string[];
}

export interface RunResult {
  verdict: RunVerdict;
  trace?: Trace;
}

export interface Runs {
  results: RunResult[];
  aggregate?: Aggregate;
  ok: boolean;
}

/** Checks a request against the model (a UsageError says what is wrong) and resolves its options. */
export async function prepareRun(model: Model, useCases: readonly string[], request: RunRequest, wantTrace: (runs: number) => boolean, io: Io): Promise<PreparedRun> {
  const sim = await import('../simulator/index.js');
  const plan = await import('../plan/scenarios.js');
  const known = model.useCases.map((u) => u.slug).join(', ') || '(none)';
  if (useCases.length === 0) throw new UsageError(`name the use cases to simulate (${known})`);
  const startAt: (number | undefined)[] = [];
  const slugs = useCases.map((written) => {
    // `cancel-order@25s`: the use case's triggers happen 25 s after the flow starts.
    const at = written.lastIndexOf('@');
    const name = at > 0 ? written.slice(0, at) : written;
    startAt.push(at > 0 ? durationOption(written.slice(at + 1), `the time of ${written}`) : undefined);
    const u = plan.findUseCase(model, name);
    if (!u) throw new UsageError(`no use case "${name}" in the model (use cases: ${known}; files must end in .craft or exist)`);
    return u.slug;
  });
  const problem = sim.stimulusProblem(model, slugs);
  if (problem !== undefined) throw new UsageError(problem);

  const seedGiven = request.seed !== undefined;
  const seed = seedGiven ? wholeNumber(request.seed!, '--seed', 0, bounds.seed) : sim.DEFAULT_SEED;
  const runs = wholeNumber(request.runs, '--runs', 1, bounds.runs);
  if (seed + runs - 1 > bounds.seed) throw new UsageError(`--seed ${seed} with --runs ${runs}: the last seed would be ${seed + runs - 1}, above ${bounds.seed}`);
  let faults;
  let latency;
  try {
    faults = sim.resolveFaults(sim.parseFaults(request.faults ?? []), model);
    latency = request.latency !== undefined ? sim.parseLatencySettings(readJson(request.latency, io), model) : sim.defaultLatencySettings();
  } catch (e) {
    if (e instanceof sim.FaultError) throw new UsageError(`--faults: ${e.message}`);
    if (e instanceof sim.LatencyError) throw new UsageError(`--latency ${request.latency}: ${e.message}`);
    throw e;
  }
  checkChoices(model, request.choose ?? []);
  const given = givenFacts(model, request.given ?? []);

  const base = sim.defaultOptions({
    useCases: slugs,
    startAt,
    given,
    seed,
    flows: wholeNumber(request.flows, '--flows', 1, bounds.flows),
    interval: durationOption(request.interval, '--interval'),
    until: request.until !== undefined ? durationOption(request.until, '--until') : Infinity,
    humanDelay: durationOption(request.humanDelay, '--human-delay'),
    maxSteps: wholeNumber(request.maxSteps, '--max-steps', 1, bounds.maxSteps),
    latency,
    faults,
    choose: request.choose ?? [],
    trace: wantTrace(runs),
  });
  const header = [
    `craft simulate ${slugs.join(' ')} on ${model.files.join(', ')}`,
    `seed ${seed}${seedGiven ? '' : ' (default; --seed N to change)'}${runs > 1 ? `, ${runs} runs (seeds ${seed}..${seed + runs - 1})` : ''}, ${plural(base.flows, 'flow')}, faults: ${sim.describeFaults(faults)}`,
  ];
  return { sim, slugs, seed, runs, base, names: plan.scenariosOf(model).names, header };
}

/** Runs every seed; the trace is kept for the first run, or for all of them when `allTraces`. */
export function executeRuns(model: Model, p: PreparedRun, allTraces: boolean): Runs {
  const results: RunResult[] = [];
  for (let r = 0; r < p.runs; r++) {
    const keepTrace = p.base.trace && (r === 0 || allTraces);
    results.push(p.sim.simulate(model, { ...p.base, seed: p.seed + r, trace: keepTrace }));
  }
  const aggregate = p.runs > 1 ? p.sim.aggregate(results.map((x) => x.verdict)) : undefined;
  const ok = aggregate ? aggregate.ok : results[0]!.verdict.ok;
  return { results, ...(aggregate ? { aggregate } : {}), ok };
}

/** The `--json` document of runs, piece by piece. */
export function jsonChunks(model: Model, p: PreparedRun, runs: Runs): Iterable<string> {
  return p.sim.jsonReport({ model, options: p.base, runs: p.runs, names: p.names, results: runs.results, ...(runs.aggregate ? { aggregate: runs.aggregate } : {}) });
}

/** `fact=outcome` texts, checked against the model's facts. */
export function givenFacts(model: Model, texts: readonly string[]): Record<string, string> {
  const given: Record<string, string> = {};
  for (const text of texts) {
    const eq = text.indexOf('=');
    const fact = text.slice(0, Math.max(eq, 0)).trim();
    const outcome = text.slice(eq + 1).trim();
    const known = model.facts.find((f) => f.name === fact);
    if (eq < 0 || !known) throw new UsageError(`--given "${text}": expected FACT=OUTCOME with a fact of the model (${model.facts.map((f) => f.name).join(', ') || 'none'})`);
    if (!known.outcomes.includes(outcome)) throw new UsageError(`--given "${text}": "${outcome}" is not an outcome of "${fact}" (${known.outcomes.join(' | ')})`);
    given[fact] = outcome;
  }
  return given;
}

function checkChoices(model: Model, choose: readonly string[]): void {
  const eventNames = new Set(model.events.map((e) => e.name));
  for (const c of choose) if (!eventNames.has(c)) throw new UsageError(`--choose: no event "${c}" in the model`);
}

function readJson(path: string, io: Io): unknown {
  const text = readInputFile(path, io.cwd, `--latency ${path}`).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`--latency ${path}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}
