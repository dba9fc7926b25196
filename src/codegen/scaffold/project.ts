/**
 * The generated project as data: Model (plus the simulator's scenario plans) → messages, exchanges,
 * services, handlers and use-case tests, with every name chosen. Rendering only lays this out.
 *
 * - Units are the participants that handle messages: bounded contexts, services and domains (internal:
 *   they get handler stubs in a service folder) and actors and data stores (external: they get fakes in
 *   the generated tests). A context without a service is grouped under a synthetic service named after its
 *   domain, or `unassigned`.
 * - Each scenario that starts on an event becomes part of the handler of (its entry unit, that event);
 *   each `asks` becomes an exchange (request + response) served by the callee, whose handler does the
 *   callee's lines up to its `returns`; each external or periodic trigger becomes an exchange from the
 *   outside world to the unit where its scenario starts. Where steps run comes from the simulator's plans.
 */
import type { Field, Model, Operation, RecordType, Scenario, SourceRef, UseCase } from '../../compiler/model.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Frame, Prediction, ScenarioCatalog, ScenarioPlan } from '../../simulator/predict.js';
import { camelCase, commentText, fileName, fileNamespace, identifierNamespace, pascalCase, type Claim, type Namespace } from './names.js';
import type { RecordNames } from './fields.js';

export type UnitKind = 'context' | 'service' | 'domain' | 'external';

export interface Unit {
  /** The participant id (`Order/OrderManagement`, `OrderService`, `PaymentGateway`). */
  id: string;
  name: string;
  kind: UnitKind;
  /** Kebab file-name part, unique among units. */
  file: string;
  /** PascalCase, unique among units. */
  ident: string;
  /** For an internal unit: its service. */
  service?: Service;
  /** For an external unit: `system`, `user`, `data store`... */
  external?: string;
}

export interface Message {
  kind: 'event' | 'request' | 'response';
  /** The `type` of its envelopes: the event name, or the request/response type identifier. */
  type: string;
  /** TypeScript type identifier (unique among the contract types). */
  ident: string;
  /** The contract file name (unique among events and exchanges): events' module, schemas, AsyncAPI keys. */
  file: string;
  /** The module that defines it, under src/contracts: `<file>` for an event, `requests/<server>` for a request or response. */
  module: string;
  /** The JSON Schema file name (`schemas/<schema>.json`). */
  schema: string;
  /** Declared fields; absent: an open payload. */
  fields?: readonly Field[];
  description: string;
  /** Events: scheduled as a timer somewhere. */
  timer?: boolean;
  /** Events: the `[TOPIC ...]` (or other) annotation of a step that publishes it. */
  channel?: string;
  source?: SourceRef;
  /** Requests and responses: the exchange. */
  exchange?: Exchange;
}

export type Effect =
  | { kind: 'note'; text: string }
  | { kind: 'request'; exchange: Exchange; text: string }
  | { kind: 'publish'; event: Message; alternatives: Message[]; text: string }
  | { kind: 'schedule'; event: Message; delayMs: number; delay: string; text: string }
  | { kind: 'cancel'; event: Message; then: Effect[]; text: string };

export interface Exchange {
  kind: 'ask' | 'trigger';
  /** What it is, as the model says it: `OrderManagement asks StockManagement to check availability`. */
  title: string;
  /** Identifier base (`StockManagementCheckAvailability`), unique among contract types. */
  ident: string;
  file: string;
  request: Message;
  response: Message;
  /** The route the request travels on: the operation annotation's text when there is one. */
  route: string;
  operation?: Operation;
  /** Who answers; absent when nothing runs there (a trigger of a scenario without steps). */
  server?: Unit;
  /** Who asks: the asking unit, or the actor (or `CRON`) of a trigger. */
  caller: string;
  /** What the server does, in order (its lines up to its `returns`). */
  body: Effect[];
  /** The `returns` line that answers, if any. */
  answer?: string;
  scenarios: string[];
  source: SourceRef;
}

export interface ScenarioBody {
  id: string;
  /** `when OrderManagement listens "Payment Processed"` */
  title: string;
  effects: Effect[];
}

export interface EventHandler {
  unit: Unit;
  event: Message;
  /** Position of its first scenario among the event's subscribers in the model: the delivery order. */
  order: number;
  scenarios: ScenarioBody[];
  /** Kebab file name of the stub (`<unit>.<event>`). */
  file: string;
  /** `when X listens E [idempotent]` (every scenario of it): handles an event once per flow. */
  idempotent: boolean;
}

export interface RequestHandler {
  unit: Unit;
  exchange: Exchange;
  file: string;
}

export interface Service {
  name: string;
  /** Absent for a declared service; why it was made up otherwise. */
  synthetic?: 'domain' | 'unassigned';
  ident: string;
  file: string;
  language?: string;
  units: Unit[];
  eventHandlers: EventHandler[];
  requestHandlers: RequestHandler[];
  /** What its client may do (union over its handlers), sorted by identifier. */
  publishes: Message[];
  asks: Exchange[];
  timers: Message[];
  /** Events it listens to (AsyncAPI receive operations). */
  listens: Message[];
  source?: SourceRef;
}

export interface ExternalFake {
  unit: Unit;
  eventHandlers: EventHandler[];
  requestHandlers: RequestHandler[];
}

export interface Trigger {
  exchange: Exchange;
  /** Virtual ms since the start of the run at which the simulator performed it. */
  time: number;
  text: string;
}

export interface UseCaseTest {
  useCase: UseCase;
  file: string;
  prediction: Prediction;
  triggers: Trigger[];
  /** `exact`: the handlers reproduce the prediction; `unordered`: the same events in another order; `skip`. */
  mode: 'exact' | 'unordered' | 'skip';
  /** What the default handlers publish (the replay), when it differs from the prediction. */
  replayed?: string[];
  reason?: string;
}

export interface RecordView {
  record: RecordType;
  ident: string;
  /** ASCII key of its schema (`$defs`, AsyncAPI components). */
  key: string;
}

export interface Project {
  model: Model;
  messages: Message[];
  records: RecordView[];
  exchanges: Exchange[];
  services: Service[];
  externals: ExternalFake[];
  units: Unit[];
  /** Event name → its handlers in delivery order. */
  subscribers: Map<string, EventHandler[]>;
  tests: UseCaseTest[];
  recordNames: RecordNames;
  diagnostics: Diagnostic[];
  /** Adds a finding at a place in the model's sources. */
  report(code: string, severity: Diagnostic['severity'], message: string, at: SourceRef): void;
}

/** Contract module and schema names the generated project uses itself. */
export const reservedContractFiles = ['index', 'validation', 'records', 'envelope', 'examples', 'requests'];

export interface ProjectInput {
  model: Model;
  catalog: ScenarioCatalog;
  /** The simulator's prediction of a use case (by slug). */
  predict: (slug: string) => Prediction;
  /** Source texts by path, for diagnostic offsets (optional). */
  sources?: ReadonlyMap<string, string>;
  /** Build the use-case tests (runs the simulator once per use case); default true. */
  tests?: boolean;
}

/** Builds the project view. The replay check (`tests[].mode`) is filled in by `checkReplays`. */
export function buildProject(input: ProjectInput): Project {
  return new ProjectBuilder(input).build();
}

class ProjectBuilder {
  private readonly model: Model;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly units = new Map<string, Unit>();
  private readonly services = new Map<string, Service>();
  private readonly events = new Map<string, Message>();
  private readonly exchanges: Exchange[] = [];
  private readonly exchangeByKey = new Map<string, Exchange>();
  private readonly eventHandlers = new Map<string, EventHandler>();
  private readonly requestHandlers = new Map<Exchange, RequestHandler>();
  private readonly contexts: Map<string, Model['contexts'][number]>;
  private readonly serviceDecls: Map<string, Model['services'][number]>;
  private readonly domains: Set<string>;
  private readonly actors: Map<string, Model['actors'][number]>;
  private readonly eventDecls: Map<string, Model['events'][number]>;
  private readonly lineStarts = new Map<string, number[]>();

  constructor(private readonly input: ProjectInput) {
    this.model = input.model;
    this.contexts = new Map(this.model.contexts.map((c) => [c.id, c]));
    this.serviceDecls = new Map(this.model.services.map((s) => [s.name, s]));
    this.domains = new Set(this.model.domains.map((d) => d.name));
    this.actors = new Map(this.model.actors.map((a) => [a.name, a]));
    this.eventDecls = new Map(this.model.events.map((e) => [e.name, e]));
  }

  build(): Project {
    const model = this.model;
    // Declared services first, so each has a folder even when nothing runs there.
    for (const s of model.services) this.service(s.name, undefined);
    for (const e of model.events) this.event(e.name);

    const { plans, subscriptions } = this.input.catalog;
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

    this.name();
    const project: Project = {
      model,
      messages: this.allMessages(),
      records: this.recordViews,
      exchanges: this.exchanges,
      services: [...this.services.values()].sort((a, b) => compare(a.file, b.file)),
      externals: this.fakes(),
      units: [...this.units.values()],
      subscribers: this.subscriberLists(),
      tests: this.input.tests === false ? [] : this.tests(),
      recordNames: this.recordNames,
      diagnostics: this.diagnostics,
      report: (code, severity, message, at) => this.report(code, severity, message, at.file, at.line, at.column),
    };
    this.fillServices(project);
    return project;
  }

  // ---- units and services ------------------------------------------------------------------------------

  private isUnit(id: string): boolean {
    return this.contexts.has(id) || this.serviceDecls.has(id) || this.domains.has(id) || this.actors.has(id) || this.input.catalog.concurrent.has(id);
  }

  private unit(id: string): Unit {
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
      u = { id, name: id, kind: 'external', file: '', ident: '', external: actor ? actor.type : this.input.catalog.concurrent.has(id) ? 'data store' : 'participant' };
    }
    this.units.set(id, u);
    if (u.service) u.service.units.push(u);
    return u;
  }

  private service(name: string, synthetic: Service['synthetic']): Service {
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

  private event(name: string): Message {
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
  private segment(plan: ScenarioPlan, frame: Frame | undefined, unit: Unit): Effect[] {
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
      this.report('craft/gen/conflicting-annotation', 'warning', `"${event.type}" is published on [${event.channel}] elsewhere; this [${op.text}] is not used`, plan.file, line, column);
    }
  }

  private readonly handOvers = new Set<string>();

  private handOver(plan: ScenarioPlan, at: string, unit: Unit, line: number, column: number): void {
    const other = this.unit(at);
    if (other.service === unit.service) return;
    const key = `${plan.scenario.id}:${line}`;
    if (this.handOvers.has(key)) return;
    this.handOvers.add(key);
    this.report(
      'craft/gen/hand-over',
      'info',
      `${other.name} takes over from ${unit.name} without a message between them; the generated handler of ${unit.name} does this step`,
      plan.file,
      line,
      column,
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

  private triggerExchange(plan: ScenarioPlan): Exchange {
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
        this.report(
          'craft/gen/request-variants',
          'info',
          `'${x.title}' does something else here than in ${first.scenarios[0]}; it becomes a separate ${x.kind === 'ask' ? 'request' : 'trigger'} ('${x.base} ${variant}')`,
          x.file,
          x.line,
          x.column,
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

  private readonly signatures = new Map<Exchange, string>();
  private readonly exchangeIndex = new Map<Exchange, number>();
  /** The name an exchange is built from: what is asked, of whom (`base`), and its variant number. */
  private readonly bases = new Map<Exchange, { base: string; raw: string; variant: number }>();

  /**
   * The model name of an exchange: `<callee> <what is asked>` (or the trigger's text); its annotation
   * too when the same thing is asked of the same callee on several routes; ` 2`, ` 3` for variants that
   * do different things.
   */
  private rawName(e: Exchange, operations: Map<string, Set<string>>): string {
    const b = this.bases.get(e)!;
    const several = (operations.get(b.base)?.size ?? 0) > 1;
    return `${b.raw}${several && e.operation ? ` ${e.operation.text}` : ''}${b.variant > 1 ? ` ${b.variant}` : ''}`;
  }

  // ---- names ---------------------------------------------------------------------------------------------

  private recordViews: RecordView[] = [];
  private recordNames!: RecordNames;

  /** Chooses every name, in sorted order of the model names so that the result depends only on them. */
  private name(): void {
    const types = identifierNamespace(pascalCase);
    const files = fileNamespace(reservedContractFiles);
    const records = new Map(this.model.records.map((r) => [r.name, r]));
    const typeClaims: { raw: string; id: string; set: (c: Claim) => void; source?: SourceRef; what: string }[] = [];
    const fileClaims: { raw: string; id: string; set: (c: Claim) => void; source?: SourceRef; what: string }[] = [];

    const recordIdents = new Map<string, string>();
    for (const r of this.model.records) {
      typeClaims.push({ raw: r.name, id: `record\u0000${r.name}`, set: (c) => recordIdents.set(r.name, c.name), source: r.source, what: `record type '${r.name}'` });
    }
    for (const m of this.events.values()) {
      typeClaims.push({ raw: m.type, id: `event\u0000${m.type}`, set: (c) => (m.ident = c.name), ...src(m.source), what: `event '${m.type}'` });
      fileClaims.push({ raw: m.type, id: `event\u0000${m.type}`, set: (c) => (m.file = m.schema = m.module = c.name), ...src(m.source), what: `event '${m.type}'` });
    }
    const operations = new Map<string, Set<string>>();
    for (const e of this.exchanges) {
      const b = this.bases.get(e)!.base;
      let set = operations.get(b);
      if (!set) operations.set(b, (set = new Set()));
      set.add(e.operation?.text ?? '');
    }
    this.exchanges.forEach((e, i) => {
      const raw = this.rawName(e, operations);
      const id = `exchange\u0000${i}`;
      const what = e.kind === 'ask' ? `request '${e.title}'` : `trigger '${e.title}'`;
      typeClaims.push({ raw, id, set: (c) => (e.ident = c.name), source: e.source, what });
      typeClaims.push({ raw: `${raw} Request`, id: `${id}\u0000request`, set: (c) => (e.request.ident = e.request.type = c.name), source: e.source, what });
      typeClaims.push({ raw: `${raw} Response`, id: `${id}\u0000response`, set: (c) => (e.response.ident = e.response.type = c.name), source: e.source, what });
      fileClaims.push({
        raw,
        id,
        set: (c) => {
          e.file = c.name;
          e.request.file = e.response.file = c.name;
          e.request.schema = `${c.name}.request`;
          e.response.schema = `${c.name}.response`;
        },
        source: e.source,
        what,
      });
    });
    this.claimAll(types, typeClaims, 'type name');
    this.claimAll(files, fileClaims, 'file name in src/contracts and schemas');

    const recordKeys = new Map<string, string>();
    this.claimAll(
      fileNamespace(['money']),
      this.model.records.map((r) => ({ raw: r.name, id: r.name, set: (c: Claim) => recordKeys.set(r.name, c.name), source: r.source, what: `record type '${r.name}'` })),
      'schema name',
    );
    this.recordViews = this.model.records.map((r) => ({ record: r, ident: recordIdents.get(r.name)!, key: recordKeys.get(r.name)! }));
    this.recordNames = {
      typeOf: (n) => recordIdents.get(n),
      keyOf: (n) => recordKeys.get(n),
      fieldsOf: (n) => records.get(n)?.fields,
    };

    // Routes: the annotation when there is one, else `request/<file>` or `trigger/<file>`.
    const routes = new Map<string, Exchange>();
    for (const e of [...this.exchanges].sort((a, b) => compare(a.ident, b.ident))) {
      const base = e.operation ? e.operation.text : `${e.kind === 'ask' ? 'request' : 'trigger'}/${e.file}`;
      let route = base;
      for (let n = 2; routes.has(route); n++) route = `${base} #${n}`;
      if (route !== base) {
        this.report('craft/gen/route-collision', 'warning', `${e.kind === 'ask' ? 'request' : 'trigger'} '${e.title}' and '${routes.get(base)!.title}' both travel on '${base}'; this one uses '${route}'`, e.source.file, e.source.line, e.source.column);
      }
      routes.set(route, e);
      e.route = route;
    }

    // Services: folder and identifier.
    const serviceFiles = fileNamespace();
    const serviceIdents = identifierNamespace(pascalCase);
    const services = [...this.services.values()];
    const svcClaims = (ns: Namespace, set: (s: Service, c: Claim) => void, kind: string) =>
      this.claimAll(
        ns,
        services.map((s) => ({ raw: s.name, id: `${s.synthetic ?? 'declared'}\u0000${s.name}`, set: (c: Claim) => set(s, c), ...src(s.source), what: `${s.synthetic ? 'synthetic service' : 'service'} '${s.name}'` })),
        kind,
      );
    svcClaims(serviceFiles, (s, c) => (s.file = c.name), 'folder name in src/services');
    svcClaims(serviceIdents, (s, c) => (s.ident = c.name), 'service identifier');

    // Units: file-name parts of handler files and identifiers.
    const unitFiles = fileNamespace();
    const unitIdents = identifierNamespace(pascalCase);
    const units = [...this.units.values()];
    const unitSource = (u: Unit) => src(this.contexts.get(u.id)?.source ?? this.actors.get(u.id)?.source ?? this.serviceDecls.get(u.id)?.source);
    this.claimAll(unitFiles, units.map((u) => ({ raw: u.name, id: u.id, set: (c: Claim) => (u.file = c.name), ...unitSource(u), what: `'${u.name}'` })), 'file name of a handler');
    this.claimAll(unitIdents, units.map((u) => ({ raw: u.name, id: u.id, set: (c: Claim) => (u.ident = c.name), ...unitSource(u), what: `'${u.name}'` })), 'identifier');

    for (const h of this.eventHandlers.values()) h.file = `${h.unit.file}.${h.event.file}`;
    for (const h of this.requestHandlers.values()) h.file = `${h.unit.file}.${h.exchange.file}`;
    // The requests a unit answers share one module: src/contracts/requests/<unit>.ts.
    for (const e of this.exchanges) if (e.server) e.request.module = e.response.module = `requests/${e.server.file}`;
  }

  private claimAll(ns: Namespace, claims: { raw: string; id: string; set: (c: Claim) => void; source?: SourceRef; what: string }[], kind: string): void {
    const sorted = [...claims].sort((a, b) => compare(a.raw, b.raw) || compare(a.id, b.id));
    const firstBy = new Map<string, (typeof claims)[number]>();
    for (const c of sorted) {
      const claim = ns.claim(c.raw, c.id);
      c.set(claim);
      const base = claim.collidedWith === undefined ? claim.name : undefined;
      if (base !== undefined) firstBy.set(base, c);
      if (claim.collidedWith !== undefined) {
        const at = c.source ?? firstSource(this.model);
        const reserved = claim.collidedWith.startsWith('(reserved) ');
        const other = reserved ? `a name the generated code uses itself (${claim.collidedWith.slice(11)})` : `'${claim.collidedWith}'`;
        this.report('craft/gen/name-collision', 'warning', `the ${kind} of ${c.what} would be the same as that of ${other}; it is '${claim.name}' instead`, at.file, at.line, at.column);
      }
    }
  }

  // ---- assembly ------------------------------------------------------------------------------------------

  private allMessages(): Message[] {
    const out: Message[] = [...this.events.values()];
    for (const e of this.exchanges) if (e.server) out.push(e.request, e.response);
    return out.sort((a, b) => compare(a.file, b.file) || compare(a.kind, b.kind));
  }

  private subscriberLists(): Map<string, EventHandler[]> {
    const byEvent = new Map<string, EventHandler[]>();
    for (const h of this.eventHandlers.values()) {
      let list = byEvent.get(h.event.type);
      if (!list) byEvent.set(h.event.type, (list = []));
      list.push(h);
    }
    for (const list of byEvent.values()) list.sort((a, b) => a.order - b.order);
    return byEvent;
  }

  private fakes(): ExternalFake[] {
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

  private fillServices(project: Project): void {
    for (const h of this.eventHandlers.values()) h.unit.service?.eventHandlers.push(h);
    for (const h of this.requestHandlers.values()) h.unit.service?.requestHandlers.push(h);
    for (const s of project.services) {
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

  private tests(): UseCaseTest[] {
    const files = fileNamespace(['support']);
    const triggerBy = new Map<string, Exchange>();
    for (const e of this.exchanges) if (e.kind === 'trigger') for (const s of e.scenarios) triggerBy.set(s, e);
    const scenarioText = new Map<string, string>();
    for (const p of this.input.catalog.plans) scenarioText.set(p.scenario.id, p.triggerText);
    const sorted = [...this.model.useCases].sort((a, b) => compare(a.slug, b.slug));
    const fileOf = new Map<UseCase, string>();
    this.claimAll(
      files,
      sorted.map((u) => ({ raw: u.slug, id: u.slug, set: (c: Claim) => fileOf.set(u, c.name), source: u.source, what: `use case '${u.name}'` })),
      'test file name',
    );
    return sorted.map((u) => {
      const prediction = this.input.predict(u.slug);
      const triggers = prediction.triggers.flatMap((t) => {
        const exchange = triggerBy.get(t.scenario);
        return exchange ? [{ exchange, time: t.time, text: `when ${scenarioText.get(t.scenario) ?? exchange.title}` }] : [];
      });
      return { useCase: u, file: fileOf.get(u)!, prediction, triggers, mode: 'exact' as const };
    });
  }

  // ---- diagnostics ---------------------------------------------------------------------------------------

  report(code: string, severity: Diagnostic['severity'], message: string, file: string, line: number, column: number): void {
    const offset = this.offset(file, line, column);
    const pos = { line, column, offset };
    this.diagnostics.push({ code, severity, message, file, range: { start: pos, end: pos } });
  }

  private offset(file: string, line: number, column: number): number {
    const text = this.input.sources?.get(file);
    if (text === undefined) return 0;
    let starts = this.lineStarts.get(file);
    if (!starts) {
      starts = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts.set(file, starts);
    }
    return (starts[line - 1] ?? 0) + column - 1;
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

function src(source: SourceRef | undefined): { source?: SourceRef } {
  return source ? { source } : {};
}

function firstSource(model: Model): SourceRef {
  return { file: model.files[0] ?? '', line: 1, column: 1 };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export { camelCase, commentText, fileName };
