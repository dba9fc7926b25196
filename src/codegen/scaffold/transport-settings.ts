/**
 * How the generated project's messages travel on a broker (NATS JetStream today): the subject, stream and
 * delivery settings of each event, the subject, timeout and retries of each request route, the durable
 * consumer of each (unit, event), and the queue group of each service. The generated
 * `src/transport/settings.ts` is this table, and nothing else decides these values.
 *
 * THE ONE PLACE delivery settings come from: `eventDelivery` (per event) and `routeCall` (per route) return
 * the defaults below today; when the Model says more (call timeouts and retries on `asks`, at-least-once or
 * at-most-once per event, consumer retries with a dead-letter queue), fill them in there.
 *
 * Every name from the model is sanitised before it becomes a subject token, a stream, a consumer or a KV
 * key: tokens are the project's file names (lower-kebab ASCII, unique per kind, at most 80 characters; no
 * space, `.`, `*`, `>`), stream names are upper snake ASCII.
 */
import { capped, fileName } from './safe-names.js';
import { compare, type EventMessage, type Project, type ServedExchange } from './project.js';

export type Delivery = 'at-least-once' | 'at-most-once';

/** What happens to an event's deliveries. */
export interface EventDelivery {
  delivery: Delivery;
  /** Deliveries of one message to one consumer before it goes to the dead-letter subject. */
  maxDeliver: number;
  /** Delay before the n-th redelivery (the last one repeats). */
  backoffMs: readonly number[];
}

/** How a request is made. */
export interface RouteCall {
  timeoutMs: number;
  /** Further attempts after a timeout or no responder (not after an error the server answered with). */
  retries: number;
  retryDelayMs: number;
}

export const defaultEventDelivery: EventDelivery = { delivery: 'at-least-once', maxDeliver: 5, backoffMs: [200, 1000, 5000] };
export const defaultRouteCall: RouteCall = { timeoutMs: 5000, retries: 0, retryDelayMs: 200 };

/** Per event: today the defaults (the Model has no delivery guarantees or consumer retries yet). */
export function eventDelivery(_event: EventMessage, _project: Project): EventDelivery {
  return defaultEventDelivery;
}

/** Per route: today the defaults (the Model has no call timeouts or retries on `asks` yet). */
export function routeCall(_exchange: ServedExchange, _project: Project): RouteCall {
  return defaultRouteCall;
}

export interface EventSettings extends EventDelivery {
  type: string;
  /** Subject token: the event's file name. */
  token: string;
  subject: string;
  stream: string;
  timer: boolean;
}

export interface RouteSettings extends RouteCall {
  route: string;
  subject: string;
  /** The queue group: replicas of the serving service share its requests. */
  queue: string;
  server: string;
}

export interface UnitSettings {
  id: string;
  token: string;
  /** The service token (its folder), or `outside` for actors and data stores (the tests' fakes). */
  service: string;
}

export interface StreamSettings {
  name: string;
  subjects: string[];
}

export interface TransportSettings {
  /** First token of every subject; also the stream and bucket name stem. */
  prefix: string;
  /** The model's stream: its events, timers and dead letters. */
  stream: string;
  streams: StreamSettings[];
  events: EventSettings[];
  routes: RouteSettings[];
  units: UnitSettings[];
  /** KV buckets: durable timers, and what idempotent consumers handled. */
  timerBucket: string;
  handledBucket: string;
}

/** A channel annotation that places an event on the broker: `[TOPIC x]`, `[QUEUE x]`, `[STREAM x]`. */
export function brokerChannel(channel: string | undefined): { kind: 'topic' | 'queue' | 'stream'; name: string } | undefined {
  const m = /^(TOPIC|QUEUE|STREAM)\s+(.+)$/i.exec(channel?.trim() ?? '');
  if (!m) return undefined;
  return { kind: m[1]!.toLowerCase() as 'topic' | 'queue' | 'stream', name: m[2]! };
}

/** A subject token: lower-kebab ASCII, never empty, no `.`, `*`, `>` or space. */
export function subjectToken(raw: string): string {
  return fileName(raw);
}

/** A stream or bucket name: upper snake ASCII ([A-Z0-9_]), at most 64 characters. */
export function streamName(raw: string): string {
  return capped(fileName(raw), 60, raw).toUpperCase().replace(/-/g, '_');
}

export function transportSettings(project: Project, name: string): TransportSettings {
  const prefix = subjectToken(name);
  const stream = streamName(name);
  const streams = new Map<string, string[]>([[stream, []]]);
  const events = [...project.messages]
    .filter((m): m is EventMessage => m.kind === 'event')
    .sort((a, b) => compare(a.file, b.file))
    .map((m): EventSettings => {
      const channel = brokerChannel(m.channel);
      const token = m.file;
      let subject = `${prefix}.event.${token}`;
      let own = stream;
      if (channel?.kind === 'topic' || channel?.kind === 'queue') subject = `${prefix}.${channel.kind}.${subjectToken(channel.name)}.${token}`;
      else if (channel?.kind === 'stream') {
        own = `${stream}_${streamName(channel.name)}`.slice(0, 120);
        subject = `${prefix}.stream.${subjectToken(channel.name)}.${token}`;
      }
      const list = streams.get(own) ?? [];
      list.push(subject);
      streams.set(own, list);
      return { type: m.type, token, subject, stream: own, timer: m.timer, ...eventDelivery(m, project) };
    });
  streams.get(stream)!.push(`${prefix}.timer.>`, `${prefix}.dead.>`);
  const routes = project.exchanges
    .filter((e): e is ServedExchange => e.server !== undefined)
    .sort((a, b) => compare(a.file, b.file))
    .map((e): RouteSettings => ({
      route: e.route,
      subject: `${prefix}.rpc.${e.file}`,
      queue: e.server.kind === 'external' ? 'outside' : e.server.service.file,
      server: e.server.id,
      ...routeCall(e, project),
    }));
  const units = [...project.units]
    .sort((a, b) => compare(a.file, b.file))
    .map((u): UnitSettings => ({ id: u.id, token: u.file, service: u.kind === 'external' ? 'outside' : u.service.file }));
  return {
    prefix,
    stream,
    streams: [...streams].map(([n, subjects]) => ({ name: n, subjects })).sort((a, b) => compare(a.name, b.name)),
    events,
    routes,
    units,
    timerBucket: `${stream}_TIMERS`,
    handledBucket: `${stream}_HANDLED`,
  };
}
