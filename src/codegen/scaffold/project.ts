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
import type { Field, Model, Operation, RecordType, SourceRef, UseCase } from '../../compiler/model.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Predict, Prediction } from '../../plan/prediction.js';
import type { Scenarios } from '../../plan/scenarios.js';
import type { RecordNames } from './fields.js';
import { Findings } from './findings.js';
import { Naming } from './project-names.js';
import { Structure } from './structure.js';
import { useCaseTests } from './use-case-tests.js';

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
  catalog: Scenarios;
  /** The simulator's prediction of a use case (by slug). */
  predict: Predict;
  /** Source texts by path, for diagnostic offsets (optional). */
  sources?: ReadonlyMap<string, string>;
  /** Build the use-case tests (runs the simulator once per use case); default true. */
  tests?: boolean;
}

/** Builds the project view. The replay check (`tests[].mode`) is filled in by `checkReplays`. */
export function buildProject(input: ProjectInput): Project {
  const findings = new Findings(input.sources);
  const structure = new Structure(input.model, input.catalog, findings).build();
  const names = new Naming(structure, findings).run();
  const services = [...structure.services.values()].sort((a, b) => compare(a.file, b.file));
  structure.fillServices(services);
  return {
    model: input.model,
    messages: structure.allMessages(),
    records: names.recordViews,
    exchanges: structure.exchanges,
    services,
    externals: structure.fakes(),
    units: [...structure.units.values()],
    subscribers: structure.subscriberLists(),
    tests: input.tests === false ? [] : useCaseTests(structure, input.catalog, input.predict, findings),
    recordNames: names.recordNames,
    diagnostics: findings.diagnostics,
    report: (code, severity, message, at) => findings.report(code, severity, message, at),
  };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

