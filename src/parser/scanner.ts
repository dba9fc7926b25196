/**
 * The craft scanner: text → chevrotain tokens in one pass over char codes. It produces exactly the
 * tokens the patterns in tokens.ts describe (a test compares them with chevrotain's own lexer), about
 * three times faster, because prose-heavy input defeats a regex lexer's first-character optimisation.
 */
import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.js';

export interface ScanResult {
  tokens: IToken[];
  comments: IToken[];
}

const keywords = new Map<string, TokenType>(T.keywordTokens.map((t) => [keywordOf(t), t]));

function keywordOf(t: TokenType): string {
  return (t.PATTERN as RegExp).source.replace(/\\/g, '');
}

const single = new Map<number, TokenType>([
  [123, T.LBrace], [125, T.RBrace], [91, T.LBracket], [93, T.RBracket], [40, T.LParen], [41, T.RParen],
  [58, T.Colon], [44, T.Comma], [62, T.Greater], [47, T.Slash], [63, T.Question],
]);

/** Letters of every script, as in tokens.ts: general punctuation, unicode spaces and CJK punctuation excluded. */
function isLetter(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  return (
    (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x1fff) || (c >= 0x2070 && c <= 0x2fff)
    || (c >= 0x3040 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfefe) || (c >= 0xff10 && c <= 0xffef)
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWord(c: number): boolean {
  return isDigit(c) || isLetter(c);
}

const spaceRe = /\s/;

function isSpace(c: number): boolean {
  if (c === 32 || c === 9) return true;
  if (c < 128) return c === 11 || c === 12;
  return spaceRe.test(String.fromCharCode(c));
}

/** Where a comment may start: the start of the text or after whitespace (so `http://x` is prose). */
function afterSpace(text: string, i: number): boolean {
  if (i === 0) return true;
  const c = text.charCodeAt(i - 1);
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xfeff;
}

/**
 * A token whose image is sliced from the text only when read: most prose tokens never are, and the
 * scanner's allocations are most of a parse's garbage-collection cost.
 */
class Token implements IToken {
  constructor(
    readonly text: string,
    public startOffset: number,
    public endOffset: number,
    public startLine: number,
    public endLine: number,
    public startColumn: number,
    public endColumn: number,
    public tokenTypeIdx: number,
    public tokenType: TokenType,
  ) {}

  get image(): string {
    return this.text.slice(this.startOffset, this.endOffset + 1);
  }
}

export function scan(text: string): ScanResult {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const make = (type: TokenType, start: number, end: number, endLine: number, endLineStart: number): IToken =>
    new Token(text, start, end - 1, line, endLine, start - lineStart + 1, end - endLineStart, type.tokenTypeIdx!, type);

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isLetter(c)) {
      i++;
      for (;;) {
        while (i < n && isWord(text.charCodeAt(i))) i++;
        const d = text.charCodeAt(i);
        if ((d === 45 || d === 46) && i + 1 < n && isWord(text.charCodeAt(i + 1))) i++;
        else break;
      }
      // Keywords are short: only then is the word worth a lookup.
      const type = i - start <= 11 ? (keywords.get(text.slice(start, i)) ?? T.Ident) : T.Ident;
      tokens.push(new Token(text, start, i - 1, line, line, start - lineStart + 1, i - lineStart, type.tokenTypeIdx!, type));
      continue;
    }
    if (isDigit(c)) {
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        i += 2;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      for (let d = text.charCodeAt(i); i < n && ((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || d === 95 || d === 37); d = text.charCodeAt(i)) i++;
      tokens.push(make(T.NumberLit, start, i, line, lineStart));
      continue;
    }
    if (c === 34) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 34 || d === 10 || d === 13) break;
        i++;
      }
      if (text.charCodeAt(i) === 34) tokens.push(make(T.QuotedString, start, ++i, line, lineStart));
      else tokens.push(make(T.UnterminatedString, start, i, line, lineStart));
      continue;
    }
    if (c === 47 && afterSpace(text, i)) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        i += 2;
        while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
        comments.push(make(T.LineComment, start, i, line, lineStart));
        continue;
      }
      if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        const end = close < 0 ? n : close + 2;
        let endLine = line;
        let endLineStart = lineStart;
        // The end position is the comment's last character (inclusive), so a final line break stays on its line.
        for (let k = i; k < end - 1; k++) {
          const e = text.charCodeAt(k);
          if (e === 10 || (e === 13 && text.charCodeAt(k + 1) !== 10)) {
            endLine++;
            endLineStart = k + 1;
          }
        }
        comments.push(make(T.BlockComment, start, end, endLine, endLineStart));
        line = endLine;
        lineStart = endLineStart;
        const last = text.charCodeAt(end - 1);
        if (end - 1 > i + 1 && (last === 10 || last === 13)) {
          line++;
          lineStart = end;
        }
        i = end;
        continue;
      }
    }
    i++;
    tokens.push(make(single.get(c) ?? T.Punct, start, i, line, lineStart));
  }
  return { tokens, comments };
}
