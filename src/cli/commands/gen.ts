/** `craft gen [files...] -o DIR`: a TypeScript project of the model's services, contracts and tests. */
import { Option, type Command } from 'commander';
import { join, relative, resolve } from 'node:path';
import { renderDiagnostics } from '../../diagnostics/format.js';
import { modelName, runCommand, soundModel } from '../command.js';
import { ExitCode } from '../exit.js';
import { filesArgument, nonEmptyPath } from '../options.js';
import { guarded, inputPaths, refusedLine } from '../output-files.js';
import { countDiagnostics, sourceTexts } from '../report.js';
import { plural, processIo, useColor, type Io } from '../terminal.js';

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
    .argument(...filesArgument)
    .requiredOption('-o, --out <dir>', 'the project directory')
    .addOption(new Option('--only <part>', 'write only this part').choices(parts))
    .option('--force', 'overwrite files craft did not write (never handler stubs)')
    .option('--name <name>', 'the package and document name (default: the model file name, or "model")')
    .addHelpText(
      'after',
      `
Each file is listed as created, regenerated, unchanged, kept (a handler stub: yours), unused
(a stub the model no longer needs), removed (a stale generated file) or refused (a file craft
did not write is in the way: --force overwrites it). Every file is checked before the first is
written: when one is refused, nothing is written. See docs/gen.md.

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
  return runCommand(io, (io) => run(files, options, io), (exitCode) => ({ exitCode, files: [] }));
}

async function run(files: readonly string[], options: GenOptions, io: Io): Promise<GenResult> {
  nonEmptyPath(options.out, '--out');
  const sound = await soundModel(files, io, 'nothing generated');
  if (!sound) return { exitCode: ExitCode.findings, files: [] };
  const { sources, model } = sound;
  const texts = sourceTexts(sources);
  const scaffold = await import('../../codegen/scaffold/index.js');
  const { predict, predictPaths } = await import('../../simulator/predict.js');
  const name = modelName(sources, options.name);
  const generation = scaffold.generate(model, { name, predict: (slug) => predict(model, slug), predictPaths: (slug) => predictPaths(model, slug), ...(options.only ? { only: options.only } : {}) });
  if (generation.diagnostics.length > 0) io.stderr.write(renderDiagnostics(generation.diagnostics, texts, { color: useColor(io.stderr) }));

  const outDir = resolve(io.cwd, options.out);
  const written = await guarded(io, () =>
    scaffold.writeGeneration(outDir, generation.files, { force: options.force === true, inputs: inputPaths(sources, io), ...(options.only ? { only: options.only } : {}) }),
  );
  const shown = (p: string) => relative(io.cwd, join(outDir, p));
  const width = Math.max(...written.map((w) => w.status.length), 0);
  for (const w of written) io.stdout.write(`${w.status.padEnd(width)}  ${shown(w.path)}\n`);
  const counts = new Map<string, number>();
  for (const w of written) counts.set(w.status, (counts.get(w.status) ?? 0) + 1);
  const order = ['created', 'regenerated', 'unchanged', 'kept', 'unused', 'removed', 'refused'];
  const refused = written.filter((w) => w.status === 'refused');
  const summary = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`).join(', ') + (refused.length > 0 ? '; nothing written' : '');
  const findings = countDiagnostics(generation.diagnostics, sources.length);
  const notes = findings.warnings + findings.infos > 0 ? `; ${plural(findings.warnings, 'warning')}, ${findings.infos} info` : '';
  io.stderr.write(`craft gen: ${relative(io.cwd, outDir) || '.'}: ${summary || 'nothing to write'}${notes}\n`);
  for (const r of refused) io.stderr.write(`${refusedLine(shown(r.path))}\n`);
  return { exitCode: refused.length > 0 ? ExitCode.usage : ExitCode.ok, files: written };
}
