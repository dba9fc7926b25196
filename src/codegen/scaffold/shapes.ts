/**
 * What the structure knows (structure.ts, bodies.ts): the units, services, events, exchanges and handlers
 * of the generated project and what each handler does, before any name is chosen. These records carry no
 * name field at all: naming (project-names.ts) chooses the names for them, and the named project
 * (project.ts) is assembled from both (assemble.ts).
 */
import type { Field, Operation, SourceRef } from '../../compiler/model.js';
import type { EffectOf } from './effects.js';

interface UnitCommon {
  /** The participant id (`Order/OrderManagement`, `OrderService`, `PaymentGateway`). */
  id: string;
  name: string;
  /** Where the model declares it, for findings about its names. */
  source?: SourceRef;
}

/** A bounded context, service or domain: its handlers are stubs in its service's folder. */
export interface InternalUnitShape extends UnitCommon {
  kind: 'context' | 'service' | 'domain';
  service: ServiceShape;
}

/** An actor or data store: its handlers are fakes in the generated tests. */
export interface ExternalUnitShape extends UnitCommon {
  kind: 'external';
  /** `system`, `user`, `data store`... */
  external: string;
}

export type UnitShape = InternalUnitShape | ExternalUnitShape;

export interface ServiceShape {
  name: string;
  /** Absent for a declared service; why it was made up otherwise. */
  synthetic?: 'domain' | 'unassigned';
  language?: string;
  source?: SourceRef;
  /** Its units, in the order they were met. */
  units: InternalUnitShape[];
}

export interface EventShape {
  /** The event's name: the `type` of its envelopes. */
  type: string;
  /** Declared fields; absent: an open payload. */
  fields?: readonly Field[];
  description: string;
  /** Scheduled as a timer somewhere. */
  timer: boolean;
  /** The `[TOPIC ...]` (or other) annotation of a step that publishes it, else of one that listens to it. */
  channel?: string;
  source?: SourceRef;
}

export type EffectShape = EffectOf<EventShape, AskShape>;

/** What the name of an exchange is made of (project-names.ts chooses it). */
export interface ExchangeNaming {
  /** Exchanges of one kind asking the same thing of the same server share it. */
  group: string;
  /** `<callee> <what is asked>`, or the trigger's text. */
  raw: string;
  /** 1, or 2, 3... for requests that do different things in different scenarios. */
  variant: number;
}

interface ExchangeCommon {
  /** What it is, as the model says it: `OrderManagement asks StockManagement to check availability`. */
  title: string;
  /** Who asks: the asking unit, or the actor (or `CRON`) of a trigger. */
  caller: string;
  /** The scenarios it happens in (ids), in the order they were met. */
  scenarios: string[];
  source: SourceRef;
  naming: ExchangeNaming;
}

interface Served {
  /** Who answers. */
  server: UnitShape;
  /** What the server does, in order (its lines up to its `returns`). */
  body: EffectShape[];
  /** The `returns` line that answers, if any. */
  answer?: string;
}

/** An `asks`: served by the callee, on its annotation's route or on `request/<name>`. */
export interface AskShape extends ExchangeCommon, Served {
  kind: 'ask';
  operation?: Operation;
}

/** An external or periodic trigger of a scenario with steps: served where the scenario starts. */
export interface ServedTriggerShape extends ExchangeCommon, Served {
  kind: 'trigger';
}

/** A trigger of a scenario without steps: nothing answers it. */
export interface IdleTriggerShape extends ExchangeCommon {
  kind: 'trigger';
  server?: undefined;
}

export type ServedShape = AskShape | ServedTriggerShape;
export type ExchangeShape = ServedShape | IdleTriggerShape;

export interface ScenarioBodyShape {
  id: string;
  /** `when OrderManagement listens "Payment Processed"` */
  title: string;
  effects: EffectShape[];
}

/** What a unit does on an event: every scenario that starts there on it. */
export interface EventHandlerShape {
  unit: UnitShape;
  event: EventShape;
  /** Position of its first scenario among the event's subscribers in the model: the delivery order. */
  order: number;
  scenarios: ScenarioBodyShape[];
  /** `when X listens E [idempotent]` (every scenario of it): handles an event once per flow. */
  idempotent: boolean;
}
