/**
 * What runs where, from the simulator's scenario plans: the units that handle messages (bounded
 * contexts, services and domains inside; actors and data stores outside), the services that own them
 * (a context without a service goes to a synthetic one named after its domain, or `unassigned`), the
 * events, the exchanges (each `asks`, each external or periodic trigger: bodies.ts) and the event
 * handlers with their bodies. Nothing here has a name yet (shapes.ts): project-names.ts chooses them.
 */
import type { Model, Operation } from '../../compiler/model.js';
import type { Scenarios } from '../../plan/scenarios.js';
import { Bodies, type Participants } from './bodies.js';
import type { Findings } from './findings.js';
import type { EventHandlerShape, EventShape, ExchangeShape, ServiceShape, UnitShape } from './shapes.js';

export class Structure implements Participants {
  /** By participant id, in the order they were met. */
  readonly units = new Map<string, UnitShape>();
  /** Declared services first (in the model's order), then the ones made up, as met. */
  readonly services = new Map<string, ServiceShape>();
  /** By name: the model's events first, then any other event a scenario names. */
  readonly events = new Map<string, EventShape>();
  /** By unit and event, in the order of the model's subscriptions. */
  readonly eventHandlers = new Map<string, EventHandlerShape>();
  private readonly bodies: Bodies;
  private readonly contexts: Map<string, Model['contexts'][number]>;
  private readonly serviceDecls: Map<string, Model['services'][number]>;
  private readonly actors: Map<string, Model['actors'][number]>;
  private readonly domains: Set<string>;
  private readonly eventDecls: Map<string, Model['events'][number]>;

  constructor(
    readonly model: Model,
    private readonly catalog: Scenarios,
    findings: Findings,
  ) {
    this.bodies = new Bodies(this, findings);
    this.contexts = new Map(model.contexts.map((c) => [c.id, c]));
    this.serviceDecls = new Map(model.services.map((s) => [s.name, s]));
    this.domains = new Set(model.domains.map((d) => d.name));
    this.actors = new Map(model.actors.map((a) => [a.name, a]));
    this.eventDecls = new Map(model.events.map((e) => [e.name, e]));
  }

  /** Every exchange, in the order they were made. */
  get exchanges(): readonly ExchangeShape[] {
    return this.bodies.exchanges;
  }

  /** Reads the plans: every subscription becomes part of an event handler, every trigger an exchange. */
  build(): this {
    // Declared services first, so each has a folder even when nothing runs there.
    for (const s of this.model.services) this.service(s.name, undefined);
    for (const e of this.model.events) this.event(e.name);

    const { plans, subscriptions } = this.catalog;
    const listened: [EventShape, Operation][] = [];
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
          h = { unit, event: this.event(event), order, scenarios: [], idempotent };
          this.eventHandlers.set(key, h);
        } else h.idempotent &&= idempotent;
        if (t.kind === 'listen' && t.operation) listened.push([h.event, t.operation]);
        h.scenarios.push({ id: plan.scenario.id, title: `when ${plan.triggerText}`, effects: this.bodies.segment(plan, undefined, unit) });
      });
    }
    // Triggers: each external or periodic trigger is an exchange from outside to its entry.
    for (const plan of plans) {
      const k = plan.scenario.trigger.kind;
      if (k === 'external' || k === 'periodic') this.bodies.triggerExchange(plan);
    }
    // A consumer's annotation (`when X listens E [QUEUE orders]`) names the channel when no publisher does.
    for (const [event, op] of listened) event.channel ??= op.text;
    return this;
  }

  isUnit(id: string): boolean {
    return this.contexts.has(id) || this.serviceDecls.has(id) || this.domains.has(id) || this.actors.has(id) || this.catalog.concurrent.has(id);
  }

  /** The unit of a participant id, made (and added to its service) on first use. */
  unit(id: string): UnitShape {
    const known = this.units.get(id);
    if (known) return known;
    const source = this.contexts.get(id)?.source ?? this.actors.get(id)?.source ?? this.serviceDecls.get(id)?.source;
    const common = { id, ...(source ? { source } : {}) };
    const ctx = this.contexts.get(id);
    let u: UnitShape;
    if (ctx) {
      const service = ctx.service !== undefined ? this.service(ctx.service, undefined) : this.service(ctx.domain ?? 'unassigned', ctx.domain !== undefined ? 'domain' : 'unassigned');
      u = { ...common, name: ctx.name, kind: 'context', service };
    } else if (this.serviceDecls.has(id)) {
      u = { ...common, name: id, kind: 'service', service: this.service(id, undefined) };
    } else if (this.domains.has(id)) {
      u = { ...common, name: id, kind: 'domain', service: this.service(id, 'domain') };
    } else {
      const actor = this.actors.get(id);
      u = { ...common, name: id, kind: 'external', external: actor ? actor.type : this.catalog.concurrent.has(id) ? 'data store' : 'participant' };
    }
    this.units.set(id, u);
    if (u.kind !== 'external') u.service.units.push(u);
    return u;
  }

  /** A declared service, or one made up for a domain's contexts (or for contexts of no domain). */
  service(name: string, synthetic: ServiceShape['synthetic']): ServiceShape {
    const key = `${synthetic ?? 'declared'}\u0000${name}`;
    let s = this.services.get(key);
    if (!s) {
      const decl = synthetic ? undefined : this.serviceDecls.get(name);
      s = {
        name,
        ...(synthetic ? { synthetic } : {}),
        ...(decl?.language !== undefined ? { language: decl.language } : {}),
        ...(decl ? { source: decl.source } : {}),
        units: [],
      };
      this.services.set(key, s);
    }
    return s;
  }

  /** The event of a name, made on first use. */
  event(name: string): EventShape {
    let m = this.events.get(name);
    if (!m) {
      const decl = this.eventDecls.get(name);
      m = {
        type: name,
        ...(decl?.schema ? { fields: decl.schema } : {}),
        description: decl?.timer ? `the timer "${name}"` : `the event "${name}"`,
        timer: decl?.timer === true,
        ...(decl?.source ? { source: decl.source } : {}),
      };
      this.events.set(name, m);
    }
    return m;
  }
}
