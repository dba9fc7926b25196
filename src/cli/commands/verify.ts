/**
 * `craft verify [files...] [story...]`: explores every interleaving, outcome and fault within a budget of
 * each story (or, in a model without stories, of each use case with a trigger) and checks what must hold;
 * for each violated check, the shortest counterexample as a timeline, a Mermaid diagram and a replay file
 * (`--out DIR`) that `craft simulate --replay FILE` reproduces.
 */
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { SearchOptions, TargetResult, FaultKind } from '../../verify/index.js';
import { runCommand, soundModel } from '../command.js';
import { ExitCode, UsageError } from '../exit.js';
import { durationOption, wholeNumber } from '../options.js';
import { inputPaths, openOutputDir, writeFiles } from '../output-files.js';
import { plural, processIo, type Io } from '../terminal.js';
import { splitArguments } from './simulate.js';

export interface VerifyOptions {
  faultsBudget: string;
  faults: string;
  depth: string;
  maxStates: string;
  timeLimit: string;
  maxSteps: string;
  mailboxBound: string;
  property?: string;
  workers?: string;
  reduction: boolean;
  out?: string;
  force?: boolean;
  json?: boolean;
}

export interface VerifyResult {
  exitCode: number;
  results: TargetResult[];
}

const faultKinds: readonly FaultKind[] = ['drop', 'duplicate', 'crash'];

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .summary('explore every interleaving, outcome and fault within a budget, and check the model')
    .description(
      "Explore every order in which concurrent things can happen, every decision, reply alternative and timeout, and faults within a budget, for each story (or each use case when the model has none); check the story's expectations, the model's properties, that flows reach their declared ends, and that no message is dead-lettered, handled twice by a consumer that is not [idempotent], loops or floods a mailbox. Each violated check gets its shortest counterexample.",
    )
    .argument('[files-and-stories...]', 'model files or directories, then stories or use cases (slug or name)')
    .option('--faults-budget <n>', 'at most this many faults per run (0 to 5)', '1')
    .option('--faults <kinds>', `the faults the budget is spent on: ${faultKinds.join(', ')}`, faultKinds.join(','))
    .option('--depth <n>', 'at most this many transitions per run', '1000')
    .option('--max-states <n>', 'at most this many distinct states per story', '200000')
    .option('--time-limit <duration>', 'at most this long per story', '60s')
    .option('--max-steps <n>', 'a flow taking more steps is an event loop', '500')
    .option('--mailbox-bound <n>', 'a mailbox holding more messages is a violation', '32')
    .option('--property <name>', 'check only this: ends, dead-letter, handled-twice, event-loop, mailbox-bound, expectations, or a property as written')
    .option('--workers <n>', 'explore on this many worker threads (default: the number of cores)')
    .option('--no-reduction', 'explore every order of independent steps too (slower; the result is the same)')
    .option('--out <dir>', 'write each counterexample there: a replay file, its timeline and its Mermaid diagram')
    .option('--force', 'overwrite files in --out that craft did not write')
    .option('--json', 'print the results as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ craft verify examples/sales.craft
  $ craft verify examples/orders.craft "card authorized: confirmed, captured, delivered" --faults-budget 0
  $ craft verify examples/orders.craft --property handled-twice --out counterexamples
  $ craft simulate --replay counterexamples/<story>.handled-twice.replay.json

Exit status: 0 no violation in the explored space, 1 a violation (or the model has errors), 2 usage or
I/O error. A search cut by a bound says so; it found nothing in what it explored.`,
    )
    .action(async (args: string[], options: VerifyOptions) => {
      await verifyCommand(args, options);
    });
}

export async function verifyCommand(args: readonly string[], options: VerifyOptions, io: Io = processIo()): Promise<VerifyResult> {
  return runCommand(io, (io) => run(args, options, io), (exitCode) => ({ exitCode, results: [] }));
}

function searchOptions(options: VerifyOptions): Omit<SearchOptions, 'only'> {
  const faults = options.faults.split(',').map((f) => f.trim()).filter((f) => f !== '');
  for (const f of faults) if (!(faultKinds as readonly string[]).includes(f)) throw new UsageError(`--faults: unknown fault "${f}" (expected ${faultKinds.join(', ')})`);
  return {
    faultBudget: wholeNumber(options.faultsBudget, '--faults-budget', 0, 5),
    faults: faults as FaultKind[],
    maxDepth: wholeNumber(options.depth, '--depth', 1, 1_000_000),
    maxStates: wholeNumber(options.maxStates, '--max-states', 1, 100_000_000),
    timeLimitMs: durationOption(options.timeLimit, '--time-limit'),
    maxSteps: wholeNumber(options.maxSteps, '--max-steps', 1, 1_000_000),
    mailboxBound: wholeNumber(options.mailboxBound, '--mailbox-bound', 1, 1_000_000),
    reduce: options.reduction,
  };
}

async function run(args: readonly string[], options: VerifyOptions, io: Io): Promise<VerifyResult> {
  const base = searchOptions(options);
  const workers = options.workers === undefined ? availableParallelism() : wholeNumber(options.workers, '--workers', 1, 64);
  const { files, useCases: names } = splitArguments(args, io.cwd);
  const sound = await soundModel(files, io, 'nothing verified (craft check shows them)');
  if (!sound) return { exitCode: ExitCode.findings, results: [] };
  const { sources, model } = sound;
  const v = await import('../../verify/index.js');
  let targets;
  try {
    targets = v.targetsOf(model, names);
  } catch (e) {
    if (e instanceof v.TargetError) throw new UsageError(e.message);
    throw e;
  }
  if (targets.length === 0) {
    io.stderr.write('nothing to verify: the model has no story and no use case with an external or scheduled trigger\n');
    return { exitCode: ExitCode.ok, results: [] };
  }
  let only;
  if (options.property !== undefined) {
    only = v.resolveCheck(model, options.property);
    if (only === undefined) throw new UsageError(`--property ${options.property}: no such check (checks: ${v.checkNames(model).join('; ')})`);
  }
  const searcher = v.searchInParallel(workers, { files: sources.map((s) => ({ path: s.path, text: s.text })) });
  const results: TargetResult[] = [];
  for (const [i, target] of targets.entries()) {
    const progress = (p: { states: number; depth: number; frontier: number; ms: number }): void => {
      io.stderr.write(`[${i + 1}/${targets.length}] ${target.name}: ${p.states} states, ${Math.round((p.states / p.ms) * 1000)} states/s, depth ${p.depth}, frontier ${p.frontier}\n`);
    };
    const o: SearchOptions = { ...base, ...(only !== undefined ? { only } : {}), progress };
    let r: TargetResult;
    try {
      r = await v.verifyTarget(model, target, o, searcher);
    } catch (e) {
      if (e instanceof v.TargetError) throw new UsageError(`${target.name}: ${e.message}`);
      throw e;
    }
    results.push(r);
  }
  const replays = options.out !== undefined ? await writeCounterexamples(results, options, sources.map((s) => s.path), base, io) : new Map<string, string>();
  if (options.json) io.stdout.write(JSON.stringify(jsonOf(results, replays), null, 2) + '\n');
  else io.stdout.write(textOf(results, replays));
  const bad = results.some((r) => r.verdict === 'violated' || r.verdict === 'fixed');
  return { exitCode: bad ? ExitCode.findings : ExitCode.ok, results };
}

/** `<story>.<check>`: a file name from model names, sanitised (no separators, no traversal). */
function stem(r: TargetResult, name: string): string {
  const safe = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'x';
  return `${safe(r.target.slug)}.${safe(name)}`;
}

async function writeCounterexamples(results: readonly TargetResult[], options: VerifyOptions, files: readonly string[], base: Omit<SearchOptions, 'only'>, io: Io): Promise<Map<string, string>> {
  const [v, { markText }] = await Promise.all([import('../../verify/index.js'), import('../../output/index.js')]);
  const dir = resolve(io.cwd, options.out!);
  const out = await openOutputDir(options.out!, io, { inputs: inputPaths([], io, ...files) });
  const written = new Map<string, string>();
  const outputs = results.flatMap((r) =>
    r.found.flatMap((f) => {
      const s = stem(r, f.name);
      const replay = { note: 'generated by craft verify: reproduce it with craft simulate --replay <this file>', ...v.replayFileOf(files.map((p) => relative(dir, resolve(io.cwd, p)).split('\\').join('/')), r.target, base, f) };
      written.set(`${r.target.slug}\u0000${f.check}`, relative(io.cwd, resolve(dir, `${s}.replay.json`)) || `${s}.replay.json`);
      return [
        { path: `${s}.replay.json`, content: JSON.stringify(replay, null, 2) + '\n' },
        { path: `${s}.timeline.txt`, content: `# generated by craft verify: ${r.target.name}: ${f.title}\n${f.timeline}` },
        { path: `${s}.mmd`, content: markText(f.mermaid, 'mmd', files.join(', ')) },
      ];
    }),
  );
  const { refused } = await writeFiles(out, outputs, options.force === true, io, (rel) => relative(io.cwd, resolve(dir, rel)) || rel);
  if (refused.length > 0) throw new UsageError(`--out ${options.out}: files craft did not write are in the way`);
  return written;
}

function scope(r: TargetResult): string {
  const res = r.result;
  const how = res.cut.length === 0 ? 'complete' : `cut by ${res.cut.join(', ')}`;
  return `${plural(res.states, 'state')}, ${plural(res.transitions, 'transition')}, depth ${res.depth}, ${how}, ${(res.ms / 1000).toFixed(2)} s`;
}

function textOf(results: readonly TargetResult[], replays: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  for (const r of results) {
    const mark = r.verdict === 'ok' || r.verdict === 'known' ? 'OK  ' : 'FAIL';
    const what = r.target.kind === 'story' ? `story "${r.target.name}"` : `use case ${r.target.name}`;
    lines.push(`${mark}  ${what}: ${scope(r)}`);
    if (r.verdict === 'known') lines.push(`      known to fail (${r.target.knownFailure}): it does, as documented`);
    if (r.verdict === 'fixed') lines.push(`      known to fail (${r.target.knownFailure}), but nothing failed anywhere: the flaw is gone; remove 'known to fail'`);
    if (r.verdict === 'ok' && r.found.length === 0) lines.push(`      no violation${r.result.cut.length === 0 ? '' : ' in the explored part'}`);
    for (const f of r.found) {
      lines.push(`  ✗ ${f.name === f.title ? f.title : `${f.name}: ${f.title}`}`);
      lines.push(`    ${f.message}`);
      lines.push(`    counterexample (${plural(f.path.length, 'transition')}; ! a fault, ⇄ went ahead of what could have happened first):`);
      lines.push(...f.timeline.trimEnd().split('\n').map((l) => `  ${l}`));
      const file = replays.get(`${r.target.slug}\u0000${f.check}`);
      if (file) lines.push(`    replay: craft simulate --replay ${file}`);
    }
    lines.push('');
  }
  const failed = results.filter((r) => r.verdict === 'violated' || r.verdict === 'fixed').length;
  lines.push(`${results.length - failed} of ${results.length} verified without violation, ${failed} with`);
  return lines.join('\n') + '\n';
}

function jsonOf(results: readonly TargetResult[], replays: ReadonlyMap<string, string>): unknown {
  return {
    results: results.map((r) => ({
      target: { kind: r.target.kind, name: r.target.name, slug: r.target.slug },
      verdict: r.verdict,
      states: r.result.states,
      transitions: r.result.transitions,
      depth: r.result.depth,
      ends: r.result.ends,
      complete: r.result.cut.length === 0,
      cut: r.result.cut,
      ms: Math.round(r.result.ms),
      violations: r.found.map((f) => ({ check: f.name, title: f.title, message: f.message, transitions: f.path.length, timeline: f.timeline, mermaid: f.mermaid, ...(replays.has(`${r.target.slug}\u0000${f.check}`) ? { replay: replays.get(`${r.target.slug}\u0000${f.check}`) } : {}) })),
    })),
  };
}
