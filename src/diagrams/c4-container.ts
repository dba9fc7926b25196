/**
 * C4 containers: services (language as technology) with their data stores, the event bus as a queue,
 * `arch` presentation and gateway components in front, relations from `asks`, events and exposures.
 * With `focus`, the other services are drawn as external containers.
 */
import type { ArchComponent, Model, Participant } from '../compiler/model.js';
import { mermaidLabel as label } from '../text/escape.js';
import { Edges, Ids } from './labels.js';
import { hideBorder, layoutRow, relationText, shapeText } from './c4-text.js';
import { allSteps, isPerson, stepText, systemName } from './views.js';

export interface ContainerOptions {
  focus?: string;
}

type NodeKind = 'person' | 'external' | 'container' | 'db' | 'queue' | 'component';

interface Node {
  id: string;
  kind: NodeKind;
  name: string;
  technology: string;
  description: string;
  outside: boolean;
}

export function c4Container(model: Model, options: ContainerOptions = {}): string {
  const ids = new Ids();
  const nodes = new Map<string, Node>();
  const edges = new Edges();
  const node = (key: string, kind: NodeKind, name: string, technology = '', description = '', outside = false): string => {
    let n = nodes.get(key);
    if (!n) {
      n = { id: ids.id(name, kind === 'db' ? 'db' : kind === 'person' ? 'p' : kind === 'external' ? 'x' : 'c'), kind, name, technology, description, outside };
      nodes.set(key, n);
    }
    return n.id;
  };
  const services = new Map(model.services.map((s) => [s.name, s]));
  /** A data store is drawn under the first service that declares it. */
  const ownerOf = new Map<string, string>();
  const serviceNode = (name: string): string => {
    const s = services.get(name)!;
    const outside = options.focus !== undefined && options.focus !== name;
    return node(`service:${name}`, 'container', name, s.language ?? 'service', s.contextNames.join(', '), outside);
  };
  // Services first, in declaration order, so the picture is stable.
  for (const s of model.services) {
    const id = serviceNode(s.name);
    if (options.focus !== undefined && options.focus !== s.name) continue;
    for (const d of s.dataStores) {
      const db = node(`db:${d}`, 'db', d, 'data store');
      if (!ownerOf.has(db)) ownerOf.set(db, id);
      edges.add(id, db, 'reads and writes');
    }
  }
  const contextOwner = new Map(model.contexts.map((c) => [c.id, c.service]));
  const containerOf = (p: Participant): string => {
    switch (p.kind) {
      case 'service':
        return serviceNode(p.id);
      case 'context': {
        const owner = contextOwner.get(p.id);
        return owner ? serviceNode(owner) : node(`context:${p.id}`, 'container', p.name, 'bounded context');
      }
      case 'actor': {
        const actor = model.actors.find((a) => a.name === p.id);
        return isPerson(actor) ? node(`actor:${p.id}`, 'person', p.id, actor?.type ?? '') : node(`actor:${p.id}`, 'external', p.id, 'external system');
      }
      case 'datastore':
        return node(`db:${p.id}`, 'db', p.id, 'data store');
      case 'domain': {
        const owner = model.contexts.find((c) => c.domain === p.id && c.service)?.service;
        return owner ? serviceNode(owner) : node(`domain:${p.id}`, 'container', p.id, 'domain');
      }
    }
  };
  const bus = () => node('bus', 'queue', 'Event bus', 'topics', `${model.events.filter((e) => !e.timer).length} events`);

  for (const u of model.useCases) {
    for (const s of u.scenarios) {
      const first = s.steps[0];
      if (s.trigger.kind === 'external' && first && !model.exposures.some((e) => e.to.includes(s.trigger.kind === 'external' ? s.trigger.actor.id : ''))) {
        const from = containerOf(s.trigger.actor);
        const to = containerOf(first.from);
        if (from !== to) edges.add(from, to, [s.trigger.verb, s.trigger.connector, s.trigger.phrase].filter(Boolean).join(' '));
      }
      for (const { step } of allSteps(s.steps)) {
        if (step.kind !== 'ask') continue;
        const from = containerOf(step.from);
        const to = containerOf(step.to);
        if (from !== to) edges.add(from, to, step.operation?.text ?? stepText(step));
      }
    }
  }
  for (const e of model.events) {
    if (e.timer) continue;
    for (const p of e.publishers) {
      const from = containerOf(participant(model, p.participant));
      edges.add(from, bus(), e.name);
    }
    for (const l of e.listeners) {
      if (!l.participant) continue;
      edges.add(bus(), containerOf(participant(model, l.participant)), e.name);
    }
  }

  // arch: components in front of the services; a component named like a service is that service.
  const component = (name: string, technology: string, description: string): string =>
    services.has(name) ? serviceNode(name) : node(`component:${name}`, 'component', name, technology, description);
  for (const a of model.architectures) {
    for (const [section, list] of [['presentation', a.presentation], ['gateway', a.gateway]] as const) {
      for (const c of list) {
        const chain = c.kind === 'flow' ? c.chain : [c];
        const chainIds = chain.map((x) => component(x.name, section, modifiers(x.modifiers)));
        // Unlabelled: the arrow says "routes to", and a label on every hop is clutter.
        for (let i = 1; i < chainIds.length; i++) edges.add(chainIds[i - 1]!, chainIds[i]!, undefined);
      }
    }
  }
  for (const e of model.exposures) {
    const entry = entryComponent(model, e.through);
    for (const actorName of e.to) {
      const actor = model.actors.find((a) => a.name === actorName);
      const from = node(`actor:${actorName}`, isPerson(actor) || !actor ? 'person' : 'external', actorName, actor?.type ?? 'user');
      if (entry) edges.add(from, component(entry, 'gateway', ''), `${e.name}: ${e.contexts.join(', ')}`);
    }
  }

  const lines = ['C4Container', `  title Containers of ${label(systemName(model))}${options.focus ? ` (focus: ${label(options.focus)})` : ''}`];
  const all = [...nodes.values()];
  const element = (n: Node): string => {
    const args = [n.id, `"${shapeText(n.name)}"`, `"${shapeText(n.technology)}"`];
    if (n.description) args.push(`"${shapeText(n.description)}"`);
    const macro =
      n.kind === 'person' ? 'Person'
        : n.kind === 'external' ? 'System_Ext'
          : n.kind === 'db' ? 'ContainerDb'
            : n.kind === 'queue' ? 'ContainerQueue'
              : n.outside ? 'Container_Ext' : 'Container';
    const personArgs = n.kind === 'person' || n.kind === 'external' ? args.slice(0, 3) : args;
    return `${macro}(${personArgs.join(', ')})`;
  };
  // Layout (Mermaid places C4 elements in rows, in the order written): people on top; inside the system,
  // the entry components and the event bus, then one column per service holding its data stores, so a
  // service's "reads and writes" runs straight down; everything outside the system in a column beside it.
  const inside = all.filter((n) => !n.outside && n.kind !== 'person' && n.kind !== 'external');
  const serviceIds = new Set(model.services.map((s) => nodes.get(`service:${s.name}`)?.id).filter((id): id is string => id !== undefined));
  const columns = neighboursSideBySide(inside.filter((n) => serviceIds.has(n.id)), edges.list());
  const owned = (n: Node) => n.kind === 'db' && columns.some((c) => c.id === ownerOf.get(n.id));
  const rows: string[] = [];
  // Systems that only call in (a scheduler) stand with the people on top, not beside the system, so their
  // relations come down instead of crossing the service columns.
  const asked = new Set(edges.list().map((e) => e.to));
  const callsIn = (n: Node) => n.kind === 'external' && !asked.has(n.id);
  for (const n of all.filter((x) => x.kind === 'person' || callsIn(x))) lines.push(`  ${element(n)}`);
  lines.push(`  System_Boundary(${ids.id(systemName(model), 'sys')}, "${label(systemName(model))}") {`);
  for (const kind of ['component', 'queue', 'container', 'db'] as const) {
    for (const n of inside.filter((x) => x.kind === kind && !serviceIds.has(x.id) && !owned(x))) lines.push(`    ${element(n)}`);
  }
  for (const c of columns) {
    const id = ids.id(c.name, 'col');
    rows.push(id);
    lines.push(...layoutRow(id, [c, ...inside.filter((n) => n.kind === 'db' && ownerOf.get(n.id) === c.id)].map(element), '    '));
  }
  lines.push('  }');
  const outside = [...all.filter((x) => x.outside), ...all.filter((x) => x.kind === 'external' && !callsIn(x))].map(element);
  if (outside.length) {
    const id = ids.id('outside', 'col');
    rows.push(id);
    lines.push(...layoutRow(id, outside, '  '));
  }
  // Event bus relations all end at the bus, so their labels meet there: they say how many events flow
  // (the domain flow names them), and a service that publishes and listens gets one two-way relation
  // instead of two relations on the same line with their labels on top of each other.
  const list = edges.list();
  const busId = nodes.get('bus')?.id;
  const events = (verb: string, names: string[]) => label(`${verb} ${names.length === 1 ? names[0] : `${names.length} events`}`);
  for (const e of list) {
    const reverse = list.find((x) => x.from === e.to && x.to === e.from);
    if (busId === undefined || (e.to !== busId && e.from !== busId)) lines.push(`  Rel(${e.from}, ${e.to}, "${relationText(e.labels)}")`);
    else if (!reverse) lines.push(`  Rel(${e.from}, ${e.to}, "${events(e.to === busId ? 'publishes' : 'consumes', e.labels)}")`);
    else if (e.to === busId) lines.push(`  BiRel(${e.from}, ${e.to}, "${events('publishes', e.labels)}<br/>${events('consumes', reverse.labels)}")`);
  }
  for (const id of rows) lines.push(hideBorder(id));
  const boundariesInRow = Math.min(6, Math.max(2, columns.length));
  lines.push(`  UpdateLayoutConfig($c4ShapeInRow="4", $c4BoundaryInRow="${boundariesInRow}")`);
  return `${lines.join('\n')}\n`;
}

function participant(model: Model, id: string): Participant {
  if (model.services.some((s) => s.name === id)) return { name: id, kind: 'service', id };
  if (model.actors.some((a) => a.name === id)) return { name: id, kind: 'actor', id };
  const ctx = model.contexts.find((c) => c.id === id || c.name === id);
  return { name: ctx?.name ?? id, kind: 'context', id: ctx?.id ?? id };
}

/**
 * Service columns in an order where services that call each other stand side by side, so a relation
 * between them does not run through a third service: the busiest service first, then, one at a time, the
 * service most connected to either end of the row, added at that end (declaration order breaks ties).
 */
function neighboursSideBySide(columns: Node[], edges: { from: string; to: string }[]): Node[] {
  if (columns.length < 3) return columns;
  const weight = (a: Node, b: Node) => edges.filter((e) => (e.from === a.id && e.to === b.id) || (e.from === b.id && e.to === a.id)).length;
  const degree = (a: Node) => columns.reduce((sum, b) => sum + (a === b ? 0 : weight(a, b)), 0);
  const rest = [...columns];
  const hub = rest.reduce((best, c) => (degree(c) > degree(best) ? c : best));
  rest.splice(rest.indexOf(hub), 1);
  const row = [hub];
  while (rest.length > 0) {
    let pick = rest[0]!;
    let atLeft = false;
    let best = 0;
    for (const c of rest) {
      const left = weight(c, row[0]!);
      const right = weight(c, row[row.length - 1]!);
      if (Math.max(left, right) > best) {
        best = Math.max(left, right);
        pick = c;
        atLeft = left > right;
      }
    }
    rest.splice(rest.indexOf(pick), 1);
    if (atLeft) row.unshift(pick);
    else row.push(pick);
  }
  return row;
}

function modifiers(list: { key: string; value?: string }[]): string {
  return list.map((m) => (m.value === undefined ? m.key : `${m.key}: ${m.value}`)).join(', ');
}

/** The `through` component requests reach first: the one that appears earliest in the arch flows. */
function entryComponent(model: Model, through: string[]): string | undefined {
  const order: string[] = [];
  const walk = (c: ArchComponent) => (c.kind === 'flow' ? c.chain.forEach((x) => order.push(x.name)) : order.push(c.name));
  for (const a of model.architectures) [...a.presentation, ...a.gateway].forEach(walk);
  const ranked = [...through].sort((a, b) => rank(order, a) - rank(order, b));
  return ranked[0];
}

function rank(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}
