/** `craft gen [files...] -o DIR`: a TypeScript project of the model's services, contracts and tests. */
import { Option, type Command } from 'commander';
import { join, relative, resolve } from 'node:path';
import { renderDiagnostics } from '../diagnostics/format.js';
import { countDiagnostics, ExitCode, loadSources, plural, processIo, usageFailure, useColor, UsageError, type Io } from './shared.js';
import { modelName, soundModel } from './sound-model.js';

const parts = ['contracts', 'services', 'asyncapi'] as const;

export interface GenOptions {
  out: string;
  only?: (typeof parts)[number];
  force?: boolean;
  name?: string;
}

export interface GenResult {
  exitCode: number;
  /** Each file with what happened to it, paths relative to the output directory. */
  files: { path: string; status: string }[];
}

export function registerGen(program: Command): void {
  program
    .command('gen')
    .summary('generate a TypeScript project: contracts, services, tests')
    .description(
      'Write a standalone npm project (TypeScript, ESM, vitest) from the model: message contracts (types, ' +
        'runtime checks, JSON Schemas, an AsyncAPI 3.0 document), a transport with an in-memory implementation, ' +
        'a folder per service (typed publish/request helpers, handler stubs, wiring), and a test per use case ' +
        'that replays it against the event sequence the simulator predicts.\n\n' +
        'Handler stubs are created once and are then yours: never overwritten, not even with --force. Every ' +
        'other file is marked generated and rewritten; the ones the model no longer needs are removed.',
    )
    .argument('[files...]', 'files or directories (default: every *.craft below the working directory)')
    .requiredOption('-o, --out <dir>', 'the project directory')
    .addOption(new Option('--only <part>', 'write only this part').choices(parts))
    .option('--force', 'overwrite files craft did not write (never handler stubs)')
    .option('--name <name>', 'the package and document name (default: the model file name, or "model")')
    .addHelpText(
      'after',
      `
Each file is listed as created, regenerated, unchanged, kept (a handler stub: yours), unused
(a stub the model no longer needs), removed (a stale generated file) or refused (a file craft
did not write is in the way: --force overwrites it). See docs/gen.md.

Examples:
  $ craft gen examples/ecommerce.craft -o services
  $ cd services && npm install && npx tsc --noEmit && npm test
  $ craft gen examples/ecommerce.craft -o services --only contracts

Exit status: 0 written, 1 model errors (nothing written), 2 usage or I/O error (refused files too).`,
    )
    .action(async (files: string[], options: GenOptions) => {
      await gen(files, options);
    });
}

export async function gen(files: readonly string[], options: GenOptions, io: Io = processIo()): Promise<GenResult> {
  let result: GenResult;
  try {
    result = await run(files, options, io);
  } catch (e) {
    result = { exitCode: usageFailure(e, io), files: [] };
  }
  process.exitCode = result.exitCode;
  return result;
}

async function run(files: readonly string[], options: GenOptions, io: Io): Promise<GenResult> {
  const sources = loadSources(files, io);
  const texts = new Map(sources.map((s) => [s.path, s.text]));
  const model = await soundModel(sources, io, 'nothing generated');
  if (!model) return { exitCode: ExitCode.findings, files: [] };
  const color = useColor(io.stderr);
  const scaffold = await import('../codegen/scaffold/index.js');
  const { predict } = await import('../simulator/predict.js');
  const name = modelName(sources, options.name);
  const generation = scaffold.generate(model, { name, sources: texts, predict: (slug) => predict(model, slug), ...(options.only ? { only: options.only } : {}) });
  if (generation.diagnostics.length > 0) io.stderr.write(renderDiagnostics(generation.diagnostics, texts, { color }));

  const outDir = resolve(io.cwd, options.out);
  let written;
  try {
    written = scaffold.writeGeneration(outDir, generation.files, { force: options.force === true, ...(options.only ? { only: options.only } : {}) });
  } catch (e) {
    if (e instanceof scaffold.OutsideError) throw new UsageError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw new UsageError(`${relative(io.cwd, outDir) || '.'}: cannot write (${code}): ${(e as Error).message}`);
    throw e;
  }
  const shown = (p: string) => relative(io.cwd, join(outDir, p));
  const width = Math.max(...written.map((w) => w.status.length), 0);
  for (const w of written) io.stdout.write(`${w.status.padEnd(width)}  ${shown(w.path)}\n`);
  const counts = new Map<string, number>();
  for (const w of written) counts.set(w.status, (counts.get(w.status) ?? 0) + 1);
  const order = ['created', 'regenerated', 'unchanged', 'kept', 'unused', 'removed', 'refused'];
  const summary = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`).join(', ');
  const findings = countDiagnostics(generation.diagnostics, sources.length);
  const notes = findings.warnings + findings.infos > 0 ? `; ${plural(findings.warnings, 'warning')}, ${findings.infos} info` : '';
  io.stderr.write(`craft gen: ${relative(io.cwd, outDir) || '.'}: ${summary || 'nothing to write'}${notes}\n`);
  const refused = written.filter((w) => w.status === 'refused');
  for (const r of refused) io.stderr.write(`${shown(r.path)}: not written: craft did not write this file (use --force to overwrite it)\n`);
  return { exitCode: refused.length > 0 ? ExitCode.usage : ExitCode.ok, files: written };
}
