/** `context_map` (DDD relationships between bounded contexts) and `glossary` (relations between terms). */
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type * as A from '../parser/ast.js';
import type { Relationship } from './model.js';
import type { Reporter } from './reporter.js';
import type { Symbols } from './symbols.js';
import { related, sourceOf } from './source.js';

const mapVerbs = new Set([
  'customer_supplier', 'conformist', 'anticorruption_layer', 'open_host_service', 'published_language',
  'partnership', 'shared_kernel', 'separate_ways',
]);
const symmetricMapVerbs = new Set(['partnership', 'shared_kernel', 'separate_ways']);
const glossaryVerbs = new Set(['same_as', 'contrasts', 'distinct_from']);

interface Kind {
  block: 'context_map' | 'glossary';
  verbs: ReadonlySet<string>;
  symmetric: ReadonlySet<string>;
  notBc: DiagnosticCode;
  self: DiagnosticCode;
  redundant: DiagnosticCode;
}

const contextMapKind: Kind = {
  block: 'context_map', verbs: mapVerbs, symmetric: symmetricMapVerbs,
  notBc: 'craft/sema/edge-endpoint-not-bc', self: 'craft/sema/self-relationship', redundant: 'craft/lint/redundant-relationship',
};
const glossaryKind: Kind = {
  block: 'glossary', verbs: glossaryVerbs, symmetric: glossaryVerbs,
  notBc: 'craft/sema/glossary-endpoint-not-bc', self: 'craft/sema/glossary-self-relation', redundant: 'craft/lint/glossary-redundant',
};

export class Relations {
  readonly contextMap: Relationship[] = [];
  readonly glossary: Relationship[] = [];
  private readonly seen = new Map<string, Map<string, { verb: string; span: A.Span }>>();

  constructor(private readonly symbols: Symbols, private readonly reporter: Reporter) {}

  addContextMap(decl: A.ContextMapDecl): void {
    for (const r of decl.relations) this.add(r, decl.scope, contextMapKind, this.contextMap);
  }

  addGlossary(decl: A.GlossaryDecl): void {
    for (const r of decl.relations) this.add(r, decl.scope, glossaryKind, this.glossary);
  }

  private add(r: A.Relation, scope: A.Name | undefined, kind: Kind, out: Relationship[]): void {
    const verb = r.verb.text;
    if (!kind.verbs.has(verb)) {
      this.reporter.error('craft/sema/unknown-relationship', `'${verb}' is not a ${kind.block} relationship (use ${[...kind.verbs].join(', ')})`, r.verb.span);
      return;
    }
    const left = this.endpoint(r.left, scope, kind);
    const right = this.endpoint(r.right, scope, kind);
    const rel: Relationship = { left: r.left.text, verb, right: r.right.text, source: sourceOf(r.span) };
    if (scope) rel.scope = scope.text;
    if (left.id) rel.leftId = left.id;
    if (right.id) rel.rightId = right.id;
    out.push(rel);
    if (left.invalid || right.invalid) return;
    if (left.key === right.key) {
      const what = kind.block === 'glossary' ? 'a term to itself' : 'a bounded context to itself';
      this.reporter.error(kind.self, `'${r.left.text} ${verb} ${r.right.text}' relates ${what}`, r.left.span);
      return;
    }
    const pair = kind.symmetric.has(verb) ? [left.key, right.key].sort().join('\u0000') : `${left.key}\u0000${right.key}`;
    const unordered = [left.key, right.key].sort().join('\u0000');
    const bucket = this.seen.get(`${kind.block}:${unordered}`) ?? new Map();
    this.seen.set(`${kind.block}:${unordered}`, bucket);
    const prior = bucket.get(`${verb}:${pair}`);
    if (prior) {
      this.reporter.warning(kind.redundant, `'${r.left.text} ${verb} ${r.right.text}' repeats an earlier relationship`, r.left.span, {
        related: [related(prior.span, 'first stated here')],
      });
      return;
    }
    if (kind.block === 'glossary') {
      const conflict = [...bucket.values()].find((b) => (b.verb === 'same_as') !== (verb === 'same_as'));
      if (conflict) {
        this.reporter.warning('craft/lint/glossary-conflicting-relation', `'${r.left.text}' and '${r.right.text}' are both '${conflict.verb}' and '${verb}'`, r.left.span, {
          related: [related(conflict.span, `'${conflict.verb}' stated here`)],
        });
      }
    }
    bucket.set(`${verb}:${pair}`, { verb, span: r.span });
  }

  /** Resolves the bounded-context part of an endpoint (`billing`, `re/billing`, or for glossaries `billing/Term`). */
  private endpoint(name: A.Name, scope: A.Name | undefined, kind: Kind): { key: string; id?: string; invalid: boolean } {
    const parts = name.text.split('/');
    const term = kind.block === 'glossary' ? parts.pop() : undefined;
    const suffix = term === undefined ? '' : `/${term.toLowerCase()}`;
    if (kind.block === 'glossary' && parts.length === 0) {
      this.reporter.error('craft/sema/glossary-endpoint-not-bc', `'${name.text}' names no bounded context: write '<context>/<term>'`, name.span);
      return { key: name.text, invalid: true };
    }
    const domainName = parts.length > 1 ? parts[0]! : scope?.text;
    const contextName = parts[parts.length - 1]!;
    const domain = domainName !== undefined ? this.symbols.domains.get(domainName) : undefined;
    if (domain) {
      const id = domain.value.contexts.find((c) => c.toLowerCase() === `${domainName}/${contextName}`.toLowerCase());
      if (id) return { key: id.toLowerCase() + suffix, id, invalid: false };
    } else if (parts.length === 1) {
      const found = this.symbols.contextsByName.get(contextName);
      if (found && found.length > 1) {
        this.reporter.error('craft/sema/ambiguous-bc', `'${contextName}' is a bounded context of several domains: qualify it as '<domain>/${contextName}'`, name.span);
        return { key: name.text, invalid: true };
      }
      if (found && found.length === 1) return { key: found[0]!.id.toLowerCase() + suffix, id: found[0]!.id, invalid: false };
    }
    const other = this.otherKind(contextName);
    if (other) {
      this.reporter.error(kind.notBc, `'${contextName}' is ${other}, not a bounded context`, name.span);
      return { key: name.text, invalid: true };
    }
    if (domain || this.symbols.domains.size > 0) {
      this.reporter.warning('craft/sema/unresolved-bc', `'${contextName}' is not a declared bounded context${domain ? ` of domain '${domain.value.name}'` : ''}`, name.span);
    }
    const qualified = domainName !== undefined ? `${domainName}/${contextName}` : contextName;
    return { key: qualified.toLowerCase() + suffix, invalid: false };
  }

  private otherKind(name: string): string | undefined {
    if (this.symbols.domains.has(name)) return 'a domain';
    if (this.symbols.services.has(name)) return 'a service';
    if (this.symbols.actors.has(name)) return 'an actor';
    return undefined;
  }
}
