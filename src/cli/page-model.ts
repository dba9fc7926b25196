/**
 * The back ends composed for the page (craft serve, craft build, craft simulate --html): the views the
 * diagram generators draw, the use cases the simulator can run alone, and one simulation as the page shows
 * it, run through the same path as `craft simulate` (simulation-run.ts), so the JSON is the same bytes.
 */
import type { Model } from '../compiler/model.js';
import type { PageSimulation, PageUseCase, PageView } from '../page/index.js';
import type { Checked, SimulationAnswer, SimulationRequest, Workbench } from '../server/index.js';
import { compileFiles } from './command.js';
import { UsageError } from './exit.js';
import { defaultRequest, executeRuns, jsonChunks, prepareRun, type PreparedRun, type Runs } from './simulation-run.js';
import { discoverFiles } from './sources.js';
import type { Io } from './terminal.js';

type Diagrams = typeof import('../diagrams/index.js');
type Simulator = typeof import('../simulator/index.js');

/** Every view of the model: the C4 context and containers, the domain flow, one sequence per use case. */
export function pageViews(diagrams: Diagrams, model: Model): PageView[] {
  return diagrams.diagrams(model, diagrams.diagramKinds).map((d) => ({
    id: d.useCase !== undefined ? `sequence-${d.useCase}` : d.kind,
    group: d.kind === 'sequence' ? 'Use cases' : 'Architecture',
    title: d.kind === 'sequence' || d.kind === 'domain' ? d.title : `${d.title} (C4)`,
    mermaid: d.text,
  }));
}

export function pageUseCases(sim: Simulator, model: Model): PageUseCase[] {
  return model.useCases.map((u) => {
    const problem = sim.stimulusProblem(model, [u.slug]);
    return { slug: u.slug, name: u.name, ...(problem !== undefined ? { problem } : {}) };
  });
}

/** A run's report as the page shows it. */
export async function pageSimulation(id: string, title: string, prepared: PreparedRun, runs: Runs): Promise<PageSimulation> {
  const { runReport } = await import('../simulator/html.js');
  const names = { name: (pid: string) => prepared.names.get(pid) ?? pid };
  return runReport({ id, title, summary: prepared.header, results: runs.results, ...(runs.aggregate ? { aggregate: runs.aggregate } : {}), ok: runs.ok, names });
}

/** Each story of the model, run as `craft test` runs it: the diagram of what happened, and its result. */
export async function pageStories(model: Model, io: Io): Promise<{ view: PageView; result: PageSimulation }[]> {
  if (model.stories.length === 0) return [];
  const sim = await import('../simulator/index.js');
  const out: { view: PageView; result: PageSimulation }[] = [];
  for (const story of model.stories) {
    const first = story.runs[0]?.useCase;
    if (first === undefined) continue;
    const prepared = await prepareRun(model, [first], defaultRequest, () => true, io);
    const names = { name: (pid: string) => prepared.names.get(pid) ?? pid };
    for (const o of sim.checkStory(model, story, prepared.base)) {
      const id = `story-${story.slug}${o.path.length > 0 ? `-${out.length}` : ''}`;
      const mark = o.passed ? 'PASS' : 'FAIL';
      const diagram = sim.traceDiagram(o.trace, names);
      const title = `${story.name}${o.path.length > 0 ? ` (${o.path.join(', ')})` : ''}`;
      out.push({
        view: { id, group: 'Stories', title: `${title}: ${mark}`, mermaid: diagram },
        result: {
          id,
          title: `Story: ${title}`,
          ok: o.passed,
          summary: [`craft test ${model.files.join(' ')} "${story.name}"`, `declared at ${story.source.file}:${story.source.line}${o.knownFailure !== undefined ? `; known to fail: ${o.knownFailure}` : ''}`],
          verdicts: o.failures.length > 0 ? o.failures.map((f) => `line ${f.line}: ${f.what}: ${f.why}`) : ['every expectation held'],
          timeline: sim.timelineLines(o.trace, names),
          diagram,
        },
      });
    }
  }
  return out;
}

/** One simulation for the live panel: the page's sections and the `craft simulate --json` document. */
export async function simulateForPage(model: Model, request: SimulationRequest, io: Io): Promise<SimulationAnswer> {
  const sim = await import('../simulator/index.js');
  try {
    const options = {
      ...defaultRequest,
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(request.flows !== undefined ? { flows: request.flows } : {}),
      ...(request.runs !== undefined ? { runs: request.runs } : {}),
      ...(request.faults !== undefined && request.faults.length > 0 ? { faults: request.faults } : {}),
    };
    // As `craft simulate --json`: every run keeps its trace.
    const prepared = await prepareRun(model, request.useCases, options, () => true, io);
    const runs = executeRuns(model, prepared, true);
    const json = [...jsonChunks(model, prepared, runs)].join('');
    return { ok: true, json, simulation: await pageSimulation(prepared.slugs.join('+'), prepared.slugs.map((s) => model.useCases.find((u) => u.slug === s)?.name ?? s).join(' → '), prepared, runs) };
  } catch (e) {
    if (e instanceof UsageError || e instanceof sim.SimulationError) return { ok: false, error: e.message };
    throw e;
  }
}

/** The workbench craft serve works with: the named files, read again on every check. */
export async function liveWorkbench(named: readonly string[], title: string, io: Io): Promise<Workbench> {
  const [diagrams, sim] = await Promise.all([import('../diagrams/index.js'), import('../simulator/index.js')]);
  // Nothing is printed while serving: the files are found again on each check, quietly.
  const quiet: Io = { cwd: io.cwd, stdout: io.stdout, stderr: { write: () => true } };
  return {
    title,
    async check(): Promise<Checked> {
      let files: string[] = [];
      try {
        files = discoverFiles(named, quiet);
        const { sources, model, diagnostics } = await compileFiles(files, quiet);
        return { ok: true, files, sources: new Map(sources.map((s) => [s.path, s.text])), model, diagnostics };
      } catch (e) {
        if (e instanceof UsageError) return { ok: false, files, failure: e.message };
        throw e;
      }
    },
    views: async (model) => [...pageViews(diagrams, model), ...(await pageStories(model, quiet)).map((s) => s.view)],
    useCases: (model) => pageUseCases(sim, model),
    simulate: (model, request) => simulateForPage(model, request, quiet),
  };
}
