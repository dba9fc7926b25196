/**
 * Hover: what the Model knows about the name under the cursor, with where each thing happens. A context:
 * its domain, service, what it asks, publishes and listens to; an event: its publishers, listeners and
 * contract; an actor: its type and where it acts.
 */
import type { Field, FieldType, Model, SourceRef } from '../compiler/model.js';
import type { Occurrence } from './symbol-index.js';

/** A location as Markdown (a link the editor opens). */
export type LinkTo = (source: SourceRef) => string;

const code = (s: string): string => '`' + s.replace(/`/g, "'") + '`';

function typeText(t: FieldType): string {
  switch (t.kind) {
    case 'list':
      return `${typeText(t.of)}[]`;
    default:
      return t.name;
  }
}

function fieldsText(fields: readonly Field[]): string[] {
  return fields.map((f) => `- ${code(`${f.name}${f.optional ? '?' : ''}: ${typeText(f.type)}`)}`);
}

/** Steps of every scenario with where they are (a use case's file, the step's line and column). */
function* steps(model: Model): Generator<{ useCase: string; step: Model['useCases'][number]['scenarios'][number]['steps'][number]; source: SourceRef }> {
  for (const u of model.useCases) {
    for (const s of u.scenarios) {
      for (const step of s.steps) yield { useCase: u.name, step, source: { file: u.source.file, line: step.line, column: step.column } };
    }
  }
}

function list(title: string, lines: readonly string[], limit = 20): string[] {
  if (lines.length === 0) return [];
  const shown = lines.slice(0, limit);
  if (lines.length > limit) shown.push(`- … ${lines.length - limit} more`);
  return [`**${title}**`, '', ...shown, ''];
}

export function hoverText(o: Occurrence, model: Model, link: LinkTo): string | undefined {
  switch (o.kind) {
    case 'context':
      return contextHover(o.id, model, link);
    case 'event':
      return eventHover(o.id, model, link);
    case 'actor':
      return actorHover(o.id, model, link);
    case 'service': {
      const s = model.services.find((x) => x.name === o.id);
      if (!s) return undefined;
      return [
        `**service** ${code(s.name)}${s.language ? ` (${s.language})` : ''}`,
        '',
        ...list('contexts', s.contexts.map((c) => `- ${code(c)}`)),
        ...list('data stores', s.dataStores.map((d) => `- ${code(d)}`)),
        `declared at ${link(s.source)}`,
      ].join('\n');
    }
    case 'domain': {
      const d = model.domains.find((x) => x.name === o.id);
      if (!d) return undefined;
      return [`**domain** ${code(d.name)}`, '', ...list('bounded contexts', d.contexts.map((c) => `- ${code(c)}`)), `declared at ${link(d.source)}`].join('\n');
    }
    case 'useCase': {
      const u = model.useCases.find((x) => x.name === o.id);
      if (!u) return undefined;
      return [`**use case** ${code(u.name)} (slug ${code(u.slug)}), ${u.scenarios.length} scenario${u.scenarios.length === 1 ? '' : 's'}`, '', `declared at ${link(u.source)}`].join('\n');
    }
    case 'record': {
      const r = model.records.find((x) => x.name === o.id);
      if (!r) return undefined;
      return [`**record** ${code(r.name)}`, '', ...list('fields', fieldsText(r.fields)), `declared at ${link(r.source)}`].join('\n');
    }
    case 'datastore': {
      const users = model.services.filter((s) => s.dataStores.includes(o.id)).map((s) => `- ${code(s.name)} (${link(s.source)})`);
      return [`**data store** ${code(o.id)}`, '', ...list('used by', users)].join('\n');
    }
  }
}

function contextHover(id: string, model: Model, link: LinkTo): string | undefined {
  const c = model.contexts.find((x) => x.id === id);
  if (!c) return undefined;
  const out = [`**bounded context** ${code(c.name)}${c.declared ? '' : ' (not declared in a domain)'}`, ''];
  out.push(`- domain: ${c.domain ? code(c.domain) : '—'}`);
  out.push(`- service: ${c.service ? code(c.service) : '—'}`);
  if (c.source) out.push(`- declared at ${link(c.source)}`);
  out.push('');
  const asks: string[] = [];
  for (const { step, source, useCase } of steps(model)) {
    if (step.kind === 'ask' && step.from.id === id) asks.push(`- ${code(step.to.name)}${step.phrase ? ` ${step.connector ? `${step.connector} ` : ''}${step.phrase}` : ''} — ${useCase}, ${link(source)}`);
  }
  out.push(...list('asks', asks));
  const publishes: string[] = [];
  const listens: string[] = [];
  for (const e of model.events) {
    for (const p of e.publishers) if (p.participant === id) publishes.push(`- ${code(e.name)} — ${link(p.source)}`);
    for (const l of e.listeners) if (l.participant === id) listens.push(`- ${code(e.name)} — ${link(l.source)}`);
  }
  out.push(...list('publishes', publishes), ...list('listens to', listens));
  return out.join('\n').trimEnd();
}

function eventHover(name: string, model: Model, link: LinkTo): string | undefined {
  const e = model.events.find((x) => x.name === name);
  if (!e) return undefined;
  const out = [`**event** ${code(e.name)}${e.timer ? ' (a timer)' : ''}`, ''];
  if (e.source) out.push(`declared at ${link(e.source)}`, '');
  const participant = (p: { participant: string }) => (p.participant === '' ? '(the scenario)' : code(p.participant));
  out.push(...list('published by', e.publishers.map((p) => `- ${participant(p)} — ${p.useCase}, ${link(p.source)}`)));
  out.push(...list('listened to by', e.listeners.map((l) => `- ${participant(l)} — ${l.useCase}, ${link(l.source)}`)));
  if (e.schema) out.push(...(e.schema.length > 0 ? list('contract', fieldsText(e.schema)) : ['**contract**: no fields', '']));
  else out.push('no contract declared (`events { ... }`)');
  return out.join('\n').trimEnd();
}

function actorHover(name: string, model: Model, link: LinkTo): string | undefined {
  const a = model.actors.find((x) => x.name === name);
  if (!a) return undefined;
  const out = [`**actor** ${code(a.name)}: ${a.type}${a.implicit ? ' (not declared: inferred from a trigger)' : ''}`, ''];
  if (a.source) out.push(`declared at ${link(a.source)}`, '');
  const acts: string[] = [];
  for (const u of model.useCases) {
    for (const s of u.scenarios) {
      const t = s.trigger;
      if (t.kind === 'external' && t.actor.kind === 'actor' && t.actor.id === name) {
        acts.push(`- ${code(`when ${t.actor.name} ${t.verb}${t.phrase ? ` ${t.connector ? `${t.connector} ` : ''}${t.phrase}` : ''}`)} — ${u.name}, ${link({ file: u.source.file, line: s.line, column: 1 })}`);
      }
    }
  }
  for (const { step, source, useCase } of steps(model)) {
    if (step.from.kind === 'actor' && step.from.id === name) acts.push(`- ${step.kind} step — ${useCase}, ${link(source)}`);
    else if (step.kind === 'ask' && step.to.kind === 'actor' && step.to.id === name) acts.push(`- asked by ${code(step.from.name)} — ${useCase}, ${link(source)}`);
  }
  out.push(...list('acts in', acts));
  return out.join('\n').trimEnd();
}
