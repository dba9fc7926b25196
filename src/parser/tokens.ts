/**
 * The craft lexicon. Every word is an `Ident`; keywords are Idents too (token categories), so a
 * context may be called `User`, `Service` or even `when` where the grammar expects a name.
 * Newlines are skipped but tracked: use-case lines are delimited by line numbers, not tokens.
 */
import type { CustomPatternMatcherReturn, TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';

/** Every token belongs to `Any`: prose, annotations and recovery consume "whatever comes next". */
export const Any = createToken({ name: 'Any', pattern: Lexer.NA });

// Letters of every script; general punctuation, unicode spaces and CJK punctuation stay out of names.
const LETTER = 'A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u1FFF\\u2070-\\u2FFF\\u3040-\\uD7FF\\uE000-\\uFEFE\\uFF10-\\uFFEF';
const WORD = `[${LETTER}0-9]`;

export const Ident = createToken({
  name: 'Ident',
  // Hyphens and dots join words (`service-re-go-vas`, `billing.ChargeSucceeded`) but never end one.
  pattern: new RegExp(`[${LETTER}]${WORD}*(?:[-.]${WORD}+)*`),
  categories: [Any],
  label: 'a name',
});

function keyword(word: string): TokenType {
  return createToken({
    name: `Kw_${word.replace(/-/g, '_')}`,
    pattern: new RegExp(word.replace(/[-.]/g, '\\$&')),
    longer_alt: Ident,
    categories: [Ident, Any],
    label: `'${word}'`,
  });
}

export const Actors = keyword('actors');
export const Actor = keyword('actor');
export const Domains = keyword('domains');
export const Domain = keyword('domain');
export const Services = keyword('services');
export const UseCase = keyword('use_case');
export const Arch = keyword('arch');
export const Exposure = keyword('exposure');
export const ContextMap = keyword('context_map');
export const Glossary = keyword('glossary');
export const Events = keyword('events');
export const EventKw = keyword('event');
export const When = keyword('when');
export const Listens = keyword('listens');
export const Asks = keyword('asks');
export const Returns = keyword('returns');
export const Notifies = keyword('notifies');
export const Schedules = keyword('schedules');
export const Cancels = keyword('cancels');
export const Tags = keyword('tags');
export const To = keyword('to');
export const For = keyword('for');
export const Or = keyword('or');
export const In = keyword('in');
export const Every = keyword('every');
export const Cron = keyword('cron');
export const Story = keyword('story');
export const Properties = keyword('properties');

/** Keywords that open a top-level block: error recovery resynchronises on them at the start of a line. */
export const topLevelKeywords: readonly TokenType[] = [
  Actors, Actor, Domains, Domain, Services, UseCase, Arch, Exposure, ContextMap, Glossary, Events, EventKw, Story, Properties,
];

function precededBySpace(text: string, offset: number): boolean {
  if (offset === 0) return true;
  const c = text.charCodeAt(offset - 1);
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xfeff;
}

function matchAt(text: string, offset: number, length: number): CustomPatternMatcherReturn {
  return [text.slice(offset, offset + length)] as unknown as CustomPatternMatcherReturn;
}

// A comment starts only after whitespace, so `http://x` or `50/50` inside a phrase stays prose.
export const LineComment = createToken({
  name: 'LineComment',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 47 || text.charCodeAt(offset + 1) !== 47) return null;
      if (!precededBySpace(text, offset)) return null;
      let end = offset + 2;
      while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      return matchAt(text, offset, end - offset);
    },
  },
  start_chars_hint: ['/'],
  line_breaks: false,
  group: 'comments',
});

export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 47 || text.charCodeAt(offset + 1) !== 42) return null;
      if (!precededBySpace(text, offset)) return null;
      const close = text.indexOf('*/', offset + 2);
      // An unterminated block comment runs to the end of the file; the parser reports it.
      return matchAt(text, offset, (close < 0 ? text.length : close + 2) - offset);
    },
  },
  start_chars_hint: ['/'],
  line_breaks: true,
  group: 'comments',
});

export const StringLit = createToken({ name: 'StringLit', pattern: Lexer.NA, label: 'a string' });
export const QuotedString = createToken({
  name: 'QuotedString',
  pattern: /"[^"\n\r]*"/,
  categories: [StringLit, Any],
});
/** A string the line ends inside: still a string to the parser (no cascade), an error to the user. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"[^"\n\r]*/,
  categories: [StringLit, Any],
});

export const NumberLit = createToken({ name: 'NumberLit', pattern: /[0-9]+(?:\.[0-9]+)?[A-Za-z_%]*/, categories: [Any] });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, label: "'{'", categories: [Any] });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, label: "'}'", categories: [Any] });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['", categories: [Any] });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/, label: "']'", categories: [Any] });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('", categories: [Any] });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'", categories: [Any] });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'", categories: [Any] });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','", categories: [Any] });
export const Greater = createToken({ name: 'Greater', pattern: />/, label: "'>'", categories: [Any] });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'", categories: [Any] });
export const Question = createToken({ name: 'Question', pattern: /\?/, label: "'?'", categories: [Any] });
/** Any other visible character: prose punctuation inside phrases, an error anywhere else. */
export const Punct = createToken({ name: 'Punct', pattern: /[^\s]/, categories: [Any] });

export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true, group: Lexer.SKIPPED });
export const Space = createToken({ name: 'Space', pattern: /[^\S\r\n]+/, group: Lexer.SKIPPED });

export const keywordTokens: readonly TokenType[] = [
  Actors, Actor, Domains, Domain, Services, UseCase, Arch, Exposure, ContextMap, Glossary, Events, EventKw,
  When, Listens, Asks, Returns, Notifies, Schedules, Cancels, Tags, To, For, Or, In, Every, Cron, Story, Properties,
];

export const allTokens: TokenType[] = [
  Any, Newline, Space, LineComment, BlockComment,
  QuotedString, UnterminatedString, StringLit,
  // Longer keywords first where one is a prefix of another (`actors` before `actor`).
  ...keywordTokens,
  Ident, NumberLit,
  LBrace, RBrace, LBracket, RBracket, LParen, RParen, Colon, Comma, Greater, Slash, Question, Punct,
];

let lexer: InstanceType<typeof Lexer> | undefined;

/**
 * chevrotain's lexer for these patterns: the reference the scanner (scanner.ts) is tested against. Built
 * on first use, as craft itself never needs it.
 */
export function referenceLexer(): InstanceType<typeof Lexer> {
  lexer ??= new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false, skipValidations: true });
  return lexer;
}
