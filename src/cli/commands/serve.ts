/** `craft serve [files...]`: a live preview of the model in the browser, re-checked on every save. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { RunningServer } from '../../server/index.js';
import { modelName, runCommand } from '../command.js';
import { ExitCode, UsageError } from '../exit.js';
import { filesArgument, wholeNumber } from '../options.js';
import { discoverFiles } from '../sources.js';
import { processIo, type Io } from '../terminal.js';

/** The port tried first; the next free one when it is taken. */
export const DEFAULT_PORT = 4780;
const LOOPBACK = '127.0.0.1';

export interface ServeOptions {
  port?: string;
  host?: string;
  open?: boolean;
  json?: boolean;
}

export interface ServeResult {
  exitCode: number;
  /** The running server (tests stop it); absent when it did not start. */
  server?: RunningServer;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('live preview in the browser: views, diagnostics, simulation')
    .description(
      'Serve a page that shows every view of the model (C4 context and containers, the domain flow, one sequence\n' +
        'per use case), updated on every save of the files, with the diagnostics over the last good diagrams while\n' +
        'the model has errors, and a panel that runs simulations on the server. Listens on 127.0.0.1 only, unless\n' +
        '--host names another address; the page has no authentication. Everything comes from this machine.',
    )
    .argument(...filesArgument)
    .option('--port <n>', `port (default ${DEFAULT_PORT}, or the next free one)`)
    .option('--host <address>', 'listen on this address instead of 127.0.0.1 (the page has no authentication)')
    .option('--open', 'open the page in the browser')
    .option('--json', 'log one JSON line per reload on stderr (with its duration)')
    .addHelpText(
      'after',
      `
Examples:
  $ craft serve examples/ecommerce.craft
  $ craft serve . --port 8080 --open
  $ craft serve model/ --host 0.0.0.0        # reachable from other machines: no authentication!

Stop it with Ctrl-C. Exit status: 0 stopped, 2 usage error (no such file, the port is taken, a bad address).`,
    )
    .action(async (files: string[], options: ServeOptions) => {
      const { server } = await serve(files, options);
      if (server) await untilStopped(server);
    });
}

export async function serve(files: readonly string[], options: ServeOptions, io: Io = processIo()): Promise<ServeResult> {
  return runCommand(io, (io) => run(files, options, io), (exitCode) => ({ exitCode }));
}

async function run(files: readonly string[], options: ServeOptions, io: Io): Promise<ServeResult> {
  const explicitPort = options.port !== undefined;
  const port = explicitPort ? wholeNumber(options.port!, '--port', 0, 65_535) : DEFAULT_PORT;
  const host = options.host ?? LOOPBACK;
  if (host.trim() === '') throw new UsageError('--host: the address is empty');
  // Named once up front, so a missing file is a usage error now, not an overlay later.
  const named = discoverFiles(files, io);
  const [{ startServer, isLoopback, BindError }, { liveWorkbench }] = await Promise.all([import('../../server/index.js'), import('../page-model.js')]);
  const workbench = await liveWorkbench(named, `craft: ${modelName(named.map((path) => ({ path, text: '' })), undefined)}`, io);
  if (!isLoopback(host)) io.stderr.write(`craft serve: warning: listening on ${host}: the page has no authentication; anyone who can reach this address can read the model and run simulations\n`);
  let server: RunningServer;
  try {
    server = await startServer({
      workbench,
      watch: named.map((f) => resolve(io.cwd, f)),
      host,
      hostExplicit: options.host !== undefined,
      port,
      nextFreePort: !explicitPort,
      onReload: (r) => {
        if (options.json) io.stderr.write(`${JSON.stringify({ event: 'reload', version: r.version, ms: Number(r.ms.toFixed(2)), errors: r.errors, warnings: r.warnings, files: r.files })}\n`);
        else if (r.version > 1) io.stderr.write(`reloaded in ${r.ms.toFixed(0)} ms${r.errors > 0 ? `: ${r.errors} error${r.errors === 1 ? '' : 's'} (the page shows them)` : ''}\n`);
      },
    });
  } catch (e) {
    if (e instanceof BindError) throw new UsageError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(explicitPort ? `--port ${port}: the port is taken` : `ports ${port} to ${port + 20} are taken: choose one with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') throw new UsageError(`cannot listen on ${host}:${port} (${code})`);
    throw e;
  }
  io.stdout.write(`craft serve: ${server.url} (${named.join(', ')}; Ctrl-C to stop)\n`);
  if (options.json) io.stderr.write(`${JSON.stringify({ event: 'listening', url: server.url })}\n`);
  if (options.open) openBrowser(server.url, io);
  return { exitCode: ExitCode.ok, server };
}

/** Serves until SIGINT or SIGTERM, then closes the server and the watcher. */
function untilStopped(server: RunningServer): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function openBrowser(url: string, io: Io): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => io.stderr.write(`craft serve: could not open a browser (${command}); open ${url}\n`));
  child.unref();
}
