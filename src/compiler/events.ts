/**
 * Events and record types: the schemas of `events {}` / `event` (craft extension), who publishes and
 * who listens, and the flow checks the simulator depends on.
 */
import type * as A from '../parser/ast.js';
import type { EventUse, Field, FieldType, MessageEvent, PrimitiveType, RecordType } from './model.js';
import type { Reporter } from './reporter.js';
import type { DeliverySite, EventUseSite } from './use-cases.js';
import { related, sourceOf } from './source.js';

const primitives: ReadonlySet<string> = new Set<PrimitiveType>(['string', 'integer', 'number', 'boolean', 'uuid', 'datetime', 'money']);

export function buildEvents(decls: A.EventDecl[], sites: EventUseSite[], deliveries: readonly DeliverySite[], reporter: Reporter): { events: MessageEvent[]; records: RecordType[] } {
  const declared = new Map<string, A.EventDecl>();
  for (const d of decls) {
    const prior = declared.get(d.name.name);
    if (prior) {
      reporter.error('craft/sema/duplicate-name', `'${d.name.name}' is already declared in events`, d.name.span, {
        related: [related(prior.name.span, 'first declared here')],
      });
      continue;
    }
    declared.set(d.name.name, d);
  }
  // A declaration another declaration uses as a field type is a record, not an event.
  const recordNames = new Set<string>();
  for (const d of declared.values()) for (const f of d.fields) if (declared.has(f.type.name)) recordNames.add(f.type.name);

  const fieldsOf = (d: A.EventDecl): Field[] => {
    const seen = new Set<string>();
    const fields: Field[] = [];
    for (const f of d.fields) {
      if (seen.has(f.name.text)) {
        reporter.error('craft/sema/duplicate-name', `field '${f.name.text}' is declared twice in '${d.name.name}'`, f.name.span);
        continue;
      }
      seen.add(f.name.text);
      fields.push({ name: f.name.text, type: fieldType(f.type, recordNames, reporter), optional: f.optional });
    }
    return fields;
  };

  const records: RecordType[] = [];
  for (const d of declared.values()) {
    if (recordNames.has(d.name.name)) records.push({ name: d.name.name, fields: fieldsOf(d), source: sourceOf(d.name.span) });
  }

  const events = new Map<string, MessageEvent>();
  const event = (name: string): MessageEvent => {
    let e = events.get(name);
    if (!e) {
      e = { name, publishers: [], listeners: [], timer: false };
      events.set(name, e);
    }
    return e;
  };
  for (const d of declared.values()) {
    if (recordNames.has(d.name.name)) continue;
    const e = event(d.name.name);
    e.schema = fieldsOf(d);
    e.source = sourceOf(d.name.span);
  }
  for (const site of sites) {
    const e = event(site.event);
    const use: EventUse = { useCase: site.useCase, scenario: site.scenario, participant: site.participant, source: sourceOf(site.span) };
    if (site.kind === 'publish' || site.kind === 'outcome') e.publishers.push(use);
    else if (site.kind === 'listen') e.listeners.push(use);
    else if (site.kind === 'schedule') {
      e.timer = true;
      e.publishers.push(use);
    }
  }
  const declaredAt = new Map<string, DeliverySite>();
  for (const d of deliveries) {
    const e = event(d.event);
    const prior = declaredAt.get(d.event);
    if (prior && JSON.stringify(prior.delivery) !== JSON.stringify(d.delivery)) {
      reporter.error('craft/sema/conflicting-delivery', `'${d.event}' is declared ${prior.delivery.kind} elsewhere: an event has one delivery guarantee`, d.span, {
        related: [related(prior.span, 'declared here')],
      });
      continue;
    }
    declaredAt.set(d.event, d);
    e.delivery = d.delivery;
  }
  checkFlows(events, sites, declared, reporter);
  return { events: [...events.values()], records };
}

function fieldType(t: A.TypeRef, records: ReadonlySet<string>, reporter: Reporter): FieldType {
  let base: FieldType;
  if (primitives.has(t.name)) base = { kind: 'primitive', name: t.name as PrimitiveType };
  else if (records.has(t.name)) base = { kind: 'record', name: t.name };
  else {
    reporter.error('craft/sema/unknown-field-type', `unknown type '${t.name}' (use ${[...primitives].join(', ')}, a record declared in events, or T[])`, t.span);
    base = { kind: 'unknown', name: t.name };
  }
  return t.list ? { kind: 'list', of: base } : base;
}

function checkFlows(events: Map<string, MessageEvent>, sites: EventUseSite[], declared: Map<string, A.EventDecl>, reporter: Reporter): void {
  const reported = new Set<string>();
  const once = (key: string) => !reported.has(key) && reported.add(key) !== undefined;
  for (const site of sites) {
    const e = events.get(site.event)!;
    const heard = e.listeners.length > 0;
    if (site.kind === 'publish' && !heard && !e.timer && once(`dead:${site.event}`)) {
      reporter.warning('craft/lint/dead-event', `'${site.event}' is published but nothing listens to it`, site.span);
    }
    if (site.kind === 'outcome' && !heard && once(`outcome:${site.event}`)) {
      reporter.warning('craft/lint/unhandled-outcome', `outcome '${site.event}' is never listened to: that branch ends here`, site.span);
    }
    if (site.kind === 'listen' && e.publishers.length === 0 && once(`unpublished:${site.event}`)) {
      reporter.warning('craft/lint/unpublished-event', `'${site.event}' is listened to but never published or scheduled`, site.span);
    }
    if (site.kind === 'cancel' && !e.timer && once(`cancel:${site.event}`)) {
      reporter.warning('craft/sema/unscheduled-timer', `'${site.event}' is cancelled but no scenario schedules it`, site.span);
    }
  }
  for (const [name, d] of declared) {
    const e = events.get(name);
    if (e && e.publishers.length === 0 && e.listeners.length === 0 && !e.timer) {
      reporter.warning('craft/lint/unused-event', `event '${name}' is declared but no scenario publishes or listens to it`, d.name.span);
    }
  }
}
