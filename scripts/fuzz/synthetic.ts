/**
 * Synthetic models from scratch: actors, domains, services, event schemas and use cases whose lines are
 * drawn from every use-case line form (asks, returns, notifies with outcomes, timers, cancels, listeners,
 * event, periodic and external triggers), over small pools of names that include hostile ones. The names of
 * different kinds never collide (that would be an error, and the mutant would be rejected for nothing).
 */
import fc from 'fast-check';
import { hostileNames, hostileStrings, periodicTrigger, timerDelays } from './mutations.js';
import { eventRef } from './structure.js';

const plainNames = ['Orders', 'Billing', 'Stock', 'Ship', 'Mail', 'Audit', 'Search', 'Cart', 'Ledger', 'Fraud'];
const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...plainNames) }, { weight: 1, arbitrary: fc.constantFrom(...hostileNames) });
const eventName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('OrderPlaced', 'Paid', 'sales.Charged', 'Shipped', 'Order Placed', 'stock.Low', 'Done') },
  { weight: 1, arbitrary: fc.constantFrom(...hostileStrings).map((s) => s.replace(/"/g, "'").replace(/[\r\n]/g, ' ')) },
  { weight: 1, arbitrary: fc.constantFrom(...hostileNames) },
);
const phrase = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('the order', 'for the price', 'to reserve stock', 'the result', 'it') },
  // Braces in prose end the use case (a syntax error): prose keeps the rest of the hostile text.
  { weight: 1, arbitrary: fc.constantFrom(...hostileStrings).map((s) => s.replace(/[\r\n]/g, ' ').replace(/[{}]/g, '()')) },
);
const annotation = fc.option(fc.constantFrom('[POST /v1/orders]', '[GET /v1/x/{id}]', '[GRPC a.B/C]', '[QUEUE orders]', '[<script>]', '[../../x]', '[%%]'), { nil: undefined });
const fieldType = fc.constantFrom('string', 'integer', 'number', 'boolean', 'uuid', 'datetime', 'money', 'string[]', 'money[]', 'Line', 'Line[]');
const fieldName = fc.constantFrom('id', 'total', 'lines', '__proto__', 'constructor', 'class', 'then', 'toString', 'x-y', 'Straße', 'default');

type StepSpec =
  | { k: 'internal'; who: number; phrase: string; op: string | undefined }
  | { k: 'ask'; who: number; to: number; phrase: string; op: string | undefined }
  | { k: 'return'; who: number; to: number | null; phrase: string }
  | { k: 'notify'; who: number; events: number[]; op: string | undefined }
  | { k: 'schedule'; who: number; ev: number; delay: string }
  | { k: 'cancel'; who: number; ev: number };

type TriggerSpec =
  | { k: 'external'; actor: number; phrase: string }
  | { k: 'listen'; who: number; ev: number; idempotent: boolean }
  | { k: 'event'; ev: number }
  | { k: 'periodic'; line: string };

const who = fc.nat({ max: 40 });
const step: fc.Arbitrary<StepSpec> = fc.oneof(
  fc.record({ k: fc.constant('internal' as const), who, phrase, op: annotation }),
  fc.record({ k: fc.constant('ask' as const), who, to: who, phrase, op: annotation }),
  fc.record({ k: fc.constant('return' as const), who, to: fc.option(who, { nil: null }), phrase }),
  fc.record({ k: fc.constant('notify' as const), who, events: fc.array(who, { minLength: 1, maxLength: 3 }), op: annotation }),
  fc.record({ k: fc.constant('schedule' as const), who, ev: who, delay: fc.constantFrom(...timerDelays) }),
  fc.record({ k: fc.constant('cancel' as const), who, ev: who }),
);
const trigger: fc.Arbitrary<TriggerSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('external' as const), actor: who, phrase }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('listen' as const), who, ev: who, idempotent: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('event' as const), ev: who }) },
  { weight: 1, arbitrary: periodicTrigger.map((line) => ({ k: 'periodic' as const, line })) },
);

const spec = fc.record({
  users: fc.array(name, { minLength: 1, maxLength: 2 }),
  // Open actor types are kept as written: `service`, and words craft does not know.
  userTypes: fc.array(fc.constantFrom('user', 'user', 'service', 'robot', 'constructor'), { minLength: 1, maxLength: 2 }),
  systems: fc.array(name, { maxLength: 2 }),
  domains: fc.array(fc.record({ name, contexts: fc.array(name, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 3 }),
  services: fc.nat({ max: 3 }),
  stores: fc.array(fc.constantFrom('orders_db', 'cache', '__proto__', 'db'), { maxLength: 2 }),
  events: fc.array(eventName, { minLength: 1, maxLength: 6 }),
  schemas: fc.array(fc.record({ event: who, fields: fc.array(fc.record({ name: fieldName, type: fieldType, optional: fc.boolean() }), { maxLength: 4 }) }), { maxLength: 3 }),
  useCases: fc.array(
    fc.record({
      title: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Place order', 'Pay', 'Restock', 'Ship it') }, { weight: 1, arbitrary: fc.constantFrom(...hostileStrings) }),
      scenarios: fc.array(fc.record({ trigger, steps: fc.array(step, { maxLength: 6 }) }), { minLength: 0, maxLength: 5 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

/** A synthetic model's text. */
export const syntheticModel: fc.Arbitrary<string> = spec.map((m) => {
  const taken = new Set<string>();
  const unique = (n: string, suffix: string): string => {
    let out = n;
    for (let i = 2; taken.has(out.toLowerCase()); i++) out = `${n}${suffix}${i}`;
    taken.add(out.toLowerCase());
    return out;
  };
  const users = m.users.map((n) => unique(n, 'U'));
  const systems = m.systems.map((n) => unique(`${n}Gateway`, 'G'));
  const domains = m.domains.map((d) => ({ name: unique(`${d.name}Domain`, 'D'), contexts: d.contexts.map((c) => unique(c, 'C')) }));
  const contexts = domains.flatMap((d) => d.contexts);
  const services = Array.from({ length: Math.min(m.services, contexts.length) }, (_, i) => ({ name: unique(`Service${i + 1}`, 'S'), contexts: contexts.filter((_, j) => j % Math.max(1, m.services) === i) }));
  const events = [...new Set(m.events)];
  const ev = (i: number) => eventRef(events[i % events.length]!);
  const ctx = (i: number) => contexts[i % contexts.length]!;
  const askable = [...contexts, ...systems, ...m.stores];
  const out: string[] = [];
  out.push('actors {', ...users.map((u, i) => `  ${m.userTypes[i % m.userTypes.length]} ${u}`), ...systems.map((s) => `  system ${s}`), '}');
  for (const d of domains) out.push(`domain ${d.name} {`, ...d.contexts.map((c) => `  ${c}`), '}');
  if (services.length > 0) {
    out.push('services {');
    services.forEach((s, i) => {
      out.push(`  ${s.name} {`, `    contexts: ${s.contexts.join(', ') || ctx(i)}`);
      if (i === 0 && m.stores.length > 0) out.push(`    data-stores: ${[...new Set(m.stores)].join(', ')}`);
      out.push('  }');
    });
    out.push('}');
  }
  if (m.schemas.length > 0) {
    out.push('events {', '  Line { sku: string, quantity: integer }');
    const declared = new Set<string>();
    for (const sch of m.schemas) {
      const e = ev(sch.event);
      if (declared.has(e)) continue;
      declared.add(e);
      const fields = [...new Map(sch.fields.map((f) => [f.name, f])).values()];
      out.push(`  ${e} { ${fields.map((f) => `${f.name}${f.optional ? '?' : ''}: ${f.type}`).join(', ')} }`);
    }
    out.push('}');
  }
  const titles = new Set<string>();
  for (const u of m.useCases) {
    let title = u.title.replace(/"/g, "'");
    for (let i = 2; titles.has(title); i++) title = `${u.title.replace(/"/g, "'")} ${i}`;
    titles.add(title);
    out.push(`use_case "${title}" {`);
    for (const sc of u.scenarios) {
      const t = sc.trigger;
      const line =
        t.k === 'external' ? `when ${users[t.actor % users.length]} starts ${t.phrase}`
        : t.k === 'listen' ? `when ${ctx(t.who)} listens ${ev(t.ev)}${t.idempotent ? ' [idempotent]' : ''}`
        : t.k === 'event' ? `when "${events[t.ev % events.length]!}"`
        : t.line;
      out.push(`  ${line}`);
      for (const s of sc.steps) {
        const op = 'op' in s && s.op !== undefined ? ` ${s.op}` : '';
        const l =
          s.k === 'internal' ? `${ctx(s.who)} handles ${s.phrase}${op}`
          : s.k === 'ask' ? `${ctx(s.who)} asks ${askable[s.to % askable.length]} ${s.phrase}${op}`
          : s.k === 'return' ? `${askable[s.who % askable.length]} returns${s.to === null ? '' : ` to ${ctx(s.to)}`} ${s.phrase}`
          : s.k === 'notify' ? `${ctx(s.who)} notifies ${s.events.map(ev).join(' or ')}${op}`
          : s.k === 'schedule' ? `${ctx(s.who)} schedules ${ev(s.ev)} in ${s.delay}`
          : `${ctx(s.who)} cancels ${ev(s.ev)}`;
        out.push(`    ${l}`);
      }
    }
    out.push('}');
  }
  return out.join('\n') + '\n';
});
