/** The compiler: workspace merging, resolution, return targets, v1 spellings, schemas and the Model's shape. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compile } from '../src/compiler/compile.js';
import type { Model, Step } from '../src/compiler/model.js';

const example = readFileSync(new URL('../examples/ecommerce.craft', import.meta.url), 'utf8');

function model(text: string): Model {
  const r = compile([{ path: 'm.craft', text }]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.model;
}

describe('the bundled example', () => {
  const r = compile([{ path: 'examples/ecommerce.craft', text: example }]);

  it('checks without errors', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('resolves v1 `domains:` to every context of those domains, owned by the service', () => {
    const order = r.model.services.find((s) => s.name === 'OrderService')!;
    expect(order.contextNames).toEqual(['Order', 'Payment']);
    expect(order.contexts).toEqual([
      'Order/OrderManagement', 'Order/OrderTracking', 'Order/ShoppingCart',
      'Payment/PaymentProcessing', 'Payment/PaymentValidation', 'Payment/RefundManagement',
    ]);
    expect(r.model.contexts.find((c) => c.id === 'Payment/RefundManagement')).toMatchObject({ domain: 'Payment', service: 'OrderService', declared: true });
  });

  it('slugs the use cases', () => {
    expect(r.model.useCases.map((u) => u.slug)).toEqual(['product-browsing', 'order-placement', 'order-cancellation', 'stock-replenishment']);
  });

  it('resolves participants by kind and answers returns to the asker', () => {
    const placement = r.model.useCases.find((u) => u.slug === 'order-placement')!;
    const payment = placement.scenarios[2]!;
    expect(payment.trigger).toMatchObject({ kind: 'external', actor: { kind: 'actor', id: 'Customer' }, verb: 'submits', phrase: 'payment' });
    const ask = payment.steps[1] as Extract<Step, { kind: 'ask' }>;
    expect(ask.to).toEqual({ name: 'PaymentGateway', kind: 'actor', id: 'PaymentGateway' });
    expect(ask.from).toEqual({ name: 'PaymentProcessing', kind: 'context', id: 'Payment/PaymentProcessing' });
    const shipping = placement.scenarios[5]!;
    expect(shipping.trigger).toMatchObject({ kind: 'listen', participant: { kind: 'service', id: 'ShippingService' }, event: 'Order Confirmed' });
  });

  it('records publishers and listeners of events', () => {
    const confirmed = r.model.events.find((e) => e.name === 'Order Confirmed')!;
    expect(confirmed.publishers.map((p) => p.participant)).toEqual(['Order/OrderManagement']);
    expect(confirmed.listeners.map((l) => l.participant)).toEqual(['Inventory/StockManagement', 'ShippingService', 'Notification/EmailNotification']);
  });

  it('reads the CRON trigger as a daily schedule and CRON as an implicit system actor', () => {
    const replenishment = r.model.useCases.find((u) => u.slug === 'stock-replenishment')!;
    expect(replenishment.scenarios[0]!.trigger).toMatchObject({ kind: 'external', schedule: { everyMs: 86_400_000 } });
    expect(r.model.actors.find((a) => a.name === 'CRON')).toEqual({ name: 'CRON', type: 'system', implicit: true });
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(r.model))).toEqual(r.model);
  });
});

describe('workspace', () => {
  it('merges files in sorted path order whatever order they are given in', () => {
    const a = { path: 'b.craft', text: 'services {\n  S {\n    contexts: X\n  }\n}\n' };
    const b = { path: 'a.craft', text: 'domain D {\n  X\n}\n' };
    const one = compile([a, b]);
    const two = compile([b, a]);
    expect(one).toEqual(two);
    expect(one.model.files).toEqual(['a.craft', 'b.craft']);
    expect(one.model.contexts.find((c) => c.name === 'X')).toMatchObject({ id: 'D/X', service: 'S' });
  });

  it('reports a name declared in two files', () => {
    const r = compile([
      { path: 'a.craft', text: 'actor user Alice\n' },
      { path: 'b.craft', text: 'actor user Alice\n' },
    ]);
    const dup = r.diagnostics.find((d) => d.code === 'craft/sema/duplicate-name')!;
    expect(dup.file).toBe('b.craft');
    expect(dup.related?.[0]?.file).toBe('a.craft');
  });
});

describe('resolution', () => {
  it('answers a return without `to` to the innermost asker it serves, else the trigger actor', () => {
    const m = model('use_case "N" {\n  when Admin requests report\n    Report asks Db for data\n    Db asks Cache to check\n    Cache returns miss\n    Db returns rows\n    Report returns report\n}\n');
    const returns = m.useCases[0]!.scenarios[0]!.steps.filter((s): s is Extract<Step, { kind: 'return' }> => s.kind === 'return');
    expect(returns.map((s) => [s.from.name, s.to?.name, s.explicitTarget])).toEqual([
      ['Cache', 'Db', false],
      ['Db', 'Report', false],
      ['Report', 'Admin', false],
    ]);
  });

  it('resolves qualified names case-insensitively within their domain', () => {
    const m = model('domain re {\n  Billing\n}\nuse_case "Q" {\n  when re/billing listens vas.Applied\n    re/billing marks it\n}\n');
    expect(m.useCases[0]!.scenarios[0]!.trigger).toMatchObject({ kind: 'listen', participant: { kind: 'context', id: 're/Billing' }, typed: true });
  });

  it('keeps undeclared participants as implicit contexts', () => {
    const m = model('use_case "S" {\n  when Customer places order\n    Orders notifies "Order Placed"\n}\n');
    expect(m.contexts).toEqual([{ id: 'Orders', name: 'Orders', declared: false }]);
    expect(m.actors).toEqual([{ name: 'Customer', type: 'user', implicit: true }]);
  });

  it('reads a bare `cancels X` as a timer only when X is scheduled', () => {
    const m = model('use_case "T" {\n  when Customer orders\n    Sales schedules Remorse in 20s\n  when Customer cancels\n    Sales cancels Remorse\n    Wallet cancels reservation\n}\n');
    const kinds = m.useCases[0]!.scenarios.flatMap((s) => s.steps.map((st) => st.kind));
    expect(kinds).toEqual(['schedule', 'cancel', 'internal']);
    expect(m.events.find((e) => e.name === 'Remorse')).toMatchObject({ timer: true });
  });
});

describe('events', () => {
  it('types fields, tells records from events and keeps outcomes', () => {
    const m = model(
      'events {\n  "Order Placed" { id: uuid, lines: Line[], note?: string }\n  Line { sku: string, qty: integer }\n}\nuse_case "E" {\n  when Customer orders\n    Sales notifies "Order Placed"\n  when Stock listens "Order Placed"\n    Stock notifies Reserved or Backordered\n  when Sales listens Reserved\n    Sales confirms\n  when Sales listens Backordered\n    Sales waits\n}\n',
    );
    expect(m.records).toEqual([{ name: 'Line', fields: [{ name: 'sku', type: { kind: 'primitive', name: 'string' }, optional: false }, { name: 'qty', type: { kind: 'primitive', name: 'integer' }, optional: false }], source: { file: 'm.craft', line: 3, column: 3 } }]);
    const placed = m.events.find((e) => e.name === 'Order Placed')!;
    expect(placed.schema!.map((f) => [f.name, f.type, f.optional])).toEqual([
      ['id', { kind: 'primitive', name: 'uuid' }, false],
      ['lines', { kind: 'list', of: { kind: 'record', name: 'Line' } }, false],
      ['note', { kind: 'primitive', name: 'string' }, true],
    ]);
    const notify = m.useCases[0]!.scenarios[1]!.steps[0]!;
    expect(notify).toMatchObject({ kind: 'notify', events: ['Reserved', 'Backordered'] });
  });
});

describe('behaviour language (extension)', () => {
  const m = () =>
    model(`use_case "U" {
  when Customer orders
    Sales decides t: a | b | c
    if t is a {
      Sales notifies A [outbox, at-least-once, redeliver 2s]
    } else if t is b {
      Sales asks Bank to pay [timeout 3s, retry 2 every 1s]
      on timeout {
        Sales notifies Late
      }
      Bank returns to Sales r: ok | ko
    } else {
      Sales notifies C
    }
  when Ship listens A [idempotent, retry 4]
    Ship notifies Done
}
story "s" {
  given t is b
  at 0s run u
  at 5s run U
  expect no C
  expect Done within 1m
}
properties {
  never C after A
}
`);

  it('flattens branches into guarded steps, the else arms negating the earlier ones', () => {
    const steps = m().useCases[0]!.scenarios[0]!.steps;
    expect(steps.map((s) => s.kind)).toEqual(['decide', 'notify', 'ask', 'return', 'notify']);
    expect(steps[0]!.guard).toBeUndefined();
    expect(steps.slice(1).map((s) => s.guard!.arms.map((a) => [a.block, a.arm, a.text, a.tests]))).toEqual([
      [['u/1#1', 0, 't is a', [{ fact: 't', outcomes: ['a'] }]]],
      [['u/1#1', 1, 't is b', [{ fact: 't', outcomes: ['b'] }]]],
      [['u/1#1', 1, 't is b', [{ fact: 't', outcomes: ['b'] }]]],
      [['u/1#1', 2, 'else', [{ fact: 't', outcomes: ['c'] }]]],
    ]);
  });

  it('reads options, on timeout blocks, facts, delivery, stories and properties', () => {
    const model = m();
    const steps = model.useCases[0]!.scenarios[0]!.steps;
    expect(steps[1]).toMatchObject({ kind: 'notify', outbox: true });
    expect(steps[2]).toMatchObject({ kind: 'ask', call: { timeoutMs: 3000, retries: 2, retryDelayMs: 1000 }, onTimeout: [{ kind: 'notify', events: ['Late'] }] });
    expect(steps[3]).toMatchObject({ kind: 'return', choice: { fact: 'r', outcomes: ['ok', 'ko'] } });
    expect(model.useCases[0]!.scenarios[1]!.trigger).toMatchObject({ kind: 'listen', idempotent: true, retries: 4 });
    expect(model.facts.map((f) => [f.name, f.outcomes])).toEqual([['t', ['a', 'b', 'c']], ['r', ['ok', 'ko']]]);
    expect(model.events.find((e) => e.name === 'A')!.delivery).toEqual({ kind: 'at-least-once', redeliveryMs: 2000 });
    expect(model.events.find((e) => e.name === 'C')!.delivery).toBeUndefined();
    expect(model.stories[0]).toMatchObject({ slug: 's', given: [{ fact: 't', outcome: 'b' }], runs: [{ atMs: 0, useCase: 'u' }, { atMs: 5000, useCase: 'u' }], expectations: [{ kind: 'absent', event: 'C' }, { kind: 'published', event: 'Done', withinMs: 60_000 }] });
    expect(model.properties).toMatchObject([{ kind: 'never', event: 'C', after: 'A' }]);
  });
});
