/**
 * The named project (project.ts) from the structure (structure.ts: what runs where, no names) and the
 * names chosen for it (project-names.ts): one named record per structural one, every name set when it is
 * made, and the collections that depend on names (a service's handlers and client, the fakes, the
 * messages, the subscribers) in the order of those names.
 */
import { forEachEffect, mapEffects } from './effects.js';
import { exchangeSchema, handlerFile, requestModule, type Names } from './project-names.js';
import {
  compare,
  type Ask,
  type Effect,
  type EventHandler,
  type EventMessage,
  type Exchange,
  type ExchangeMessage,
  type ExternalFake,
  type ExternalUnit,
  type Message,
  type RequestHandler,
  type Service,
  type ServedExchange,
  type ServedTrigger,
  type Unit,
} from './project.js';
import type { AskShape, EventShape, ServedShape, ServiceShape, UnitShape } from './shapes.js';
import type { Structure } from './structure.js';

export interface Assembly {
  messages: Message[];
  exchanges: Exchange[];
  services: Service[];
  externals: ExternalFake[];
  units: Unit[];
  /** Event name → its handlers in delivery order. */
  subscribers: Map<string, EventHandler[]>;
}

export function assemble(structure: Structure, names: Names): Assembly {
  const services = new Map<ServiceShape, Service>();
  for (const s of structure.services.values()) services.set(s, service(s, names));
  const units = new Map<UnitShape, Unit>();
  for (const u of structure.units.values()) units.set(u, unit(u, names, services));
  const events = new Map<EventShape, EventMessage>();
  for (const e of structure.events.values()) events.set(e, event(e, names));
  const eventOf = (e: EventShape) => named(events, e);

  // Exchanges, in the order they were made: an ask's body only refers to asks made before it.
  const asks = new Map<AskShape, Ask>();
  const askOf = (x: AskShape) => named(asks, x);
  const exchanges = structure.exchanges.map((x): Exchange => {
    const n = names.exchange(x);
    const common = { title: x.title, ident: n.ident, file: n.file, route: n.route, caller: x.caller, scenarios: [...x.scenarios], source: x.source };
    if (!x.server) return { kind: 'trigger', ...common };
    const server = named(units, x.server);
    const body = mapEffects(x.body, eventOf, askOf);
    const answer = x.answer !== undefined ? { answer: x.answer } : {};
    // The exchange and its messages refer to each other: the messages read it through a getter.
    if (x.kind === 'trigger') {
      const trigger: ServedTrigger = { kind: 'trigger', ...common, server, ...contracts(x, n, server, () => trigger), body, ...answer };
      return trigger;
    }
    const ask: Ask = { kind: 'ask', ...common, ...(x.operation ? { operation: x.operation } : {}), server, ...contracts(x, n, server, () => ask), body, ...answer };
    asks.set(x, ask);
    return ask;
  });
  const served = exchanges.filter((e): e is ServedExchange => e.server !== undefined);

  const eventHandlers = [...structure.eventHandlers.values()].map((h): EventHandler => {
    const u = named(units, h.unit);
    const event = eventOf(h.event);
    return {
      unit: u,
      event,
      order: h.order,
      scenarios: h.scenarios.map((s) => ({ id: s.id, title: s.title, effects: mapEffects(s.effects, eventOf, askOf) })),
      file: handlerFile(u, event),
      idempotent: h.idempotent,
    };
  });
  const requestHandlers = served.map((e): RequestHandler => ({ unit: e.server, exchange: e, file: handlerFile(e.server, e) }));

  const sorted = [...services.values()].sort((a, b) => compare(a.file, b.file));
  fillServices(sorted, eventHandlers, requestHandlers);
  const messages: Message[] = [...events.values()];
  for (const e of served) messages.push(e.request, e.response);
  return {
    messages: messages.sort((a, b) => compare(a.file, b.file) || compare(a.kind, b.kind)),
    exchanges,
    services: sorted,
    externals: fakes(eventHandlers, requestHandlers),
    units: [...units.values()],
    subscribers: subscriberLists(eventHandlers),
  };
}

function service(s: ServiceShape, names: Names): Service {
  return {
    name: s.name,
    ...(s.synthetic ? { synthetic: s.synthetic } : {}),
    ...names.service(s),
    ...(s.language !== undefined ? { language: s.language } : {}),
    units: [],
    eventHandlers: [],
    requestHandlers: [],
    publishes: [],
    asks: [],
    timers: [],
    listens: [],
    ...(s.source ? { source: s.source } : {}),
  };
}

function unit(u: UnitShape, names: Names, services: ReadonlyMap<ServiceShape, Service>): Unit {
  const common = { id: u.id, name: u.name, ...names.unit(u) };
  if (u.kind === 'external') return { ...common, kind: 'external', external: u.external };
  const s = named(services, u.service);
  const internal: Unit = { ...common, kind: u.kind, service: s };
  s.units.push(internal);
  return internal;
}

/** The named record of a structural one (made before it is asked for). */
function named<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const v = map.get(key);
  if (v === undefined) throw new Error('craft gen: a record of the structure was not assembled');
  return v;
}

function event(e: EventShape, names: Names): EventMessage {
  const n = names.event(e);
  return {
    kind: 'event',
    type: e.type,
    ident: n.ident,
    file: n.file,
    module: n.file,
    schema: n.file,
    ...(e.fields ? { fields: e.fields } : {}),
    description: e.description,
    timer: e.timer,
    ...(e.channel !== undefined ? { channel: e.channel } : {}),
    ...(e.source ? { source: e.source } : {}),
  };
}

/** The request and response of a served exchange, in the module of the requests its server answers. */
function contracts(x: ServedShape, n: ReturnType<Names['exchange']>, server: Unit, exchange: () => ServedExchange): { request: ExchangeMessage; response: ExchangeMessage } {
  const message = (kind: 'request' | 'response', type: string, description: string): ExchangeMessage => ({
    kind,
    type,
    ident: type,
    file: n.file,
    module: requestModule(server),
    schema: exchangeSchema(n, kind),
    description,
    get exchange() {
      return exchange();
    },
  });
  const what = x.kind === 'ask' ? `"${x.title}"` : `the trigger "${x.title}"`;
  return {
    request: message('request', n.request, x.kind === 'ask' ? `the request of "${x.title}"` : `the trigger "${x.title}"`),
    response: message('response', n.response, `the response to ${what}`),
  };
}

/** Each service's handlers and units, and what its client may do, sorted by name. */
function fillServices(services: readonly Service[], eventHandlers: readonly EventHandler[], requestHandlers: readonly RequestHandler[]): void {
  for (const h of eventHandlers) if (h.unit.kind !== 'external') h.unit.service.eventHandlers.push(h);
  for (const h of requestHandlers) if (h.unit.kind !== 'external') h.unit.service.requestHandlers.push(h);
  for (const s of services) {
    s.eventHandlers.sort((a, b) => compare(a.file, b.file));
    s.requestHandlers.sort((a, b) => compare(a.file, b.file));
    s.units.sort((a, b) => compare(a.file, b.file));
    const publishes = new Set<EventMessage>();
    const asks = new Set<Ask>();
    const timers = new Set<EventMessage>();
    const visit = (e: Effect) => {
      if (e.kind === 'publish') for (const a of e.alternatives) publishes.add(a);
      else if (e.kind === 'request') asks.add(e.exchange);
      else if (e.kind === 'schedule' || e.kind === 'cancel') timers.add(e.event);
    };
    for (const h of s.eventHandlers) for (const sc of h.scenarios) forEachEffect(sc.effects, visit);
    for (const h of s.requestHandlers) forEachEffect(h.exchange.body, visit);
    s.publishes = [...publishes].sort((a, b) => compare(a.ident, b.ident));
    s.asks = [...asks].sort((a, b) => compare(a.ident, b.ident));
    s.timers = [...timers].sort((a, b) => compare(a.ident, b.ident));
    s.listens = [...new Set(s.eventHandlers.map((h) => h.event))].sort((a, b) => compare(a.ident, b.ident));
  }
}

/** The fakes of the outside world: the handlers of external units, by unit. */
function fakes(eventHandlers: readonly EventHandler[], requestHandlers: readonly RequestHandler[]): ExternalFake[] {
  const byUnit = new Map<ExternalUnit, ExternalFake>();
  const fake = (u: ExternalUnit) => {
    let f = byUnit.get(u);
    if (!f) byUnit.set(u, (f = { unit: u, eventHandlers: [], requestHandlers: [] }));
    return f;
  };
  for (const h of eventHandlers) if (h.unit.kind === 'external') fake(h.unit).eventHandlers.push(h);
  for (const h of requestHandlers) if (h.unit.kind === 'external') fake(h.unit).requestHandlers.push(h);
  const out = [...byUnit.values()].sort((a, b) => compare(a.unit.file, b.unit.file));
  for (const f of out) {
    f.eventHandlers.sort((a, b) => compare(a.file, b.file));
    f.requestHandlers.sort((a, b) => compare(a.file, b.file));
  }
  return out;
}

/** Event name → its handlers, in delivery order. */
function subscriberLists(eventHandlers: readonly EventHandler[]): Map<string, EventHandler[]> {
  const byEvent = new Map<string, EventHandler[]>();
  for (const h of eventHandlers) {
    let list = byEvent.get(h.event.type);
    if (!list) byEvent.set(h.event.type, (list = []));
    list.push(h);
  }
  for (const list of byEvent.values()) list.sort((a, b) => a.order - b.order);
  return byEvent;
}
