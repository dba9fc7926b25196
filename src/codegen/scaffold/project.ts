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
 *
 * It is made in three stages, each with its own types, so that no record is ever seen without its names:
 * the structure (structure.ts, bodies.ts; the records of shapes.ts, which have no name fields), the names
 * chosen for it (project-names.ts), and the named project assembled from both (assemble.ts; these types).
 * What applies to one kind of record only is on that kind: the variants below are discriminated unions.
 */
import type { Field, Model, Operation, RecordType, SourceRef, Story, UseCase } from '../../compiler/model.js';
import type { DiagnosticCode } from '../../diagnostics/codes.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Predict, PredictPaths, Prediction } from '../../plan/prediction.js';
import type { Scenarios } from '../../plan/scenarios.js';
import { assemble } from './assemble.js';
import type { EffectOf } from './effects.js';
import type { RecordNames } from './fields.js';
import { Findings } from './findings.js';
import { chooseNames } from './project-names.js';
import { Structure } from './structure.js';
import { storyTests, useCaseTests } from './use-case-tests.js';

export type UnitKind = Unit['kind'];

interface UnitCommon {
  /** The participant id (`Order/OrderManagement`, `OrderService`, `PaymentGateway`). */
  id: string;
  name: string;
  /** Kebab file-name part, unique among units. */
  file: string;
  /** PascalCase, unique among units. */
  ident: string;
}

/** A bounded context, service or domain: handler stubs in its service's folder. */
export interface InternalUnit extends UnitCommon {
  kind: 'context' | 'service' | 'domain';
  service: Service;
}

/** An actor or data store: fakes in the generated tests. */
export interface ExternalUnit extends UnitCommon {
  kind: 'external';
  /** `system`, `user`, `data store`... */
  external: string;
}

export type Unit = InternalUnit | ExternalUnit;

interface MessageCommon {
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
}

export interface EventMessage extends MessageCommon {
  kind: 'event';
  /** Scheduled as a timer somewhere. */
  timer: boolean;
  /** The `[TOPIC ...]` (or other) annotation of a step that publishes it. */
  channel?: string;
  source?: SourceRef;
}

/** A request or response: always of an exchange someone answers. */
export interface ExchangeMessage extends MessageCommon {
  kind: 'request' | 'response';
  readonly exchange: ServedExchange;
}

export type Message = EventMessage | ExchangeMessage;

export type Effect = EffectOf<EventMessage, Ask>;

interface ExchangeCommon {
  /** What it is, as the model says it: `OrderManagement asks StockManagement to check availability`. */
  title: string;
  /** Identifier base (`StockManagementCheckAvailability`), unique among contract types. */
  ident: string;
  file: string;
  /** The route the request travels on: the operation annotation's text when there is one. */
  route: string;
  /** Who asks: the asking unit, or the actor (or `CRON`) of a trigger. */
  caller: string;
  scenarios: string[];
  source: SourceRef;
}

interface Served {
  /** Who answers. */
  server: Unit;
  request: ExchangeMessage;
  response: ExchangeMessage;
  /** What the server does, in order (its lines up to its `returns`). */
  body: Effect[];
  /** The `returns` line that answers, if any. */
  answer?: string;
}

/** An `asks`, served by the callee. */
export interface Ask extends ExchangeCommon, Served {
  kind: 'ask';
  operation?: Operation;
}

/** An external or periodic trigger, served where its scenario starts. */
export interface ServedTrigger extends ExchangeCommon, Served {
  kind: 'trigger';
}

/** A trigger of a scenario without steps: nothing runs, nothing answers, it has no contracts. */
export interface IdleTrigger extends ExchangeCommon {
  kind: 'trigger';
  server?: undefined;
}

export type ServedExchange = Ask | ServedTrigger;
export type Exchange = ServedExchange | IdleTrigger;

export interface ScenarioBody {
  id: string;
  /** `when OrderManagement listens "Payment Processed"` */
  title: string;
  effects: Effect[];
}

export interface EventHandler {
  unit: Unit;
  event: EventMessage;
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
  exchange: ServedExchange;
  file: string;
}

export interface Service {
  name: string;
  /** Absent for a declared service; why it was made up otherwise. */
  synthetic?: 'domain' | 'unassigned';
  ident: string;
  file: string;
  language?: string;
  /** The collections below are filled in by the assembly (assemble.ts), each sorted by name. */
  units: InternalUnit[];
  eventHandlers: EventHandler[];
  requestHandlers: RequestHandler[];
  /** What its client may do (union over its handlers), sorted by identifier. */
  publishes: EventMessage[];
  asks: Ask[];
  timers: EventMessage[];
  /** Events it listens to (AsyncAPI receive operations). */
  listens: EventMessage[];
  source?: SourceRef;
}

export interface ExternalFake {
  unit: ExternalUnit;
  eventHandlers: EventHandler[];
  requestHandlers: RequestHandler[];
}

export interface TestTrigger {
  exchange: ServedTrigger | IdleTrigger;
  /** Virtual ms since the start of the run at which the simulator performed it. */
  time: number;
  text: string;
}

/**
 * A story as a generated test: the triggers of its runs at their times, its given facts on the trigger
 * messages, and its expectations checked on what the handlers publish. `run` when the generated handlers
 * (as created: first outcomes) do what the story expects (or, for a known failure, still fail it); `skip`
 * otherwise, with why.
 */
export type StoryTest =
  | { story: Story; file: string; triggers: TestTrigger[]; mode: 'run' }
  | { story: Story; file: string; triggers: TestTrigger[]; mode: 'skip'; reason: string };

interface UseCaseTestCommon {
  useCase: UseCase;
  file: string;
  prediction: Prediction;
  triggers: TestTrigger[];
  /** An explored path other than the default one: the facts it is run with (given on the triggers). */
  given?: Record<string, string>;
}

/** The handlers reproduce the prediction: the test asserts it exactly. */
export interface ExactTest extends UseCaseTestCommon {
  mode: 'exact';
}

/** The same events in another order (concurrent branches): the test compares them in any order. */
export interface UnorderedTest extends UseCaseTestCommon {
  mode: 'unordered';
  /** What the default handlers publish (the replay). */
  replayed: string[];
}

/** Other events than predicted: the test is skipped, and says why. */
export interface SkippedTest extends UseCaseTestCommon {
  mode: 'skip';
  replayed: string[];
  reason: string;
}

export type UseCaseTest = ExactTest | UnorderedTest | SkippedTest;

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
  /** A generated test per story of the model. */
  stories: StoryTest[];
  recordNames: RecordNames;
  diagnostics: Diagnostic[];
  /** Adds a finding at a place in the model's sources. */
  report(code: DiagnosticCode, severity: Diagnostic['severity'], message: string, at: SourceRef): void;
}

/** Contract module and schema names the generated project uses itself. */
export const reservedContractFiles = ['index', 'validation', 'records', 'envelope', 'facts', 'examples', 'requests'];

export interface ProjectInput {
  model: Model;
  catalog: Scenarios;
  /** What a use case is predicted to do (by slug). */
  predict: Predict;
  /** Build the use-case tests (runs the simulator once per use case); default true. */
  tests?: boolean;
  /** The explored paths of a use case that differ by facts alone: each becomes a test of its own. */
  predictPaths?: PredictPaths;
}

/** Builds the project view. The replay check (`tests[].mode`) is made by `checkReplays`. */
export function buildProject(input: ProjectInput): Project {
  const findings = new Findings();
  const structure = new Structure(input.model, input.catalog, findings).build();
  const names = chooseNames(structure, findings);
  const assembly = assemble(structure, names);
  return {
    model: input.model,
    ...assembly,
    records: names.recordViews,
    tests: input.tests === false ? [] : useCaseTests(input.model, assembly.exchanges, input.catalog, input.predict, findings, input.predictPaths),
    stories: input.tests === false ? [] : storyTests(input.model, assembly.exchanges, input.catalog),
    recordNames: names.recordNames,
    diagnostics: findings.diagnostics,
    report: (code, severity, message, at) => findings.report(code, severity, message, at),
  };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

