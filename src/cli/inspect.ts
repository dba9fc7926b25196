/** `craft inspect [files...]`: the compiled Model as a readable overview, as JSON, or as a CraftDoc. */
import { Option, type Command } from 'commander';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/format.js';
import { summaryLine } from './check.js';
import { countDiagnostics, ExitCode, loadSources, processIo, usageFailure, useColor, type Io } from './shared.js';

export type InspectFormat = 'text' | 'json' | 'craftdoc';

export interface InspectOptions {
  format: InspectFormat;
}

export interface InspectResult {
  exitCode: number;
  /** The errors reported on stderr (warnings are left to `craft check`). */
  errors: Diagnostic[];
}

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .summary('show the compiled model')
    .description(
      'Compile .craft files and print the resulting model: a readable overview (text), the Model as JSON (json),\n' +
        'or the CraftDoc JSON of the reference craft tool (craftdoc). Errors go to stderr; the output is printed anyway.',
    )
    .argument('[files...]', 'files or directories (default: every *.craft below the working directory)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'craftdoc']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  $ craft inspect examples/ecommerce.craft
  $ craft inspect --format json examples/ecommerce.craft > model.json

Exit status: 0 no errors, 1 errors (the output may be incomplete), 2 usage or I/O error.`,
    )
    .action(async (files: string[], options: InspectOptions) => {
      await inspect(files, options);
    });
}

export async function inspect(files: readonly string[], options: InspectOptions, io: Io = processIo()): Promise<InspectResult> {
  const result = await run(files, options, io);
  process.exitCode = result.exitCode;
  return result;
}

async function run(files: readonly string[], options: InspectOptions, io: Io): Promise<InspectResult> {
  let sources;
  try {
    sources = loadSources(files, io);
  } catch (e) {
    return { exitCode: usageFailure(e, io), errors: [] };
  }
  const { compile } = await import('../compiler/compile.js');
  const { model, diagnostics } = compile(sources);

  switch (options.format) {
    case 'text': {
      const { summarizeModel } = await import('./model-summary.js');
      io.stdout.write(summarizeModel(model, { color: useColor(io.stdout) }));
      break;
    }
    case 'json':
      io.stdout.write(JSON.stringify(model, null, 2) + '\n');
      break;
    case 'craftdoc': {
      const { toCraftDoc } = await import('../export/craftdoc.js');
      io.stdout.write(JSON.stringify(toCraftDoc(model), null, 2) + '\n');
      break;
    }
  }

  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return { exitCode: ExitCode.ok, errors };
  const texts = new Map(sources.map((s) => [s.path, s.text]));
  io.stderr.write(renderDiagnostics(errors, texts, { color: useColor(io.stderr) }));
  io.stderr.write(summaryLine(countDiagnostics(errors, sources.length), { quiet: true }) + '\n');
  return { exitCode: ExitCode.findings, errors };
}
