/**
 * Resolution of the names written in scenarios to what they denote: an actor, a bounded context
 * (bare or `domain/Context`), a service, a domain or a data store. Unknown names become implicit
 * contexts (or, in a trigger, implicit actors): sketches without declarations stay valid.
 */
import type * as A from '../parser/ast.js';
import type { Actor, Participant } from './model.js';
import type { Symbols } from './symbols.js';
import type { Reporter } from './reporter.js';
import { related } from './source.js';

export type Role = 'trigger' | 'step';

export class Resolver {
  readonly implicitActors = new Map<string, Actor>();
  /** Declared actors that some scenario, exposure or trigger refers to. */
  readonly usedActors = new Set<string>();

  constructor(
    private readonly symbols: Symbols,
    private readonly reporter: Reporter,
  ) {}

  participant(name: A.Name, role: Role): Participant {
    const text = name.text;
    // A quoted name is a name, whatever it contains; slugs are unquoted.
    if (name.quoted) return this.bare(name, role);
    if (text.includes(':')) {
      this.reporter.error('craft/sema/malformed-slug', `'${text}' is not a participant: write a name or 'domain/Context'`, name.span);
      return this.implicit(text, name, role, false);
    }
    if (text.includes('/')) return this.qualified(name, role);
    return this.bare(name, role);
  }

  private bare(name: A.Name, role: Role): Participant {
    const text = name.text;
    const actor = this.symbols.actors.get(text);
    if (actor && role === 'trigger') return this.actor(text);
    const contexts = this.symbols.contextsByName.get(text);
    if (contexts && contexts.length > 0) {
      if (contexts.length > 1) {
        this.reporter.error(
          'craft/sema/ambiguous-bc',
          `'${text}' is a bounded context of ${contexts.map((c) => `'${c.domain}'`).join(' and ')}: qualify it as '<domain>/${text}'`,
          name.span,
        );
      }
      return { name: text, kind: 'context', id: contexts[0]!.id };
    }
    if (this.symbols.services.has(text)) return { name: text, kind: 'service', id: text };
    if (actor) return this.actor(text);
    if (this.symbols.domains.has(text)) return { name: text, kind: 'domain', id: text };
    if (this.symbols.dataStores.has(text)) return { name: text, kind: 'datastore', id: text };
    return this.implicit(text, name, role, true);
  }

  private qualified(name: A.Name, role: Role): Participant {
    const text = name.text;
    const [domainName, ...rest] = text.split('/');
    const contextName = rest.join('/');
    const domain = this.symbols.domains.get(domainName!);
    if (domain && rest.length === 1) {
      const ids = domain.value.contexts;
      const exact = ids.find((id) => id === `${domainName}/${contextName}`);
      // Qualified refs are slugs: `re/billing` names the context `Billing` of domain `re`.
      const folded = exact ?? ids.find((id) => id.toLowerCase() === `${domainName}/${contextName}`.toLowerCase());
      if (folded) return { name: text, kind: 'context', id: folded };
      this.reporter.warning('craft/lint/undeclared-context', `domain '${domainName}' has no bounded context '${contextName}'`, name.span, {
        related: [related(domain.span, `domain '${domainName}' is declared here`)],
      });
      return { name: text, kind: 'context', id: this.symbols.implicitContext(text).id };
    }
    return this.implicit(text, name, role, true);
  }

  private actor(name: string): Participant {
    this.usedActors.add(name);
    return { name, kind: 'actor', id: name };
  }

  private implicit(text: string, name: A.Name, role: Role, warn: boolean): Participant {
    if (role === 'trigger') {
      let actor = this.implicitActors.get(text);
      if (!actor) {
        // CRON is the conventional scheduler; other undeclared trigger actors are taken to be people.
        actor = { name: text, type: text.toUpperCase() === 'CRON' ? 'system' : 'user', implicit: true };
        this.implicitActors.set(text, actor);
      }
      return { name: text, kind: 'actor', id: text };
    }
    // A context a service lists is declared enough, even when no domain lists it.
    const listed = this.symbols.implicitContexts.get(text)?.service !== undefined;
    if (warn && !listed && this.symbols.domains.size > 0) {
      this.reporter.warning('craft/lint/undeclared-context', `'${text}' is not declared: no actor, bounded context, service, domain or data store has this name`, name.span);
    }
    return { name: text, kind: 'context', id: this.symbols.implicitContext(text).id };
  }
}
