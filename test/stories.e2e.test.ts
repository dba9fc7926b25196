/**
 * The behaviour language end to end: `craft test` (stories, properties, known failures, JUnit, exit codes),
 * timed stimuli and given facts on `craft simulate`, and exploration of decisions and timeouts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { craft, root, test } from './support/cli.js';

const stories = join(root, 'test', 'fixtures', 'stories.craft');
const decisions = join(root, 'test', 'fixtures', 'decisions.craft');

describe('craft test', () => {
  test('runs every story: timed cancels, a known failure that still fails, and a broken expectation with its line', () => {
    const r = craft(['test', stories]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('PASS  cancel within the window');
    expect(r.stdout).toContain('PASS  cancel after the window');
    expect(r.stdout).toContain('PASS  a flaw (known to fail: a late cancel is not told to the customer)');
    expect(r.stdout).toMatch(/FAIL {2}a broken expectation .*\n {6}line 38: expect no "Order Accepted": "Order Accepted" was published at 00:00:20/);
    expect(r.stdout).toContain('3 passed, 1 failed');
  });

  test('runs the named stories only, and exits 0 when they pass', () => {
    const r = craft(['test', stories, 'cancel-within-the-window']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1 passed, 0 failed');
    expect(craft(['test', stories, 'no-such-story']).status).toBe(2);
  });

  test('--runs checks each story on every seed; --explore checks every path a story leaves open', () => {
    const runs = craft(['test', stories, 'cancel-within-the-window', '--runs', '3']);
    expect(runs.stdout.match(/^PASS {2}cancel within the window \[seed \d\]/gm)).toHaveLength(3);
    const explored = craft(['test', decisions, '--explore']);
    expect(explored.stdout).toMatch(/^PASS {2}cash orders ship {2}at/m);
    expect(explored.stdout).toMatch(/FAIL {2}every order ships \[payment type: card, timeout: .*: timed out\]/);
    expect(explored.status).toBe(1);
  });

  test('writes JUnit XML', ({ tmp }) => {
    const out = join(tmp, 'junit.xml');
    const r = craft(['test', stories, '--reporter', 'junit', '--output', out]);
    expect(r.status).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('<testsuites tests="4" failures="1">');
    expect(xml).toMatch(/<testcase classname="craft.stories" name="a broken expectation" time="[\d.]+">\s*<failure message="line 38/);
    expect(craft(['test', stories, '--reporter', 'junit']).status).toBe(2);
  });
});

describe('craft simulate with the behaviour language', () => {
  test('performs a use case at its time: a cancel at 10s cancels the pending timer', () => {
    const r = craft(['simulate', stories, 'place-order', 'cancel-order@10s']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/00:00:10\.000 .*▶ cancels order/);
    expect(r.stdout).toContain('timer "BuyersRemorseIsOver" cancelled');
    expect(r.stdout).not.toContain('notifies "Order Accepted"');
  });

  test('--given fixes a fact; a wrong one is a usage error', () => {
    const r = craft(['simulate', decisions, 'place-order', '--given', 'payment type=cash']);
    expect(r.stdout).toContain('payment type is cash (decided earlier in the flow)');
    expect(r.stdout).not.toContain('asks Billing');
    expect(craft(['simulate', decisions, 'place-order', '--given', 'payment type=cheque']).status).toBe(2);
  });

  test('--explore enumerates decisions, reply alternatives and timeouts, never an impossible combination', () => {
    const r = craft(['simulate', decisions, 'place-order', '--explore']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('explored 4 paths');
    expect(r.stdout).toContain('path 2: payment type: cash (of card | cash)\n  flow-1 terminal events: "Parcel Sent"');
    expect(r.stdout).toMatch(/timed out \(of answered \| timed out\)\n {2}flow-1 terminal events: "Payment Expired"/);
    expect(r.stdout).toMatch(/authorization: declined \(of authorized \| declined\)\n {2}flow-1 terminal events: "Order Rejected"/);
    // A cash payment is never asked to authorize: no path has both.
    expect(r.stdout).not.toMatch(/payment type: cash[^\n]*authorization/);
  });

  test('an at-least-once event survives lost deliveries: it is redelivered', () => {
    const r = craft(['simulate', decisions, 'place-order', '--given', 'payment type=cash', '--faults', 'drop=0.6', '--seed', '4']);
    expect(r.stdout).toMatch(/redelivered in 1000 ms \(at-least-once, delivery 2\)/);
    expect(r.stdout).toContain('notifies "Parcel Sent"');
  });

  test('an outbox survives a crash between the commit and the publish; without it the event is lost', ({ tmp }) => {
    const outbox = join(root, 'test', 'fixtures', 'outbox.craft');
    const kept = craft(['simulate', outbox, 'place-order', '--faults', 'crash=Sales@26ms+1s:lose']);
    expect(kept.stdout).toContain('the outbox keeps "Order Placed", its relay publishes it after the restart');
    expect(kept.stdout).toMatch(/00:00:01\.\d+ .*Shipping .*ships the order/);
    expect(kept.stdout).toContain('flows: 1 — 1 completed');
    const plain = join(tmp, 'plain.craft');
    writeFileSync(plain, readFileSync(outbox, 'utf8').replace(' [outbox]', ''));
    const lost = craft(['simulate', plain, 'place-order', '--faults', 'crash=Sales@26ms+1s:lose']);
    expect(lost.stdout).toContain('work lost: Sales crashed');
    expect(lost.stdout).toContain('1 stuck');
  });

  test('a listener with [retry N] survives failing handlings (then dead-letters); without it the event is lost', ({ tmp }) => {
    const retries = join(root, 'test', 'fixtures', 'retries.craft');
    const kept = craft(['simulate', retries, 'place-order', '--flows', '200', '--faults', 'fail=0.3', '--no-timeline']);
    const plain = join(tmp, 'plain.craft');
    writeFileSync(plain, readFileSync(retries, 'utf8').replace('[idempotent, retry 3]', '[idempotent]'));
    const lost = craft(['simulate', plain, 'place-order', '--flows', '200', '--faults', 'fail=0.3', '--no-timeline']);
    const completed = (out: string) => Number(/— (\d+) completed/.exec(out)?.[1]);
    expect(completed(kept.stdout)).toBeGreaterThan(190);
    expect(completed(lost.stdout)).toBeLessThan(160);
    expect(kept.stdout).toMatch(/dead letters: "Order Placed" ×\d+ \(from Shipping\)/);
  });
});
