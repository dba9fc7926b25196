/** `craft check [files...]` (alias `validate`): syntax, semantic checks and lints, as text or JSON. */
import { Option, type Command } from 'commander';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../diagnostics/format.js';
import { compileFiles, runCommand } from '../command.js';
import { ExitCode } from '../exit.js';
import { filesArgument } from '../options.js';
import { countDiagnostics, sourceTexts, summaryLine, type Counts } from '../report.js';
import { processIo, useColor, type Io } from '../terminal.js';

export interface CheckOptions {
  format: 'text' | 'json';
  /** Warnings fail too. */
  strict?: boolean;
  /** Show only what fails: errors (and warnings with `strict`). */
  quiet?: boolean;
  /** Show hint-severity diagnostics in text output (JSON always has them). */
  verbose?: boolean;
}

export interface CheckResult {
  exitCode: number;
  /** Everything the compiler found (before --quiet / --verbose filtering); empty on a usage error. */
  diagnostics: Diagnostic[];
  counts?: Counts;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .alias('validate')
    .summary('check .craft files for errors and lints')
    .description('Parse and check .craft files: syntax errors, semantic errors (unresolved names, duplicates...) and lints.')
    .argument(...filesArgument)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'warnings fail too (exit 1)')
    .option('-q, --quiet', 'show only errors (and warnings with --strict)')
    .option('--verbose', 'also show hints, e.g. v1 spellings (JSON output always has them)')
    .addHelpText(
      'after',
      `
Examples:
  $ craft check examples/ecommerce.craft
  $ craft check --strict --format json examples/ecommerce.craft > report.json

Exit status: 0 no problems, 1 errors (or warnings with --strict), 2 usage or I/O error.`,
    )
    .action(async (files: string[], options: CheckOptions) => {
      await check(files, options);
    });
}

export async function check(files: readonly string[], options: CheckOptions, io: Io = processIo()): Promise<CheckResult> {
  return runCommand(io, (io) => run(files, options, io), (exitCode) => ({ exitCode, diagnostics: [] }));
}

async function run(files: readonly string[], options: CheckOptions, io: Io): Promise<CheckResult> {
  const { sources, diagnostics } = await compileFiles(files, io);
  const counts = countDiagnostics(diagnostics, sources.length);
  const exitCode = hasErrors(diagnostics, options.strict) ? ExitCode.findings : ExitCode.ok;

  const fails = (d: Diagnostic) => d.severity === 'error' || (options.strict === true && d.severity === 'warning');
  if (options.format === 'json') {
    const shown = options.quiet ? diagnostics.filter(fails) : diagnostics;
    const summary = { ...counts, ok: exitCode === ExitCode.ok };
    io.stdout.write(JSON.stringify({ diagnostics: shown, summary }, null, 2) + '\n');
    return { exitCode, diagnostics, counts };
  }

  const shown = diagnostics.filter((d) => fails(d) || (!options.quiet && (d.severity !== 'hint' || options.verbose === true)));
  if (shown.length > 0) io.stdout.write(renderDiagnostics(shown, sourceTexts(sources), { color: useColor(io.stdout) }));
  io.stderr.write(summaryLine(counts, options) + '\n');
  return { exitCode, diagnostics, counts };
}
