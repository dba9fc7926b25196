/**
 * `craft gen`'s engine: Model → a standalone TypeScript project (contracts, schemas, AsyncAPI, transport,
 * services with handler stubs, use-case tests), as files, then written safely into one directory.
 * The use-case tests assert the event sequences predicted for each use case: the caller passes `predict`
 * (the CLI asks the simulator), so code generation never runs another back end itself.
 */
import type { Model } from '../../compiler/model.js';
import { sortDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Predict, PredictPaths } from '../../plan/prediction.js';
import { scenariosOf } from '../../plan/scenarios.js';
import { areasOf, isHandlerStub, OutputDir, type Written } from './output.js';
import { buildProject, type Project } from './project.js';
import { marker, renderProject, parts as allParts, type OutputFile, type Part } from './project-files.js';
import { checkReplays } from './replay.js';
import { loadTemplates } from './templates.js';

export { OutputDir, OutsideError, type Status, type Written } from './output.js';
export { parts, type OutputFile, type Part } from './project-files.js';
export type { Project } from './project.js';

export interface GenOptions {
  /** The model's name: the package name and titles. */
  name: string;
  /** Only this part (default: everything). */
  only?: Part;
  /** What each use case is predicted to do (by slug), for the generated use-case tests. */
  predict: Predict;
  /** The explored paths of each use case that facts alone decide (by slug): a generated test each. */
  predictPaths?: PredictPaths;
}

export interface Generation {
  files: OutputFile[];
  diagnostics: Diagnostic[];
  project: Project;
}

/** The files of the generated project, in sorted path order, and what craft gen found on the way. */
export function generate(model: Model, options: GenOptions): Generation {
  const withTests = options.only === undefined || options.only === 'services';
  const project = buildProject({
    model,
    catalog: scenariosOf(model),
    predict: options.predict,
    ...(options.predictPaths ? { predictPaths: options.predictPaths } : {}),
    tests: withTests,
  });
  if (withTests) checkReplays(project);
  const files = renderProject(project, loadTemplates(), { name: options.name, ...(options.only ? { only: options.only } : {}) });
  return { files, diagnostics: sortDiagnostics(project.diagnostics), project };
}

export interface WriteOptions {
  force: boolean;
  /** The parts generated (stale files are removed only there). */
  only?: Part;
  /** The model files (absolute paths): never written over, never removed. */
  inputs?: readonly string[];
}

/**
 * Writes the files into `dir` and removes stale generated files; every path is checked to stay inside.
 * Every file is checked before the first is written: when any is refused (a file craft did not write is in
 * the way, and no `force`), nothing is written and only the refused files are returned.
 */
export function writeGeneration(dir: string, files: readonly OutputFile[], options: WriteOptions): Written[] {
  const out = new OutputDir(dir, { marker, ...(options.inputs ? { inputs: options.inputs } : {}) });
  const writes = out.plan(files, options.force);
  const refused = writes.filter((w) => w.status === 'refused');
  if (refused.length > 0) return refused.map(({ path, status }) => ({ path, status }));
  const keep = new Set(files.map((f) => f.path));
  const sweep = out.planSweep(areasOf(options.only ? [options.only] : allParts), keep, isHandlerStub);
  out.commit([...writes, ...sweep]);
  return [...writes, ...sweep].map(({ path, status }) => ({ path, status })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
