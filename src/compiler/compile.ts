/**
 * The compiler: parsed files → one resolved Model plus diagnostics. Files are merged into one workspace
 * in sorted path order, so the result never depends on the order they were named in.
 */
import { parse } from '../parser/parse.js';
import type * as A from '../parser/ast.js';
import type { Model } from './model.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { Reporter } from './reporter.js';
import { Symbols } from './symbols.js';
import { Resolver } from './resolve.js';
import { UseCaseBuilder } from './use-cases.js';
import { buildEvents } from './events.js';
import { Relations } from './relations.js';
import { readArch, readExposure, readServiceProps } from './declarations.js';
import { checkAskCycles, checkUnusedActors } from './lints.js';
import { eachStep, FactTable } from './facts.js';
import { buildProperties, buildStories } from './stories.js';
import { related } from './source.js';

export interface SourceFile {
  path: string;
  text: string;
}

export interface Compilation {
  model: Model;
  diagnostics: Diagnostic[];
}

export function compile(files: readonly SourceFile[]): Compilation {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const syntax: Diagnostic[] = [];
  const documents: A.Document[] = [];
  for (const f of sorted) {
    const result = parse(f.text, f.path);
    syntax.push(...result.diagnostics);
    documents.push(result.document);
  }
  const { model, diagnostics } = compileDocuments(documents);
  return { model, diagnostics: sortDiagnostics([...syntax, ...diagnostics]) };
}

/** Builds the Model from parsed documents (already in workspace order). */
export function compileDocuments(documents: readonly A.Document[]): Compilation {
  const reporter = new Reporter();
  const symbols = new Symbols(reporter);
  const items = documents.flatMap((d) => d.items);
  const of = <K extends A.TopLevelItem['kind']>(kind: K) => items.filter((i): i is Extract<A.TopLevelItem, { kind: K }> => i.kind === kind);

  for (const a of of('actor')) symbols.addActor(a);
  for (const d of of('domain')) symbols.addDomain(d);
  for (const s of of('service')) symbols.addService(s, `${s.span.file}#${s.group}`, readServiceProps(s, reporter));
  symbols.checkCrossKind();
  symbols.resolveServiceContexts();

  const resolver = new Resolver(symbols, reporter);
  const eventDecls = of('event');
  const timers = new Set<string>(eventDecls.map((e) => e.name.name));
  for (const u of of('useCase')) {
    for (const s of u.scenarios) {
      eachStep(s.steps, (st) => {
        if (st.kind === 'schedule') timers.add(st.event.name);
      });
    }
  }
  const facts = new FactTable(of('useCase'), reporter);
  const useCases = new UseCaseBuilder(resolver, reporter, timers, facts);
  for (const u of of('useCase')) useCases.add(u);

  const exposures = of('exposure').map((decl) => {
    const { exposure, values } = readExposure(decl, reporter);
    for (const v of values.to) {
      if (symbols.actors.has(v.text)) {
        resolver.usedActors.add(v.text);
        continue;
      }
      const kind = symbols.domains.has(v.text) ? 'a domain' : symbols.contextsByName.has(v.text) ? 'a bounded context' : symbols.services.has(v.text) ? 'a service' : undefined;
      if (kind) invalidExposure(decl, v, `'to' lists '${v.text}', which is ${kind}, not an actor`);
    }
    for (const v of values.contexts) {
      if (symbols.actors.has(v.text)) invalidExposure(decl, v, `'contexts' lists '${v.text}', which is an actor, not a domain or bounded context`);
    }
    return exposure;
  });
  function invalidExposure(decl: A.ExposureDecl, v: A.Value, message: string): void {
    reporter.error('craft/sema/invalid-exposure-target', `exposure '${decl.name.text}': ${message}`, decl.name.span, {
      related: [related(v.span, 'listed here')],
    });
  }

  const relations = new Relations(symbols, reporter);
  for (const c of of('contextMap')) relations.addContextMap(c);
  for (const g of of('glossary')) relations.addGlossary(g);

  const { events, records } = buildEvents(eventDecls, useCases.eventSites, useCases.deliverySites, reporter);
  checkUnusedActors(symbols, resolver.usedActors, reporter);
  checkAskCycles(useCases.askSites, reporter);

  const model: Model = {
    files: documents.map((d) => d.file),
    actors: [...symbols.actorList(), ...resolver.implicitActors.values()],
    domains: [...symbols.domains.values()].map((d) => d.value),
    contexts: [...symbols.contexts.values(), ...symbols.implicitContexts.values()],
    services: [...symbols.services.values()].map((s) => s.value),
    events,
    records,
    useCases: useCases.useCases,
    architectures: of('arch').map((a) => readArch(a, reporter)),
    exposures,
    contextMap: relations.contextMap,
    glossary: relations.glossary,
    facts: facts.facts(),
    stories: buildStories(of('story'), useCases.useCases, events, facts, reporter),
    properties: buildProperties(of('properties'), events, reporter),
  };
  return { model, diagnostics: sortDiagnostics(reporter.diagnostics) };
}
