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
  source?: SourceRef;
}

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
  | { kind: 'listen'; participant: Participant; event: string; typed: boolean; idempotent?: true; operation?: Operation }
  | { kind: 'event'; event: string; typed: boolean }
  | { kind: 'periodic'; schedule: Periodic; text: string };

interface StepBase {
  from: Participant;
  line: number;
  column: number;
}

export type Step =
  | (StepBase & { kind: 'ask'; to: Participant; connector?: string; phrase?: string; operation?: Operation })
  | (StepBase & {
      kind: 'return';
      /** The participant answered: the `to` target, else the innermost open asker, else the trigger's actor. */
      to?: Participant;
      explicitTarget: boolean;
      connector?: string;
      phrase?: string;
      operation?: Operation;
    })
  /** One event, or (several) alternative outcomes of which exactly one is published. */
  | (StepBase & { kind: 'notify'; events: string[]; typed: boolean[]; operation?: Operation })
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
}
