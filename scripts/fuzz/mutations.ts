/**
 * Mutation operators at the model level. Each operator is a fast-check arbitrary of a `Mutation`: plain
 * numbers and choices that pick, when applied, a site of the model (the k-th step, event use, use case...)
 * modulo how many there are, so that the same mutation applies to any text and shrinks towards the first
 * site and the simplest choice. A mutation recompiles the text it is applied to (memoised), edits it where
 * the Model says, and returns the new text; whether the result still compiles is for the caller to check.
 */
import fc from 'fast-check';
import { append, deleteLine, eventRef, insertAfter, isName, renameWord, replaceLine, replaceToken, structureOf, type Structure } from './structure.js';

export interface Mutation {
  /** The operator's name. */
  op: string;
  /** Applies the mutation to a text (any text: a mutation with nothing to work on returns it unchanged). */
  apply(text: string): string;
  toString(): string;
}

function mutation<A extends object>(op: string, args: A, fn: (s: Structure, args: A) => string): Mutation {
  return {
    op,
    apply: (text) => fn(structureOf(text), args),
    toString: () => `${op}(${JSON.stringify(args)})`,
  };
}

// ───────────────────────────── pools ─────────────────────────────

/** Names that are words in TS/JS, prototype keys, paths, other scripts. All are valid craft names. */
export const hostileNames = [
  'class', 'constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'then', 'default',
  'function', 'await', 'yield', 'enum', 'new', 'this', 'null', 'undefined', 'NaN', 'Infinity', 'Object', 'import',
  'export', 'eval', 'arguments', 'let', 'static', 'package', 'interface', 'delete', 'void', 'typeof', 'instanceof',
  'Symbol', 'Promise', 'JSON', 'Error', '__defineGetter__', 'isPrototypeOf', 'index', 'Index', 'src', 'test', 'node_modules',
  'Straße', '注文', 'Ωmega', 'a.b.c', 'x-y', '_', '__', 'Envelope', 'Transport', 'x'.repeat(120), 'end', 'graph', 'participant', 'subgraph',
] as const;

/** Text for quoted names (events, use-case titles) and prose: paths, markup, Mermaid syntax, backticks, emoji. */
export const hostileStrings = [
  '../../etc/passwd', '..', '.', '../', '<script>alert(1)</script>', '</script><img src=x onerror=alert(1)>', '%%', '%%{init: {}}%%',
  '%% comment', '`backtick`', '``', '${process.exit(1)}', '😀', '🔥 Order 😀 Placed', '*/ /*', '\\', 'a\\b', "it's", '#', ';', '&amp;',
  '-->', '}', '{', ']', '[', '|', 'end', '__proto__', 'constructor', ' ', '   padded   ', 'Order Placed', 'ORDER PLACED', 'x'.repeat(300),
  'C:\\Windows', '/abs/path', 'a/b', 'NUL\u0001', 'tab\there', 'zero\u200Bwidth', 'rtl \u202Eevil', 'ﬁ ligature', 'Ｆｕｌｌ',
] as const;

/** Timer delays: zero, tiny, fractional, ordinary, huge, beyond every number. */
export const timerDelays = [
  '0s', '0ms', '0d', '0.0001ms', '0.5ms', '1ms', '20s', '1h30m', '1d1d1d', '59m59s', '999999999d', '99999999999999999999d', `${'9'.repeat(400)}d`,
  '1.5h', '0.000000001ms',
] as const;

/** `when every "…"` shapes, including ones the compiler may or may not refuse. */
export const everyShapes = [
  '24h', '1h', '1s', '1ms', '0.5ms', '0s', '0ms', '0.0001ms', '1d', '7d', '1h30m', '999999999d', `${'9'.repeat(400)}h`, '', ' ', 'soon', '1x',
  '-1s', '1', '5 m', 's', '1h 30m', '00001ms', '1.ms', '.5s',
] as const;

const cronNumbers = [0, 1, 2, 5, 7, 12, 13, 23, 24, 29, 30, 31, 32, 59, 60, 61, 99, 999999] as const;
const cronNames = ['MON', 'mon', 'Sun', 'SAT', 'JAN', 'dec', 'Feb', 'XYZ', 'Mon-Fri', 'JAN-DEC', 'fri-mon'] as const;

/** The five fields' ranges (minute, hour, day of month, month, day of week), for well-formed expressions. */
const cronRanges: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];

/** A field within its range: `*`, a value, a range, a step, a list, or (month, weekday) a name. */
function validCronField(i: number): fc.Arbitrary<string> {
  const [lo, hi] = cronRanges[i]!;
  const n = fc.integer({ min: lo, max: hi });
  const names = i === 3 ? ['JAN', 'jun', 'Dec', 'JAN-MAR'] : i === 4 ? ['MON', 'sun', 'Fri', 'MON-FRI'] : [];
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant('*') },
    { weight: 3, arbitrary: n.map(String) },
    { weight: 2, arbitrary: fc.tuple(n, n).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('*', String(lo)), fc.integer({ min: 1, max: hi - lo + 1 })).map(([a, k]) => `${a}/${k}`) },
    { weight: 1, arbitrary: fc.uniqueArray(n, { minLength: 2, maxLength: 4 }).map((a) => a.join(',')) },
    { weight: names.length > 0 ? 1 : 0, arbitrary: fc.constantFrom(...(names.length > 0 ? names : ['*'])) },
  );
}

/** Any cron field, from the shapes a user might write, in range or not. */
const anyCronField: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('*') },
  { weight: 4, arbitrary: fc.constantFrom(...cronNumbers).map(String) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...cronNumbers), fc.constantFrom(...cronNumbers)).map(([a, b]) => `${a}-${b}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('*', '0', '5', '1-5', '10-2', '0-59'), fc.constantFrom(0, 1, 2, 5, 15, 60, 100)).map(([a, k]) => `${a}/${k}`) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...cronNumbers), { minLength: 2, maxLength: 4 }).map((a) => a.join(',')) },
  { weight: 1, arbitrary: fc.constantFrom(...cronNames) },
  { weight: 1, arbitrary: fc.constantFrom('?', 'L', '5L', '1#2', '*/*', '', '-1', '1-', ',', 'W') },
);

/**
 * A cron expression: well-formed five-field ones (the back ends must run every one of them), any five
 * fields (out of range, impossible dates, zero steps, names: the compiler must refuse what cannot run), a
 * wrong number of fields, and a few known corner cases.
 */
export const cronExpression: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: wellFormedCron() },
  { weight: 4, arbitrary: fc.array(anyCronField, { minLength: 5, maxLength: 5 }).map((f) => f.join(' ')) },
  { weight: 1, arbitrary: fc.array(anyCronField, { minLength: 0, maxLength: 7 }).map((f) => f.join(' ')) },
  { weight: 2, arbitrary: fc.constantFrom('0 2 * * *', '1/0 */5 8 13 13', '0 0 30 2 *', '0 0 31 4 *', '59 23 31 12 7', '* * * * *', '0 0 29 2 1', '@daily', '0 0 * * 8', '0 0 29 2 *', '0 0 31 * *', '0 0 1 1 0', '0 0 31 12 *', '*/59 */23 */31 */12 */7') },
);

function wellFormedCron(): fc.Arbitrary<string> {
  return fc.tuple(...[0, 1, 2, 3, 4].map(validCronField)).map((f) => f.join(' '));
}

/** Periods that are valid durations: tiny, ordinary, and far beyond what a Date can hold. */
const validEvery = ['24h', '1h', '1s', '1ms', '0.5ms', '0.0001ms', '1d', '7d', '1h30m', '999999999d', `${'9'.repeat(20)}d`, '100000000d'] as const;

const periodicWords = ['daily', 'hourly', 'weekly', 'monthly', 'DAILY', 'daily at noon'] as const;

/** A periodic trigger line: `when every`, `when cron`, or the v1 `when CRON runs daily`. */
export const periodicTrigger: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...validEvery).map((d) => `when every "${d}"`) },
  { weight: 1, arbitrary: fc.constantFrom(...everyShapes).map((d) => `when every "${d}"`) },
  { weight: 2, arbitrary: fc.tuple(fc.nat({ max: 999 }), fc.constantFrom('ms', 's', 'm', 'h', 'd')).map(([n, u]) => `when every "${n}${u}"`) },
  { weight: 4, arbitrary: wellFormedCron().map((c) => `when cron "${c}"`) },
  { weight: 2, arbitrary: cronExpression.map((c) => `when cron "${c}"`) },
  { weight: 1, arbitrary: fc.constantFrom(...periodicWords).map((w) => `when CRON runs ${w}`) },
);

// ───────────────────────────── helpers ─────────────────────────────

const pick = <T>(list: readonly T[], k: number): T | undefined => (list.length === 0 ? undefined : list[k % list.length]);

/** Step subjects: the model's contexts, or made-up ones when it has none. */
function subject(s: Structure, k: number): string {
  return pick(s.contexts, k) ?? pick(['Alpha', 'Beta', 'Gamma'], k)!;
}

function triggerActor(s: Structure, k: number): string {
  const users = s.actors.filter((a) => a.type !== 'system').map((a) => a.name);
  return pick(users, k) ?? 'Fuzzer';
}

function system(s: Structure, k: number): string | undefined {
  return pick(s.actors.filter((a) => a.type === 'system').map((a) => a.name), k);
}

/** A fresh use-case title (numbered after the existing ones). */
function title(s: Structure, what: string): string {
  return `Fuzz ${what} ${s.useCases.length + 1}`;
}

function useCase(name: string, body: string[]): string[] {
  return [`use_case "${name}" {`, ...body.map((l) => (l.startsWith('when ') ? `  ${l}` : `    ${l}`)), '}'];
}

function stepLine(s: Structure, k: number): number | undefined {
  return pick(s.steps, k)?.line;
}

const k = fc.nat({ max: 1 << 16 });

// ───────────────────────────── operators ─────────────────────────────

/** Rename an event at one site only: the publisher and the listener no longer agree. */
const renameEventSite = fc.record({ site: k, to: fc.oneof(fc.constant('fresh'), fc.constant('other'), fc.constantFrom(...hostileStrings), fc.constantFrom(...hostileNames)) }).map((a) =>
  mutation('renameEventSite', a, (s) => {
    const site = pick(s.eventSites, a.site);
    if (!site) return s.text;
    const other = pick(s.events.filter((e) => e !== site.event), a.site);
    const name = a.to === 'fresh' ? `${site.event}Renamed` : a.to === 'other' ? (other ?? `${site.event}2`) : a.to;
    return replaceToken(s, site.line, site.column, eventRef(name));
  }),
);

/** A context that listens to its own event: it handles it, publishes it again (a loop) or asks itself. */
const selfListen = fc.record({ site: k, body: fc.constantFrom('handle', 'republish', 'ask', 'schedule', 'none') }).map((a) =>
  mutation('selfListen', a, (s) => {
    const pubs = s.eventSites.filter((e) => e.role === 'publish');
    const site = pick(pubs, a.site);
    const who = site ? (s.model.contexts.find((c) => c.id === site.participant)?.name ?? site.participant) : subject(s, a.site);
    const event = eventRef(site?.event ?? 'SelfEvent');
    const body = {
      handle: [`${who} handles its own event`],
      republish: [`${who} notifies ${event}`],
      ask: [`${who} asks ${who} to look again`, `${who} returns the answer`],
      schedule: [`${who} schedules ${event} in 0s`],
      none: [],
    }[a.body];
    const lines = [`when ${who} listens ${event}`, ...body.map((b) => `  ${b}`)];
    const u = site ? s.useCases.find((x) => x.slug === site.useCase) : undefined;
    if (u) return insertAfter(s, u.last, lines, '  ');
    return append(s, useCase(title(s, 'self listen'), [`when ${triggerActor(s, a.site)} starts`, `${who} notifies ${event}`, ...lines]));
  }),
);

/** `X asks X`: after a step, or in a use case of its own; with or without a `returns`. */
const selfAsk = fc.record({ at: k, who: k, returns: fc.constantFrom('none', 'plain', 'to-self', 'to-actor'), nested: fc.boolean() }).map((a) =>
  mutation('selfAsk', a, (s) => {
    const who = subject(s, a.who);
    const lines = [`${who} asks ${who} to check itself`];
    if (a.nested) lines.push(`${who} asks ${who} for a second opinion`);
    if (a.returns === 'plain') lines.push(`${who} returns the result`);
    if (a.returns === 'to-self') lines.push(`${who} returns to ${who} the result`);
    if (a.returns === 'to-actor') lines.push(`${who} returns to ${triggerActor(s, a.who)} the result`);
    const line = stepLine(s, a.at);
    if (line !== undefined) return insertAfter(s, line, lines);
    return append(s, useCase(title(s, 'self ask'), [`when ${triggerActor(s, a.who)} pokes`, ...lines]));
  }),
);

/** Ask cycles: A asks B asks C asks A, with the replies in order, missing, or reversed. */
const askCycle = fc.record({ from: k, length: fc.integer({ min: 2, max: 6 }), returns: fc.constantFrom('all', 'none', 'some', 'reversed'), viaSystem: fc.boolean() }).map((a) =>
  mutation('askCycle', a, (s) => {
    const ring = Array.from({ length: a.length }, (_, i) => subject(s, a.from + i));
    const lines: string[] = [];
    for (let i = 0; i < ring.length; i++) lines.push(`${ring[i]} asks ${ring[(i + 1) % ring.length]} to pass it on`);
    const sys = system(s, a.from);
    if (a.viaSystem && sys) lines.push(`${ring[0]} asks ${sys} for a stamp`, `${sys} returns the stamp`);
    const replies: string[] = [];
    for (let i = ring.length - 1; i >= 0; i--) replies.push(`${ring[(i + 1) % ring.length]} returns to ${ring[i]} the answer`);
    if (a.returns === 'all') lines.push(...replies);
    if (a.returns === 'some') lines.push(...replies.filter((_, i) => i % 2 === 0));
    if (a.returns === 'reversed') lines.push(...[...replies].reverse());
    return append(s, useCase(title(s, 'ask cycle'), [`when ${triggerActor(s, a.from)} asks around`, ...lines]));
  }),
);

/** A deep chain of listeners: E0 → C1 → E1 → C2 → … (deeper than the step cap, sometimes). */
const listenerChain = fc.record({ from: k, depth: fc.integer({ min: 1, max: 150 }), idempotent: fc.boolean(), outcomeAtEnd: fc.boolean(), trigger: fc.constantFrom('external', 'event', 'periodic') }).map((a) =>
  mutation('listenerChain', a, (s) => {
    const salt = s.useCases.length + 1;
    const e = (i: number) => `Chain${salt}.E${i}`;
    const body: string[] = [];
    if (a.trigger === 'external') body.push(`when ${triggerActor(s, a.from)} starts a chain`);
    else if (a.trigger === 'periodic') body.push('when every "1h"');
    else body.push(`when "${s.events[a.from % Math.max(1, s.events.length)] ?? 'Kickoff'}"`);
    body.push(`${subject(s, a.from)} notifies ${e(0)}`);
    for (let i = 1; i <= a.depth; i++) {
      body.push(`when ${subject(s, a.from + i)} listens ${e(i - 1)}${a.idempotent ? ' [idempotent]' : ''}`);
      if (i === a.depth && a.outcomeAtEnd) body.push(`${subject(s, a.from + i)} notifies ${e(i)} or ${e(0)} or Unheard${salt}`);
      else body.push(`${subject(s, a.from + i)} notifies ${e(i)}`);
    }
    return append(s, useCase(title(s, 'listener chain'), body));
  }),
);

/** Event loops: ping-pong, an outcome that loops, a timer that re-arms itself, an event trigger that republishes. */
const eventLoop = fc.record({ from: k, size: fc.integer({ min: 1, max: 4 }), kind: fc.constantFrom('notify', 'outcome', 'timer', 'event-trigger', 'fanout'), delay: fc.constantFrom(...timerDelays) }).map((a) =>
  mutation('eventLoop', a, (s) => {
    const salt = s.useCases.length + 1;
    const ring = Array.from({ length: a.size }, (_, i) => subject(s, a.from + i));
    const ev = (i: number) => `Loop${salt}E${i % a.size}`;
    const body = [`when ${triggerActor(s, a.from)} kicks off`, `${ring[0]} notifies ${ev(0)}`];
    for (let i = 0; i < a.size; i++) {
      const who = ring[(i + 1) % a.size]!;
      switch (a.kind) {
        case 'notify':
          body.push(`when ${who} listens ${ev(i)}`, `${who} notifies ${ev(i + 1)}`);
          break;
        case 'outcome':
          body.push(`when ${who} listens ${ev(i)}`, `${who} notifies ${ev(i + 1)} or Done${salt}`);
          break;
        case 'timer':
          body.push(`when ${who} listens ${ev(i)}`, `${who} schedules Tick${salt} in ${a.delay}`, `when ${who} listens Tick${salt}`, `${who} notifies ${ev(i + 1)}`);
          break;
        case 'event-trigger':
          body.push(`when "${ev(i)}"`, `${who} notifies ${ev(i + 1)}`);
          break;
        case 'fanout':
          body.push(`when ${who} listens ${ev(i)}`, `${who} notifies ${ev(i + 1)}`, `${who} notifies ${ev(i + 1)}`);
          break;
      }
    }
    return append(s, useCase(title(s, `loop ${a.kind}`), body));
  }),
);

/** A timer after a step: zero-length, tiny, huge or infinite; sometimes heard, sometimes cancelled. */
const timerStep = fc.record({ at: k, who: k, delay: fc.constantFrom(...timerDelays), name: fc.oneof(fc.constant('Tmr'), fc.constant('existing'), fc.constantFrom(...hostileNames)), heard: fc.boolean(), cancel: fc.constantFrom('no', 'after', 'twice') }).map((a) =>
  mutation('timerStep', a, (s) => {
    const who = subject(s, a.who);
    const name = a.name === 'existing' ? (pick(s.events, a.who) ?? 'Tmr') : a.name;
    const ref = eventRef(name);
    const lines = [`${who} schedules ${ref} in ${a.delay}`];
    if (a.cancel !== 'no') lines.push(`${who} cancels ${ref}`);
    if (a.cancel === 'twice') lines.push(`${who} cancels ${ref}`, `${who} does what only a pending timer allows`);
    const line = stepLine(s, a.at);
    let text = line !== undefined ? insertAfter(s, line, lines) : append(s, useCase(title(s, 'timer'), [`when ${triggerActor(s, a.who)} waits`, ...lines]));
    if (a.heard) {
      const t = structureOf(text);
      const u = t.useCases[t.useCases.length - 1];
      text = u ? insertAfter(t, u.last, [`when ${who} listens ${ref}`, `  ${who} reacts to the timer`], '  ') : text;
    }
    return text;
  }),
);

/** `cancels` of a timer nobody scheduled (quoted, dotted, an ordinary event, a timer of another flow). */
const cancelUnknown = fc.record({ at: k, who: k, what: fc.constantFrom('"Ghost Timer"', 'ghost.Timer', 'existing-event', 'existing-timer', '"__proto__"', '"constructor"', '""') }).map((a) =>
  mutation('cancelUnknown', a, (s) => {
    const who = subject(s, a.who);
    const what = a.what === 'existing-event' ? eventRef(pick(s.events, a.who) ?? 'NoSuch') : a.what === 'existing-timer' ? eventRef(pick(s.timers, a.who) ?? 'NoTimer') : a.what;
    const lines = [`${who} cancels ${what}`, `${who} carries on regardless`];
    const line = stepLine(s, a.at);
    if (line !== undefined) return insertAfter(s, line, lines);
    return append(s, useCase(title(s, 'cancel'), [`when ${triggerActor(s, a.who)} cancels`, ...lines]));
  }),
);

/**
 * A use case with one to three periodic triggers of any shape (performed one after the other on a flow, so
 * a huge period moves virtual time far ahead of the next one), each with zero to three steps, sometimes
 * after an external trigger.
 */
const periodicUseCase = fc.record({ triggers: fc.array(fc.record({ line: periodicTrigger, steps: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 3 }), who: k, external: fc.boolean() }).map((a) =>
  mutation('periodicUseCase', a, (s) => {
    const who = subject(s, a.who);
    const other = subject(s, a.who + 1);
    const steps = [`${who} runs the batch`, `${who} notifies Batch${s.useCases.length + 1}Done`, `${who} asks ${other} for the totals`, `${who} asks ${who} for its own totals`];
    const body: string[] = [];
    if (a.external) body.push(`when ${triggerActor(s, a.who)} presses the button`, `${who} runs the batch now`);
    a.triggers.forEach((t, i) => body.push(t.line, ...steps.slice(i % 2, (i % 2) + t.steps)));
    return append(s, useCase(title(s, 'periodic'), body));
  }),
);

/** Replace a scenario's trigger line with a periodic trigger (its steps stay). */
const periodicReplace = fc.record({ scenario: k, trigger: periodicTrigger }).map((a) =>
  mutation('periodicReplace', a, (s) => {
    const scenarios = s.useCases.flatMap((u) => u.scenarios);
    const sc = pick(scenarios, a.scenario);
    if (!sc) return s.text;
    const old = s.lines[sc.line - 1] ?? '';
    const at = old.indexOf('when');
    if (at < 0) return s.text;
    return replaceLine(s, sc.line, [old.slice(0, at) + a.trigger]);
  }),
);

/** A second use case with the same name, a name differing in case or punctuation, or a slug that clashes. */
const duplicateUseCase = fc.record({ of: k, variant: fc.constantFrom('same', 'upper', 'punct', 'slug-2', 'spaces', 'emoji'), body: fc.constantFrom('copy', 'empty', 'one') }).map((a) =>
  mutation('duplicateUseCase', a, (s) => {
    const u = pick(s.useCases, a.of);
    const name = u?.name ?? 'Order Placement';
    const variant = { same: name, upper: name.toUpperCase(), punct: `${name}!`, 'slug-2': `${name} 2`, spaces: `  ${name}  `, emoji: `${name} 😀` }[a.variant];
    let body: string[] = [];
    if (a.body === 'copy' && u && u.last > u.header) {
      // The scenario lines, without the tags block (one line or several).
      let inTags = false;
      for (const raw of s.lines.slice(u.header, u.last)) {
        const l = raw.trim();
        if (!inTags && l.startsWith('tags')) inTags = true;
        if (inTags) {
          if (l.includes('}')) inTags = false;
          continue;
        }
        if (l !== '') body.push(l);
      }
    }
    if (a.body === 'one') body = [`when ${triggerActor(s, a.of)} repeats`, `${subject(s, a.of)} does it again`];
    return append(s, useCase(variant.replace(/"/g, "'"), body));
  }),
);

/** Empty use cases: no lines, only tags, a trigger without steps, a hostile title. */
const emptyUseCase = fc.record({ shape: fc.constantFrom('braces', 'newline', 'tags', 'trigger-only', 'listener-only', 'ends'), name: fc.oneof(fc.constant('Empty'), fc.constantFrom(...hostileStrings)) }).map((a) =>
  mutation('emptyUseCase', a, (s) => {
    const name = a.name.replace(/"/g, "'").replace(/[\r\n]/g, ' ');
    switch (a.shape) {
      case 'braces':
        return append(s, [`use_case "${name}" {}`]);
      case 'newline':
        return append(s, [`use_case "${name}" {`, '}']);
      case 'tags':
        return append(s, [`use_case "${name}" {`, '  tags { owner: fuzz, flaky }', '}']);
      case 'trigger-only':
        return append(s, useCase(name, [`when ${triggerActor(s, 0)} does nothing`]));
      case 'listener-only':
        return append(s, useCase(name, [`when ${subject(s, 0)} listens ${eventRef(pick(s.events, 0) ?? 'Nothing')}`]));
      case 'ends':
        return append(s, [`use_case "${name}" {`, '  tags { ends: NeverPublished }', `  when ${triggerActor(s, 0)} starts`, `    ${subject(s, 0)} waits`, '}']);
    }
  }),
);

/** Rename a declared name (or any word of the text) everywhere to a TS/JS keyword, a prototype key, another script. */
const renameEverywhere = fc.record({ kind: fc.constantFrom('context', 'actor', 'event', 'domain', 'service', 'store', 'word'), which: k, to: fc.constantFrom(...hostileNames) }).map((a) =>
  mutation('renameEverywhere', a, (s) => {
    const names = {
      context: s.model.contexts.map((c) => c.name),
      actor: s.actors.map((x) => x.name),
      event: s.events,
      domain: s.domains,
      service: s.services,
      store: [...new Set(s.model.services.flatMap((x) => x.dataStores))],
      // Any name of the text that is not a keyword: arch components, exposures, languages, relations, tags…
      word: [...new Set(s.text.match(/(?<![\p{L}\p{N}_."-])[A-Za-z_][\w-]*(?![\w"-])/gu) ?? [])].filter((w) => !keywords.has(w)),
    }[a.kind];
    const name = pick(names, a.which);
    if (name === undefined) return s.text;
    if (isName(name)) return renameWord(s.text, name, a.to);
    return s.text.split(`"${name}"`).join(`"${a.to}"`);
  }),
);

const keywords = new Set([
  'actors', 'actor', 'domains', 'domain', 'services', 'use_case', 'arch', 'exposure', 'context_map', 'glossary', 'events', 'event', 'when',
  'listens', 'asks', 'returns', 'notifies', 'schedules', 'cancels', 'tags', 'to', 'for', 'or', 'in', 'every', 'cron', 'contexts', 'of', 'through',
  'language', 'data-stores', 'deployment', 'presentation', 'gateway', 'user', 'system', 'service', 'catalog_ref', 'repo',
]);

/** A hostile use-case title. */
const hostileTitle = fc.record({ of: k, to: fc.constantFrom(...hostileStrings) }).map((a) =>
  mutation('hostileTitle', a, (s) => {
    const u = pick(s.useCases, a.of);
    if (!u) return s.text;
    const line = s.lines[u.header - 1] ?? '';
    const m = /use_case\s+"[^"]*"/.exec(line);
    if (!m) return s.text;
    return replaceLine(s, u.header, [line.slice(0, m.index) + `use_case "${a.to.replace(/"/g, "'")}"` + line.slice(m.index + m[0].length)]);
  }),
);

/** Hostile prose, annotations and event names in steps. */
const hostileProse = fc.record({ at: k, who: k, text: fc.constantFrom(...hostileStrings), form: fc.constantFrom('phrase', 'annotation', 'event', 'ask', 'outcome', 'listener') }).map((a) =>
  mutation('hostileProse', a, (s) => {
    const who = subject(s, a.who);
    // Braces in prose would end the use case (a syntax error, not a mutant): they become parentheses there.
    const t = a.text.replace(/[\r\n]/g, ' ').replace(/[{}]/g, '()');
    const q = `"${t.replace(/"/g, "'")}"`;
    const lines = {
      phrase: [`${who} writes ${t}`],
      annotation: [`${who} calls the api [POST /v1/${t.replace(/[\]]/g, ')')}]`],
      event: [`${who} notifies ${q}`],
      ask: [`${who} asks ${subject(s, a.who + 1)} to ${t} [GET ${t.replace(/[\]]/g, ')')}]`, `${subject(s, a.who + 1)} returns ${t}`],
      outcome: [`${who} notifies ${q} or "${t.replace(/"/g, "'")} 2"`],
      listener: [],
    }[a.form];
    const line = stepLine(s, a.at);
    let text = line !== undefined && lines.length > 0 ? insertAfter(s, line, lines) : append(s, useCase(title(s, 'prose'), [`when ${triggerActor(s, a.who)} types ${t}`, ...lines]));
    if (a.form === 'event' || a.form === 'listener' || a.form === 'outcome') {
      const st = structureOf(text);
      const u = st.useCases[st.useCases.length - 1];
      if (u) text = insertAfter(st, u.last, [`when ${subject(s, a.who + 2)} listens ${q}`, `  ${subject(s, a.who + 2)} reads ${t}`], '  ');
    }
    return text;
  }),
);

const deleteStep = k.map((at) => mutation('deleteStep', { at }, (s) => {
  const line = stepLine(s, at);
  return line === undefined ? s.text : deleteLine(s, line);
}));

const duplicateStep = fc.record({ at: k, times: fc.integer({ min: 1, max: 3 }) }).map((a) =>
  mutation('duplicateStep', a, (s) => {
    const line = stepLine(s, a.at);
    if (line === undefined) return s.text;
    const l = s.lines[line - 1] ?? '';
    return replaceLine(s, line, Array.from({ length: a.times + 1 }, () => l));
  }),
);

const swapSteps = fc.record({ a: k, b: k }).map((a) =>
  mutation('swapSteps', a, (s) => {
    const x = stepLine(s, a.a);
    const y = stepLine(s, a.b);
    if (x === undefined || y === undefined || x === y) return s.text;
    const lines = [...s.lines];
    [lines[x - 1], lines[y - 1]] = [lines[y - 1]!, lines[x - 1]!];
    return lines.join('\n');
  }),
);

/** Move a step into another scenario (or use case). */
const moveStep = fc.record({ from: k, to: k }).map((a) =>
  mutation('moveStep', a, (s) => {
    const x = stepLine(s, a.from);
    const y = stepLine(s, a.to);
    if (x === undefined || y === undefined || x === y) return s.text;
    const lines = [...s.lines];
    const [moved] = lines.splice(x - 1, 1);
    lines.splice(y > x ? y - 1 : y, 0, moved!);
    return lines.join('\n');
  }),
);

/** `returns` where nobody asked, to the wrong asker, to an actor, to a system. */
const strayReturn = fc.record({ at: k, who: k, to: fc.constantFrom('none', 'self', 'other', 'actor', 'system', 'unknown') }).map((a) =>
  mutation('strayReturn', a, (s) => {
    const who = subject(s, a.who);
    const target = { none: '', self: ` to ${who}`, other: ` to ${subject(s, a.who + 1)}`, actor: ` to ${triggerActor(s, a.who)}`, system: ` to ${system(s, a.who) ?? 'Nobody'}`, unknown: ' to Nobody' }[a.to];
    const lines = [`${who} returns${target} something nobody asked for`];
    const line = stepLine(s, a.at);
    if (line !== undefined) return insertAfter(s, line, lines);
    return append(s, useCase(title(s, 'stray return'), [`when ${triggerActor(s, a.who)} waits`, ...lines]));
  }),
);

/** Turn a `notifies` into outcomes: unhandled ones, the same one twice, many. */
const outcomes = fc.record({ at: k, shape: fc.constantFrom('unhandled', 'same-twice', 'many', 'existing'), n: fc.integer({ min: 2, max: 12 }) }).map((a) =>
  mutation('outcomes', a, (s) => {
    const notifies = s.steps.filter((st) => st.kind === 'notify');
    const st = pick(notifies, a.at);
    const line = st?.line ?? stepLine(s, a.at);
    if (line === undefined) return s.text;
    const old = s.lines[line - 1] ?? '';
    const m = /^(\s*\S+\s+)/.exec(old);
    const who = st?.from ?? subject(s, a.at);
    const lead = st && m ? m[1]! : `${indentOfLine(old)}${who} `;
    const base = pick(s.events, a.at) ?? 'Outcome';
    const events = {
      unhandled: [eventRef(base), 'Unhandled.A', 'Unhandled.B'],
      'same-twice': [eventRef(base), eventRef(base)],
      many: Array.from({ length: a.n }, (_, i) => `Many.O${i}`),
      existing: s.events.slice(0, a.n).map(eventRef),
    }[a.shape];
    if (events.length === 0) return s.text;
    const stepText = `${lead}notifies ${events.join(' or ')}`;
    return st ? replaceLine(s, line, [stepText]) : insertAfter(s, line, [stepText.trim()]);
  }),
);

function indentOfLine(l: string): string {
  return /^\s*/.exec(l)![0];
}

/** Annotations that change semantics: `[idempotent]` on listeners, `tags { ends: … }` on a use case. */
const annotate = fc.record({ which: k, kind: fc.constantFrom('idempotent', 'ends', 'ends-unknown', 'tags-hostile') }).map((a) =>
  mutation('annotate', a, (s) => {
    if (a.kind === 'idempotent') {
      const listens = s.useCases.flatMap((u) => u.scenarios).filter((sc) => sc.kind === 'listen');
      const sc = pick(listens, a.which);
      if (!sc) return s.text;
      const l = s.lines[sc.line - 1] ?? '';
      if (/\]\s*$/.test(l)) return s.text;
      return replaceLine(s, sc.line, [`${l.replace(/\s+$/, '')} [idempotent]`]);
    }
    const u = pick(s.useCases, a.which);
    if (!u) return s.text;
    const header = s.lines[u.header - 1] ?? '';
    if (!header.trimEnd().endsWith('{')) return s.text;
    const value = { ends: eventRef(pick(s.events, a.which) ?? 'Done'), 'ends-unknown': 'NeverHappens, "Also Never"', 'tags-hostile': '"<script>", "%%", "`x`", __proto__' }[a.kind];
    const key = a.kind === 'tags-hostile' ? '__proto__' : 'ends';
    return insertAfter(s, u.header, [`  tags { ${key}: ${value} }`], indentOfLine(header));
  }),
);

/**
 * The behaviour language around a step: a decision before it and the step in an `if` (with or without an
 * `else` holding a copy), a call given a timeout with an `on timeout` block, or delivery options on a
 * notifies; facts and outcomes are sometimes hostile names.
 */
const behaviour = fc.record({ at: k, kind: fc.constantFrom('branch', 'branch-else', 'timeout', 'delivery', 'nested'), hostile: fc.boolean() }).map((a) =>
  mutation('behaviour', a, (s) => {
    const line = stepLine(s, a.at);
    if (line === undefined) return s.text;
    const l = s.lines[line - 1] ?? '';
    const info = s.steps.find((x) => x.line === line);
    if (!info || /^\s*(if|else|on|})\b/.test(l)) return s.text;
    const ind = indentOfLine(l);
    const fact = a.hostile ? '<b>% f' : 'route';
    const [x, y] = a.hostile ? ['"%%', '`y`'] : ['left', 'right'];
    switch (a.kind) {
      case 'branch':
        return replaceLine(s, line, [`${ind}${info.from} decides ${fact}: ${x} | ${y}`, `${ind}if ${fact} is ${x} {`, l, `${ind}}`]);
      case 'branch-else':
        return replaceLine(s, line, [`${ind}${info.from} decides ${fact}: ${x} | ${y}`, `${ind}if ${fact} is ${x} {`, l, `${ind}} else {`, l, `${ind}}`]);
      case 'nested':
        return replaceLine(s, line, [`${ind}${info.from} decides ${fact}: ${x} | ${y}`, `${ind}${info.from} decides other: a | b | c`, `${ind}if ${fact} is ${y} {`, `${ind}  if other is a or c {`, l, `${ind}  }`, `${ind}} else if ${fact} is ${x} {`, `${ind}}`]);
      case 'timeout':
        if (info.kind !== 'ask' || /\[[^\]]*\]\s*$/.test(l)) return s.text;
        return replaceLine(s, line, [`${l.trimEnd()} [timeout 1s, retry 1 every 500ms]`, `${ind}on timeout {`, `${ind}  ${info.from} notifies "Timed Out"`, `${ind}}`]);
      case 'delivery':
        if (info.kind !== 'notify' || /\[[^\]]*\]\s*$/.test(l)) return s.text;
        return replaceLine(s, line, [`${l.trimEnd()} [outbox, at-least-once, redeliver 1ms]`]);
    }
  }),
);

/** Listen to an event in a context that also publishes it in the same scenario (before and after). */
const crossWire = fc.record({ a: k, b: k }).map((a) =>
  mutation('crossWire', a, (s) => {
    const pub = pick(s.eventSites.filter((e) => e.role === 'publish'), a.a);
    const lis = pick(s.eventSites.filter((e) => e.role === 'listen'), a.b);
    if (!pub || !lis) return s.text;
    // The listener now listens to what the publisher publishes, and vice versa (a swap of two references).
    const first = pub.line > lis.line || (pub.line === lis.line && pub.column > lis.column) ? pub : lis;
    const second = first === pub ? lis : pub;
    const t = replaceToken(s, first.line, first.column, eventRef(second.event));
    return replaceToken(structureOf(t), second.line, second.column, eventRef(first.event));
  }),
);

/** Words for grammar-agnostic edits: keywords, durations, annotations, names of the model, hostile names. */
function wordPool(s: Structure): string[] {
  return [
    'asks', 'returns', 'notifies', 'to', 'for', 'or', 'in', 'every', 'cron', 'schedules', 'cancels', 'listens', 'when', 'tags',
    '0s', '20s', '999999999d', '"E"', '"__proto__"', '[idempotent]', '[POST /x]', '[]', 'x', ...s.contexts.slice(0, 6), ...s.events.slice(0, 4).map(eventRef),
    ...s.actors.slice(0, 3).map((a) => a.name), 'constructor', '__proto__', 'Straße',
  ];
}

/** Replace one word of a step or trigger line by another (a keyword, a name, a duration): whatever still compiles. */
const spliceWord = fc.record({ line: k, word: k, by: k }).map((a) =>
  mutation('spliceWord', a, (s) => {
    const lines = [...s.steps.map((st) => st.line), ...s.useCases.flatMap((u) => u.scenarios.map((sc) => sc.line))].sort((x, y) => x - y);
    const line = pick(lines, a.line);
    if (line === undefined) return s.text;
    const text = s.lines[line - 1] ?? '';
    const parts = text.split(/(\s+)/);
    const words = parts.map((_, i) => i).filter((i) => i % 2 === 0 && parts[i] !== '');
    const at = pick(words, a.word);
    if (at === undefined) return s.text;
    parts[at] = pick(wordPool(s), a.by)!;
    return replaceLine(s, line, [parts.join('')]);
  }),
);

/** A line of 2 to 6 words from the pool after a step: mostly refused, and what compiles is a shape nobody wrote. */
const randomLine = fc.record({ at: k, words: fc.array(k, { minLength: 2, maxLength: 6 }) }).map((a) =>
  mutation('randomLine', a, (s) => {
    const line = stepLine(s, a.at);
    const pool = wordPool(s);
    const l = [subject(s, a.at), ...a.words.map((w) => pick(pool, w)!)].join(' ');
    if (line !== undefined) return insertAfter(s, line, [l]);
    return append(s, useCase(title(s, 'random line'), [`when ${triggerActor(s, a.at)} starts`, l]));
  }),
);

export const operators = {
  renameEventSite, selfListen, selfAsk, askCycle, listenerChain, eventLoop, timerStep, cancelUnknown, periodicUseCase, periodicReplace,
  duplicateUseCase, emptyUseCase, renameEverywhere, hostileTitle, hostileProse, deleteStep, duplicateStep, swapSteps, moveStep, strayReturn,
  outcomes, annotate, behaviour, crossWire, spliceWord, randomLine,
} as const;

export type OperatorName = keyof typeof operators;
export const operatorNames = Object.keys(operators) as OperatorName[];

/** Any one operator (all equally likely). */
export const anyMutation: fc.Arbitrary<Mutation> = fc.oneof(...operatorNames.map((n) => operators[n]));
