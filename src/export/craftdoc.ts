/**
 * The reference tool's `check` JSON (a "CraftDoc"), projected from the Model, so tooling built for the
 * reference keeps working. Conventions (ids, descriptions, omitted empty keys) follow its goldens: see
 * ../shared/conformance/craft/README.md.
 */
import type { ArchComponent, Model, Operation, Scenario, Step, Trigger, UseCase } from '../compiler/model.js';

type Json = { [key: string]: unknown };

export function toCraftDoc(model: Model): Json {
  const doc: Json = {};
  const actors = model.actors.filter((a) => !a.implicit).map((a) => ({ name: a.name, type: a.type, line: a.source?.line }));
  if (actors.length > 0) doc['actors'] = actors;
  const contextName = new Map(model.contexts.map((c) => [c.id, c.name]));
  const domains = model.domains.map((d) => ({ name: d.name, boundedContexts: d.contexts.map((id) => contextName.get(id) ?? id) }));
  if (domains.length > 0) doc['domains'] = domains;
  const services = model.services.map((s) => {
    const out: Json = { name: s.name, contexts: s.contextNames };
    if (s.dataStores.length > 0) out['dataStores'] = s.dataStores;
    if (s.language !== undefined) out['language'] = s.language;
    out['deployment'] = s.deployment.type !== undefined ? { type: s.deployment.type } : {};
    if (s.catalogRef !== undefined) out['catalogRef'] = s.catalogRef;
    if (s.repo !== undefined) out['repo'] = s.repo;
    out['line'] = s.source.line;
    return out;
  });
  if (services.length > 0) doc['services'] = services;
  doc['useCases'] = useCases(model.useCases);
  const architectures = model.architectures.map((a) => {
    const out: Json = {};
    if (a.name !== undefined) out['name'] = a.name;
    out['presentation'] = a.presentation.map(component);
    out['gateway'] = a.gateway.map(component);
    return out;
  });
  if (architectures.length > 0) doc['architectures'] = architectures;
  const exposures = model.exposures.map((e) => {
    const out: Json = { name: e.name, to: e.to };
    if (e.contexts.length > 0) out['contexts'] = e.contexts;
    if (e.through.length > 0) out['through'] = e.through;
    return out;
  });
  if (exposures.length > 0) doc['exposures'] = exposures;
  if (model.contextMap.length > 0) doc['contextMap'] = model.contextMap.map((r) => ({ left: r.left, verb: r.verb, right: r.right }));
  if (model.glossary.length > 0) doc['glossary'] = model.glossary.map((r) => ({ left: r.left, verb: r.verb, right: r.right }));
  return doc;
}

/** Scenario and action ids share one counter per file, running across its use cases. */
function useCases(list: UseCase[]): Json[] {
  const counters = new Map<string, number>();
  return list.map((u) => {
    let n = counters.get(u.source.file) ?? 0;
    const next = () => ++n;
    const out: Json = { name: u.name, scenarios: u.scenarios.map((s) => scenario(s, next)), line: u.source.line };
    counters.set(u.source.file, n);
    const keys = Object.keys(u.tags);
    if (keys.length > 0) {
      out['tags'] = Object.fromEntries(keys.map((k) => [k, u.tags[k]!.join(', ')]));
      out['tagValues'] = Object.fromEntries(keys.map((k) => [k, u.tags[k]]));
    }
    return out;
  });
}

function scenario(s: Scenario, next: () => number): Json {
  const id = `scenario_${next()}`;
  return { id, trigger: trigger(s.trigger), actions: s.steps.map((step) => action(step, `action_${next()}`)) };
}

function trigger(t: Trigger): Json {
  switch (t.kind) {
    case 'external': {
      const out: Json = { type: 'external', actor: t.actor.name, verb: t.verb };
      if (t.phrase !== undefined) out['phrase'] = t.phrase;
      // The reference keeps the space before a missing phrase: "when Business_User authenticates ".
      out['description'] = `when ${t.actor.name} ${t.verb} ${t.phrase ?? ''}`;
      return out;
    }
    case 'listen': {
      const out: Json = { type: 'domain_listen', context: t.participant.name, event: t.event };
      if (t.typed) out['ref'] = t.event;
      out['description'] = `when ${t.participant.name} listens "${t.event}"`;
      return out;
    }
    case 'event': {
      const out: Json = { type: 'event', event: t.event };
      if (t.typed) out['ref'] = t.event;
      out['description'] = `when "${t.event}"`;
      return out;
    }
    case 'periodic':
      return { type: 'periodic', ...t.schedule, description: `when ${t.text}` };
  }
}

function action(s: Step, id: string): Json {
  const from = s.from.name;
  switch (s.kind) {
    case 'ask': {
      const out: Json = { id, type: 'sync_action', context: from, targetContext: s.to.name, ref: s.to.name };
      withOperation(out, s.operation);
      if (s.connector !== undefined) out['connector'] = s.connector;
      if (s.phrase !== undefined) out['phrase'] = s.phrase;
      out['description'] = words(from, 'asks', s.to.name, s.connector, s.phrase);
      return withLine(out, s);
    }
    case 'notify': {
      const out: Json = { id, type: 'async_action', context: from, event: s.events[0] };
      if (s.typed[0]) out['ref'] = s.events[0];
      if (s.events.length > 1) out['outcomes'] = s.events;
      withOperation(out, s.operation);
      out['description'] = `${from} notifies ${s.events.map((e) => `"${e}"`).join(' or ')}`;
      return withLine(out, s);
    }
    case 'internal': {
      const out: Json = { id, type: 'internal_action', context: from, verb: s.verb };
      if (s.connector !== undefined) out['connector'] = s.connector;
      if (s.phrase !== undefined) out['phrase'] = s.phrase;
      withOperation(out, s.operation);
      out['description'] = words(from, s.verb, s.connector, s.phrase);
      return withLine(out, s);
    }
    case 'return': {
      const out: Json = { id, type: 'return_action', context: from };
      const target = s.explicitTarget ? s.to?.name : undefined;
      if (target !== undefined) out['targetContext'] = target;
      withOperation(out, s.operation);
      if (s.connector !== undefined) out['connector'] = s.connector;
      if (s.phrase !== undefined) out['phrase'] = s.phrase;
      // "X returns to Y the result" reads back as "X returns result to Y" (the connector is dropped).
      out['description'] = words(from, 'returns', s.phrase, target !== undefined ? `to ${target}` : undefined);
      return withLine(out, s);
    }
    case 'schedule':
      return withLine({ id, type: 'schedule_action', context: from, event: s.event, delay: s.delay, description: `${from} schedules "${s.event}" in ${s.delay}` }, s);
    case 'cancel':
      return withLine({ id, type: 'cancel_action', context: from, event: s.event, description: `${from} cancels "${s.event}"` }, s);
    case 'decide': {
      // CraftDoc has no decisions: one reads as the internal step it is written as.
      const phrase = `${s.choice.fact}: ${s.choice.outcomes.join(' | ')}`;
      return withLine({ id, type: 'internal_action', context: from, verb: 'decides', phrase, description: words(from, 'decides', phrase) }, s);
    }
  }
}

function words(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p !== '').join(' ');
}

function withOperation(out: Json, op: Operation | undefined): void {
  if (!op) return;
  out['operation'] = op.verb !== undefined ? { verb: op.verb, payload: op.payload, text: op.text } : { payload: op.payload, text: op.text };
}

function withLine(out: Json, s: Step): Json {
  out['line'] = s.line;
  return out;
}

function component(c: ArchComponent): Json {
  if (c.kind === 'flow') return { name: '', type: 'flow', chain: c.chain.map((x) => simple(x.name, x.modifiers)) };
  return simple(c.name, c.modifiers);
}

function simple(name: string, modifiers: { key: string; value?: string }[]): Json {
  const out: Json = { name, type: 'simple' };
  if (modifiers.length > 0) out['modifiers'] = modifiers.map((m) => (m.value === undefined ? { key: m.key } : { key: m.key, value: m.value }));
  return out;
}
