/** Property-style blocks: services, exposures and arch, read from their `key: value` entries. */
import type * as A from '../parser/ast.js';
import type { ArchComponent, Architecture, Exposure, ModifierEntry } from './model.js';
import type { ServiceProps } from './symbols.js';
import type { Reporter } from './reporter.js';
import { related, sourceOf } from './source.js';

const serviceKeys = new Set(['contexts', 'domains', 'language', 'data-stores', 'deployment', 'catalog_ref', 'opslevel', 'repo']);
const singleValued = new Set(['language', 'deployment', 'catalog_ref', 'opslevel', 'repo']);

export function readServiceProps(decl: A.ServiceDecl, reporter: Reporter): ServiceProps {
  const props: ServiceProps = { contextNames: [], dataStores: [], deployment: {} };
  const seen = new Map<string, A.Span>();
  for (const p of decl.properties) {
    const key = p.key.text;
    if (!serviceKeys.has(key)) {
      reporter.warning('craft/sema/unknown-property', `unknown service property '${key}' (known: ${[...serviceKeys].filter((k) => k !== 'opslevel' && k !== 'domains').join(', ')})`, p.key.span);
      continue;
    }
    const canonical = key === 'opslevel' ? 'catalog_ref' : key;
    const prior = seen.get(canonical);
    if (prior && canonical === 'catalog_ref') {
      reporter.error('craft/sema/duplicate-service-anchor', `service '${decl.name.text}' already has a catalog_ref`, p.key.span, {
        related: [related(prior, 'first catalog_ref here')],
      });
      continue;
    }
    if (prior && singleValued.has(canonical)) {
      reporter.warning('craft/sema/duplicate-property', `'${key}' is already set for service '${decl.name.text}'; this value is ignored`, p.span, {
        related: [related(prior, 'first set here')],
      });
      continue;
    }
    seen.set(canonical, p.key.span);
    if (key === 'domains') {
      reporter.report('craft/lint/deprecated-keyword', 'hint', `'domains:' is the v1 spelling of 'contexts:'`, p.key.span, { hint: "write 'contexts:'" });
    }
    if (key === 'opslevel') {
      reporter.report('craft/lint/deprecated-keyword', 'hint', `'opslevel:' was renamed 'catalog_ref:'`, p.key.span, { hint: "write 'catalog_ref:'" });
    }
    if (singleValued.has(canonical) && p.values.length > 1) {
      reporter.warning('craft/sema/too-many-values', `'${key}' takes one value; only '${p.values[0]!.text}' is used`, p.values[1]!.span);
    }
    const first = p.values[0];
    switch (canonical) {
      case 'contexts':
      case 'domains':
        props.contextNames.push(...p.values.map((v) => v.text));
        break;
      case 'data-stores':
        props.dataStores.push(...p.values.map((v) => v.text));
        break;
      case 'language':
        if (first) props.language = first.text;
        break;
      case 'deployment':
        if (first) props.deployment = first.args !== undefined ? { type: first.text, args: first.args } : { type: first.text };
        break;
      case 'catalog_ref':
        if (first) props.catalogRef = first.text;
        break;
      case 'repo':
        if (first) props.repo = first.text;
        break;
    }
  }
  return props;
}

const exposureKeys = new Set(['to', 'of', 'contexts', 'through']);

export interface ExposureSpans {
  to: A.Value[];
  contexts: A.Value[];
}

export function readExposure(decl: A.ExposureDecl, reporter: Reporter): { exposure: Exposure; values: ExposureSpans } {
  const exposure: Exposure = { name: decl.name.text, to: [], contexts: [], through: [], source: sourceOf(decl.name.span) };
  const values: ExposureSpans = { to: [], contexts: [] };
  for (const p of decl.properties) {
    const key = p.key.text;
    if (!exposureKeys.has(key)) {
      reporter.warning('craft/sema/unknown-property', `unknown exposure property '${key}' (known: to, contexts, through)`, p.key.span);
      continue;
    }
    if (key === 'of') {
      reporter.report('craft/lint/deprecated-keyword', 'hint', `'of:' is the v1 spelling of 'contexts:'`, p.key.span, { hint: "write 'contexts:'" });
    }
    const names = p.values.map((v) => v.text);
    if (key === 'to') {
      exposure.to.push(...names);
      values.to.push(...p.values);
    } else if (key === 'through') exposure.through.push(...names);
    else {
      exposure.contexts.push(...names);
      values.contexts.push(...p.values);
    }
  }
  return { exposure, values };
}

const archSections = new Set(['presentation', 'gateway']);

export function readArch(decl: A.ArchDecl, reporter: Reporter): Architecture {
  const arch: Architecture = { presentation: [], gateway: [], source: sourceOf(decl.span) };
  if (decl.name) arch.name = decl.name.text;
  for (const section of decl.sections) {
    const key = section.key.text;
    if (!archSections.has(key)) {
      reporter.warning('craft/sema/unknown-property', `unknown arch section '${key}' (known: presentation, gateway)`, section.key.span);
      continue;
    }
    const list = key === 'presentation' ? arch.presentation : arch.gateway;
    list.push(...section.components.map(component));
  }
  return arch;
}

function component(c: A.ArchComponent): ArchComponent {
  if (c.kind === 'flow') return { kind: 'flow', chain: c.chain.map((s) => ({ name: s.name.text, modifiers: s.modifiers.map(modifier) })) };
  return { kind: 'simple', name: c.name.text, modifiers: c.modifiers.map(modifier) };
}

function modifier(m: A.Modifier): ModifierEntry {
  return m.value === undefined ? { key: m.key } : { key: m.key, value: m.value };
}
