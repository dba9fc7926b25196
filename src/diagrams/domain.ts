/**
 * Domain flow: domains as subgraphs (or services, with `group: 'service'`), bounded contexts as nodes,
 * solid edges for `asks` (labelled `conditional` when only a branch or a timed-out call makes them), dashed
 * labelled edges for events from publisher to listener.
 */
import type { Model, Participant } from '../compiler/model.js';
import { mermaidLabel as label } from '../text/escape.js';
import { Edges, Ids } from './labels.js';
import { actorOf, allSteps, isPerson } from './views.js';

export interface DomainOptions {
  direction?: 'LR' | 'TB';
  group?: 'domain' | 'service';
}

export function domainFlow(model: Model, options: DomainOptions = {}): string {
  const ids = new Ids();
  const group = options.group ?? 'domain';
  const nodes = new Map<string, { id: string; name: string; group?: string; shape: 'context' | 'actor' | 'system' | 'service' | 'store' }>();
  const contexts = new Map(model.contexts.map((c) => [c.id, c]));
  const nodeOf = (p: Participant | { kind: 'context'; id: string; name: string }): string => {
    const key = `${p.kind}:${p.id}`;
    let n = nodes.get(key);
    if (!n) {
      const ctx = p.kind === 'context' ? contexts.get(p.id) : undefined;
      const shape = p.kind === 'actor' ? (isPerson(actorOf(model, p.id)) ? 'actor' : 'system') : p.kind === 'service' ? 'service' : p.kind === 'datastore' ? 'store' : 'context';
      const g = ctx ? (group === 'domain' ? ctx.domain : ctx.service) : undefined;
      n = { id: ids.id(p.id, p.kind === 'context' ? 'ctx' : p.kind), name: ctx?.name ?? p.name, shape };
      if (g !== undefined) n.group = g;
      nodes.set(key, n);
    }
    return n.id;
  };
  // Every declared context appears, used or not: the domain map is also an inventory.
  for (const c of model.contexts.filter((x) => x.declared)) nodeOf({ kind: 'context', id: c.id, name: c.name });

  const asks = new Edges();
  const events = new Edges();
  // An ask some run always makes is drawn plain; one made only on a branch (or on timeout) is labelled.
  const always = new Set<string>();
  for (const u of model.useCases) {
    for (const s of u.scenarios) {
      for (const { step, conditional } of allSteps(s.steps)) {
        if (step.kind !== 'ask') continue;
        const from = nodeOf(step.from);
        const to = nodeOf(step.to);
        asks.add(from, to, undefined);
        if (!conditional) always.add(`${from}\u0000${to}`);
      }
    }
  }
  const byId = (id: string): Participant => {
    const ctx = contexts.get(id) ?? model.contexts.find((c) => c.name === id);
    if (ctx) return { name: ctx.name, kind: 'context', id: ctx.id };
    if (model.services.some((s) => s.name === id)) return { name: id, kind: 'service', id };
    return { name: id, kind: model.actors.some((a) => a.name === id) ? 'actor' : 'context', id };
  };
  for (const e of model.events) {
    for (const p of e.publishers) {
      for (const l of e.listeners) {
        if (!l.participant) continue;
        events.add(nodeOf(byId(p.participant)), nodeOf(byId(l.participant)), e.name);
      }
    }
  }

  const lines = [`flowchart ${options.direction ?? 'LR'}`];
  const groups = new Map<string, typeof nodes extends Map<string, infer N> ? N[] : never>();
  const loose: (typeof nodes extends Map<string, infer N> ? N : never)[] = [];
  for (const n of nodes.values()) {
    if (n.group === undefined) loose.push(n);
    else groups.set(n.group, [...(groups.get(n.group) ?? []), n]);
  }
  const shape = (n: { id: string; name: string; shape: string }) => {
    const text = `"${label(n.name)}"`;
    switch (n.shape) {
      case 'actor':
        return `${n.id}([${text}])`;
      case 'system':
        return `${n.id}[[${text}]]`;
      case 'service':
        return `${n.id}[/${text}/]`;
      case 'store':
        return `${n.id}[(${text})]`;
      default:
        return `${n.id}[${text}]`;
    }
  };
  for (const [name, members] of groups) {
    lines.push(`  subgraph ${ids.id(name, group === 'domain' ? 'dom' : 'svc')}["${label(name)}"]`);
    for (const n of members) lines.push(`    ${shape(n)}`);
    lines.push('  end');
  }
  for (const n of loose) lines.push(`  ${shape(n)}`);
  for (const e of asks.list()) lines.push(always.has(`${e.from}\u0000${e.to}`) ? `  ${e.from} --> ${e.to}` : `  ${e.from} -->|"conditional"| ${e.to}`);
  for (const e of events.list()) lines.push(`  ${e.from} -.->|"${label(e.label)}"| ${e.to}`);
  return `${lines.join('\n')}\n`;
}
