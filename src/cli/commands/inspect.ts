/** `craft inspect [files...]`: the compiled Model as a readable overview, as JSON, or as a CraftDoc. */
import { Option, type Command } from 'commander';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { compileFiles, runCommand } from '../command.js';
import { ExitCode } from '../exit.js';
import { filesArgument } from '../options.js';
import { reportErrors } from '../report.js';
import { processIo, useColor, type Io } from '../terminal.js';

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
    .argument(...filesArgument)
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
  return runCommand(io, (io) => run(files, options, io), (exitCode) => ({ exitCode, errors: [] }));
}

async function run(files: readonly string[], options: InspectOptions, io: Io): Promise<InspectResult> {
  const { sources, model, diagnostics } = await compileFiles(files, io);
  switch (options.format) {
    case 'text': {
      const { summarizeModel } = await import('../model-summary.js');
      io.stdout.write(summarizeModel(model, { color: useColor(io.stdout) }));
      break;
    }
    case 'json':
      io.stdout.write(JSON.stringify(model, null, 2) + '\n');
      break;
    case 'craftdoc': {
      const { toCraftDoc } = await import('../../export/craftdoc.js');
      io.stdout.write(JSON.stringify(toCraftDoc(model), null, 2) + '\n');
      break;
    }
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return { exitCode: ExitCode.ok, errors };
  reportErrors(errors, sources, io);
  return { exitCode: ExitCode.findings, errors };
}
