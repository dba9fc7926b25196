/**
 * Every name of the generated project, chosen in one place: contract types and files, record schema
 * keys, request routes, service folders and identifiers, handler file names. Names are handed out in
 * sorted order of the model names, so they depend only on those; a name taken twice is a
 * `craft/gen/name-collision` finding and the later claimant gets a suffix (names.ts). The names are
 * kept by the structure's records they name (`Names`); assemble.ts makes the named records from both.
 */
import type { Model, Operation, SourceRef } from '../../compiler/model.js';
import type { RecordNames } from './fields.js';
import type { Findings } from './findings.js';
import { capped, fileNamespace, identifierNamespace, pascalCase, type Claim, type Namespace } from './safe-names.js';
import { compare, reservedContractFiles, type RecordView } from './project.js';
import type { EventShape, ExchangeShape, ServiceShape, UnitShape } from './shapes.js';
import type { Structure } from './structure.js';

/** A model name to claim in a namespace: `id` tells apart things that have the same raw name. */
export interface NameClaim {
  raw: string;
  id: string;
  set: (c: Claim) => void;
  source?: SourceRef;
  /** What it is, for the finding: `event 'Order Placed'`. */
  what: string;
}

/** Claims names in sorted order of the raw names; each collision is a finding at the claimant's source. */
export function claimAll(ns: Namespace, claims: readonly NameClaim[], kind: string, findings: Findings, model: Model): void {
  const sorted = [...claims].sort((a, b) => compare(a.raw, b.raw) || compare(a.id, b.id));
  for (const c of sorted) {
    const claim = ns.claim(c.raw, c.id);
    c.set(claim);
    if (claim.collidedWith === undefined) continue;
    const at = c.source ?? { file: model.files[0] ?? '', line: 1, column: 1 };
    const reserved = claim.collidedWith.startsWith('(reserved) ');
    const other = reserved ? `a name the generated code uses itself (${claim.collidedWith.slice('(reserved) '.length)})` : `'${claim.collidedWith}'`;
    findings.report('craft/gen/name-collision', 'warning', `the ${kind} of ${c.what} would be the same as that of ${other}; it is '${claim.name}' instead`, at);
  }
}

/** The names of a unit, a service or an event. */
export interface FileAndIdent {
  /** Kebab file name (part), unique among its kind. */
  file: string;
  /** PascalCase, unique among its kind. */
  ident: string;
}

/** An exchange's names: its contracts' identifiers (also their envelope types) and the route it travels on. */
export interface ExchangeNames extends FileAndIdent {
  route: string;
  request: string;
  response: string;
}

/** Every name chosen for the structure's records, and the record types' names. */
export interface Names {
  unit(u: UnitShape): FileAndIdent;
  service(s: ServiceShape): FileAndIdent;
  /** An event's identifier, and its file: its contract module and schema too. */
  event(e: EventShape): FileAndIdent;
  exchange(x: ExchangeShape): ExchangeNames;
  recordViews: RecordView[];
  recordNames: RecordNames;
}

/** The stub of a unit's handler of an event or exchange: `<unit>.<event or exchange>`. */
export function handlerFile(unit: FileAndIdent, message: FileAndIdent): string {
  // Each part is at most 80 characters; together (with `.ts`) they stay within 100.
  return capped(`${unit.file}.${message.file}`, 97);
}

/** The requests a unit answers share one module: src/contracts/requests/<unit>.ts. */
export function requestModule(server: FileAndIdent): string {
  return `requests/${server.file}`;
}

/** The schema of an exchange's request or response: `<exchange>.request`, `<exchange>.response`. */
export function exchangeSchema(exchange: FileAndIdent, kind: 'request' | 'response'): string {
  return `${exchange.file}.${kind}`;
}

/** A name that was chosen: asking for one that was not is a bug here. */
function chosen<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const v = map.get(key);
  if (v === undefined) throw new Error(`craft gen: no ${what} was chosen`);
  return v;
}

/** Chooses every name, in sorted order of the model names so that the result depends only on them. */
export function chooseNames(structure: Structure, findings: Findings): Names {
  const { model, events, exchanges } = structure;
  const claim = (ns: Namespace, claims: NameClaim[], kind: string) => claimAll(ns, claims, kind, findings, model);
  const types = identifierNamespace(pascalCase);
  const files = fileNamespace(reservedContractFiles);
  const records = new Map(model.records.map((r) => [r.name, r]));
  const typeClaims: NameClaim[] = [];
  const fileClaims: NameClaim[] = [];
  const eventIdents = new Map<EventShape, string>();
  const eventFiles = new Map<EventShape, string>();
  const exchangeNames = { ident: new Map<ExchangeShape, string>(), file: new Map<ExchangeShape, string>(), request: new Map<ExchangeShape, string>(), response: new Map<ExchangeShape, string>() };

  const recordIdents = new Map<string, string>();
  for (const r of model.records) {
    typeClaims.push({ raw: r.name, id: `record\u0000${r.name}`, set: (c) => recordIdents.set(r.name, c.name), source: r.source, what: `record type '${r.name}'` });
  }
  for (const m of events.values()) {
    typeClaims.push({ raw: m.type, id: `event\u0000${m.type}`, set: (c) => eventIdents.set(m, c.name), ...src(m.source), what: `event '${m.type}'` });
    fileClaims.push({ raw: m.type, id: `event\u0000${m.type}`, set: (c) => eventFiles.set(m, c.name), ...src(m.source), what: `event '${m.type}'` });
  }
  const operations = new Map<string, Set<string>>();
  for (const e of exchanges) {
    let set = operations.get(e.naming.group);
    if (!set) operations.set(e.naming.group, (set = new Set()));
    set.add(operationOf(e)?.text ?? '');
  }
  exchanges.forEach((e, i) => {
    const raw = rawName(e, operations);
    const id = `exchange\u0000${i}`;
    const what = e.kind === 'ask' ? `request '${e.title}'` : `trigger '${e.title}'`;
    typeClaims.push({ raw, id, set: (c) => exchangeNames.ident.set(e, c.name), source: e.source, what });
    typeClaims.push({ raw: `${raw} Request`, id: `${id}\u0000request`, set: (c) => exchangeNames.request.set(e, c.name), source: e.source, what });
    typeClaims.push({ raw: `${raw} Response`, id: `${id}\u0000response`, set: (c) => exchangeNames.response.set(e, c.name), source: e.source, what });
    fileClaims.push({ raw, id, set: (c) => exchangeNames.file.set(e, c.name), source: e.source, what });
  });
  claim(types, typeClaims, 'type name');
  claim(files, fileClaims, 'file name in src/contracts and schemas');

  const recordKeys = new Map<string, string>();
  claim(
    fileNamespace(['money']),
    model.records.map((r) => ({ raw: r.name, id: r.name, set: (c: Claim) => recordKeys.set(r.name, c.name), source: r.source, what: `record type '${r.name}'` })),
    'schema name',
  );
  const recordViews = model.records.map((r) => ({ record: r, ident: chosen(recordIdents, r.name, 'record type identifier'), key: chosen(recordKeys, r.name, 'record schema key') }));
  const recordNames: RecordNames = {
    typeOf: (n) => recordIdents.get(n),
    keyOf: (n) => recordKeys.get(n),
    fieldsOf: (n) => records.get(n)?.fields,
  };

  // Routes: the annotation when there is one, else `request/<file>` or `trigger/<file>`.
  const contract = (e: ExchangeShape, field: keyof typeof exchangeNames) => chosen(exchangeNames[field], e, `exchange ${field} name`);
  const routes = new Map<string, ExchangeShape>();
  const exchangeRoutes = new Map<ExchangeShape, string>();
  for (const e of [...exchanges].sort((a, b) => compare(contract(a, 'ident'), contract(b, 'ident')))) {
    const operation = operationOf(e);
    const base = operation ? operation.text : `${e.kind === 'ask' ? 'request' : 'trigger'}/${contract(e, 'file')}`;
    let route = base;
    for (let n = 2; routes.has(route); n++) route = `${base} #${n}`;
    if (route !== base) {
      findings.report('craft/gen/route-collision', 'warning', `${e.kind === 'ask' ? 'request' : 'trigger'} '${e.title}' and '${chosen(routes, base, 'route').title}' both travel on '${base}'; this one uses '${route}'`, e.source);
    }
    routes.set(route, e);
    exchangeRoutes.set(e, route);
  }

  // Services: folder and identifier.
  const serviceNames = { file: new Map<ServiceShape, string>(), ident: new Map<ServiceShape, string>() };
  const services = [...structure.services.values()];
  const svcClaims = (ns: Namespace, field: keyof FileAndIdent, kind: string) =>
    claim(
      ns,
      services.map((s) => ({ raw: s.name, id: `${s.synthetic ?? 'declared'}\u0000${s.name}`, set: (c: Claim) => serviceNames[field].set(s, c.name), ...src(s.source), what: `${s.synthetic ? 'synthetic service' : 'service'} '${s.name}'` })),
      kind,
    );
  svcClaims(fileNamespace(), 'file', 'folder name in src/services');
  svcClaims(identifierNamespace(pascalCase), 'ident', 'service identifier');

  // Units: file-name parts of handler files and identifiers.
  const unitNames = { file: new Map<UnitShape, string>(), ident: new Map<UnitShape, string>() };
  const units = [...structure.units.values()];
  const unitClaims = (ns: Namespace, field: keyof FileAndIdent, kind: string) =>
    claim(ns, units.map((u) => ({ raw: u.name, id: u.id, set: (c: Claim) => unitNames[field].set(u, c.name), ...src(u.source), what: `'${u.name}'` })), kind);
  unitClaims(fileNamespace(), 'file', 'file name of a handler');
  unitClaims(identifierNamespace(pascalCase), 'ident', 'identifier');

  return {
    unit: (u) => ({ file: chosen(unitNames.file, u, 'unit file name'), ident: chosen(unitNames.ident, u, 'unit identifier') }),
    service: (s) => ({ file: chosen(serviceNames.file, s, 'service folder'), ident: chosen(serviceNames.ident, s, 'service identifier') }),
    event: (e) => ({ file: chosen(eventFiles, e, 'event file name'), ident: chosen(eventIdents, e, 'event identifier') }),
    exchange: (x) => ({
      ident: contract(x, 'ident'),
      file: contract(x, 'file'),
      route: chosen(exchangeRoutes, x, 'route'),
      request: contract(x, 'request'),
      response: contract(x, 'response'),
    }),
    recordViews,
    recordNames,
  };
}

function operationOf(e: ExchangeShape): Operation | undefined {
  return e.kind === 'ask' ? e.operation : undefined;
}

/**
 * The model name of an exchange: `<callee> <what is asked>` (or the trigger's text); its annotation
 * too when the same thing is asked of the same callee on several routes; ` 2`, ` 3` for variants that
 * do different things.
 */
function rawName(e: ExchangeShape, operations: Map<string, Set<string>>): string {
  const { group, raw, variant } = e.naming;
  const operation = operationOf(e);
  const several = (operations.get(group)?.size ?? 0) > 1;
  return `${raw}${several && operation ? ` ${operation.text}` : ''}${variant > 1 ? ` ${variant}` : ''}`;
}

function src(source: SourceRef | undefined): { source?: SourceRef } {
  return source ? { source } : {};
}
