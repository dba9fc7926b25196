/**
 * The `craft` program: global options and one registration per command (src/cli/commands/). Commands load
 * what they need (the compiler, renderers, the simulator) when they run, so `craft --help` and
 * `craft --version` start instantly and `craft check` loads only the compiler.
 */
import { Command, CommanderError } from 'commander';
import { registerBuild } from './commands/build.js';
import { registerCheck } from './commands/check.js';
import { registerDiagram } from './commands/diagram.js';
import { registerFmt } from './commands/fmt.js';
import { registerLsp } from './commands/lsp.js';
import { registerGen } from './commands/gen.js';
import { registerInspect } from './commands/inspect.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerTest } from './commands/test.js';
import { registerVerify } from './commands/verify.js';
import { ExitCode } from './exit.js';
import { packageVersion } from './package.js';

export function createProgram(): Command {
  const program = new Command('craft')
    .description('Architecture as code: check, inspect, draw, simulate, test and generate code from craft models; preview them live, publish them, edit them with a language server.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    // Commander errors become exceptions that main() turns into exit status 2 (0 for --help / --version).
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Files: name .craft files or directories (a directory means every *.craft below it). With none named, every
*.craft below the working directory is used, or the bundled example when there is none. Only regular files
of at most 16 MiB are read.

Examples:
  $ craft check examples/ecommerce.craft
  $ craft inspect --format json examples/ecommerce.craft
  $ craft diagram examples/ecommerce.craft --format svg --out diagrams
  $ craft simulate examples/ecommerce.craft order-placement order-cancellation
  $ craft gen examples/ecommerce.craft -o shop
  $ craft fmt --check .
  $ craft test examples/
  $ craft build examples/ecommerce.craft -o site
  $ craft check --help`,
    );
  registerCheck(program);
  registerInspect(program);
  registerSimulate(program);
  registerDiagram(program);
  registerGen(program);
  registerFmt(program);
  registerServe(program);
  registerBuild(program);
  registerLsp(program);
  registerTest(program);
  registerVerify(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  // `craft inspect | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  try {
    await createProgram().parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      return;
    }
    process.stderr.write(`craft: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = ExitCode.internal;
  }
}
