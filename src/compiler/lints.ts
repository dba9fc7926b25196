/** Whole-model lints: actors nobody uses, and `asks` cycles (a synchronous call that can come back to its caller). */
import type { Reporter } from './reporter.js';
import type { Symbols } from './symbols.js';
import type { AskSite } from './use-cases.js';

export function checkUnusedActors(symbols: Symbols, used: ReadonlySet<string>, reporter: Reporter): void {
  for (const [name, a] of symbols.actors) {
    if (!used.has(name)) reporter.warning('craft/lint/unused-actor', `actor '${name}' takes part in no use case or exposure`, a.span);
  }
}

/** Tarjan's strongly connected components over the `asks` graph between contexts and services. */
export function checkAskCycles(asks: AskSite[], reporter: Reporter): void {
  const edges = new Map<string, string[]>();
  const firstSite = new Map<string, AskSite>();
  for (const a of asks) {
    if (a.from.kind === 'actor' || a.to.kind === 'actor' || a.to.kind === 'datastore') continue;
    const list = edges.get(a.from.id) ?? [];
    if (!list.includes(a.to.id)) list.push(a.to.id);
    edges.set(a.from.id, list);
    if (!firstSite.has(`${a.from.id}\u0000${a.to.id}`)) firstSite.set(`${a.from.id}\u0000${a.to.id}`, a);
  }
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      components.push(comp);
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  for (const comp of components) {
    const members = new Set(comp);
    const selfLoop = comp.length === 1 && (edges.get(comp[0]!) ?? []).includes(comp[0]!);
    if (comp.length < 2 && !selfLoop) continue;
    const sites = asks.filter((a) => members.has(a.from.id) && members.has(a.to.id));
    const first = sites[0];
    if (!first) continue;
    const names = [...new Set(sites.map((s) => s.from.name))];
    reporter.warning('craft/lint/ask-cycle', `synchronous 'asks' form a cycle between ${names.map((n) => `'${n}'`).join(', ')}: a request can wait on itself`, first.span);
  }
}
