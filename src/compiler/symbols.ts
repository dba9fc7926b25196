/**
 * Symbol tables of a workspace: actors, domains, bounded contexts, services, data stores. Built from
 * the declarations of every file (in sorted path order), with the duplicate and cross-kind checks.
 */
import type * as A from '../parser/ast.js';
import type { Actor, BoundedContext, Domain, Service } from './model.js';
import { sourceOf, related } from './source.js';
import type { Reporter } from './reporter.js';

interface Declared<T> {
  value: T;
  span: A.Span;
}

export class Symbols {
  readonly actors = new Map<string, Declared<Actor>>();
  readonly domains = new Map<string, Declared<Domain>>();
  /** Declared contexts by id (`domain/name`). */
  readonly contexts = new Map<string, BoundedContext>();
  /** Declared contexts by bare name: more than one entry means the bare name is ambiguous. */
  readonly contextsByName = new Map<string, BoundedContext[]>();
  readonly services = new Map<string, Declared<Service> & { group: string; anchors: Map<string, A.Span> }>();
  readonly dataStores = new Set<string>();
  /** Contexts only used in scenarios, never declared: created on first use. */
  readonly implicitContexts = new Map<string, BoundedContext>();

  constructor(private readonly reporter: Reporter) {}

  addActor(decl: A.ActorDecl): void {
    const name = decl.name.text;
    const prior = this.actors.get(name);
    if (prior) {
      this.reporter.error('craft/sema/duplicate-name', `actor '${name}' is already declared`, decl.name.span, {
        related: [related(prior.span, 'first declared here')],
      });
      return;
    }
    this.actors.set(name, { value: { name, type: decl.type.text, implicit: false, source: sourceOf(decl.name.span) }, span: decl.name.span });
  }

  addDomain(decl: A.DomainDecl): void {
    const name = decl.name.text;
    const prior = this.domains.get(name);
    if (prior) {
      this.reporter.error('craft/sema/duplicate-name', `domain '${name}' is already declared`, decl.name.span, {
        related: [related(prior.span, 'first declared here')],
      });
      return;
    }
    const domain: Domain = { name, contexts: [], source: sourceOf(decl.name.span) };
    this.domains.set(name, { value: domain, span: decl.name.span });
    const seen = new Map<string, A.Span>();
    for (const c of decl.contexts) {
      const first = seen.get(c.text);
      if (first) {
        this.reporter.warning('craft/lint/duplicate-bounded-context', `'${c.text}' is listed twice in domain '${name}'`, c.span, {
          related: [related(first, 'first listed here')],
        });
        continue;
      }
      seen.set(c.text, c.span);
      const bc: BoundedContext = { id: `${name}/${c.text}`, name: c.text, domain: name, declared: true, source: sourceOf(c.span) };
      domain.contexts.push(bc.id);
      this.contexts.set(bc.id, bc);
      const same = this.contextsByName.get(c.text);
      if (same) same.push(bc);
      else this.contextsByName.set(c.text, [bc]);
    }
  }

  /**
   * Services merge across `services {}` blocks (the v1 habit of splitting them); the same name twice in
   * one block is an error.
   */
  addService(decl: A.ServiceDecl, group: string, props: ServiceProps): void {
    const name = decl.name.text;
    const prior = this.services.get(name);
    if (prior && prior.group === group) {
      this.reporter.error('craft/sema/duplicate-name', `service '${name}' is declared twice in the same services block`, decl.name.span, {
        related: [related(prior.span, 'first declared here')],
      });
      return;
    }
    if (prior) {
      const s = prior.value;
      s.contextNames.push(...props.contextNames.filter((c) => !s.contextNames.includes(c)));
      s.dataStores.push(...props.dataStores.filter((d) => !s.dataStores.includes(d)));
      s.language ??= props.language;
      if (!s.deployment.type && props.deployment.type) s.deployment = props.deployment;
      s.catalogRef ??= props.catalogRef;
      s.repo ??= props.repo;
      if (s.language === undefined) delete s.language;
      if (s.catalogRef === undefined) delete s.catalogRef;
      if (s.repo === undefined) delete s.repo;
      for (const d of props.dataStores) this.dataStores.add(d);
      return;
    }
    const service: Service = {
      name,
      contextNames: [...props.contextNames],
      contexts: [],
      dataStores: [...props.dataStores],
      deployment: props.deployment,
      source: sourceOf(decl.name.span),
    };
    if (props.language !== undefined) service.language = props.language;
    if (props.catalogRef !== undefined) service.catalogRef = props.catalogRef;
    if (props.repo !== undefined) service.repo = props.repo;
    for (const d of props.dataStores) this.dataStores.add(d);
    this.services.set(name, { value: service, span: decl.name.span, group, anchors: new Map() });
  }

  /** Same name, different kinds (an actor and a domain called `Customer`): legal, but confusing. */
  checkCrossKind(): void {
    const kinds = new Map<string, { kind: string; span: A.Span }[]>();
    const add = (name: string, kind: string, span: A.Span) => {
      const list = kinds.get(name) ?? [];
      list.push({ kind, span });
      kinds.set(name, list);
    };
    for (const [name, a] of this.actors) add(name, 'actor', a.span);
    for (const [name, d] of this.domains) add(name, 'domain', d.span);
    for (const [name, s] of this.services) add(name, 'service', s.span);
    for (const [name, list] of kinds) {
      if (list.length < 2) continue;
      const sorted = [...list].sort((a, b) => (a.span.file === b.span.file ? a.span.start.offset - b.span.start.offset : a.span.file < b.span.file ? -1 : 1));
      const first = sorted[0]!;
      for (const later of sorted.slice(1)) {
        this.reporter.warning(
          'craft/sema/cross-kind-name-reuse',
          `'${name}' names both ${article(first.kind)} and ${article(later.kind)}`,
          later.span,
          { related: [related(first.span, `the ${first.kind} is declared here`)] },
        );
      }
    }
  }

  /** The context ids a service owns: a name in `contexts:` is a context; a v1 domain name brings all of its contexts. */
  resolveServiceContexts(): void {
    for (const { value: service } of this.services.values()) {
      const ids: string[] = [];
      for (const name of service.contextNames) {
        const domain = this.domains.get(name)?.value;
        const candidates = this.contextsByName.get(name);
        if (candidates && candidates.length > 0) ids.push(...candidates.map((c) => c.id));
        else if (domain) ids.push(...domain.contexts);
        else ids.push(this.implicitContext(name).id);
      }
      service.contexts = [...new Set(ids)];
      for (const id of service.contexts) {
        const bc = this.contexts.get(id) ?? this.implicitContexts.get(id);
        if (bc && !bc.service) bc.service = service.name;
      }
    }
  }

  implicitContext(name: string): BoundedContext {
    let bc = this.implicitContexts.get(name);
    if (!bc) {
      bc = { id: name, name, declared: false };
      this.implicitContexts.set(name, bc);
    }
    return bc;
  }

  actorList(): Actor[] {
    return [...this.actors.values()].map((a) => a.value);
  }
}

export interface ServiceProps {
  contextNames: string[];
  dataStores: string[];
  language?: string;
  deployment: Service['deployment'];
  catalogRef?: string;
  repo?: string;
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
