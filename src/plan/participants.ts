/**
 * Names a user writes in `--faults` and in latency files, resolved to participant ids of the Model: a
 * context id (`Inventory/StockManagement`) or name (`StockManagement`), a domain (all its contexts), a
 * service (itself and all its contexts), an actor, a data store.
 */
import type { Model } from '../compiler/model.js';

export function resolveParticipants(model: Model, name: string): string[] {
  const found = new Set<string>();
  for (const c of model.contexts) if (c.id === name || c.name === name) found.add(c.id);
  for (const d of model.domains) if (d.name === name) for (const c of d.contexts) found.add(c);
  for (const s of model.services) {
    if (s.name !== name) continue;
    found.add(s.name);
    for (const c of s.contexts) found.add(c);
  }
  for (const a of model.actors) if (a.name === name) found.add(a.name);
  for (const s of model.services) for (const store of s.dataStores) if (store === name) found.add(store);
  // Participants only used in scenarios (e.g. an undeclared actor) are known by their ids.
  if (found.size === 0) {
    for (const u of model.useCases)
      for (const sc of u.scenarios)
        for (const st of sc.steps) {
          if (st.from.id === name || st.from.name === name) found.add(st.from.id);
          if (st.kind === 'ask' && (st.to.id === name || st.to.name === name)) found.add(st.to.id);
        }
  }
  return [...found].sort();
}

/** Every name `resolveParticipants` accepts, for error messages. */
export function participantNames(model: Model): string[] {
  const names = new Set<string>();
  for (const c of model.contexts) names.add(c.name);
  for (const d of model.domains) names.add(d.name);
  for (const s of model.services) names.add(s.name);
  for (const a of model.actors) names.add(a.name);
  return [...names].sort();
}
