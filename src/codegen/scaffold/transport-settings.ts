/**
 * How the generated project's messages travel on a broker (NATS JetStream today): the subject, stream and
 * delivery settings of each event, the subject, timeout and retries of each request route, the durable
 * consumer of each (unit, event), and the queue group of each service. The generated
 * `src/transport/settings.ts` is this table, and nothing else decides these values.
 *
 * THE ONE PLACE delivery settings come from: `eventDelivery` (per event) and `routeCall` (per route) read
 * what the Model declares (delivery guarantees, listener retries, call timeouts and retries), and fall back
 * to the defaults below.
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

/**
 * Per event, what the model declares: `[at-least-once, redeliver 2s]` (redelivered after that delay),
 * `[at-most-once]` (delivered once: a lost or failed delivery is not retried), and a listener's
 * `[retry N]` (N more deliveries before the dead-letter subject). An event that declares nothing gets the
 * transport's default: JetStream's durable at-least-once delivery (the simulator's default is at most once:
 * say `[at-most-once]` where that is what the design relies on).
 */
export function eventDelivery(event: EventMessage, project: Project): EventDelivery {
  const declared = project.model.events.find((e) => e.name === event.type);
  const retries = Math.max(0, ...project.model.useCases.flatMap((u) => u.scenarios).map((s) => (s.trigger.kind === 'listen' && s.trigger.event === event.type ? (s.trigger.retries ?? 0) : 0)));
  const maxDeliver = retries > 0 ? retries + 1 : defaultEventDelivery.maxDeliver;
  const delivery = declared?.delivery;
  if (delivery?.kind === 'at-least-once') return { delivery: 'at-least-once', maxDeliver, backoffMs: [delivery.redeliveryMs] };
  if (delivery?.kind === 'at-most-once') return { delivery: 'at-most-once', maxDeliver: 1, backoffMs: [] };
  return retries > 0 ? { ...defaultEventDelivery, maxDeliver } : defaultEventDelivery;
}

/** Per route: the `asks`'s `[timeout T, retry N every D]`, else the defaults. */
export function routeCall(exchange: ServedExchange, project: Project): RouteCall {
  if (exchange.kind !== 'ask') return defaultRouteCall;
  const at = exchange.source;
  for (const u of project.model.useCases) {
    for (const s of u.scenarios) {
      for (const st of s.steps) {
        if (st.kind === 'ask' && st.line === at.line && st.column === at.column && u.source.file === at.file && st.call) {
          return { timeoutMs: st.call.timeoutMs, retries: st.call.retries, retryDelayMs: st.call.retryDelayMs || defaultRouteCall.retryDelayMs };
        }
      }
    }
  }
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
