/** The Model as a short, readable overview for `craft inspect` (pure). */
import picocolors from 'picocolors';
import type { ArchComponent, Model, Relationship, Trigger } from '../compiler/model.js';
import { plural } from './terminal.js';

export function summarizeModel(model: Model, options: { color?: boolean } = {}): string {
  const c = picocolors.createColors(options.color ?? false);
  const out: string[] = [];
  const section = (title: string, count: number) => out.push('', c.bold(`${title} (${count})`));
  const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : '(none)');

  out.push(
    [
      plural(model.files.length, 'file'),
      plural(model.actors.length, 'actor'),
      plural(model.domains.length, 'domain'),
      plural(model.contexts.length, 'bounded context'),
      plural(model.services.length, 'service'),
      plural(model.events.length, 'event'),
      plural(model.useCases.length, 'use case'),
      plural(model.architectures.length, 'architecture'),
      plural(model.exposures.length, 'exposure'),
    ].join(', '),
  );

  if (model.actors.length > 0) {
    section('Actors', model.actors.length);
    const width = Math.max(...model.actors.map((a) => a.name.length));
    for (const a of model.actors) out.push(`  ${a.name.padEnd(width)}  ${a.type}${a.implicit ? ' (implicit)' : ''}`);
  }

  if (model.domains.length > 0) {
    section('Domains', model.domains.length);
    const contextName = new Map(model.contexts.map((bc) => [bc.id, bc.name]));
    for (const d of model.domains) out.push(`  ${d.name}: ${list(d.contexts.map((id) => contextName.get(id) ?? id))}`);
  }
  const undeclared = model.contexts.filter((bc) => !bc.declared);
  if (undeclared.length > 0) {
    out.push(`  ${c.dim('used in scenarios but not declared:')} ${list(undeclared.map((bc) => bc.name))}`);
  }

  if (model.services.length > 0) {
    section('Services', model.services.length);
    for (const s of model.services) {
      out.push(`  ${s.name}${s.language ? `  ${c.dim(s.language)}` : ''}`);
      out.push(`    contexts: ${list(s.contexts.length > 0 ? s.contexts : s.contextNames)}`);
      if (s.dataStores.length > 0) out.push(`    data stores: ${list(s.dataStores)}`);
      if (s.deployment.type) out.push(`    deployment: ${s.deployment.type}${s.deployment.args ? `(${s.deployment.args})` : ''}`);
    }
  }

  if (model.events.length > 0) {
    section('Events', model.events.length);
    const unique = (ids: string[]) => [...new Set(ids)];
    for (const e of model.events) {
      const publishers = unique(e.publishers.map((u) => u.participant));
      const listeners = unique(e.listeners.map((u) => u.participant));
      out.push(`  ${e.name}${e.timer ? ' (timer)' : ''}: ${list(publishers)} → ${list(listeners)}`);
    }
  }

  if (model.useCases.length > 0) {
    section('Use cases', model.useCases.length);
    for (const u of model.useCases) {
      out.push(`  ${c.bold(u.slug)}  "${u.name}"  ${plural(u.scenarios.length, 'scenario')}`);
      for (const [key, values] of Object.entries(u.tags)) out.push(`    ${c.dim(`${key}: ${values.join(', ')}`)}`);
      for (const s of u.scenarios) out.push(`    ${describeTrigger(s.trigger)}`);
    }
  }

  if (model.exposures.length > 0) {
    section('Exposures', model.exposures.length);
    for (const x of model.exposures) {
      const parts = [`to ${list(x.to)}`];
      if (x.contexts.length > 0) parts.push(`contexts ${list(x.contexts)}`);
      if (x.through.length > 0) parts.push(`through ${list(x.through)}`);
      out.push(`  ${x.name}: ${parts.join('; ')}`);
    }
  }

  if (model.architectures.length > 0) {
    section('Architecture', model.architectures.length);
    for (const a of model.architectures) {
      out.push(`  ${a.name ?? '(unnamed)'}`);
      for (const [layer, components] of [['presentation', a.presentation], ['gateway', a.gateway]] as const) {
        if (components.length === 0) continue;
        out.push(`    ${layer}:`);
        for (const component of components) out.push(`      ${describeComponent(component)}`);
      }
    }
  }

  const relationships = (title: string, list: Relationship[]) => {
    if (list.length === 0) return;
    section(title, list.length);
    for (const r of list) out.push(`  ${r.left} ${r.verb} ${r.right}`);
  };
  relationships('Context map', model.contextMap);
  relationships('Glossary', model.glossary);

  return out.join('\n') + '\n';
}

/** A scenario's `when` line, rebuilt from the resolved trigger. */
export function describeTrigger(t: Trigger): string {
  switch (t.kind) {
    case 'external':
      return ['when', t.actor.name, t.verb, t.connector, t.phrase].filter(Boolean).join(' ');
    case 'listen':
      return `when ${t.participant.name} listens ${t.typed ? t.event : `"${t.event}"`}`;
    case 'event':
      return `when ${t.typed ? t.event : `"${t.event}"`}`;
    case 'periodic':
      return `when ${t.text}`;
  }
}

function describeComponent(component: ArchComponent): string {
  const one = (name: string, modifiers: { key: string; value?: string }[]) =>
    modifiers.length === 0 ? name : `${name}[${modifiers.map((m) => (m.value === undefined ? m.key : `${m.key}: ${m.value}`)).join(', ')}]`;
  return component.kind === 'simple' ? one(component.name, component.modifiers) : component.chain.map((l) => one(l.name, l.modifiers)).join(' > ');
}
