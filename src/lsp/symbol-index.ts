/**
 * Who names what, where: every name written in the workspace's syntax trees, resolved against the Model
 * the way the compiler resolves it (src/compiler/resolve.ts), so hover, definition, references, rename and
 * highlighting agree with `craft check`. The Model keeps no span for a use of a name; the trees do.
 * Node kinds this walk does not know (the language grows) are skipped, never a crash.
 */
import type * as A from '../parser/ast.js';
import type { Model } from '../compiler/model.js';

export type SymbolKind = 'actor' | 'domain' | 'context' | 'service' | 'datastore' | 'event' | 'record' | 'useCase';

export type OccurrenceRole = 'declaration' | 'reference' | 'publish' | 'listen';

export interface Occurrence {
  kind: SymbolKind;
  /** The id of what is named: an actor, service, domain or data store name, a context id, an event name, a use case title. */
  id: string;
  role: OccurrenceRole;
  file: string;
  /** Offsets of the name as written (quotes included). */
  start: number;
  end: number;
  /** Offsets of the part a rename replaces: inside the quotes; the context part of `domain/Context`. */
  nameStart: number;
  nameEnd: number;
  quoted: boolean;
}

/** A fact of the behaviour language (`X decides payment type: card | cash`) and the outcomes written for it. */
export interface Fact {
  name: string;
  outcomes: string[];
}

export interface SymbolIndex {
  /** Occurrences at an offset of a file (the innermost first). */
  at(file: string, offset: number): Occurrence | undefined;
  of(kind: SymbolKind, id: string): Occurrence[];
  inFile(file: string): readonly Occurrence[];
  /** Spans of prose (phrases), where keywords are words, by file. */
  prose(file: string): readonly { start: number; end: number }[];
  facts(): Fact[];
}

export const symbolKey = (kind: SymbolKind, id: string): string => `${kind}:${id}`;

/** The Model's names, for resolving what a written name denotes. */
class Names {
  readonly actors = new Set<string>();
  readonly contextsByName = new Map<string, string[]>();
  readonly domains = new Map<string, string[]>();
  readonly services = new Set<string>();
  readonly dataStores = new Set<string>();
  readonly records = new Set<string>();
  /** Event names a bare `cancels X` cancels: declared or scheduled ones. */
  readonly timers = new Set<string>();

  constructor(model: Model) {
    for (const a of model.actors) if (!a.implicit) this.actors.add(a.name);
    for (const c of model.contexts) {
      if (!c.declared) continue;
      const list = this.contextsByName.get(c.name) ?? [];
      list.push(c.id);
      this.contextsByName.set(c.name, list);
    }
    for (const d of model.domains) this.domains.set(d.name, d.contexts);
    for (const s of model.services) {
      this.services.add(s.name);
      for (const d of s.dataStores) this.dataStores.add(d);
    }
    for (const r of model.records) this.records.add(r.name);
    for (const e of model.events) if (e.timer || e.schema !== undefined) this.timers.add(e.name);
  }

  /** What a participant name denotes (mirrors the compiler's Resolver). */
  participant(name: A.Name, role: 'trigger' | 'step'): { kind: SymbolKind; id: string } {
    const text = name.text;
    if (!name.quoted && !text.includes(':') && text.includes('/')) {
      const [domain, ...rest] = text.split('/');
      const ids = this.domains.get(domain!);
      if (ids && rest.length === 1) {
        const wanted = `${domain}/${rest[0]}`;
        const id = ids.find((i) => i === wanted) ?? ids.find((i) => i.toLowerCase() === wanted.toLowerCase());
        return { kind: 'context', id: id ?? text };
      }
    } else if (!text.includes(':') || name.quoted) {
      if (this.actors.has(text) && role === 'trigger') return { kind: 'actor', id: text };
      const contexts = this.contextsByName.get(text);
      if (contexts && contexts.length > 0) return { kind: 'context', id: contexts[0]! };
      if (this.services.has(text)) return { kind: 'service', id: text };
      if (this.actors.has(text)) return { kind: 'actor', id: text };
      if (this.domains.has(text)) return { kind: 'domain', id: text };
      if (this.dataStores.has(text)) return { kind: 'datastore', id: text };
    }
    return role === 'trigger' ? { kind: 'actor', id: text } : { kind: 'context', id: text };
  }

  /** A name listed in a service's `contexts:` or an exposure's `contexts:`: a context, else a domain. */
  contextOrDomain(text: string): { kind: SymbolKind; id: string } {
    const contexts = this.contextsByName.get(text);
    if (contexts && contexts.length > 0) return { kind: 'context', id: contexts[0]! };
    if (this.domains.has(text)) return { kind: 'domain', id: text };
    return { kind: 'context', id: text };
  }
}

class Index implements SymbolIndex {
  private readonly byFile = new Map<string, Occurrence[]>();
  private readonly byKey = new Map<string, Occurrence[]>();
  private readonly proseByFile = new Map<string, { start: number; end: number }[]>();
  private readonly factMap = new Map<string, Set<string>>();

  add(o: Occurrence): void {
    const inFile = this.byFile.get(o.file) ?? [];
    inFile.push(o);
    this.byFile.set(o.file, inFile);
    const key = symbolKey(o.kind, o.id);
    const same = this.byKey.get(key) ?? [];
    same.push(o);
    this.byKey.set(key, same);
  }

  addProse(p: A.Phrase | undefined): void {
    if (!p) return;
    const list = this.proseByFile.get(p.span.file) ?? [];
    list.push({ start: p.span.start.offset, end: p.span.end.offset });
    this.proseByFile.set(p.span.file, list);
  }

  addFact(fact: string, outcomes: readonly string[]): void {
    const set = this.factMap.get(fact) ?? new Set<string>();
    for (const o of outcomes) set.add(o);
    this.factMap.set(fact, set);
  }

  finish(): this {
    for (const list of this.byFile.values()) list.sort((a, b) => a.start - b.start || b.end - a.end);
    for (const list of this.proseByFile.values()) list.sort((a, b) => a.start - b.start);
    return this;
  }

  at(file: string, offset: number): Occurrence | undefined {
    const list = this.byFile.get(file);
    if (!list) return undefined;
    let found: Occurrence | undefined;
    for (const o of list) {
      if (o.start > offset) break;
      if (offset <= o.end && (!found || o.end - o.start <= found.end - found.start)) found = o;
    }
    return found;
  }

  of(kind: SymbolKind, id: string): Occurrence[] {
    return this.byKey.get(symbolKey(kind, id)) ?? [];
  }

  inFile(file: string): readonly Occurrence[] {
    return this.byFile.get(file) ?? [];
  }

  prose(file: string): readonly { start: number; end: number }[] {
    return this.proseByFile.get(file) ?? [];
  }

  facts(): Fact[] {
    return [...this.factMap].map(([name, outcomes]) => ({ name, outcomes: [...outcomes] })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** Where the replaceable part of a name lies: inside its quotes, or after the `/` of a qualified context. */
function nameParts(span: A.Span, text: string, quoted: boolean, kind: SymbolKind): { nameStart: number; nameEnd: number } {
  const start = span.start.offset;
  const end = span.end.offset;
  if (quoted) return { nameStart: start + 1, nameEnd: Math.max(start + 1, start + 1 + text.length) };
  // Unquoted, a name is written as it reads (a type ref's span also covers its `[]`).
  if (end - start < text.length) return { nameStart: start, nameEnd: end };
  if (kind === 'context' && text.includes('/')) return { nameStart: start + text.lastIndexOf('/') + 1, nameEnd: start + text.length };
  return { nameStart: start, nameEnd: start + text.length };
}

export function buildIndex(documents: readonly A.Document[], model: Model): SymbolIndex {
  const names = new Names(model);
  const index = new Index();
  const record = (kind: SymbolKind, id: string, role: OccurrenceRole, span: A.Span, text: string, quoted: boolean) => {
    index.add({ kind, id, role, file: span.file, start: span.start.offset, end: span.end.offset, quoted, ...nameParts(span, text, quoted, kind) });
  };
  const name = (n: A.Name, kind: SymbolKind, id: string, role: OccurrenceRole) => record(kind, id, role, n.span, n.text, n.quoted);
  const participant = (n: A.Name, role: 'trigger' | 'step') => {
    const p = names.participant(n, role);
    name(n, p.kind, p.id, 'reference');
  };
  const event = (e: A.EventRef, role: OccurrenceRole) => record(names.records.has(e.name) ? 'record' : 'event', e.name, role, e.span, e.name, e.quoted);

  const statements = (list: readonly A.Statement[]): void => {
    for (const s of list) {
      switch (s.kind) {
        case 'if':
          for (const arm of s.arms) {
            if (arm.condition) {
              index.addFact(arm.condition.fact.text, arm.condition.outcomes.map((o) => o.text));
              index.addProse(arm.condition.fact);
              for (const o of arm.condition.outcomes) index.addProse(o);
            }
            statements(arm.statements);
          }
          break;
        case 'onTimeout':
          statements(s.statements);
          break;
        default:
          step(s);
      }
    }
  };
  const step = (s: A.Step): void => {
    participant(s.subject, 'step');
    switch (s.kind) {
      case 'ask':
        participant(s.target, 'step');
        index.addProse(s.phrase);
        break;
      case 'return':
        if (s.target) participant(s.target, 'step');
        index.addProse(s.phrase);
        if (s.alternatives) index.addFact(s.alternatives.fact.text, s.alternatives.outcomes.map((o) => o.text));
        break;
      case 'notify':
        for (const e of s.events) event(e, 'publish');
        break;
      case 'decide':
        index.addFact(s.alternatives.fact.text, s.alternatives.outcomes.map((o) => o.text));
        index.addProse(s.alternatives.fact);
        for (const o of s.alternatives.outcomes) index.addProse(o);
        break;
      case 'schedule':
        event(s.event, 'publish');
        break;
      case 'cancel':
        if (s.event.quoted || s.event.name.includes('.') || names.timers.has(s.event.name)) event(s.event, 'reference');
        break;
      case 'internal':
        index.addProse(s.phrase);
        break;
      default:
        break;
    }
  };

  for (const doc of documents) {
    for (const item of doc.items) {
      switch (item.kind) {
        case 'actor':
          name(item.name, 'actor', item.name.text, 'declaration');
          break;
        case 'domain':
          name(item.name, 'domain', item.name.text, 'declaration');
          for (const c of item.contexts) name(c, 'context', `${item.name.text}/${c.text}`, 'declaration');
          break;
        case 'service':
          name(item.name, 'service', item.name.text, 'declaration');
          for (const p of item.properties) {
            if (p.key.text === 'contexts' || p.key.text === 'domains') {
              for (const v of p.values) {
                const r = names.contextOrDomain(v.text);
                record(r.kind, r.id, 'reference', v.span, v.text, v.quoted);
              }
            } else if (p.key.text === 'data-stores') {
              for (const v of p.values) record('datastore', v.text, 'declaration', v.span, v.text, v.quoted);
            }
          }
          break;
        case 'exposure':
          for (const p of item.properties) {
            for (const v of p.values) {
              if (p.key.text === 'to' && names.actors.has(v.text)) record('actor', v.text, 'reference', v.span, v.text, v.quoted);
              else if (p.key.text === 'contexts' || p.key.text === 'of') {
                const r = names.contextOrDomain(v.text);
                record(r.kind, r.id, 'reference', v.span, v.text, v.quoted);
              }
            }
          }
          break;
        case 'useCase':
          name(item.title, 'useCase', item.title.text, 'declaration');
          for (const sc of item.scenarios) {
            const t = sc.trigger;
            switch (t.kind) {
              case 'external':
                participant(t.actor, 'trigger');
                index.addProse(t.phrase);
                break;
              case 'listen':
                participant(t.context, 'step');
                event(t.event, 'listen');
                break;
              case 'event':
                event(t.event, 'listen');
                break;
              default:
                break;
            }
            statements(sc.steps);
          }
          break;
        case 'contextMap':
          for (const r of item.relations) {
            for (const end of [r.left, r.right]) {
              const parts = end.text.split('/');
              const domain = parts.length > 1 ? parts[0]! : item.scope?.text;
              const context = parts[parts.length - 1]!;
              const ids = domain !== undefined ? names.domains.get(domain) : undefined;
              const id = ids ? ids.find((i) => i.toLowerCase() === `${domain}/${context}`.toLowerCase()) : parts.length === 1 ? names.contextsByName.get(context)?.[0] : undefined;
              if (id) name(end, 'context', id, 'reference');
            }
          }
          break;
        case 'event':
          event(item.name, 'declaration');
          for (const f of item.fields) if (names.records.has(f.type.name)) record('record', f.type.name, 'reference', f.type.span, f.type.name, false);
          break;
        default:
          break;
      }
    }
  }
  return index.finish();
}
