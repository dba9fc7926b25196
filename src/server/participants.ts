/**
 * What a click on a participant shows: where it is declared (file:line) and what it does, read from the
 * Model: what a context asks and is asked, publishes and listens to; a service's contexts and stores; what
 * an actor starts.
 */
import type { Model, SourceRef, Step } from '../compiler/model.js';
import type { PageParticipant } from '../page/index.js';

export function participantsOf(model: Model): PageParticipant[] {
  const asks = new Map<string, Set<string>>();
  const askedBy = new Map<string, Set<string>>();
  const starts = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => map.set(key, (map.get(key) ?? new Set()).add(value));
  const walk = (steps: readonly Step[]) => {
    for (const s of steps) {
      if (s.kind === 'ask') {
        add(asks, s.from.id, s.to.name);
        add(askedBy, s.to.id, s.from.name);
        // What the asker does when the call times out (an extension the lead's language work adds).
        const onTimeout = (s as { onTimeout?: Step[] }).onTimeout;
        if (onTimeout) walk(onTimeout);
      }
    }
  };
  for (const u of model.useCases) {
    for (const sc of u.scenarios) {
      if (sc.trigger.kind === 'external') add(starts, sc.trigger.actor.id, u.name);
      walk(sc.steps);
    }
  }
  const publishes = new Map<string, Set<string>>();
  const listens = new Map<string, Set<string>>();
  for (const e of model.events) {
    for (const p of e.publishers) add(publishes, p.participant, e.name);
    for (const l of e.listeners) add(listens, l.participant, e.name);
  }
  const list = (map: Map<string, Set<string>>, key: string) => [...(map.get(key) ?? [])].sort();
  const union = (map: Map<string, Set<string>>, keys: readonly string[]) => [...new Set(keys.flatMap((k) => list(map, k)))].sort();
  const out: PageParticipant[] = [];

  for (const a of model.actors) {
    out.push({
      name: a.name,
      kind: `actor (${a.type})`,
      ...declared(a.source),
      facts: [
        { label: 'starts', values: list(starts, a.name) },
        ...(a.type === 'system' ? [{ label: 'is asked by', values: list(askedBy, a.name) }] : []),
      ],
    });
  }
  for (const c of model.contexts) {
    out.push({
      name: c.name,
      kind: `bounded context${c.domain ? ` of ${c.domain}` : ''}${c.service ? `, in ${c.service}` : ''}`,
      ...declared(c.source),
      facts: [
        { label: 'asks', values: list(asks, c.id) },
        { label: 'is asked by', values: list(askedBy, c.id) },
        { label: 'publishes', values: list(publishes, c.id) },
        { label: 'listens to', values: list(listens, c.id) },
      ],
    });
  }
  for (const s of model.services) {
    out.push({
      name: s.name,
      kind: `service${s.language ? ` (${s.language})` : ''}`,
      ...declared(s.source),
      facts: [
        { label: 'contexts', values: s.contexts.map((id) => model.contexts.find((c) => c.id === id)?.name ?? id) },
        { label: 'data stores', values: [...s.dataStores] },
        { label: 'asks', values: union(asks, [s.name, ...s.contexts]) },
        { label: 'publishes', values: union(publishes, [s.name, ...s.contexts]) },
        { label: 'listens to', values: union(listens, [s.name, ...s.contexts]) },
      ],
    });
  }
  for (const d of model.domains) {
    out.push({ name: d.name, kind: 'domain', ...declared(d.source), facts: [{ label: 'contexts', values: d.contexts.map((id) => model.contexts.find((c) => c.id === id)?.name ?? id) }] });
  }
  return out;
}

function declared(source: SourceRef | undefined): { declared?: string } {
  return source ? { declared: `${source.file}:${source.line}` } : {};
}
