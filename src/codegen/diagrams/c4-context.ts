/** C4 system context: people, the system as one box, external systems, labelled relations. */
import type { Model } from '../../compiler/model.js';
import { Edges, Ids, label } from './text.js';
import { isPerson, stepText, systemName } from './views.js';

export function c4Context(model: Model): string {
  const ids = new Ids();
  const system = ids.id(systemName(model), 'sys');
  const edges = new Edges();
  const used = new Set<string>();
  for (const u of model.useCases) {
    for (const s of u.scenarios) {
      if (s.trigger.kind === 'external' && s.trigger.actor.kind === 'actor') {
        used.add(s.trigger.actor.id);
        edges.add(s.trigger.actor.id, system, [s.trigger.verb, s.trigger.connector, s.trigger.phrase].filter(Boolean).join(' '));
      }
      for (const step of s.steps) {
        if (step.kind === 'ask' && step.to.kind === 'actor') {
          used.add(step.to.id);
          edges.add(system, step.to.id, stepText(step));
        }
      }
    }
  }
  for (const e of model.exposures) for (const a of e.to) {
    used.add(a);
    edges.add(a, system, `uses ${e.name}`);
  }
  const lines = ['C4Context', `  title System context of ${label(systemName(model))}`];
  const actors = model.actors.filter((a) => used.has(a.name) || !a.implicit);
  for (const a of actors.filter(isPerson)) lines.push(`  Person(${ids.id(a.name, 'p')}, "${label(a.name)}", "${label(a.type)}")`);
  lines.push(`  System(${system}, "${label(systemName(model))}", "${label(summary(model))}")`);
  for (const a of actors.filter((x) => !isPerson(x))) {
    lines.push(`  System_Ext(${ids.id(a.name, 'x')}, "${label(a.name)}", "${label(a.type === 'system' ? 'external system' : a.type)}")`);
  }
  const node = (key: string) => (key === system ? system : ids.id(key, isPerson(model.actors.find((a) => a.name === key)) ? 'p' : 'x'));
  for (const e of edges.list()) lines.push(`  Rel(${node(e.from)}, ${node(e.to)}, "${label(e.label)}")`);
  lines.push('  UpdateLayoutConfig($c4ShapeInRow="4", $c4BoundaryInRow="1")');
  return `${lines.join('\n')}\n`;
}

function summary(model: Model): string {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  return [n(model.services.length, 'service'), n(model.domains.length, 'domain'), n(model.useCases.length, 'use case')].join(', ');
}
