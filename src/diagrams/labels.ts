/**
 * Mermaid ids and edges: ids are reduced to [A-Za-z0-9_] and unique; parallel relations share one edge.
 * Labels are escaped by `mermaidLabel` (src/text/escape.ts).
 */

/** Stable, unique Mermaid ids for arbitrary keys, in first-use order. */
export class Ids {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  id(key: string, prefix: string): string {
    const existing = this.byKey.get(`${prefix}\u0000${key}`);
    if (existing) return existing;
    const base = `${prefix}_${key.normalize('NFKD').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'x'}`.slice(0, 60);
    let id = base;
    for (let n = 2; this.used.has(id.toLowerCase()); n++) id = `${base}_${n}`;
    this.used.add(id.toLowerCase());
    this.byKey.set(`${prefix}\u0000${key}`, id);
    return id;
  }
}

/** Collects labels per edge, so parallel relations become one edge with a joined label. */
export class Edges<K extends string = string> {
  private readonly map = new Map<string, { from: K; to: K; labels: string[] }>();

  add(from: K, to: K, text: string | undefined): void {
    const key = `${from}\u0000${to}`;
    let e = this.map.get(key);
    if (!e) {
      e = { from, to, labels: [] };
      this.map.set(key, e);
    }
    if (text && !e.labels.includes(text)) e.labels.push(text);
  }

  /** `label` joins the labels into one line; `labels` keeps them apart. */
  list(): { from: K; to: K; label: string; labels: string[] }[] {
    return [...this.map.values()].map((e) => ({ from: e.from, to: e.to, label: joinLabels(e.labels), labels: [...e.labels] }));
  }
}

/** At most three labels on one edge, then a count: a wall of text helps nobody. */
export function joinLabels(labels: string[], max = 3): string {
  if (labels.length <= max) return labels.join(', ');
  return `${labels.slice(0, max).join(', ')} +${labels.length - max} more`;
}
