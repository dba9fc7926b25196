/**
 * The declaration blocks of the craft grammar: actors, domains, services, arch, exposures, context maps,
 * glossaries and event schemas, with the names and values they share. Use cases and the document are in
 * grammar.ts, which extends this class.
 */
import type { IOrAlt, IToken } from 'chevrotain';
import { EOF, tokenMatcher } from './chevrotain.js';
import * as T from './tokens.js';
import type * as A from './ast.js';
import { RecoveringParser, unquote } from './parser-base.js';

export abstract class DeclarationsGrammar extends RecoveringParser {
  protected readonly quotedName: IOrAlt<A.Name> = {
    ALT: () => {
      const s = this.CONSUME(T.StringLit);
      return { text: unquote(s.image), quoted: true, span: this.span(s, s) };
    },
  };

  protected readonly eventRefForms: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(T.StringLit) }, { ALT: () => this.CONSUME(T.Ident) }];
  protected readonly nameForms: IOrAlt<A.Name>[] = [this.quotedName, { ALT: () => this.SUBRULE(this.path) }];

  // ───────────────────────────── actors ─────────────────────────────

  actorsBlock = this.RULE('actorsBlock', (): A.ActorDecl[] => {
    const open = this.CONSUME(T.Actors);
    this.CONSUME(T.LBrace);
    const actors: A.ActorDecl[] = [];
    this.blockBody(() => {
      const a = this.SUBRULE(this.actorEntry);
      if (a) actors.push(a);
    });
    this.closeBlock(open, undefined);
    return actors;
  });

  actorEntry = this.RULE('actorEntry', (): A.ActorDecl => {
    const type = this.CONSUME1(T.Ident);
    const name = this.SUBRULE(this.name);
    return { kind: 'actor', type: this.name_(type), name, span: this.span(type, this.LA(0)) };
  });

  actorDecl = this.RULE('actorDecl', (): A.ActorDecl => {
    const kw = this.CONSUME(T.Actor);
    const type = this.CONSUME1(T.Ident);
    const name = this.SUBRULE(this.name);
    return { kind: 'actor', type: this.name_(type), name, span: this.span(kw, this.LA(0)) };
  });

  // ───────────────────────────── domains ─────────────────────────────

  domainsBlock = this.RULE('domainsBlock', (): A.DomainDecl[] => {
    const open = this.CONSUME(T.Domains);
    this.CONSUME(T.LBrace);
    const domains: A.DomainDecl[] = [];
    this.blockBody(() => {
      const d = this.SUBRULE(this.domainBody);
      if (d) domains.push(d);
    });
    this.closeBlock(open, undefined);
    return domains;
  });

  domainDecl = this.RULE('domainDecl', (): A.DomainDecl | undefined => {
    this.CONSUME(T.Domain);
    return this.SUBRULE(this.domainBody);
  });

  domainBody = this.RULE('domainBody', (): A.DomainDecl => {
    const name = this.SUBRULE(this.name);
    this.CONSUME(T.LBrace);
    const contexts: A.Name[] = [];
    this.blockBody(() => {
      contexts.push(this.SUBRULE1(this.name));
    });
    const close = this.closeBlock(name.span, name);
    return { kind: 'domain', name, contexts, span: this.spanFrom(name.span, close) };
  });

  // ───────────────────────────── services ─────────────────────────────

  servicesBlock = this.RULE('servicesBlock', (): A.ServiceDecl[] => {
    const open = this.CONSUME(T.Services);
    this.CONSUME(T.LBrace);
    const group = ++this.serviceGroup;
    const services: A.ServiceDecl[] = [];
    this.blockBody(() => {
      const s = this.SUBRULE(this.serviceDecl, { ARGS: [group] });
      if (s) services.push(s);
    });
    this.closeBlock(open, undefined);
    return services;
  });

  serviceDecl = this.RULE('serviceDecl', (group: number): A.ServiceDecl => {
    const name = this.SUBRULE(this.name);
    this.CONSUME(T.LBrace);
    const properties = this.SUBRULE(this.properties);
    const close = this.closeBlock(name.span, name);
    return { kind: 'service', name, properties, group, span: this.spanFrom(name.span, close) };
  });

  properties = this.RULE('properties', (): A.Property[] => {
    const props: A.Property[] = [];
    this.blockBody(() => {
      const p = this.SUBRULE(this.property);
      if (p) props.push(p);
    });
    return props;
  });

  /** `key: value, value` (service and exposure bodies, tags). A comma before the next `key:` dangles. */
  property = this.RULE('property', (): A.Property => {
    const keyTok = this.CONSUME(T.Ident);
    this.CONSUME(T.Colon);
    const values: A.Value[] = [];
    values.push(this.SUBRULE(this.value));
    this.MANY({
      GATE: () => !this.danglingComma(),
      DEF: () => {
        this.CONSUME(T.Comma);
        values.push(this.SUBRULE1(this.value));
      },
    });
    return { key: this.name_(keyTok), values, span: this.span(keyTok, this.LA(0)) };
  });

  value = this.RULE('value', (): A.Value => {
    return this.OR([
      {
        ALT: () => {
          const s = this.CONSUME(T.StringLit);
          return { text: unquote(s.image), quoted: true, span: this.span(s, s) };
        },
      },
      {
        ALT: () => {
          const first = this.OR1([
            { ALT: () => this.CONSUME(T.Ident) },
            { ALT: () => this.CONSUME(T.NumberLit) },
          ]);
          this.MANY({
            GATE: () => this.adjacent() && !this.at(T.Comma) && !this.at(T.LParen) && !this.at(T.LBrace)
              && !this.at(T.RBrace) && !this.at(T.StringLit),
            DEF: () => this.CONSUME(T.Any),
          });
          const lastWord = this.LA(0);
          let args: string | undefined;
          this.OPTION(() => {
            const open = this.CONSUME(T.LParen);
            this.MANY1({
              GATE: () => !this.at(T.RParen) && !this.at(T.RBrace) && !this.at(EOF),
              DEF: () => this.CONSUME1(T.Any),
            });
            const close = this.CONSUME(T.RParen);
            args = this.text.slice(open.endOffset! + 1, close.startOffset).trim();
          });
          const v: A.Value = { text: this.slice(first, lastWord), quoted: false, span: this.span(first, this.LA(0)) };
          if (args !== undefined) v.args = args;
          return v;
        },
      },
    ]);
  });

  eventRef = this.RULE('eventRef', (): A.EventRef => {
    const tok = this.OR(this.eventRefForms);
    const quoted = tokenMatcher(tok, T.StringLit);
    return { name: quoted ? unquote(tok.image) : tok.image, quoted, span: this.span(tok, tok) };
  });

  /** A declared name: a word, a `domain/Context` path, or a quoted string. */
  name = this.RULE('name', (): A.Name => this.OR(this.nameForms));

  path = this.RULE('path', (): A.Name => {
    const first = this.CONSUME(T.Ident);
    this.MANY({
      GATE: () => this.adjacent() && this.at(T.Slash) && this.adjacentAt(2),
      DEF: () => {
        this.CONSUME(T.Slash);
        this.CONSUME1(T.Ident);
      },
    });
    const last = this.LA(0);
    return { text: this.slice(first, last), quoted: false, span: this.span(first, last) };
  });

  // ───────────────────────────── arch ─────────────────────────────

  archBlock = this.RULE('archBlock', (): A.ArchDecl => {
    const kw = this.CONSUME(T.Arch);
    const name = this.OPTION(() => this.SUBRULE(this.name));
    this.CONSUME(T.LBrace);
    const sections: A.ArchSection[] = [];
    this.blockBody(() => {
      const s = this.SUBRULE(this.archSection);
      if (s) sections.push(s);
    });
    const close = this.closeBlock(kw, name);
    const decl: A.ArchDecl = { kind: 'arch', sections, span: this.span(kw, close ?? this.LA(0)) };
    if (name) decl.name = name;
    return decl;
  });

  archSection = this.RULE('archSection', (): A.ArchSection => {
    const key = this.CONSUME(T.Ident);
    this.CONSUME(T.Colon);
    const components: A.ArchComponent[] = [];
    this.MANY({
      GATE: () => !this.at(T.RBrace) && !this.atSectionKey() && !this.atSync(),
      DEF: () => components.push(this.SUBRULE(this.archComponent)),
    });
    return { key: this.name_(key), components };
  });

  archComponent = this.RULE('archComponent', (): A.ArchComponent => {
    const first = this.SUBRULE(this.componentRef);
    const chain = [first];
    this.MANY(() => {
      this.CONSUME(T.Greater);
      chain.push(this.SUBRULE1(this.componentRef));
    });
    if (chain.length === 1 || this.RECORDING_PHASE) return first;
    return { kind: 'flow', chain, span: this.spanFrom(first.name.span, this.LA(0)) };
  });

  componentRef = this.RULE('componentRef', (): A.SimpleComponent => {
    const name = this.SUBRULE(this.name);
    const modifiers: A.Modifier[] = [];
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          const m = this.SUBRULE(this.modifier);
          if (m) modifiers.push(m);
        },
      });
      this.CONSUME(T.RBracket);
    });
    return { kind: 'simple', name, modifiers };
  });

  modifier = this.RULE('modifier', (): A.Modifier => {
    const key = this.CONSUME(T.Ident);
    const m: A.Modifier = { key: key.image };
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      const first = this.LA(1);
      this.AT_LEAST_ONE({
        GATE: () => !this.at(T.Comma) && !this.at(T.RBracket) && !this.at(T.RBrace) && !this.at(EOF),
        DEF: () => this.CONSUME(T.Any),
      });
      m.value = this.slice(first, this.LA(0));
    });
    return m;
  });

  // ───────────────────────────── exposure, context map, glossary ─────────────────────────────

  exposureBlock = this.RULE('exposureBlock', (): A.ExposureDecl => {
    const kw = this.CONSUME(T.Exposure);
    const name = this.SUBRULE(this.name);
    this.CONSUME(T.LBrace);
    const properties = this.SUBRULE(this.properties);
    const close = this.closeBlock(kw, name);
    return { kind: 'exposure', name, properties, span: this.span(kw, close ?? this.LA(0)) };
  });

  contextMapBlock = this.RULE('contextMapBlock', (): A.ContextMapDecl => {
    const kw = this.CONSUME(T.ContextMap);
    const scope = this.OPTION(() => this.SUBRULE(this.name));
    const relations = this.SUBRULE(this.relations);
    const close = this.closeBlock(kw, scope);
    const decl: A.ContextMapDecl = { kind: 'contextMap', relations, span: this.span(kw, close ?? this.LA(0)) };
    if (scope) decl.scope = scope;
    return decl;
  });

  glossaryBlock = this.RULE('glossaryBlock', (): A.GlossaryDecl => {
    const kw = this.CONSUME(T.Glossary);
    const scope = this.OPTION(() => this.SUBRULE(this.name));
    const relations = this.SUBRULE(this.relations);
    const close = this.closeBlock(kw, scope);
    const decl: A.GlossaryDecl = { kind: 'glossary', relations, span: this.span(kw, close ?? this.LA(0)) };
    if (scope) decl.scope = scope;
    return decl;
  });

  relations = this.RULE('relations', (): A.Relation[] => {
    this.CONSUME(T.LBrace);
    const relations: A.Relation[] = [];
    this.blockBody(() => {
      const r = this.SUBRULE(this.relation);
      if (r) relations.push(r);
    });
    return relations;
  });

  relation = this.RULE('relation', (): A.Relation => {
    const left = this.SUBRULE(this.path);
    const verb = this.CONSUME(T.Ident);
    const right = this.SUBRULE1(this.path);
    return { left, verb: this.name_(verb), right, span: this.spanFrom(left.span, this.LA(0)) };
  });

  // ───────────────────────────── events (craft extension) ─────────────────────────────

  eventsBlock = this.RULE('eventsBlock', (): A.EventDecl[] => {
    const open = this.CONSUME(T.Events);
    this.CONSUME(T.LBrace);
    const events: A.EventDecl[] = [];
    this.blockBody(() => {
      const e = this.SUBRULE(this.eventBody);
      if (e) events.push(e);
    });
    this.closeBlock(open, undefined);
    return events;
  });

  eventDecl = this.RULE('eventDecl', (): A.EventDecl | undefined => {
    this.CONSUME(T.EventKw);
    return this.SUBRULE(this.eventBody);
  });

  eventBody = this.RULE('eventBody', (): A.EventDecl => {
    const name = this.SUBRULE(this.eventRef);
    this.CONSUME(T.LBrace);
    const fields: A.FieldDecl[] = [];
    this.blockBody(() => {
      const f = this.SUBRULE(this.field);
      if (f) fields.push(f);
    });
    const close = this.closeBlock(name.span, { text: name.name, span: name.span, quoted: name.quoted });
    return { kind: 'event', name, fields, span: this.spanFrom(name.span, close ?? this.LA(0)) };
  });

  field = this.RULE('field', (): A.FieldDecl => {
    const nameTok = this.CONSUME(T.Ident);
    let optional = false;
    this.OPTION(() => {
      this.CONSUME(T.Question);
      optional = true;
    });
    this.CONSUME(T.Colon);
    const typeTok = this.CONSUME1(T.Ident);
    let list = false;
    this.OPTION1(() => {
      this.CONSUME(T.LBracket);
      this.CONSUME(T.RBracket);
      list = true;
    });
    this.OPTION2(() => this.CONSUME(T.Comma));
    return {
      name: this.name_(nameTok),
      optional,
      type: { name: typeTok.image, list, span: this.span(typeTok, this.LA(0)) },
      span: this.span(nameTok, this.LA(0)),
    };
  });
}
