/**
 * `craft gen` on a synthetic model of 1,000 services (bench/synthetic.ts, seeded): the time to generate the
 * project (in memory, by phase) and to write it into an empty directory, against parse+compile of the same
 * model. Goal: the whole of gen (parse+compile included) at most 3× parse+compile.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, type SyntheticModel } from './synthetic.js';
import { collect, median, ms, ratio, table, verdict } from './timing.js';
import { parse } from '../src/parser/parse.js';
import { compileDocuments } from '../src/compiler/compile.js';
import type { Model } from '../src/compiler/model.js';
import { scenariosOf } from '../src/plan/scenarios.js';
import { predict } from '../src/simulator/predict.js';
import { generate, writeGeneration } from '../src/codegen/scaffold/index.js';
import { buildProject } from '../src/codegen/scaffold/project.js';
import { checkReplays } from '../src/codegen/scaffold/replay.js';
import { renderProject } from '../src/codegen/scaffold/project-files.js';
import { loadTemplates } from '../src/codegen/scaffold/templates.js';

const SEED = 20260101;
const SERVICES = 1000;
const GOAL = 3;

/** The synthetic model with exactly `services` services (the domain count is searched; about 1.25 domains a service). */
export function modelWithServices(services: number, seed = SEED): SyntheticModel {
  let domains = Math.round(services * 1.25);
  const tried = new Map<number, SyntheticModel>();
  for (let i = 0; i < 12; i++) {
    const m = tried.get(domains) ?? build(domains, seed);
    tried.set(domains, m);
    const diff = services - m.stats.services;
    if (diff === 0) return m;
    domains += Math.sign(diff) * Math.max(1, Math.round(Math.abs(diff) * 1.1));
  }
  // No exact count nearby: the closest model with at least that many services.
  return [...tried.values()].filter((m) => m.stats.services >= services).sort((a, b) => a.stats.services - b.stats.services)[0] ?? [...tried.values()][0]!;
}

function compileText(text: string): Model {
  return compileDocuments([parse(text, 'synthetic.craft').document]).model;
}

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

export async function benchGen(_root: string): Promise<string[]> {
  const lines: string[] = [];
  const synthetic = modelWithServices(SERVICES);
  const s = synthetic.stats;

  // parse+compile: median of 3 after a warm-up.
  compileText(synthetic.text);
  const compileRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    collect();
    compileRuns.push(timed(() => compileText(synthetic.text))[1]);
  }
  const compileMs = median(compileRuns);

  // One cold gen, end to end as the command runs it: compile, generate, write into an empty directory.
  // (Templates load once per process: warmed first, as a second model in the same process finds them.)
  loadTemplates();
  collect();
  const tmp = mkdtempSync(join(tmpdir(), 'craft-bench-gen-'));
  try {
    const [model, pc] = timed(() => compileText(synthetic.text));
    const [generation, genMs] = timed(() => generate(model, { name: 'synthetic', predict: (slug) => predict(model, slug) }));
    const [written, writeMs] = timed(() => writeGeneration(join(tmp, 'out'), generation.files, { force: false }));
    const total = pc + genMs + writeMs;
    const [, rewriteMs] = timed(() => writeGeneration(join(tmp, 'out'), generation.files, { force: false }));

    // The same again by phase, on a fresh compilation (the simulator caches its catalog per Model).
    collect();
    const m2 = compileText(synthetic.text);
    const [catalog, catalogMs] = timed(() => scenariosOf(m2));
    const predictions = new Map<string, ReturnType<typeof predict>>();
    const [, predictMs] = timed(() => {
      for (const u of m2.useCases) predictions.set(u.slug, predict(m2, u.slug));
    });
    const [project, projectMs] = timed(() => buildProject({ model: m2, catalog, predict: (slug) => predictions.get(slug)! }));
    const [, replayMs] = timed(() => checkReplays(project));
    const [files, viewsMs] = timed(() => renderProject(project, loadTemplates(), { name: 'synthetic' }));
    const [contents, renderMs] = timed(() => files.map((f) => f.content));
    // The floor of writing: the same texts with bare writeFileSync, into another empty directory.
    const [, rawMs] = timed(() => {
      const made = new Set<string>();
      files.forEach((f, i) => {
        const path = join(tmp, 'raw', f.path);
        const dir = dirname(path);
        if (!made.has(dir)) mkdirSync(dir, { recursive: true });
        made.add(dir);
        writeFileSync(path, contents[i]!);
      });
    });

    const bytes = contents.reduce((n, c) => n + Buffer.byteLength(c), 0);
    const modes = { exact: 0, unordered: 0, skip: 0 };
    for (const t of project.tests) modes[t.mode]++;
    const r = total / compileMs;
    const inMemory = pc + genMs;
    lines.push(
      `craft gen, synthetic model (seed ${SEED}): ${s.services} services, ${s.domains} domains, ${s.contexts} contexts, ${s.useCases} use cases, ${s.events} events, ${(s.bytes / 1e6).toFixed(2)} MB of craft`,
      `  output: ${written.length} files, ${(bytes / 1e6).toFixed(1)} MB; ${project.exchanges.length} requests (asks and triggers), ${[...project.subscribers.values()].reduce((n, l) => n + l.length, 0)} event handlers; use-case tests: ${modes.exact} exact, ${modes.unordered} in any order, ${modes.skip} skipped`,
      table([
        ['  parse+compile (median of 3)', ms(compileMs)],
        ['  gen, end to end (one cold run)', ms(total)],
        ['    parse+compile', ms(pc)],
        ['    generate (in memory; file texts rendered while writing)', ms(genMs)],
        ['    render and write into an empty directory', ms(writeMs)],
        ['  gen again into the same directory (all unchanged or kept)', ms(rewriteMs)],
        ['  by phase: scenario catalog (simulator)', ms(catalogMs)],
        ['    predictions (one simulator run per use case)', ms(predictMs)],
        ['    project (names, handlers, requests)', ms(projectMs)],
        ['    replay check', ms(replayMs)],
        ['    views', ms(viewsMs)],
        ['    render every file (handlebars, JSON, YAML)', ms(renderMs)],
        ['    bare writeFileSync of the same files (the floor)', ms(rawMs)],
      ]),
      `  ratio gen/(parse+compile) ${ratio(r)}  goal ≤ ${GOAL}×  ${verdict(r, GOAL)}`,
      `  in memory (parse+compile, generate, render): ${ratio((inMemory + renderMs) / compileMs)}; the simulator's share alone (catalog + predictions): ${ratio((catalogMs + predictMs) / compileMs)}; writing alone: ${ratio(writeMs / compileMs)}`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  lines.push(...timerLoop());
  return lines;
}

/**
 * A listener that schedules its own event six times: code generation's replay runs it to the delivery bound
 * (10,000 deliveries, 60,000 timers). It was quadratic in the pending timers (21 s); the baseline is the same
 * model with one schedule line, measured in the same run.
 */
function timerLoop(): string[] {
  const model = (schedules: number) =>
    compileText(['use_case "U" {', '  when U starts', '    A notifies E', '  when A listens E', ...Array.from({ length: schedules }, () => '    A schedules E in 0s'), '}'].join('\n'));
  const genOf = (m: ReturnType<typeof model>) => timed(() => generate(m, { name: 'loop', predict: (slug) => predict(m, slug) }))[1];
  const one = median([0, 1, 2].map(() => genOf(model(1))));
  const six = median([0, 1, 2].map(() => genOf(model(6))));
  return [`craft gen of a timer loop (six schedule lines, to the replay's delivery bound): ${ms(six)} vs ${ms(one)} with one line: ${ratio(six / one)} (it was quadratic: 21 s)`];
}
