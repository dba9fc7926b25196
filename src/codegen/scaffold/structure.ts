/**
 * What runs where, from the simulator's scenario plans: the units that handle messages (bounded
 * contexts, services and domains inside; actors and data stores outside), the services that own them
 * (a context without a service goes to a synthetic one named after its domain, or `unassigned`), the
 * events, the exchanges (each `asks`, each external or periodic trigger) and the handlers with their
 * bodies. Names are chosen afterwards (naming.ts).
 */
import type { Model, Operation, Scenario } from '../../compiler/model.js';
import type { Frame, ScenarioPlan } from '../../plan/scenario-plan.js';
import type { Scenarios } from '../../plan/scenarios.js';
import type { Findings } from './findings.js';
import { compare, type Effect, type EventHandler, type Exchange, type ExternalFake, type Message, type RequestHandler, type Service, type Unit } from './project.js';

export class Structure {
  readonly units = new Map<string, Unit>();
  readonly services = new Map<string, Service>();
  readonly events = new Map<string, Message>();
  readonly exchanges: Exchange[] = [];
  readonly eventHandlers = new Map<string, EventHandler>();
  readonly requestHandlers = new Map<Exchange, RequestHandler>();
  readonly contexts: Map<string, Model['contexts'][number]>;
  readonly serviceDecls: Map<string, Model['services'][number]>;
  readonly actors: Map<string, Model['actors'][number]>;
  private readonly domains: Set<string>;
  private readonly eventDecls: Map<string, Model['events'][number]>;
  private readonly exchangeByKey = new Map<string, Exchange>();
  /** What each exchange's server does (see `behaviour`), and its position, for telling variants apart. */
  private readonly signatures = new Map<Exchange, string>();
  private readonly exchangeIndex = new Map<Exchange, number>();
  /** The name an exchange is built from: what is asked, of whom (`base`), and its variant number. */
  readonly bases = new Map<Exchange, { base: string; raw: string; variant: number }>();

  constructor(
    readonly model: Model,
    private readonly catalog: Scenarios,
    private readonly findings: Findings,
  ) {
    this.contexts = new Map(model.contexts.map((c) => [c.id, c]));
    this.serviceDecls = new Map(model.services.map((s) => [s.name, s]));
    this.domains = new Set(model.domains.map((d) => d.name));
    this.actors = new Map(model.actors.map((a) => [a.name, a]));
    this.eventDecls = new Map(model.events.map((e) => [e.name, e]));
  }

  /** Reads the plans: every subscription becomes part of an event handler, every trigger an exchange. */
  build(): this {
    // Declared services first, so each has a folder even when nothing runs there.
    for (const s of this.model.services) this.service(s.name, undefined);
    for (const e of this.model.events) this.event(e.name);

    const { plans, subscriptions } = this.catalog;
    const listened: [Message, Operation][] = [];
    // Event handlers: every subscription, in the model's order for each event.
    for (const [event, subscribers] of subscriptions) {
      subscribers.forEach((plan, order) => {
        if (plan.steps.length === 0 && !this.isUnit(plan.entry)) return;
        const unit = this.unit(plan.entry);
        const key = `${unit.id}\u0000${event}`;
        let h = this.eventHandlers.get(key);
        const t = plan.scenario.trigger;
        const idempotent = t.kind === 'listen' && t.idempotent === true;
        if (!h) {
          h = { unit, event: this.event(event), order, scenarios: [], file: '', idempotent };
          this.eventHandlers.set(key, h);
        } else h.idempotent &&= idempotent;
        if (t.kind === 'listen' && t.operation) listened.push([h.event, t.operation]);
        h.scenarios.push({ id: plan.scenario.id, title: `when ${plan.triggerText}`, effects: this.segment(plan, undefined, unit) });
      });
    }
    // Triggers: each external or periodic trigger is an exchange from outside to its entry.
    for (const plan of plans) {
      const k = plan.scenario.trigger.kind;
      if (k === 'external' || k === 'periodic') this.triggerExchange(plan);
    }
    // A consumer's annotation (`when X listens E [QUEUE orders]`) names the channel when no publisher does.
    for (const [event, op] of listened) event.channel ??= op.text;
    return this;
  }

  // ---- units and services ------------------------------------------------------------------------------

  isUnit(id: string): boolean {
    return this.contexts.has(id) || this.serviceDecls.has(id) || this.domains.has(id) || this.actors.has(id) || this.catalog.concurrent.has(id);
  }

  unit(id: string): Unit {
    let u = this.units.get(id);
    if (u) return u;
    const ctx = this.contexts.get(id);
    if (ctx) {
      u = { id, name: ctx.name, kind: 'context', file: '', ident: '' };
      u.service = ctx.service !== undefined ? this.service(ctx.service, undefined) : this.service(ctx.domain ?? 'unassigned', ctx.domain !== undefined ? 'domain' : 'unassigned');
    } else if (this.serviceDecls.has(id)) {
      u = { id, name: id, kind: 'service', file: '', ident: '' };
      u.service = this.service(id, undefined);
    } else if (this.domains.has(id)) {
      u = { id, name: id, kind: 'domain', file: '', ident: '' };
      u.service = this.service(id, 'domain');
    } else {
      const actor = this.actors.get(id);
      u = { id, name: id, kind: 'external', file: '', ident: '', external: actor ? actor.type : this.catalog.concurrent.has(id) ? 'data store' : 'participant' };
    }
    this.units.set(id, u);
    if (u.service) u.service.units.push(u);
    return u;
  }

  service(name: string, synthetic: Service['synthetic']): Service {
    const key = `${synthetic ?? 'declared'}\u0000${name}`;
    let s = this.services.get(key);
    if (!s) {
      const decl = synthetic ? undefined : this.serviceDecls.get(name);
      s = {
        name,
        ...(synthetic ? { synthetic } : {}),
        ident: '',
        file: '',
        ...(decl?.language !== undefined ? { language: decl.language } : {}),
        units: [],
        eventHandlers: [],
        requestHandlers: [],
        publishes: [],
        asks: [],
        timers: [],
        listens: [],
        ...(decl ? { source: decl.source } : {}),
      };
      this.services.set(key, s);
    }
    return s;
  }

  // ---- messages ------------------------------------------------------------------------------------------

  event(name: string): Message {
    let m = this.events.get(name);
    if (!m) {
      const decl = this.eventDecls.get(name);
      m = {
        kind: 'event',
        type: name,
        ident: '',
        file: '',
        module: '',
        schema: '',
        ...(decl?.schema ? { fields: decl.schema } : {}),
        description: decl?.timer ? `the timer "${name}"` : `the event "${name}"`,
        ...(decl?.timer ? { timer: true } : {}),
        ...(decl?.source ? { source: decl.source } : {}),
      };
      this.events.set(name, m);
    }
    return m;
  }

  // ---- scenario bodies -----------------------------------------------------------------------------------

  /** The effects of the steps that run directly in `frame` (top level: undefined) of a plan. */
  segment(plan: ScenarioPlan, frame: Frame | undefined, unit: Unit): Effect[] {
    const out: Effect[] = [];
    let into = out;
    for (const ps of plan.steps) {
      if (ps.frame !== frame) continue;
      const step = ps.step;
      if (frame === undefined && ps.at !== unit.id && step.kind !== 'internal' && step.kind !== 'return') this.handOver(plan, ps.at, unit, step.line, step.column);
      const text = ps.text;
      switch (step.kind) {
        case 'internal':
          into.push({ kind: 'note', text });
          break;
        case 'return':
          into.push({ kind: 'note', text });
          break;
        case 'ask':
          into.push({ kind: 'request', exchange: this.askExchange(plan, ps.opens!, step.operation), text });
          break;
        case 'notify': {
          const alternatives = step.events.map((e) => this.event(e));
          if (step.operation) for (const a of alternatives) this.channel(a, step.operation, plan, step.line, step.column);
          into.push({ kind: 'publish', event: alternatives[0]!, alternatives, text });
          break;
        }
        case 'schedule':
          into.push({ kind: 'schedule', event: this.event(step.event), delayMs: step.delayMs, delay: step.delay, text });
          break;
        case 'cancel': {
          const c: Effect = { kind: 'cancel', event: this.event(step.event), then: [], text };
          into.push(c);
          into = c.then;
          break;
        }
      }
    }
    return out;
  }

  private channel(event: Message, op: Operation, plan: ScenarioPlan, line: number, column: number): void {
    if (event.channel === undefined) event.channel = op.text;
    else if (event.channel !== op.text) {
      this.findings.report('craft/gen/conflicting-annotation', 'warning', `"${event.type}" is published on [${event.channel}] elsewhere; this [${op.text}] is not used`, { file: plan.file, line, column });
    }
  }

  private readonly handOvers = new Set<string>();

  private handOver(plan: ScenarioPlan, at: string, unit: Unit, line: number, column: number): void {
    const other = this.unit(at);
    if (other.service === unit.service) return;
    const key = `${plan.scenario.id}:${line}`;
    if (this.handOvers.has(key)) return;
    this.handOvers.add(key);
    this.findings.report(
      'craft/gen/hand-over',
      'info',
      `${other.name} takes over from ${unit.name} without a message between them; the generated handler of ${unit.name} does this step`,
      { file: plan.file, line, column },
    );
  }

  private askExchange(plan: ScenarioPlan, frame: Frame, operation: Operation | undefined): Exchange {
    const ask = plan.steps[frame.ask]!;
    const step = ask.step;
    const server = this.unit(frame.callee);
    const body = this.segment(plan, frame, server);
    const closing = plan.steps[frame.end - 1];
    const answer = frame.explicit && closing ? closing.text : undefined;
    const what = step.kind === 'ask' ? step.phrase || step.connector || 'request' : 'request';
    return this.exchange({
      kind: 'ask',
      base: `${server.name} ${what}`,
      title: ask.text,
      ...(operation ? { operation } : {}),
      server,
      caller: this.unit(frame.caller).name,
      body,
      ...(answer !== undefined ? { answer } : {}),
      scenario: plan.scenario,
      file: plan.file,
      line: step.line,
      column: step.column,
    });
  }

  triggerExchange(plan: ScenarioPlan): Exchange {
    const t = plan.scenario.trigger;
    const server = plan.steps.length > 0 ? this.unit(plan.entry) : undefined;
    const body = server ? this.segment(plan, undefined, server) : [];
    const answer = plan.steps.find((s) => s.frame === undefined && s.step.kind === 'return' && s.step.to !== undefined && t.kind === 'external' && s.step.to.id === t.actor.id)?.text;
    return this.exchange({
      kind: 'trigger',
      base: plan.triggerText,
      title: `when ${plan.triggerText}`,
      ...(server ? { server } : {}),
      caller: t.kind === 'external' ? t.actor.name : 'CRON',
      body,
      ...(answer !== undefined ? { answer } : {}),
      scenario: plan.scenario,
      file: plan.file,
      line: plan.scenario.line,
      column: 1,
    });
  }

  /** Finds or makes the exchange; the same request with different server behaviour is a new variant. */
  private exchange(x: {
    kind: Exchange['kind'];
    base: string;
    title: string;
    operation?: Operation;
    server?: Unit;
    caller: string;
    body: Effect[];
    answer?: string;
    scenario: Scenario;
    file: string;
    line: number;
    column: number;
  }): Exchange {
    const identity = `${x.kind}\u0000${x.server?.id ?? ''}\u0000${x.base}\u0000${x.operation?.text ?? ''}`;
    const signature = behaviour(x.body, (e) => this.exchangeIndex.get(e) ?? -1);
    for (let variant = 1; ; variant++) {
      const key = `${identity}\u0000${variant}`;
      const found = this.exchangeByKey.get(key);
      if (found) {
        if (this.signatures.get(found) !== signature) continue;
        if (!found.scenarios.includes(x.scenario.id)) found.scenarios.push(x.scenario.id);
        return found;
      }
      if (variant > 1) {
        const first = this.exchangeByKey.get(`${identity}\u00001`)!;
        this.findings.report(
          'craft/gen/request-variants',
          'info',
          `'${x.title}' does something else here than in ${first.scenarios[0]}; it becomes a separate ${x.kind === 'ask' ? 'request' : 'trigger'} ('${x.base} ${variant}')`,
          { file: x.file, line: x.line, column: x.column },
        );
      }
      const request: Message = { kind: 'request', type: '', ident: '', file: '', module: '', schema: '', description: x.kind === 'ask' ? `the request of "${x.title}"` : `the trigger "${x.title}"` };
      const response: Message = { kind: 'response', type: '', ident: '', file: '', module: '', schema: '', description: `the response to ${x.kind === 'ask' ? `"${x.title}"` : `the trigger "${x.title}"`}` };
      const e: Exchange = {
        kind: x.kind,
        title: x.title,
        ident: '',
        file: '',
        request,
        response,
        route: '',
        ...(x.operation ? { operation: x.operation } : {}),
        ...(x.server ? { server: x.server } : {}),
        caller: x.caller,
        body: x.body,
        ...(x.answer !== undefined ? { answer: x.answer } : {}),
        scenarios: [x.scenario.id],
        source: { file: x.file, line: x.line, column: x.column },
      };
      request.exchange = e;
      response.exchange = e;
      this.exchangeByKey.set(key, e);
      this.signatures.set(e, signature);
      this.bases.set(e, { base: `${x.kind}\u0000${x.server?.id ?? ''}\u0000${x.base}`, raw: x.base, variant });
      this.exchangeIndex.set(e, this.exchanges.length);
      this.exchanges.push(e);
      if (x.server) this.requestHandlers.set(e, { unit: x.server, exchange: e, file: '' });
      return e;
    }
  }

  // ---- assembly ------------------------------------------------------------------------------------------

  allMessages(): Message[] {
    const out: Message[] = [...this.events.values()];
    for (const e of this.exchanges) if (e.server) out.push(e.request, e.response);
    return out.sort((a, b) => compare(a.file, b.file) || compare(a.kind, b.kind));
  }

  subscriberLists(): Map<string, EventHandler[]> {
    const byEvent = new Map<string, EventHandler[]>();
    for (const h of this.eventHandlers.values()) {
      let list = byEvent.get(h.event.type);
      if (!list) byEvent.set(h.event.type, (list = []));
      list.push(h);
    }
    for (const list of byEvent.values()) list.sort((a, b) => a.order - b.order);
    return byEvent;
  }

  fakes(): ExternalFake[] {
    const byUnit = new Map<Unit, ExternalFake>();
    const fake = (u: Unit) => {
      let f = byUnit.get(u);
      if (!f) byUnit.set(u, (f = { unit: u, eventHandlers: [], requestHandlers: [] }));
      return f;
    };
    for (const h of this.eventHandlers.values()) if (!h.unit.service) fake(h.unit).eventHandlers.push(h);
    for (const h of this.requestHandlers.values()) if (!h.unit.service) fake(h.unit).requestHandlers.push(h);
    const out = [...byUnit.values()].sort((a, b) => compare(a.unit.file, b.unit.file));
    for (const f of out) {
      f.eventHandlers.sort((a, b) => compare(a.file, b.file));
      f.requestHandlers.sort((a, b) => compare(a.file, b.file));
    }
    return out;
  }

  fillServices(services: readonly Service[]): void {
    for (const h of this.eventHandlers.values()) h.unit.service?.eventHandlers.push(h);
    for (const h of this.requestHandlers.values()) h.unit.service?.requestHandlers.push(h);
    for (const s of services) {
      s.eventHandlers.sort((a, b) => compare(a.file, b.file));
      s.requestHandlers.sort((a, b) => compare(a.file, b.file));
      s.units.sort((a, b) => compare(a.file, b.file));
      const publishes = new Set<Message>();
      const asks = new Set<Exchange>();
      const timers = new Set<Message>();
      const visit = (effects: readonly Effect[]) => {
        for (const e of effects) {
          if (e.kind === 'publish') for (const a of e.alternatives) publishes.add(a);
          else if (e.kind === 'request') asks.add(e.exchange);
          else if (e.kind === 'schedule') timers.add(e.event);
          else if (e.kind === 'cancel') {
            timers.add(e.event);
            visit(e.then);
          }
        }
      };
      for (const h of s.eventHandlers) for (const sc of h.scenarios) visit(sc.effects);
      for (const h of s.requestHandlers) visit(h.exchange.body);
      s.publishes = [...publishes].sort((a, b) => compare(a.ident, b.ident));
      s.asks = [...asks].sort((a, b) => compare(a.ident, b.ident));
      s.timers = [...timers].sort((a, b) => compare(a.ident, b.ident));
      s.listens = [...new Set(s.eventHandlers.map((h) => h.event))].sort((a, b) => compare(a.ident, b.ident));
    }
  }
}

/** What a server does, for telling request variants apart: its effects without the notes. */
function behaviour(effects: readonly Effect[], idOf: (e: Exchange) => number): string {
  const parts: string[] = [];
  const walk = (es: readonly Effect[]) => {
    for (const e of es) {
      switch (e.kind) {
        case 'note':
          break;
        case 'request':
          parts.push(`ask:${idOf(e.exchange)}`);
          break;
        case 'publish':
          parts.push(`pub:${e.alternatives.map((a) => a.type).join('|')}`);
          break;
        case 'schedule':
          parts.push(`set:${e.event.type}:${e.delayMs}`);
          break;
        case 'cancel':
          parts.push(`cancel:${e.event.type}{`);
          walk(e.then);
          parts.push('}');
          break;
      }
    }
  };
  walk(effects);
  return parts.join('\n');
}

