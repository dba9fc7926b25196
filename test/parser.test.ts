/** Lexer and parser: the constructs of both dialects and the extensions, spans, and recovery. */
import { describe, expect, it } from 'vitest';
import { referenceLexer } from '../src/parser/tokens.js';
import { parse } from '../src/parser/parse.js';
import type * as A from '../src/parser/ast.js';
import type { Step, Trigger, UseCaseDecl } from '../src/parser/ast.js';
import { CraftGrammar } from '../src/parser/grammar.js';

function useCase(body: string): UseCaseDecl {
  const r = parse(`use_case "U" {\n${body}\n}\n`, 'u.craft');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.document.items[0] as UseCaseDecl;
}

function steps(body: string): Step[] {
  const list = useCase(`  when Customer does it\n${body}`).scenarios[0]!.steps;
  return list.map((s) => {
    if (s.kind === 'if' || s.kind === 'onTimeout') throw new Error(`a ${s.kind} block where a step was expected`);
    return s;
  });
}

function trigger(line: string): Trigger {
  return useCase(`  ${line}\n    Sales does it`).scenarios[0]!.trigger;
}

describe('grammar', () => {
  it("passes chevrotain's grammar validations (skipped at run time for start-up speed)", () => {
    expect(() => new CraftGrammar(true)).not.toThrow();
  });
});

describe('lexer', () => {
  it('reads keywords as keywords and longer words as names', () => {
    const { tokens } = referenceLexer().tokenize('actors actor order to token in inventory');
    expect(tokens.map((t) => t.tokenType.name)).toEqual(['Kw_actors', 'Kw_actor', 'Ident', 'Kw_to', 'Ident', 'Kw_in', 'Ident']);
  });

  it('starts a comment only after whitespace', () => {
    const r = referenceLexer().tokenize('see http://x.io 50/50 // a comment\n/* block */ x');
    expect(r.tokens.map((t) => t.image)).toEqual(['see', 'http', ':', '/', '/', 'x.io', '50', '/', '50', 'x']);
    expect(r.groups['comments']!.map((t) => t.image)).toEqual(['// a comment', '/* block */']);
  });

  it('joins hyphens and dots inside names but not at their ends', () => {
    const { tokens } = referenceLexer().tokenize('service-re-go-vas billing.ChargeSucceeded done. a->b');
    expect(tokens.map((t) => t.image)).toEqual(['service-re-go-vas', 'billing.ChargeSucceeded', 'done', '.', 'a', '-', '>', 'b']);
  });

  it('counts columns in UTF-16 code units', () => {
    const r = parse('actor user Zoë\nactor user 🚀 Bob\n', 'u.craft');
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    // The rocket is two UTF-16 units: `Bob` starts at column 15.
    expect(errors).toHaveLength(1);
    expect(errors[0]!.range.start).toMatchObject({ line: 2, column: 12 });
    expect(errors[0]!.range.end).toMatchObject({ line: 2, column: 18 });
  });
});

describe('declarations', () => {
  it('parses keywords used as names', () => {
    const r = parse('services {\n  UserService {\n    contexts: User, Service, Domain, actors\n  }\n}\n', 'k.craft');
    expect(r.diagnostics).toEqual([]);
    const s = r.document.items[0]!;
    expect(s.kind === 'service' && s.properties[0]!.values.map((v) => v.text)).toEqual(['User', 'Service', 'Domain', 'actors']);
  });

  it('reads deployment arguments, quoted names and wrapped lists', () => {
    const r = parse('services {\n  "Order Service" {\n    contexts: A,\n      B\n    deployment: canary(50% -> staging, 100% -> production)\n  }\n}\n', 's.craft');
    expect(r.diagnostics).toEqual([]);
    const s = r.document.items[0]!;
    if (s.kind !== 'service') throw new Error('not a service');
    expect(s.name).toMatchObject({ text: 'Order Service', quoted: true });
    expect(s.properties[0]!.values.map((v) => v.text)).toEqual(['A', 'B']);
    expect(s.properties[1]!.values[0]).toMatchObject({ text: 'canary', args: '50% -> staging, 100% -> production' });
  });

  it('parses arch flows with modifiers', () => {
    const r = parse('arch A {\n  gateway:\n    LB[ssl: true] > API[rate_limit: 1000, auth]\n  presentation:\n    Web\n    App\n}\n', 'a.craft');
    expect(r.diagnostics).toEqual([]);
    const a = r.document.items[0]!;
    if (a.kind !== 'arch') throw new Error('not arch');
    expect(a.sections.map((s) => [s.key.text, s.components.length])).toEqual([['gateway', 1], ['presentation', 2]]);
    const flow = a.sections[0]!.components[0]!;
    expect(flow.kind === 'flow' && flow.chain.map((c) => [c.name.text, c.modifiers])).toEqual([
      ['LB', [{ key: 'ssl', value: 'true' }]],
      ['API', [{ key: 'rate_limit', value: '1000' }, { key: 'auth' }]],
    ]);
  });

  it('parses event schemas with optional fields, lists and records', () => {
    const r = parse('events {\n  "Order Placed" { orderId: uuid, items: OrderLine[], note?: string }\n  OrderLine { sku: string }\n}\nevent billing.Charged { amount: money }\n', 'e.craft');
    expect(r.diagnostics).toEqual([]);
    const [placed, line, charged] = r.document.items as [A.TopLevelItem, A.TopLevelItem, A.TopLevelItem];
    expect(placed.kind === 'event' && placed.fields.map((f) => [f.name.text, f.type.name, f.type.list, f.optional])).toEqual([
      ['orderId', 'uuid', false, false],
      ['items', 'OrderLine', true, false],
      ['note', 'string', false, true],
    ]);
    expect(line.kind === 'event' && line.name.name).toBe('OrderLine');
    expect(charged.kind === 'event' && charged.name).toMatchObject({ name: 'billing.Charged', quoted: false });
  });
});

describe('use-case lines', () => {
  it('reads the trigger forms', () => {
    expect(trigger('when CRON detects a failed charge')).toMatchObject({ kind: 'external', verb: { text: 'detects' }, connector: 'a', phrase: { text: 'failed charge' } });
    expect(trigger('when re/billing listens vas.VasApplied')).toMatchObject({ kind: 'listen', context: { text: 're/billing' }, event: { name: 'vas.VasApplied', quoted: false } });
    expect(trigger('when "Order Placed"')).toMatchObject({ kind: 'event', event: { name: 'Order Placed', quoted: true } });
    expect(trigger('when billing.Charged')).toMatchObject({ kind: 'event', event: { name: 'billing.Charged' } });
    expect(trigger('when every "24h"')).toMatchObject({ kind: 'every', interval: { ms: 86_400_000 } });
    expect(trigger('when cron "0 2 * * *"')).toMatchObject({ kind: 'cron', expression: { text: '0 2 * * *' } });
    expect(trigger('when Business_User authenticates')).toMatchObject({ kind: 'external', verb: { text: 'authenticates' } });
  });

  it('reads asks, returns, notifies and internal steps with connectors and annotations', () => {
    const s = steps(
      [
        '    Subscriptions asks re/billing for a fresh charge attempt (1! & 2!)  [POST /v1/charges]',
        '    Gateway returns to Billing the authorization result    [200 AuthorizationResult]',
        '    Billing notifies billing.ChargeSucceeded  [TOPIC billing.v1.charge-succeeded] // why',
        '    Sales marks the order paid',
        '    Catalog notifies StockConfirmed or StockRejected',
      ].join('\n'),
    );
    expect(s[0]).toMatchObject({ kind: 'ask', target: { text: 're/billing' }, connector: 'for', phrase: { text: 'a fresh charge attempt (1! & 2!)' }, operation: { verb: 'POST', payload: '/v1/charges' } });
    expect(s[1]).toMatchObject({ kind: 'return', target: { text: 'Billing' }, connector: 'the', phrase: { text: 'authorization result' }, operation: { payload: '200 AuthorizationResult' } });
    expect(s[1]!.kind === 'return' && s[1]!.operation?.verb).toBeUndefined();
    expect(s[2]).toMatchObject({ kind: 'notify', events: [{ name: 'billing.ChargeSucceeded' }], operation: { verb: 'TOPIC' } });
    expect(s[3]).toMatchObject({ kind: 'internal', verb: { text: 'marks' }, connector: 'the', phrase: { text: 'order paid' } });
    expect(s[4]).toMatchObject({ kind: 'notify', events: [{ name: 'StockConfirmed' }, { name: 'StockRejected' }] });
  });

  it('reads QUEUE and STREAM annotations (craft extensions) like TOPIC', () => {
    const s = steps('    Sales notifies OrderPlaced [QUEUE sales-orders]\n    Sales notifies OrderShipped [STREAM order-events]');
    expect(s.map((x) => x.kind === 'notify' && x.operation)).toMatchObject([{ verb: 'QUEUE', payload: 'sales-orders' }, { verb: 'STREAM', payload: 'order-events' }]);
  });

  it('tells timers from prose that uses the same verbs', () => {
    const s = steps(['    Sales schedules BuyersRemorseIsOver in 20s', '    Sales cancels BuyersRemorseIsOver', '    VASMgmt schedules the VAS for later', '    Wallet cancels VAS reservation'].join('\n'));
    expect(s.map((x) => x.kind)).toEqual(['schedule', 'cancel', 'internal', 'internal']);
    expect(s[0]).toMatchObject({ delay: { ms: 20_000, text: '20s' } });
  });

  it('keeps a line to itself: a step never borrows words from the next line', () => {
    const r = parse('use_case "U" {\n  when Foo\n    Bar does x\n}\n', 'u.craft');
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line])).toContainEqual(['craft/syntax/incomplete-line', 2]);
  });

  it('ends a phrase at a closing brace on the same line', () => {
    const r = parse('use_case "U" {\n  when User clicks button }\nactor user User\n', 'u.craft');
    expect(r.diagnostics).toEqual([]);
    expect(r.document.items.map((i) => i.kind)).toEqual(['useCase', 'actor']);
  });
});

describe('recovery', () => {
  it('resynchronises at the next top-level keyword and reports the skipped text', () => {
    const r = parse('actors {\n  user Alice ???\n}\nactors\n  user Bob\nactor user Carol\n', 'r.craft');
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([
      ['craft/syntax/unexpected-token', 2],
      ['craft/syntax/unexpected-token', 5],
    ]);
    const actors = r.document.items.filter((i) => i.kind === 'actor').map((i) => i.kind === 'actor' && i.name.text);
    expect(actors).toEqual(['Alice', 'Carol']);
    for (const t of r.skipped) {
      expect(r.diagnostics.some((d) => d.range.start.offset <= t.startOffset && t.endOffset! < d.range.end.offset)).toBe(true);
    }
  });

  it('never invents a tag key after an error', () => {
    const r = parse('use_case "R" {\n  tags {\n    journey re/x\n    owner: team\n  }\n  when A does x\n    B does y\n}\n', 't.craft');
    const u = r.document.items[0] as UseCaseDecl;
    expect(u.tags.map((t) => t.key.text)).toEqual(['owner']);
    expect(u.scenarios).toHaveLength(1);
  });

  it('reports a `when` outside a use case instead of dropping it', () => {
    const r = parse('use_case "U" {\n  when A does x\n    B does y\n}\n  when A does z\n    B does w\n}\n', 'w.craft');
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line, d.range.end.line])).toEqual([['craft/syntax/skipped-construct', 5, 7]]);
  });
});

describe('behaviour language (extension)', () => {
  const scenario = (body: string) => useCase(`  when Customer orders\n${body}`).scenarios[0]!.steps;

  it('reads a decision, and leaves prose with a colon but no | as an ordinary step', () => {
    const [d, p] = scenario('    Sales decides payment type: cash on delivery | card\n    Sales decides to wait: later');
    expect(d).toMatchObject({ kind: 'decide', alternatives: { fact: { text: 'payment type' }, outcomes: [{ text: 'cash on delivery' }, { text: 'card' }] } });
    expect(p).toMatchObject({ kind: 'internal', verb: { text: 'decides' }, phrase: { text: 'to wait: later' } });
  });

  it('reads reply alternatives', () => {
    const [, r] = scenario('    Sales asks Stock to reserve\n    Stock returns to Sales reservation: reserved | out of stock');
    expect(r).toMatchObject({ kind: 'return', target: { text: 'Sales' }, alternatives: { fact: { text: 'reservation' }, outcomes: [{ text: 'reserved' }, { text: 'out of stock' }] } });
  });

  it('reads nested if / else if / else, with else and { on the next line', () => {
    const [d, block] = scenario(['    Sales decides t: a | b | c', '    if t is a {', '      Sales notifies A', '      if t is a or b {', '        Sales notifies B', '      }', '    }', '    else if t is b', '    {', '      Sales notifies C', '    } else {', '    }'].join('\n'));
    expect(d?.kind).toBe('decide');
    if (block?.kind !== 'if') throw new Error('no if block');
    expect(block.arms.map((a) => a.condition?.outcomes.map((o) => o.text) ?? 'else')).toEqual([['a'], ['b'], 'else']);
    const inner = block.arms[0]!.statements[1];
    expect(inner?.kind === 'if' && inner.arms[0]!.condition!.outcomes.map((o) => o.text)).toEqual(['a', 'b']);
  });

  it('reads on timeout blocks and several annotations', () => {
    const [ask, onTimeout] = scenario('    Sales asks Bank to pay [POST /pay] [timeout 30s, retry 2 every 5s]\n    on timeout {\n      Sales notifies Expired\n    }');
    expect(ask).toMatchObject({ kind: 'ask', operation: { text: 'POST /pay' }, more: [{ text: 'timeout 30s, retry 2 every 5s' }] });
    expect(onTimeout).toMatchObject({ kind: 'onTimeout', statements: [{ kind: 'notify' }] });
  });

  it('reads stories and properties', () => {
    const r = parse('story "late" {\n  given t is a\n  at 0s run place-order\n  at 15s..25s run cancel-order\n  expect no "X"\n  expect Y within 1m\n  expect the flow ends with Z\n  known to fail "why"\n}\nproperties {\n  never A after B\n  always A leads to B or "C"\n}\n', 's.craft');
    expect(r.diagnostics).toEqual([]);
    const [story, props] = r.document.items;
    expect(story).toMatchObject({ kind: 'story', lines: [{ kind: 'given' }, { kind: 'run', at: { ms: 0 } }, { kind: 'run', at: { ms: 15_000 }, until: { ms: 25_000 } }, { kind: 'expect', negated: true, event: { name: 'X' } }, { kind: 'expect', within: { ms: 60_000 } }, { kind: 'expectEnd', event: { name: 'Z' } }, { kind: 'knownFailure', reason: { text: 'why' } }] });
    expect(props).toMatchObject({ kind: 'properties', lines: [{ kind: 'never', event: { name: 'A' }, after: { name: 'B' } }, { kind: 'always', leadsTo: [{ name: 'B' }, { name: 'C' }] }] });
  });

  it('reports what it cannot read, one error per line, and reads on', () => {
    const r = parse('use_case "U" {\n  when C orders\n    S decides t: a | | b\n    if t a {\n      S notifies X\n    }\n}\nstory "s" {\n  expect soon X\n  at 0s run u\n}\n', 'e.craft');
    expect(r.diagnostics.map((d) => `${d.code}@${d.range.start.line}`)).toEqual(['craft/syntax/invalid-alternatives@3', 'craft/syntax/invalid-condition@4', 'craft/syntax/invalid-story-line@9']);
  });
});
