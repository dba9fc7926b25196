/**
 * Every name of the generated project, chosen in one place: contract types and files, record schema
 * keys, request routes, service folders and identifiers, handler file names. Names are handed out in
 * sorted order of the model names, so they depend only on those; a name taken twice is a
 * `craft/gen/name-collision` finding and the later claimant gets a suffix (names.ts).
 */
import type { Model, SourceRef } from '../../compiler/model.js';
import type { RecordNames } from './fields.js';
import type { Findings } from './findings.js';
import { fileNamespace, identifierNamespace, pascalCase, type Claim, type Namespace } from './safe-names.js';
import { compare, reservedContractFiles, type Exchange, type RecordView, type Service, type Unit } from './project.js';
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

export class Naming {
  recordViews: RecordView[] = [];
  recordNames!: RecordNames;

  constructor(
    private readonly structure: Structure,
    private readonly findings: Findings,
  ) {}

  /** Chooses every name, in sorted order of the model names so that the result depends only on them. */
  run(): this {
    const { model, events, exchanges, services: serviceMap, units: unitMap, eventHandlers, requestHandlers, contexts, actors, serviceDecls } = this.structure;
    const types = identifierNamespace(pascalCase);
    const files = fileNamespace(reservedContractFiles);
    const records = new Map(model.records.map((r) => [r.name, r]));
    const typeClaims: NameClaim[] = [];
    const fileClaims: NameClaim[] = [];

    const recordIdents = new Map<string, string>();
    for (const r of model.records) {
      typeClaims.push({ raw: r.name, id: `record\u0000${r.name}`, set: (c) => recordIdents.set(r.name, c.name), source: r.source, what: `record type '${r.name}'` });
    }
    for (const m of events.values()) {
      typeClaims.push({ raw: m.type, id: `event\u0000${m.type}`, set: (c) => (m.ident = c.name), ...src(m.source), what: `event '${m.type}'` });
      fileClaims.push({ raw: m.type, id: `event\u0000${m.type}`, set: (c) => (m.file = m.schema = m.module = c.name), ...src(m.source), what: `event '${m.type}'` });
    }
    const operations = new Map<string, Set<string>>();
    for (const e of exchanges) {
      const b = this.structure.bases.get(e)!.base;
      let set = operations.get(b);
      if (!set) operations.set(b, (set = new Set()));
      set.add(e.operation?.text ?? '');
    }
    exchanges.forEach((e, i) => {
      const raw = this.rawName(e, operations);
      const id = `exchange\u0000${i}`;
      const what = e.kind === 'ask' ? `request '${e.title}'` : `trigger '${e.title}'`;
      typeClaims.push({ raw, id, set: (c) => (e.ident = c.name), source: e.source, what });
      typeClaims.push({ raw: `${raw} Request`, id: `${id}\u0000request`, set: (c) => (e.request.ident = e.request.type = c.name), source: e.source, what });
      typeClaims.push({ raw: `${raw} Response`, id: `${id}\u0000response`, set: (c) => (e.response.ident = e.response.type = c.name), source: e.source, what });
      fileClaims.push({
        raw,
        id,
        set: (c) => {
          e.file = c.name;
          e.request.file = e.response.file = c.name;
          e.request.schema = `${c.name}.request`;
          e.response.schema = `${c.name}.response`;
        },
        source: e.source,
        what,
      });
    });
    this.claimAll(types, typeClaims, 'type name');
    this.claimAll(files, fileClaims, 'file name in src/contracts and schemas');

    const recordKeys = new Map<string, string>();
    this.claimAll(
      fileNamespace(['money']),
      model.records.map((r) => ({ raw: r.name, id: r.name, set: (c: Claim) => recordKeys.set(r.name, c.name), source: r.source, what: `record type '${r.name}'` })),
      'schema name',
    );
    this.recordViews = model.records.map((r) => ({ record: r, ident: recordIdents.get(r.name)!, key: recordKeys.get(r.name)! }));
    this.recordNames = {
      typeOf: (n) => recordIdents.get(n),
      keyOf: (n) => recordKeys.get(n),
      fieldsOf: (n) => records.get(n)?.fields,
    };

    // Routes: the annotation when there is one, else `request/<file>` or `trigger/<file>`.
    const routes = new Map<string, Exchange>();
    for (const e of [...exchanges].sort((a, b) => compare(a.ident, b.ident))) {
      const base = e.operation ? e.operation.text : `${e.kind === 'ask' ? 'request' : 'trigger'}/${e.file}`;
      let route = base;
      for (let n = 2; routes.has(route); n++) route = `${base} #${n}`;
      if (route !== base) {
        this.findings.report('craft/gen/route-collision', 'warning', `${e.kind === 'ask' ? 'request' : 'trigger'} '${e.title}' and '${routes.get(base)!.title}' both travel on '${base}'; this one uses '${route}'`, e.source);
      }
      routes.set(route, e);
      e.route = route;
    }

    // Services: folder and identifier.
    const serviceFiles = fileNamespace();
    const serviceIdents = identifierNamespace(pascalCase);
    const services = [...serviceMap.values()];
    const svcClaims = (ns: Namespace, set: (s: Service, c: Claim) => void, kind: string) =>
      this.claimAll(
        ns,
        services.map((s) => ({ raw: s.name, id: `${s.synthetic ?? 'declared'}\u0000${s.name}`, set: (c: Claim) => set(s, c), ...src(s.source), what: `${s.synthetic ? 'synthetic service' : 'service'} '${s.name}'` })),
        kind,
      );
    svcClaims(serviceFiles, (s, c) => (s.file = c.name), 'folder name in src/services');
    svcClaims(serviceIdents, (s, c) => (s.ident = c.name), 'service identifier');

    // Units: file-name parts of handler files and identifiers.
    const unitFiles = fileNamespace();
    const unitIdents = identifierNamespace(pascalCase);
    const units = [...unitMap.values()];
    const unitSource = (u: Unit) => src(contexts.get(u.id)?.source ?? actors.get(u.id)?.source ?? serviceDecls.get(u.id)?.source);
    this.claimAll(unitFiles, units.map((u) => ({ raw: u.name, id: u.id, set: (c: Claim) => (u.file = c.name), ...unitSource(u), what: `'${u.name}'` })), 'file name of a handler');
    this.claimAll(unitIdents, units.map((u) => ({ raw: u.name, id: u.id, set: (c: Claim) => (u.ident = c.name), ...unitSource(u), what: `'${u.name}'` })), 'identifier');

    for (const h of eventHandlers.values()) h.file = `${h.unit.file}.${h.event.file}`;
    for (const h of requestHandlers.values()) h.file = `${h.unit.file}.${h.exchange.file}`;
    // The requests a unit answers share one module: src/contracts/requests/<unit>.ts.
    for (const e of exchanges) if (e.server) e.request.module = e.response.module = `requests/${e.server.file}`;
    return this;
  }

  private claimAll(ns: Namespace, claims: NameClaim[], kind: string): void {
    claimAll(ns, claims, kind, this.findings, this.structure.model);
  }

  /**
   * The model name of an exchange: `<callee> <what is asked>` (or the trigger's text); its annotation
   * too when the same thing is asked of the same callee on several routes; ` 2`, ` 3` for variants that
   * do different things.
   */
  private rawName(e: Exchange, operations: Map<string, Set<string>>): string {
    const b = this.structure.bases.get(e)!;
    const several = (operations.get(b.base)?.size ?? 0) > 1;
    return `${b.raw}${several && e.operation ? ` ${e.operation.text}` : ''}${b.variant > 1 ? ` ${b.variant}` : ''}`;
  }

}

function src(source: SourceRef | undefined): { source?: SourceRef } {
  return source ? { source } : {};
}
