/**
 * The lines of `story` and `properties` blocks (craft extension). Each line is read as a whole (its tokens up
 * to the end of the line) and recognised by its leading words, so a wrong line is one precise error and
 * the rest of the block still reads.
 */
import type { IToken } from 'chevrotain';
import { tokenMatcher } from './chevrotain.js';
import * as T from './tokens.js';
import type * as A from './ast.js';
import { unquote } from './parser-base.js';

/** What the grammar lends the line readers: spans, phrases, durations, conditions and error reports. */
export interface LineReader {
  span(first: IToken, last: IToken): A.Span;
  phrase(words: IToken[]): A.Phrase;
  duration(token: IToken): A.Duration;
  condition(words: IToken[], at: IToken): A.Condition | undefined;
  error(message: string, first: IToken, last: IToken): void;
}

const storyForms = `a story line is one of: 'given <fact> is <outcome>', 'at <time> run <use case>', 'expect <event>', 'expect no <event>', 'expect <event> within <time>', 'expect the flow ends with <event>', 'known to fail "<why>"'`;

/** The line's first word, its span, and how to report it as one error (then read nothing from it). */
function lineOf(words: IToken[], r: LineReader): { first: IToken; span: A.Span; fail: (message: string) => undefined } {
  const first = words[0]!;
  const last = words[words.length - 1]!;
  return {
    first,
    span: r.span(first, last),
    fail: (message) => {
      r.error(message, first, last);
      return undefined;
    },
  };
}

export function readStoryLine(words: IToken[], r: LineReader): A.StoryLine | undefined {
  const { first, span, fail } = lineOf(words, r);
  const at = (i: number, image: string) => words[i]?.image === image;
  switch (first.image) {
    case 'given': {
      const condition = r.condition(words.slice(1), first);
      return condition ? { kind: 'given', condition, span } : undefined;
    }
    case 'at': {
      const from = words[1];
      if (!from || !tokenMatcher(from, T.NumberLit)) return fail(`'at' takes a time, e.g. 'at 25s run cancel-order'`);
      let k = 2;
      let until: IToken | undefined;
      if (at(2, '.') && at(3, '.') && words[4] && tokenMatcher(words[4], T.NumberLit)) {
        until = words[4];
        k = 5;
      }
      if (!at(k, 'run') || words.length <= k + 1) return fail(`'at <time>' is followed by 'run <use case>', e.g. 'at 25s run cancel-order'`);
      const line: A.StoryLine = { kind: 'run', at: r.duration(from), useCase: r.phrase(words.slice(k + 1)), span };
      if (until) line.until = r.duration(until);
      return line;
    }
    case 'expect': {
      if (at(1, 'the') && at(2, 'flow') && at(3, 'ends') && at(4, 'with')) {
        const event = eventOf(words.slice(5), r);
        return event ? { kind: 'expectEnd', event, span } : fail(`'expect the flow ends with' takes one event, e.g. 'expect the flow ends with "Order Accepted"'`);
      }
      const negated = at(1, 'no');
      const rest = words.slice(negated ? 2 : 1);
      const within = rest.findIndex((w) => w.image === 'within');
      const event = eventOf(within < 0 ? rest : rest.slice(0, within), r);
      if (!event) return fail(`'expect' takes one event (quoted, or a single word), e.g. 'expect "Order Accepted"' or 'expect no OrderCancelled'`);
      const line: A.StoryLine = { kind: 'expect', event, negated, span };
      if (within >= 0) {
        const d = rest[within + 1];
        if (!d || !tokenMatcher(d, T.NumberLit) || rest.length !== within + 2) return fail(`'within' takes a time, e.g. 'expect "Download Ready" within 1m'`);
        if (negated) return fail(`'expect no <event>' holds for the whole story: it takes no 'within'`);
        line.within = r.duration(d);
      }
      return line;
    }
    case 'known':
      if (at(1, 'to') && at(2, 'fail') && words.length > 3) {
        const reason = words.slice(3);
        const only = reason.length === 1 && tokenMatcher(reason[0]!, T.StringLit) ? reason[0]! : undefined;
        const phrase = r.phrase(reason);
        return { kind: 'knownFailure', reason: only ? { text: unquote(only.image), span: phrase.span } : phrase, span };
      }
      return fail(`'known to fail' takes the reason, e.g. 'known to fail "the document never releases the stock"'`);
    default:
      return fail(`unexpected '${first.image}': ${storyForms}`);
  }
}

export function readPropertyLine(words: IToken[], r: LineReader): A.PropertyLine | undefined {
  const { first, span, fail } = lineOf(words, r);
  if (first.image === 'never') {
    const after = words.findIndex((w) => w.image === 'after');
    const event = after > 1 ? eventOf(words.slice(1, after), r) : undefined;
    const earlier = after > 1 ? eventOf(words.slice(after + 1), r) : undefined;
    if (!event || !earlier) return fail(`'never' reads 'never <event> after <event>', e.g. 'never "Order Accepted" after "Order Cancelled"'`);
    return { kind: 'never', event, after: earlier, span };
  }
  if (first.image === 'always') {
    const leads = words.findIndex((w, i) => w.image === 'leads' && words[i + 1]?.image === 'to');
    const event = leads > 1 ? eventOf(words.slice(1, leads), r) : undefined;
    const targets = leads > 1 ? splitOr(words.slice(leads + 2)).map((w) => eventOf(w, r)) : [];
    if (!event || targets.length === 0 || targets.some((t) => t === undefined)) {
      return fail(`'always' reads 'always <event> leads to <event> or <event>', e.g. 'always "Order Placed" leads to "Order Completed" or "Order Cancelled"'`);
    }
    return { kind: 'always', event, leadsTo: targets as A.EventRef[], span };
  }
  return fail(`unexpected '${first.image}': a property reads 'never <event> after <event>' or 'always <event> leads to <event> or <event>'`);
}

/** One event: a quoted name or a single word (`OrderAccepted`, `billing.ChargeSucceeded`). */
function eventOf(words: readonly IToken[], r: LineReader): A.EventRef | undefined {
  const only = words.length === 1 ? words[0] : undefined;
  if (!only || !(tokenMatcher(only, T.StringLit) || tokenMatcher(only, T.Ident))) return undefined;
  const quoted = tokenMatcher(only, T.StringLit);
  return { name: quoted ? unquote(only.image) : only.image, quoted, span: r.span(only, only) };
}

function splitOr(words: readonly IToken[]): IToken[][] {
  const parts: IToken[][] = [[]];
  for (const w of words) {
    if (tokenMatcher(w, T.Or)) parts.push([]);
    else parts[parts.length - 1]!.push(w);
  }
  return parts;
}
