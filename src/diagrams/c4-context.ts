/** C4 system context: people, the system as one box, external systems, labelled relations. */
import type { Model } from '../compiler/model.js';
import { mermaidLabel as label } from '../text/escape.js';
import { Edges, Ids } from './labels.js';
import { hideBorder, layoutRow, relationText, shapeText } from './c4-text.js';
import { allSteps, isPerson, stepText, systemName } from './views.js';

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
      for (const { step } of allSteps(s.steps)) {
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
  const list = edges.list();
  const calledBySystem = new Set(list.filter((e) => e.from === system).map((e) => e.to));
  // Three rows: people and the systems that call in, the system, the systems it calls. Straight
  // relations between neighbouring rows cross no element, which a single grid could not promise.
  const callers = actors.filter((a) => isPerson(a) || (used.has(a.name) && !calledBySystem.has(a.name)));
  const called = actors.filter((a) => !callers.includes(a));
  const element = (a: (typeof actors)[number]) =>
    isPerson(a)
      ? `Person(${ids.id(a.name, 'p')}, "${shapeText(a.name)}", "${shapeText(a.type)}")`
      : `System_Ext(${ids.id(a.name, 'x')}, "${shapeText(a.name)}", "${shapeText(a.type === 'system' ? 'external system' : a.type)}")`;
  const systemLine = `System(${system}, "${shapeText(systemName(model))}", "${shapeText(summary(model))}")`;
  const rows: string[] = [];
  if (callers.length === 0 && called.length === 0) lines.push(`  ${systemLine}`);
  else {
    for (const [name, row] of [['callers', callers.map(element)], ['system', [systemLine]], ['called', called.map(element)]] as const) {
      const id = ids.id(name, 'row');
      const block = layoutRow(id, row, '  ');
      if (block.length) rows.push(id);
      lines.push(...block);
    }
  }
  const node = (key: string) => (key === system ? system : ids.id(key, isPerson(model.actors.find((a) => a.name === key)) ? 'p' : 'x'));
  for (const e of list) lines.push(`  Rel(${node(e.from)}, ${node(e.to)}, "${relationText(e.labels)}")`);
  for (const id of rows) lines.push(hideBorder(id));
  lines.push('  UpdateLayoutConfig($c4ShapeInRow="4", $c4BoundaryInRow="1")');
  return `${lines.join('\n')}\n`;
}

function summary(model: Model): string {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  return [n(model.services.length, 'service'), n(model.domains.length, 'domain'), n(model.useCases.length, 'use case')].join(', ');
}
