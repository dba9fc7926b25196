/**
 * A deterministic generator of realistic craft models of a requested size (seeded PRNG, no Math.random).
 *
 * The model is built from "domains": each has 3–5 bounded contexts, belongs to a service, and owns 2–4
 * use cases whose scenarios chain external triggers, asks (with returns), internal steps and events
 * (quoted and dotted), listened to by contexts of the same or the next few domains. Every name a scenario
 * uses is declared; asks only go from a context to one declared later (or to an external system), so the
 * `asks` graph is acyclic; every published event has a listener. The result compiles with no errors and,
 * by construction, no warnings.
 */
import { Rng } from './rng.js';

export interface SyntheticStats {
  bytes: number;
  lines: number;
  actors: number;
  domains: number;
  contexts: number;
  services: number;
  useCases: number;
  scenarios: number;
  steps: number;
  events: number;
}

export interface SyntheticModel {
  text: string;
  stats: SyntheticStats;
}

const DOMAIN_NOUNS = [
  'Billing', 'Catalog', 'Ordering', 'Payments', 'Inventory', 'Shipping', 'Pricing', 'Identity', 'Loyalty', 'Reviews',
  'Search', 'Fulfilment', 'Returns', 'Invoicing', 'Ledger', 'Risk', 'Support', 'Marketing', 'Recommendations',
  'Subscriptions', 'Notifications', 'Analytics', 'Warehouse', 'Procurement', 'Onboarding', 'Compliance', 'Tax',
  'Promotions', 'Media', 'Accounts', 'Payroll', 'Scheduling', 'Claims', 'Underwriting', 'Routing', 'Fleet',
  'Booking', 'Ticketing', 'Messaging', 'Documents',
];
const CONTEXT_SUFFIXES = [
  'Management', 'Processing', 'Validation', 'Tracking', 'Planning', 'Reporting', 'Registry', 'Engine', 'Policy',
  'Projection', 'Orchestration', 'Auditing', 'Intake', 'Settlement',
];
const USERS = ['Customer', 'Admin', 'Merchant', 'Courier', 'Auditor', 'SupportAgent', 'Partner', 'Accountant', 'Driver', 'Guest'];
const SYSTEMS = ['PaymentGateway', 'EmailProvider', 'SmsProvider', 'TaxAuthority', 'CarrierApi', 'FraudScreening', 'BankLink', 'IdentityProvider', 'CreditBureau', 'MapsApi'];
const ENTITIES = [
  'order', 'invoice', 'payment', 'shipment', 'customer profile', 'cart', 'refund', 'subscription', 'claim', 'booking',
  'ticket', 'account', 'report', 'price list', 'stock level', 'voucher', 'document', 'route', 'policy', 'statement',
];
const INTERNAL_VERBS = ['validates', 'calculates', 'records', 'updates', 'checks', 'prepares', 'archives', 'enriches', 'reconciles', 'logs', 'computes', 'marks', 'verifies', 'aggregates', 'stores'];
const ATTRIBUTES = ['details', 'totals', 'status', 'history', 'limits', 'eligibility', 'metadata', 'line items', 'audit trail', 'summary'];
const TRIGGER_VERBS = ['places', 'submits', 'cancels', 'requests', 'updates', 'uploads', 'approves', 'reviews', 'opens', 'confirms', 'searches', 'browses'];
const ASK_VERBS = ['reserve', 'check', 'verify', 'calculate', 'register', 'cancel', 'charge', 'look up', 'sync', 'score', 'load', 'lock'];
const RESULTS = ['status', 'details', 'result', 'summary', 'confirmation', 'decision', 'quote', 'reference'];
const PAST = ['Placed', 'Confirmed', 'Cancelled', 'Updated', 'Approved', 'Rejected', 'Settled', 'Shipped', 'Created', 'Expired', 'Reserved', 'Completed'];
const FLOWS = ['Lifecycle', 'Checkout', 'Settlement', 'Review', 'Cancellation', 'Onboarding', 'Reconciliation', 'Escalation', 'Renewal', 'Approval'];
const LANGUAGES = ['java', 'golang', 'python', 'nodejs', 'kotlin', 'rust', 'csharp'];
const METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'];
const COMMENTS = ['TODO: confirm subject', 'see ADR-12', 'idempotent', 'retried by the outbox', 'owned by the platform team', 'latency budget 200ms'];

interface Context {
  name: string;
  index: number;
  domain: number;
}

interface Domain {
  name: string;
  slug: string;
  contexts: Context[];
  service: string;
}

interface EventDef {
  /** How a scenario writes it: `"Billing Invoice Settled"` or `billing.InvoiceSettled`. */
  ref: string;
  domain: number;
  entity: string;
}

const title = (s: string) => s.replace(/(^|\s)([a-z])/g, (_, sp: string, c: string) => sp + c.toUpperCase());
const pascal = (s: string) => title(s).replace(/\s+/g, '');
const camel = (s: string) => {
  const p = pascal(s);
  return p.charAt(0).toLowerCase() + p.slice(1);
};
const kebab = (s: string) => s.replace(/\s+/g, '-');
/** `push(...items)` without the argument-count limit of a spread. */
function append<T>(to: T[], items: readonly T[]): void {
  for (const x of items) to.push(x);
}
const suffixed = (base: string, round: number) => (round === 0 ? base : `${base}${round + 1}`);

/** Builds a model with exactly `domainCount` domains. */
export function build(domainCount: number, seed: number): SyntheticModel {
  const declRng = new Rng(seed);
  const stats: SyntheticStats = { bytes: 0, lines: 0, actors: 0, domains: domainCount, contexts: 0, services: 0, useCases: 0, scenarios: 0, steps: 0, events: 0 };

  // ── declarations ──
  const users: string[] = [];
  const systems: string[] = [];
  const userCount = Math.max(4, Math.ceil(domainCount / 6));
  const systemCount = Math.max(3, Math.ceil(domainCount / 8));
  for (let i = 0; i < userCount; i++) users.push(suffixed(USERS[i % USERS.length]!, Math.floor(i / USERS.length)));
  for (let i = 0; i < systemCount; i++) systems.push(suffixed(SYSTEMS[i % SYSTEMS.length]!, Math.floor(i / SYSTEMS.length)));
  stats.actors = users.length + systems.length;

  const domains: Domain[] = [];
  const contexts: Context[] = [];
  for (let d = 0; d < domainCount; d++) {
    const name = suffixed(DOMAIN_NOUNS[d % DOMAIN_NOUNS.length]!, Math.floor(d / DOMAIN_NOUNS.length));
    const suffixes = [...CONTEXT_SUFFIXES];
    const n = declRng.range(3, 5);
    const domain: Domain = { name, slug: name.toLowerCase(), contexts: [], service: '' };
    for (let i = 0; i < n; i++) {
      const suffix = suffixes.splice(declRng.int(suffixes.length), 1)[0]!;
      const ctx: Context = { name: `${name}${suffix}`, index: contexts.length, domain: d };
      contexts.push(ctx);
      domain.contexts.push(ctx);
    }
    domains.push(domain);
  }
  stats.contexts = contexts.length;

  const out: string[] = [];
  out.push(`// Synthetic craft model: ${domainCount} domains, seed ${seed}`, '');
  out.push('// Who uses the system', 'actors {');
  for (const u of users) out.push(`    user ${u}`);
  for (const s of systems) out.push(`    system ${s}`);
  out.push('}', '');

  out.push('// Business domains and their bounded contexts', 'domains {');
  for (const d of domains) {
    out.push(`    ${d.name} {`);
    for (const c of d.contexts) out.push(`        ${c.name}`);
    out.push('    }');
  }
  out.push('}', '');

  // Services: one per domain, sometimes one for two neighbouring domains; blocks of ~15 domains.
  const serviceLines: string[] = [];
  for (let d = 0; d < domainCount; ) {
    if (d % 15 === 0 || d === 0) {
      if (d > 0) serviceLines.push('}', '');
      serviceLines.push(`// Deployable units ${d + 1}..`, 'services {');
    }
    const span = d + 1 < domainCount && declRng.chance(0.25) ? 2 : 1;
    const owned = domains.slice(d, d + span);
    const name = `${owned[0]!.name}Service`;
    const slug = owned[0]!.slug;
    for (const o of owned) o.service = name;
    stats.services++;
    serviceLines.push(`    ${name} {`);
    serviceLines.push(`        contexts: ${owned.flatMap((o) => o.contexts.map((c) => c.name)).join(', ')}`);
    serviceLines.push(`        language: ${declRng.pick(LANGUAGES)}`);
    const stores = [`${slug}_db`];
    if (declRng.chance(0.5)) stores.push(`${slug}_cache`);
    if (declRng.chance(0.2)) stores.push(`${slug}_events`);
    serviceLines.push(`        data-stores: ${stores.join(', ')}`);
    const deploy = declRng.next();
    serviceLines.push(`        deployment: ${deploy < 0.5 ? 'rolling' : deploy < 0.75 ? 'blue_green' : `canary(${declRng.pick([5, 10, 25, 50])}% -> staging, 100% -> production)`}`);
    if (declRng.chance(0.2)) serviceLines.push(`        catalog_ref: ${slug}-service`);
    if (declRng.chance(0.2)) serviceLines.push(`        repo: acme/platform/${slug}`);
    serviceLines.push('    }');
    d += span;
  }
  serviceLines.push('}', '');
  append(out, serviceLines);

  // ── use cases (events are collected as they are published, declared afterwards above them) ──
  const eventNames = new Set<string>();
  const eventDecls: string[] = [];
  const recordFor = new Set<number>();
  const useCaseLines: string[] = [];
  const useCaseNames = new Set<string>();
  let useCaseCounter = 0;

  let rng = declRng;
  const newEvent = (d: number, entity: string): EventDef => {
    const domain = domains[d]!;
    const quoted = rng.chance(0.5);
    let base = quoted ? `${domain.name} ${title(entity)} ${rng.pick(PAST)}` : `${domain.slug}.${pascal(entity)}${rng.pick(PAST)}`;
    let name = base;
    for (let k = 2; eventNames.has(name); k++) name = quoted ? `${base} ${k}` : `${base}${k}`;
    eventNames.add(name);
    stats.events++;
    const ref = quoted ? `"${name}"` : name;
    if (rng.chance(0.8)) {
      const fields = [`${camel(entity)}Id: uuid`];
      const pool = ['amount: money', 'occurredAt: datetime', 'quantity: integer', 'reason?: string', 'approved: boolean', 'score: number', `lines: ${domain.name}Line[]`, 'note?: string'];
      const n = rng.range(1, 4);
      for (let i = 0; i < n; i++) {
        const f = pool.splice(rng.int(pool.length), 1)[0]!;
        if (f.startsWith('lines:')) recordFor.add(d);
        fields.push(f);
      }
      const decl = `${ref} { ${fields.join(', ')} }`;
      // Most contracts go in the shared events block; a few are standalone `event` declarations.
      if (rng.chance(0.1)) useCaseLines.push(`event ${decl}`, '');
      else eventDecls.push(`    ${decl}`);
    }
    return { ref, domain: d, entity };
  };

  const participant = (c: Context): string => {
    const r = rng.next();
    if (r < 0.03) return `${domains[c.domain]!.name}/${c.name}`;
    if (r < 0.04) return `${domains[c.domain]!.name}/${c.name.toLowerCase()}`;
    return c.name;
  };
  const op = (entity: string): string => {
    const r = rng.next();
    if (r < 0.7) return ` [${rng.pick(METHODS)} /v${rng.range(1, 3)}/${kebab(entity)}s]`;
    if (r < 0.85) return ` [GRPC ${camel(entity)}.${pascal(entity)}s/${rng.pick(['Create', 'Get', 'Update'])}]`;
    return ` [${rng.pick(['POST', 'GET'])} /v1/${kebab(entity)}s/${rng.pick(['search', 'batch', 'validate'])}]`;
  };
  const internal = (subject: string, entity: string): string => {
    const r = rng.next();
    const verb = rng.pick(INTERNAL_VERBS);
    if (r < 0.5) return `${subject} ${verb} the ${entity} ${rng.pick(ATTRIBUTES)}`;
    if (r < 0.8) return `${subject} ${verb} ${entity} ${rng.pick(ATTRIBUTES)}`;
    return `${subject} ${verb} a new ${entity}`;
  };

  for (let d = 0; d < domainCount; d++) {
    // Each domain's use cases draw from their own stream, so adding domains leaves the earlier ones as
    // they were and the size grows smoothly with the domain count.
    rng = new Rng((seed ^ Math.imul(d + 1, 0x9e3779b1)) >>> 0);
    const domain = domains[d]!;
    const hood = contexts.filter((c) => c.domain >= d && c.domain <= d + 3);
    useCaseLines.push(`// ── ${domain.name} ──`, '');
    if (rng.chance(0.1)) useCaseLines.push('/*', ` * ${domain.name} flows: reviewed with the domain owners.`, ' * Steps marked TODO need confirmation.', ' */');
    const ucCount = rng.range(2, 4);
    for (let u = 0; u < ucCount; u++) {
      const entity = rng.pick(ENTITIES);
      const baseName = `${domain.name} ${title(entity)} ${rng.pick(FLOWS)}`;
      let name = baseName;
      for (let k = 2; useCaseNames.has(name); k++) name = `${baseName} ${k}`;
      useCaseNames.add(name);
      stats.useCases++;
      const lines: string[] = [`use_case "${name}" {`];
      if (rng.chance(0.25)) {
        lines.push('    tags {', `        team: ${domain.slug}`, `        channels: ${rng.pick(['web', 'mobile', 'api'])}, ${rng.pick(['partner', 'batch', 'email'])}`, `        tier: ${rng.pick(['gold', 'silver', 'bronze'])}`, '    }');
      }
      const pending: EventDef[] = [];
      const base = rng.range(2, 5);
      // The first use case of a domain asks an external system, so that every system takes part.
      let forceSystem = u === 0;
      for (let s = 0; s < base || pending.length > 0; s++) {
        const publishes = s < base - 1;
        stats.scenarios++;
        if (s > 0) lines.push('');
        let subject: Context;
        const ev = pending.shift();
        if (ev) {
          subject = rng.pick(hood);
          const listener = rng.chance(0.1) ? domains[subject.domain]!.service : participant(subject);
          lines.push(`    when ${listener} listens ${ev.ref}`);
        } else {
          // A use case usually starts in its own domain.
          subject = rng.chance(0.6) ? rng.pick(domain.contexts) : rng.pick(hood);
          if (s === 0 && rng.chance(0.05)) {
            lines.push(`    when CRON runs ${rng.pick(['daily', 'hourly', 'weekly'])} ${entity} reconciliation`);
          } else {
            // The first scenario's actor goes round the users, so every user triggers something.
            const actor = s === 0 ? users[useCaseCounter % users.length]! : rng.pick(users);
            const connector = rng.pick(['', 'a ', 'the ', 'for ']);
            lines.push(`    when ${actor} ${rng.pick(TRIGGER_VERBS)} ${connector}${entity}${rng.chance(0.3) ? ` ${rng.pick(ATTRIBUTES)}` : ''}`);
          }
        }
        const subj = participant(subject);
        const steps: string[] = [];
        for (let i = rng.range(0, 2); i > 0; i--) steps.push(internal(subj, entity));
        const later = hood.filter((c) => c.index > subject.index);
        if (forceSystem || rng.chance(0.7)) {
          const toSystem = forceSystem || later.length === 0 || rng.chance(0.15);
          forceSystem = false;
          const target = toSystem ? (u === 0 && s === 0 ? systems[d % systems.length]! : rng.pick(systems)) : participant(rng.pick(later));
          const what = rng.pick(ENTITIES);
          const ask = rng.chance(0.6) ? `to ${rng.pick(ASK_VERBS)} the ${what}` : `for the ${what} ${rng.pick(RESULTS)}`;
          steps.push(`${subj} asks ${target} ${ask}${rng.chance(0.4) ? op(what) : ''}`);
          if (!toSystem && rng.chance(0.5)) steps.push(internal(target, what));
          if (!toSystem && rng.chance(0.2)) {
            const sys = rng.pick(systems);
            steps.push(`${target} asks ${sys} to ${rng.pick(ASK_VERBS)} the ${what}`);
            steps.push(`${sys} returns to ${target} the ${what} ${rng.pick(RESULTS)}`);
          }
          const r = rng.next();
          if (r < 0.6) steps.push(`${target} returns to ${subj} the ${what} ${rng.pick(RESULTS)}`);
          else if (r < 0.9) steps.push(`${target} returns the ${what} ${rng.pick(RESULTS)}`);
        }
        if (rng.chance(0.5)) steps.push(internal(subj, entity));
        if (publishes && rng.chance(0.8)) {
          if (rng.chance(0.05)) {
            const a = newEvent(subject.domain, entity);
            const b = newEvent(subject.domain, entity);
            steps.push(`${subj} notifies ${a.ref} or ${b.ref}`);
            pending.push(a, b);
          } else {
            const e = newEvent(subject.domain, entity);
            steps.push(`${subj} notifies ${e.ref}${rng.chance(0.05) ? ` // ${rng.pick(COMMENTS)}` : ''}`);
            pending.push(e);
            if (rng.chance(0.2)) pending.push(e); // a second listener
          }
        }
        if (steps.length === 0) steps.push(internal(subj, entity));
        stats.steps += steps.length;
        for (const st of steps) lines.push(`        ${st}`);
      }
      lines.push('}', '');
      append(useCaseLines, lines);
      useCaseCounter++;
    }
  }

  out.push('// Message contracts', 'events {');
  for (const d of recordFor) out.push(`    ${domains[d]!.name}Line { sku: string, quantity: integer, price: money }`);
  append(out, eventDecls);
  out.push('}', '');
  append(out, useCaseLines);

  // ── exposures and architecture ──
  for (let d = 0; d < domainCount; d += 8) {
    const group = domains.slice(d, d + 8);
    const apiName = `${group[0]!.name}Api`;
    const to = [users[(d / 8) % users.length]!, users[(d / 8 + 1) % users.length]!];
    const exposed = [group[0]!.name, ...group.slice(1, 3).map((g) => g.contexts[0]!.name)];
    out.push(`exposure ${apiName} {`, `    to: ${[...new Set(to)].join(', ')}`, `    contexts: ${exposed.join(', ')}`, `    through: ApiGateway${Math.floor(d / 40) + 1}, LoadBalancer`, '}', '');
  }
  for (let d = 0; d < domainCount; d += 40) {
    const n = Math.floor(d / 40) + 1;
    const services = [...new Set(domains.slice(d, d + 40).map((g) => g.service))];
    out.push(`arch Platform${n} {`, '    presentation:', '        WebApp > Cdn', `        MobileApp > ApiGateway${n}`, '    gateway:', `        LoadBalancer > ApiGateway${n}[ssl: true, rate_limit: 1000]`);
    for (const s of services) out.push(`        ApiGateway${n} > ${s}`);
    out.push('}', '');
  }

  const text = out.join('\n');
  stats.bytes = Buffer.byteLength(text, 'utf8');
  stats.lines = out.length;
  return { text, stats };
}

/** A model of about `targetBytes` (within a few per cent): the domain count is calibrated from trial builds. */
export function generate(targetBytes: number, seed = 20260101): SyntheticModel {
  const off = (m: SyntheticModel) => Math.abs(m.stats.bytes / targetBytes - 1);
  let domains = Math.max(3, Math.round(targetBytes / 4800));
  let model = build(domains, seed);
  for (let i = 0; i < 4 && off(model) > 0.01; i++) {
    const next = Math.max(3, Math.round(domains * (targetBytes / model.stats.bytes)));
    if (next === domains) break;
    domains = next;
    model = build(domains, seed);
  }
  // Small models move in steps of one domain (a few KB): take the closer neighbour if there is one.
  while (off(model) > 0.01) {
    const step = model.stats.bytes > targetBytes ? -1 : 1;
    if (domains + step < 3) break;
    const neighbour = build(domains + step, seed);
    if (off(neighbour) >= off(model)) break;
    domains += step;
    model = neighbour;
  }
  return model;
}
