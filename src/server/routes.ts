/**
 * The server's routes: a fixed set, nothing else. No path is ever mapped to a file, so `/../../etc/passwd`
 * and its encoded forms are simply not found. Requests naming another host are refused (a web page cannot
 * reach the preview through DNS rebinding), and the one route that does work (a simulation) takes only a
 * JSON body, which a page of another origin cannot send without the preflight this server never answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientScript, pageHtml, simulationHtml } from '../page/index.js';
import type { LiveModel } from './live-model.js';
import type { SimulationRequest, Workbench } from './workbench.js';

export interface RouteContext {
  live: LiveModel;
  workbench: Workbench;
  /** The mermaid bundle's text, read once. */
  mermaid: () => string;
  /** `host:port` values a request may name; undefined to accept any (an explicit --host). */
  allowedHosts: ReadonlySet<string> | undefined;
  /** Open event streams, closed when the server stops. */
  streams: Set<ServerResponse>;
}

const security = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const pageCsp = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The most a simulation request may ask in one go: the server answers one request at a time. */
export const simulationLimits = { flows: 5000, runs: 200, bodyBytes: 64 * 1024 } as const;

export async function route(request: IncomingMessage, response: ServerResponse, context: RouteContext): Promise<void> {
  const host = request.headers.host ?? '';
  if (context.allowedHosts && !context.allowedHosts.has(host.toLowerCase())) return send(response, 403, 'text/plain', 'craft serve: this host name is not served here\n');
  const path = (request.url ?? '/').split('?')[0]!;
  const method = request.method ?? 'GET';
  const get = method === 'GET' || method === 'HEAD';
  switch (path) {
    case '/':
    case '/index.html':
      if (!get) return notAllowed(response, 'GET');
      return send(response, 200, 'text/html; charset=utf-8', pageHtml(context.live.page, 'live', { mermaid: { kind: 'src', src: '/mermaid.min.js' }, client: { kind: 'src', src: '/craft.js' } }), { 'content-security-policy': pageCsp });
    case '/craft.js':
      if (!get) return notAllowed(response, 'GET');
      return send(response, 200, 'text/javascript; charset=utf-8', clientScript);
    case '/mermaid.min.js':
      if (!get) return notAllowed(response, 'GET');
      return send(response, 200, 'text/javascript; charset=utf-8', context.mermaid());
    case '/api/state':
      if (!get) return notAllowed(response, 'GET');
      return send(response, 200, 'application/json; charset=utf-8', JSON.stringify(context.live.client()));
    case '/api/events':
      if (!get) return notAllowed(response, 'GET');
      return events(request, response, context);
    case '/api/simulate':
      if (method !== 'POST') return notAllowed(response, 'POST');
      return simulate(request, response, context);
    default:
      return send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
  }
}

function send(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...security, 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function notAllowed(response: ServerResponse, allow: string): void {
  send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { allow });
}

function events(request: IncomingMessage, response: ServerResponse, context: RouteContext): void {
  response.writeHead(200, { ...security, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
  const push = (state: unknown) => response.write(`event: state\ndata: ${JSON.stringify(state)}\n\n`);
  push(context.live.client());
  const unsubscribe = context.live.subscribe(push);
  // A comment now and then keeps proxies and idle timeouts from closing the stream.
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
  context.streams.add(response);
  const done = () => {
    clearInterval(keepAlive);
    unsubscribe();
    context.streams.delete(response);
  };
  request.on('close', done);
  response.on('close', done);
}

async function simulate(request: IncomingMessage, response: ServerResponse, context: RouteContext): Promise<void> {
  const answer = (status: number, value: unknown) => send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return answer(415, { ok: false, error: 'send the request as application/json' });
  let body: string;
  try {
    body = await readBody(request, simulationLimits.bodyBytes);
  } catch (e) {
    return answer(413, { ok: false, error: e instanceof Error ? e.message : String(e) });
  }
  const parsed = simulationRequest(body);
  if (typeof parsed === 'string') return answer(400, { ok: false, error: parsed });
  const model = context.live.model;
  if (!model) return answer(409, { ok: false, error: 'the model has errors and has never compiled: fix them first' });
  const result = await context.workbench.simulate(model, parsed);
  if (!result.ok) return answer(400, result);
  return answer(200, { ok: true, html: simulationHtml(result.simulation), json: result.json });
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error(`the request is larger than ${limit} bytes`));
        request.destroy();
        return;
      }
      chunks.push(c);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The request, checked: a string says what is wrong with it. */
export function simulationRequest(body: string): SimulationRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'the request is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the request is not a JSON object';
  const v = value as Record<string, unknown>;
  const strings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');
  if (!strings(v['useCases']) || (v['useCases'] as string[]).length === 0) return 'choose at least one use case';
  const request: SimulationRequest = { useCases: v['useCases'] as string[] };
  for (const key of ['seed', 'flows', 'runs'] as const) {
    const x = v[key];
    if (x === undefined || x === '') continue;
    if (typeof x !== 'string' && typeof x !== 'number') return `${key}: expected a whole number`;
    request[key] = String(x);
  }
  if (v['faults'] !== undefined) {
    if (!strings(v['faults'])) return 'faults: expected a list of fault specifications';
    request.faults = (v['faults'] as string[]).filter((f) => f.trim() !== '');
  }
  if (request.flows !== undefined && Number(request.flows) > simulationLimits.flows) return `flows: at most ${simulationLimits.flows} here (craft simulate takes more)`;
  if (request.runs !== undefined && Number(request.runs) > simulationLimits.runs) return `runs: at most ${simulationLimits.runs} here (craft simulate takes more)`;
  return request;
}
