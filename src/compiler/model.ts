/**
 * The resolved Model: plain, JSON-serialisable data that every back end (diagrams, simulator, code
 * generation, exports) reads. Nothing here points back into the syntax tree. Documented in docs/model.md.
 */

/** Where something was declared: 1-based line and column (UTF-16 code units). */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

export type ActorType = 'user' | 'system' | 'service' | (string & {});

export interface Actor {
  name: string;
  /** `user`, `system` or `service`; other words are kept as written (open actor types). */
  type: ActorType;
  /** True when no declaration exists and the actor was inferred from a trigger (e.g. `CRON`). */
  implicit: boolean;
  source?: SourceRef;
}

export interface Domain {
  name: string;
  /** Ids of its bounded contexts, in declaration order, without duplicates. */
  contexts: string[];
  source: SourceRef;
}

export interface BoundedContext {
  /** `domain/name` for a declared context, the bare name for one only used in scenarios. */
  id: string;
  name: string;
  domain?: string;
  /** The service that owns it (via `contexts:` or, in v1, via its domain in `domains:`). */
  service?: string;
  /** False when the context only appears in use cases and was never declared in a domain. */
  declared: boolean;
  source?: SourceRef;
}

export interface Deployment {
  type?: string;
  /** Raw arguments, e.g. `50% -> staging, 100% -> production` of `canary(...)`. */
  args?: string;
}

export interface Service {
  name: string;
  /** Context names as written in `contexts:` (or `domains:`), in order. */
  contextNames: string[];
  /** Resolved context ids (a v1 domain name expands to all its contexts). */
  contexts: string[];
  language?: string;
  dataStores: string[];
  deployment: Deployment;
  catalogRef?: string;
  repo?: string;
  source: SourceRef;
}

export type PrimitiveType = 'string' | 'integer' | 'number' | 'boolean' | 'uuid' | 'datetime' | 'money';

export type FieldType =
  | { kind: 'primitive'; name: PrimitiveType }
  | { kind: 'record'; name: string }
  | { kind: 'list'; of: FieldType }
  /** A type name that resolves to nothing (reported); kept so no field is lost. */
  | { kind: 'unknown'; name: string };

export interface Field {
  name: string;
  type: FieldType;
  optional: boolean;
}

export interface RecordType {
  name: string;
  fields: Field[];
  source: SourceRef;
}

/** Where an event is published or listened to. */
export interface EventUse {
  useCase: string;
  scenario: string;
  /** Participant id (context, service, actor...). */
  participant: string;
  source: SourceRef;
}

export interface MessageEvent {
  name: string;
  /** Fields declared in `events {}` / `event`; absent when the model declares no schema. */
  schema?: Field[];
  publishers: EventUse[];
  listeners: EventUse[];
  /** True when some scenario schedules it as a timer (`schedules E in 20s`). */
  timer: boolean;
  /**
   * How the broker delivers it, when the model says (craft extension, `notifies E [at-least-once]`):
   * `at-least-once` redelivers a lost delivery after `redeliveryMs` (copies happen); `at-most-once` loses it.
   * Absent when nothing is declared: the simulator then delivers at most once.
   */
  delivery?: Delivery;
  source?: SourceRef;
}

export type Delivery = { kind: 'at-most-once' } | { kind: 'at-least-once'; redeliveryMs: number };

export type ParticipantKind = 'actor' | 'context' | 'service' | 'domain' | 'datastore';

export interface Participant {
  /** The name as written (`re/billing`, `Billing`). */
  name: string;
  kind: ParticipantKind;
  /** The id of what it resolves to: an actor or service name, a context id, a domain or data store name. */
  id: string;
}

export interface Operation {
  verb?: string;
  payload: string;
  text: string;
}

export interface Periodic {
  /** Milliseconds between firings, for `every "24h"` and `CRON runs daily|hourly|weekly`. */
  everyMs?: number;
  /** A five-field cron expression, for `when cron "0 2 * * *"`. */
  cron?: string;
}

export type Trigger =
  | { kind: 'external'; actor: Participant; verb: string; connector?: string; phrase?: string; schedule?: Periodic }
  /**
   * `idempotent` (craft extension, `when X listens E [idempotent]`): the consumer handles a message id once
   * and ignores copies; `operation`: any other annotation, e.g. the queue it consumes from.
   */
  | {
      kind: 'listen';
      participant: Participant;
      event: string;
      typed: boolean;
      idempotent?: true;
      /** `[retry 3]` (craft extension): a failing handling is retried this many times, then dead-lettered. */
      retries?: number;
      operation?: Operation;
    }
  | { kind: 'event'; event: string; typed: boolean }
  | { kind: 'periodic'; schedule: Periodic; text: string };

interface StepBase {
  from: Participant;
  line: number;
  column: number;
  /** The branch the step is on (craft extension): absent on a step every run of its scenario takes. */
  guard?: Guard;
}

/** A fact of the flow and the outcomes a decision or a reply chooses among (craft extension). */
export interface Choice {
  fact: string;
  outcomes: string[];
}

/** True when the flow's fact has one of `outcomes`. */
export interface FactTest {
  fact: string;
  outcomes: string[];
}

/** One arm of an `if` block a step is on. */
export interface GuardArm {
  /** The `if` block: `<scenario id>#<n>`, unique in the model. */
  block: string;
  /** 0-based position of the arm in its block. */
  arm: number;
  /** What must hold to take the arm: its condition and the negation of the earlier arms' (one test per fact). */
  tests: FactTest[];
  /** The condition as written (`payment type is card`), or `else`. */
  text: string;
}

/** The enclosing arms of a step, outermost first: all must hold. */
export interface Guard {
  arms: GuardArm[];
}

/** `[timeout 30s, retry 2 every 5s]` on an `asks` (craft extension). */
export interface CallPolicy {
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  /** As written, for notes and reports: `timeout 30s, retry 2 every 5s`. */
  text: string;
}

export type Step =
  | (StepBase & {
      kind: 'ask';
      to: Participant;
      connector?: string;
      phrase?: string;
      operation?: Operation;
      call?: CallPolicy;
      /** `on timeout { ... }`: what the asker does when the call times out (its retries spent). */
      onTimeout?: Step[];
    })
  | (StepBase & {
      kind: 'return';
      /** The participant answered: the `to` target, else the innermost open asker, else the trigger's actor. */
      to?: Participant;
      explicitTarget: boolean;
      connector?: string;
      phrase?: string;
      /** `returns to X reservation: reserved | out of stock`: the reply decides a fact (craft extension). */
      choice?: Choice;
      operation?: Operation;
    })
  /**
   * One event, or (several) alternative outcomes of which exactly one is published. `outbox`: the publish is
   * recorded with the step, so a crash after the step still publishes (craft extension).
   */
  | (StepBase & { kind: 'notify'; events: string[]; typed: boolean[]; outbox?: true; operation?: Operation })
  /** `X decides payment type: card | cash` (craft extension). */
  | (StepBase & { kind: 'decide'; choice: Choice })
  | (StepBase & { kind: 'schedule'; event: string; delayMs: number; delay: string })
  | (StepBase & { kind: 'cancel'; event: string })
  | (StepBase & { kind: 'internal'; verb: string; connector?: string; phrase?: string; operation?: Operation });

export interface Scenario {
  /** Stable within the model: `<use-case-slug>/<index>`, 1-based. */
  id: string;
  trigger: Trigger;
  steps: Step[];
  line: number;
}

export interface UseCase {
  name: string;
  /** Lower-case, hyphenated, unique: `order-placement`. */
  slug: string;
  tags: Record<string, string[]>;
  scenarios: Scenario[];
  source: SourceRef;
}

export interface ModifierEntry {
  key: string;
  value?: string;
}

export type ArchComponent =
  | { kind: 'simple'; name: string; modifiers: ModifierEntry[] }
  | { kind: 'flow'; chain: { name: string; modifiers: ModifierEntry[] }[] };

export interface Architecture {
  name?: string;
  presentation: ArchComponent[];
  gateway: ArchComponent[];
  source: SourceRef;
}

export interface Exposure {
  name: string;
  /** Actor names. */
  to: string[];
  /** Domain or context names as written in `contexts:` (v1: `of:`). */
  contexts: string[];
  /** Gateway component names. */
  through: string[];
  source: SourceRef;
}

export interface Relationship {
  left: string;
  verb: string;
  right: string;
  /** The scoping domain of the block (`context_map re { ... }`). */
  scope?: string;
  /** Resolved context ids, when the endpoints resolve. */
  leftId?: string;
  rightId?: string;
  source: SourceRef;
}

/** A fact some step decides, with its outcomes (craft extension). */
export interface Fact {
  name: string;
  outcomes: string[];
  /** The first place that decides it. */
  source: SourceRef;
}

/** What a story expects of its run (craft extension). */
export type Expectation =
  | { kind: 'published'; event: string; withinMs?: number; source: SourceRef }
  | { kind: 'absent'; event: string; source: SourceRef }
  | { kind: 'endsWith'; event: string; source: SourceRef };

/** `at 25s run cancel-order` (`untilMs` for a range `at 15s..25s`). */
export interface StoryRun {
  atMs: number;
  untilMs?: number;
  /** The use case's slug. */
  useCase: string;
}

/** `story "..." { ... }` (craft extension): a timed run of use cases, with facts fixed and expectations. */
export interface Story {
  name: string;
  slug: string;
  /** Facts fixed up front (one outcome each). */
  given: { fact: string; outcome: string }[];
  runs: StoryRun[];
  expectations: Expectation[];
  /** Why the story is known to fail: a flaw the model documents. The story passes only while it fails. */
  knownFailure?: string;
  source: SourceRef;
}

/** What must hold in every flow (craft extension, `properties { ... }`). */
export type Property =
  | { kind: 'never'; event: string; after: string; text: string; source: SourceRef }
  | { kind: 'always'; event: string; leadsTo: string[]; text: string; source: SourceRef };

export interface Model {
  /** The files merged into this model, in the order they were read (sorted paths). */
  files: string[];
  actors: Actor[];
  domains: Domain[];
  contexts: BoundedContext[];
  services: Service[];
  events: MessageEvent[];
  records: RecordType[];
  useCases: UseCase[];
  architectures: Architecture[];
  exposures: Exposure[];
  contextMap: Relationship[];
  glossary: Relationship[];
  /** Craft extensions: the facts decisions and replies decide, stories and model-wide properties. */
  facts: Fact[];
  stories: Story[];
  properties: Property[];
}
