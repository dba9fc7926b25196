/** `craft check [files...]` (alias `validate`): syntax, semantic checks and lints, as text or JSON. */
import { Option, type Command } from 'commander';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/format.js';
import { countDiagnostics, ExitCode, loadSources, plural, processIo, usageFailure, useColor, type Counts, type Io } from './shared.js';

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
    .argument('[files...]', 'files or directories (default: every *.craft below the working directory)')
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
  const result = await run(files, options, io);
  process.exitCode = result.exitCode;
  return result;
}

async function run(files: readonly string[], options: CheckOptions, io: Io): Promise<CheckResult> {
  let sources;
  try {
    sources = loadSources(files, io);
  } catch (e) {
    return { exitCode: usageFailure(e, io), diagnostics: [] };
  }
  const { compile } = await import('../compiler/compile.js');
  const { diagnostics } = compile(sources);
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
  if (shown.length > 0) {
    const texts = new Map(sources.map((s) => [s.path, s.text]));
    io.stdout.write(renderDiagnostics(shown, texts, { color: useColor(io.stdout) }));
  }
  io.stderr.write(summaryLine(counts, options) + '\n');
  return { exitCode, diagnostics, counts };
}

/** `2 errors, 1 warning in 3 files`, or `no problems in 1 file`; says when hints were left out. */
export function summaryLine(counts: Counts, options: { verbose?: boolean; quiet?: boolean } = {}): string {
  const parts: string[] = [];
  if (counts.errors > 0) parts.push(plural(counts.errors, 'error'));
  if (counts.warnings > 0) parts.push(plural(counts.warnings, 'warning'));
  if (counts.infos > 0) parts.push(`${counts.infos} info`);
  const showHints = options.verbose === true && options.quiet !== true;
  if (showHints && counts.hints > 0) parts.push(plural(counts.hints, 'hint'));
  let line = `${parts.length > 0 ? parts.join(', ') : 'no problems'} in ${plural(counts.files, 'file')}`;
  if (!showHints && !options.quiet && counts.hints > 0) line += ` (${plural(counts.hints, 'hint')} not shown; --verbose shows them)`;
  return line;
}
