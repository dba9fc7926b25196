/**
 * `craft test [files...] [story...]`: runs the stories of the model (all, or the named ones) and checks
 * their expectations and the model's properties; a line per story (per explored path with --explore), the
 * first failure with its line and an excerpt of the trace; JUnit XML for CI systems; JSON.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Model, Story } from '../../compiler/model.js';
import type { StoryOutcome } from '../../simulator/index.js';
import { runCommand, soundModel } from '../command.js';
import { ExitCode, ioReason, UsageError } from '../exit.js';
import { wholeNumber } from '../options.js';
import { bounds, defaultRequest, prepareRun } from '../simulation-run.js';
import { processIo, type Io } from '../terminal.js';
import { splitArguments } from './simulate.js';

export interface TestOptions {
  explore?: boolean;
  exploreLimit: string;
  seed?: string;
  runs: string;
  faults?: string[];
  reporter: string;
  output?: string;
  json?: boolean;
}

export interface TestResult {
  exitCode: number;
  outcomes: StoryOutcome[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerTest(program: Command): void {
  program
    .command('test')
    .summary("run the model's stories and check their expectations")
    .description("Run every story of the model (or the named ones) on the simulator and check what it expects, and the model's properties (never / always), on every run.")
    .argument('[files-and-stories...]', 'model files or directories, then stories (slug or name)')
    .option('--explore', 'check every decision, reply alternative and timeout the story leaves open')
    .option('--explore-limit <n>', `at most this many explored paths per story (1 to ${bounds.exploreLimit})`, '100')
    .option('--seed <n>', 'seed of the random source (default 1)')
    .option('--runs <n>', `run each story over this many seeds (seed, seed+1, ...); it passes only if it passes on every one (1 to ${bounds.runs})`, '1')
    .option('--faults <spec>', 'inject faults as craft simulate does (repeatable)', collect)
    .option('--reporter <name>', 'text, or junit (with --output FILE)', 'text')
    .option('--output <file>', 'where --reporter junit writes its XML')
    .option('--json', 'print the outcomes as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ craft test examples/
  $ craft test examples/sales.craft cancel-after-the-window
  $ craft test examples/orders.craft --explore
  $ craft test examples/ --reporter junit --output craft-tests.xml

A story known to fail ('known to fail "why"') passes while one of its expectations fails, and fails once
they all hold: the flaw it documents is gone.

Exit status: 0 every story passed, 1 a story failed (or the model has errors), 2 usage or I/O error.`,
    )
    .action(async (args: string[], options: TestOptions) => {
      await testCommand(args, options);
    });
}

export async function testCommand(args: readonly string[], options: TestOptions, io: Io = processIo()): Promise<TestResult> {
  return runCommand(io, (io) => run(args, options, io), (exitCode) => ({ exitCode, outcomes: [] }));
}

async function run(args: readonly string[], options: TestOptions, io: Io): Promise<TestResult> {
  if (options.reporter !== 'text' && options.reporter !== 'junit') throw new UsageError(`--reporter ${options.reporter}: use text or junit`);
  if (options.reporter === 'junit' && options.output === undefined) throw new UsageError('--reporter junit writes a file: add --output FILE');
  const { files, useCases: names } = splitArguments(args, io.cwd);
  const sound = await soundModel(files, io, 'no story run (craft check shows them)');
  if (!sound) return { exitCode: ExitCode.findings, outcomes: [] };
  const { model } = sound;
  const stories = chosenStories(model, names);
  const first = stories[0]?.runs[0]?.useCase;
  if (first === undefined) {
    io.stderr.write('no story in the model: write one with story "name" { at 0s run <use case>  expect <event> }\n');
    return { exitCode: ExitCode.ok, outcomes: [] };
  }
  const request = { ...defaultRequest, runs: options.runs ?? '1', ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.faults ? { faults: options.faults } : {}) };
  const prepared = await prepareRun(model, [first], request, () => true, io);
  const limit = options.explore ? wholeNumber(options.exploreLimit, '--explore-limit', 1, bounds.exploreLimit) : undefined;
  const outcomes: StoryOutcome[] = [];
  for (const [i, story] of stories.entries()) {
    if (stories.length > 5) io.stderr.write(`[${i + 1}/${stories.length}] ${story.name}\n`);
    for (let k = 0; k < prepared.runs; k++) {
      const seed = prepared.seed + k;
      const checked = prepared.sim.checkStory(model, story, { ...prepared.base, seed }, limit);
      // Over several seeds each outcome says which seed it ran with.
      outcomes.push(...(prepared.runs > 1 ? checked.map((o) => ({ ...o, path: [`seed ${seed}`, ...o.path] })) : checked));
    }
  }
  const failed = outcomes.filter((o) => !o.passed).length;
  if (options.json) io.stdout.write(JSON.stringify({ stories: outcomes.map(({ trace: _trace, ...o }) => o), passed: outcomes.length - failed, failed }, null, 2) + '\n');
  else io.stdout.write(textReport(outcomes).join('\n') + '\n');
  if (options.reporter === 'junit' && options.output !== undefined) {
    const path = resolve(io.cwd, options.output);
    try {
      writeFileSync(path, junit(outcomes));
    } catch (e) {
      throw new UsageError(`cannot write ${options.output}: ${ioReason(e)}`);
    }
  }
  return { exitCode: failed > 0 ? ExitCode.findings : ExitCode.ok, outcomes };
}

function chosenStories(model: Model, names: readonly string[]): Story[] {
  if (names.length === 0) return model.stories;
  return names.map((n) => {
    const s = model.stories.find((x) => x.slug === n || x.name === n || x.name.toLowerCase() === n.toLowerCase());
    if (!s) throw new UsageError(`no story "${n}" in the model (stories: ${model.stories.map((x) => x.slug).join(', ') || 'none'})`);
    return s;
  });
}

function title(o: StoryOutcome): string {
  return o.path.length > 0 ? `${o.story} [${o.path.join(', ')}]` : o.story;
}

function textReport(outcomes: readonly StoryOutcome[]): string[] {
  const lines: string[] = [];
  for (const o of outcomes) {
    const mark = o.passed ? 'PASS' : 'FAIL';
    const known = o.knownFailure !== undefined ? ` (known to fail: ${o.knownFailure})` : '';
    lines.push(`${mark}  ${title(o)}${known}  at ${formatMs(o.time)}`);
    if (o.passed) continue;
    const f = o.failures[0];
    if (!f) {
      lines.push(`      every expectation held: the flaw this story documents is gone; remove 'known to fail'`);
      continue;
    }
    lines.push(`      line ${f.line}: ${f.what}: ${f.why}`);
    for (const r of excerpt(o, f.time)) lines.push(`        ${r}`);
  }
  const failed = outcomes.filter((o) => !o.passed).length;
  lines.push('', `${outcomes.length - failed} passed, ${failed} failed`);
  return lines;
}

/** The published events around the failure, as a short excerpt of the trace. */
function excerpt(o: StoryOutcome, time: number | undefined): string[] {
  const events = o.trace.filter((r) => r.kind === 'publish' || r.kind === 'timer-fire' || r.kind === 'trigger' || r.kind === 'fact');
  const at = time === undefined ? events.length : events.findIndex((r) => r.time >= time);
  const from = Math.max(0, (at < 0 ? events.length : at) - 4);
  return events.slice(from, from + 6).map((r) => {
    const what = r.kind === 'fact' ? `${r.fact} is ${r.outcome}` : r.kind === 'trigger' ? `▶ ${r.scenario}` : `${r.kind === 'timer-fire' ? 'timer' : 'publishes'} ${JSON.stringify(r.event)}`;
    return `${formatMs(r.time)}  ${what}`;
  });
}

function formatMs(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

function junit(outcomes: readonly StoryOutcome[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const failed = outcomes.filter((o) => !o.passed).length;
  const cases = outcomes.map((o) => {
    const name = esc(title(o));
    if (o.passed) return `    <testcase classname="craft.stories" name="${name}" time="${(o.time / 1000).toFixed(3)}"/>`;
    const f = o.failures[0];
    const message = f ? `line ${f.line}: ${f.what}: ${f.why}` : 'every expectation held: the known flaw is gone';
    return `    <testcase classname="craft.stories" name="${name}" time="${(o.time / 1000).toFixed(3)}">\n      <failure message="${esc(message)}"/>\n    </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${outcomes.length}" failures="${failed}">\n  <testsuite name="craft stories" tests="${outcomes.length}" failures="${failed}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
