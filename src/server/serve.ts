/**
 * craft serve's server: node:http on a loopback address (another only when asked for explicitly), the
 * page and its scripts, a server-sent-event stream of reloads, and a watcher (chokidar, loaded when the
 * server starts) that re-checks the model on every save.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { LiveModel, type Reload } from './live-model.js';
import { route } from './routes.js';
import type { Workbench } from './workbench.js';

export interface ServeOptions {
  workbench: Workbench;
  /** Files and folders to watch; a change to any `.craft` file below them reloads. */
  watch: readonly string[];
  host: string;
  /** True when the host was named by the user: only then may it be other than a loopback address. */
  hostExplicit: boolean;
  port: number;
  /** When the port is taken, try the next ones (up to 20). */
  nextFreePort: boolean;
  onReload?: (reload: Reload) => void;
  /** Milliseconds to wait after a change for more changes (editors write in several steps). */
  debounceMs?: number;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  live: LiveModel;
  /** Resolves once the watcher is ready (every later save reloads). */
  watching: Promise<void>;
  close(): Promise<void>;
}

/** Refused before anything listens: a non-loopback address that was not asked for explicitly. */
export class BindError extends Error {
  override name = 'BindError';
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  if (!isLoopback(options.host) && !options.hostExplicit) throw new BindError(`${options.host} is not a loopback address: name it with --host to serve on it`);
  const live = new LiveModel(options.workbench, options.onReload);
  await live.reload();
  let mermaid: string | undefined;
  const mermaidText = () => (mermaid ??= readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8'));
  const streams = new Set<ServerResponse>();
  const context = { live, workbench: options.workbench, mermaid: mermaidText, allowedHosts: undefined as ReadonlySet<string> | undefined, streams };
  const server = createServer((request, response) => {
    route(request, response, context).catch((e: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`craft serve: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    });
  });
  const port = await listen(server, options.host, options.port, options.nextFreePort ? 20 : 0);
  const shownHost = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  if (isLoopback(options.host) && !options.hostExplicit) {
    context.allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${shownHost}:${port}`]);
  } else if (isLoopback(options.host)) {
    context.allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${shownHost.toLowerCase()}:${port}`]);
  }

  const { watch } = await import('chokidar');
  const watcher = watch([...options.watch], { ignoreInitial: true, ignored: (path, stats) => stats?.isFile() === true && !path.endsWith('.craft') });
  const watching = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void live.reload(), options.debounceMs ?? 15);
  });

  return {
    url: `http://${shownHost}:${port}/`,
    host: options.host,
    port,
    live,
    watching,
    async close() {
      clearTimeout(timer);
      await watcher.close();
      for (const s of streams) s.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function listen(server: Server, host: string, port: number, tries: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const attempt = (p: number, left: number) => {
      const onError = (e: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (e.code === 'EADDRINUSE' && left > 0 && p !== 0) attempt(p + 1, left - 1);
        else reject(e);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(p, host);
    };
    attempt(port, tries);
  });
}
