/** The list of views, grouped (Architecture, Use cases, Stories, Explored paths), and the simulation entries. */
import { escapeHtml } from '../text/escape.js';
import type { PageMode, PageSimulation, PageView } from './types.js';

/** The id of the simulation panel's entry in the list (never a view id: those are slugs without `:`). */
export const SIMULATION_ENTRY = 'simulation';

export function navHtml(views: readonly PageView[], mode: PageMode, simulations: readonly PageSimulation[]): string {
  const groups = new Map<string, PageView[]>();
  for (const v of views) groups.set(v.group, [...(groups.get(v.group) ?? []), v]);
  const out: string[] = [];
  for (const [group, list] of groups) {
    out.push(`<h2>${escapeHtml(group)}</h2><ul>`);
    for (const v of list) out.push(`<li>${link(`view=${v.id}`, v.id, v.title)}</li>`);
    out.push('</ul>');
  }
  if (mode === 'live') out.push(`<h2>Simulation</h2><ul><li>${link(SIMULATION_ENTRY, SIMULATION_ENTRY, 'Run use cases')}</li></ul>`);
  else if (simulations.length > 0) {
    out.push('<h2>Simulations</h2><ul>');
    for (const s of simulations) out.push(`<li>${link(`simulation=${s.id}`, `simulation=${s.id}`, s.title)}</li>`);
    out.push('</ul>');
  }
  return out.join('');
}

function link(hash: string, entry: string, title: string): string {
  return `<a href="#${escapeHtml(encodeURI(hash))}" data-entry="${escapeHtml(entry)}">${escapeHtml(title)}</a>`;
}
