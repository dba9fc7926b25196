/**
 * What every craft rule leans on: error recovery that skips and reports (never invents), line and
 * adjacency lookahead, and span construction. The grammar itself is in grammar.ts.
 *
 * Tokens move forward only by CONSUME or by `skip`, and every skipped token lies inside an error
 * diagnostic's range. A block that meets a top-level keyword at the start of a line (or the end of
 * the file) before its `}` is reported unclosed and ends there.
 */
import type { IRecognitionException, IToken, TokenType } from 'chevrotain';
import { EarlyExitException, EmbeddedActionsParser, EOF, isRecognitionException, NoViableAltException, tokenMatcher } from './chevrotain.js';
import * as T from './tokens.js';
import type * as A from './ast.js';
import { pointSpan, SourceSpan } from './ast.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { describeToken, errorMessages } from './messages.js';
import { parseDuration } from '../text/duration.js';
import { splitConnector } from './connectors.js';

type Span = A.Span;

export abstract class RecoveringParser extends EmbeddedActionsParser {

  protected file = '';
  protected text = '';
  protected serviceGroup = 0;
  protected lastSourceToken: IToken | undefined;
  diagnostics: Diagnostic[] = [];
  /** Tokens passed over without being part of any node (each inside an error range). */
  skipped: IToken[] = [];

  constructor(validate: boolean) {
    // chevrotain's own recovery is off: it would invent tokens; ours skips and reports.
    // Grammar validation runs in the tests (test/grammar.test.ts builds the parser with it); at run time it only costs start-up.
    super(T.allTokens, { recoveryEnabled: false, maxLookahead: 2, errorMessageProvider: errorMessages, skipValidations: !validate });
    // chevrotain computes every expected lookahead path before throwing these, which costs ~0.5 ms per bad
    // line; our messages do not list the paths, and our guards catch the exceptions (nothing is saved).
    const self = this as unknown as Record<'raiseNoAltException' | 'raiseEarlyExitException', (o: number, a: unknown, b?: string) => never>;
    self.raiseNoAltException = (_occurrence, description) => {
      throw new NoViableAltException(this.noPathMessage(description as string | undefined), this.LA(1), this.LA(0));
    };
    self.raiseEarlyExitException = (_occurrence, _kind, description) => {
      throw new EarlyExitException(this.noPathMessage(description), this.LA(1), this.LA(0));
    };
  }

  private noPathMessage(description: string | undefined): string {
    const args = { expectedPathsPerAlt: [], expectedIterationPaths: [], actual: [this.LA(1)], previous: this.LA(0), ruleName: '' };
    return errorMessages.buildNoViableAltMessage(description === undefined ? args : { ...args, customUserDescription: description });
  }

  load(file: string, text: string, tokens: IToken[]): void {
    this.file = file;
    this.text = text;
    this.serviceGroup = 0;
    this.diagnostics = [];
    this.skipped = [];
    this.lastSourceToken = tokens[tokens.length - 1];
    this.input = tokens;
  }

  // ───────────────────────────── recovery ─────────────────────────────

  /** The entries of a `{ ... }` body: each guarded; what cannot start an entry is skipped to the end of its line. */
  protected blockBody(entry: () => void): void {
    this.MANY9({
      GATE: () => !this.at(T.RBrace) && !this.atSync(),
      DEF: () => {
        this.OR9({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            { ALT: () => this.guardLine(entry) },
            { ALT: () => this.skipLine(undefined) },
          ],
        });
      },
    });
  }

  /**
   * Closes a block: consumes `}` or reports the block unclosed. A named block is reported at its
   * header; an anonymous one where the `}` was expected.
   */
  protected closeBlock(opener: IToken | Span, name: A.Name | undefined): IToken | undefined {
    if (this.RECORDING_PHASE || this.at(T.RBrace)) return this.CONSUME9(T.RBrace);
    const what = name ? `'${name.text}'` : isToken(opener) ? `'${opener.image}' block` : 'block';
    const at = name ? name.span : this.afterLastToken();
    const message = `${what} is not closed: expected '}' before ${this.at(EOF) ? 'the end of the file' : describeToken(this.LA(1))}`;
    this.diagnostics.push(diagnostic('craft/syntax/unclosed-block', 'error', message, this.file, at));
    return undefined;
  }

  protected guardBlock<R>(parse: () => R): R | undefined {
    return this.guard(parse, 'block');
  }

  protected guardLine<R>(parse: () => R): R | undefined {
    return this.guard(parse, 'line');
  }

  protected guard<R>(parse: () => R, scope: 'line' | 'block'): R | undefined {
    if (this.RECORDING_PHASE) return parse();
    try {
      return parse();
    } catch (e) {
      if (!isRecognitionException(e as Error)) throw e;
      const message = (e as IRecognitionException).message;
      if (scope === 'block') this.skipToSync(message);
      else this.skipLine(message);
      return undefined;
    }
  }

  /**
   * Reports `message` at the next token and skips it with the rest of its line. A `}`, a top-level
   * keyword starting a line, or the end of the file is reported but never skipped: it belongs to an
   * enclosing construct.
   */
  protected skipLine(message: string | undefined): void {
    if (this.RECORDING_PHASE) {
      this.CONSUME9(T.Any);
      return;
    }
    const first = this.LA(1);
    const text = message ?? `unexpected ${describeToken(first)}`;
    if (this.at(EOF)) return this.reportAtEof(text);
    if (this.at(T.RBrace) || this.atSync()) return this.report('craft/syntax/unexpected-token', text, first, first);
    let last = first;
    const line = first.startLine;
    do last = this.skip();
    while (!this.at(EOF) && !this.at(T.RBrace) && this.LA(1).startLine === line && !this.atSync());
    this.report('craft/syntax/unexpected-token', text, first, last);
  }

  protected skipToSync(message: string): void {
    const first = this.LA(1);
    if (this.at(EOF)) return this.reportAtEof(message);
    if (this.atSync()) return this.report('craft/syntax/unexpected-token', message, first, first);
    let last = first;
    do last = this.skip();
    while (!this.atSync());
    this.report('craft/syntax/unexpected-token', message, first, last);
  }

  /** Whatever the document rule left unread (it should be nothing) is skipped and reported. */
  finish(): void {
    if (this.at(EOF)) return;
    this.skipToSync('unexpected input');
    while (!this.at(EOF)) this.skipToSync('unexpected input');
  }

  protected skip(): IToken {
    const t = this.LA(1);
    this.skipped.push(t);
    this.SKIP_TOKEN();
    return t;
  }

  /** Text left on a line after a complete trigger or step. */
  protected endOfLine(what: string): void {
    if (this.RECORDING_PHASE || !this.sameLine() || this.at(EOF)) return;
    if (this.at(T.RBrace)) return;
    this.skipLine(`unexpected ${describeToken(this.LA(1))} after ${what}: a step ends at the end of its line`);
  }

  // ───────────────────────────── lookahead helpers ─────────────────────────────

  protected at(type: TokenType): boolean {
    return tokenMatcher(this.LA(1), type);
  }

  protected sameLine(): boolean {
    const prev = this.LA(0);
    const next = this.LA(1);
    return next.tokenType !== EOF && prev.tokenType !== EOF && next.startLine === prev.endLine;
  }

  protected adjacent(): boolean {
    return this.LA(1).startOffset === this.LA(0).endOffset! + 1 && this.LA(1).tokenType !== EOF;
  }

  protected adjacentAt(k: number): boolean {
    const a = this.LA(k - 1);
    const b = this.LA(k);
    return b.tokenType !== EOF && b.startOffset === a.endOffset! + 1;
  }

  protected firstOnLine(): boolean {
    const prev = this.LA(0);
    return prev.tokenType === EOF || this.LA(1).startLine !== prev.endLine;
  }

  /**
   * A place where recovery stops: the end of the file, or a top-level keyword that starts a line and is
   * followed by what its block needs (`domain X {`, `actor user X`), so a context called `events` or a
   * `domains:` property inside a block does not end it.
   */
  protected atSync(): boolean {
    const next = this.LA(1);
    if (next.tokenType === EOF) return true;
    if (!T.topLevelKeywords.includes(next.tokenType) || !this.firstOnLine()) return false;
    const second = this.LA(2);
    const third = this.LA(3);
    switch (next.tokenType) {
      case T.Actors:
      case T.Domains:
      case T.Services:
      case T.Events:
      case T.Properties:
        return second.tokenType === T.LBrace;
      case T.Actor:
        return tokenMatcher(second, T.Ident) && tokenMatcher(third, T.Ident) && third.startLine === next.startLine;
      case T.Arch:
      case T.ContextMap:
      case T.Glossary:
        return second.tokenType === T.LBrace || third.tokenType === T.LBrace;
      default:
        // domain, use_case, exposure, event: a name, then `{`
        return (tokenMatcher(second, T.Ident) || tokenMatcher(second, T.StringLit)) && second.startLine === next.startLine
          && !tokenMatcher(this.LA(2), T.Colon);
    }
  }

  /**
   * A use-case line cannot continue on the next line. When what `what` needs is not on the current
   * line, report it and tell the rule to stop (returns true).
   */
  protected lineEndsBefore(what: string | (() => string)): boolean {
    if (this.RECORDING_PHASE || this.sameLine()) return false;
    const prev = this.LA(0);
    this.report('craft/syntax/incomplete-line', `${typeof what === 'string' ? what : what()} must follow on the same line`, prev, prev);
    return true;
  }

  protected atStepStart(): boolean {
    if (this.at(EOF) || this.at(T.RBrace) || this.atSync()) return false;
    if (this.at(T.When) && this.firstOnLine()) return false;
    if (this.at(T.Tags) && tokenMatcher(this.LA(2), T.LBrace)) return false;
    return true;
  }

  protected atSectionKey(): boolean {
    return this.at(T.Ident) && tokenMatcher(this.LA(2), T.Colon);
  }

  /** `X schedules E in 20s` and nothing else on the line: a timer (else an ordinary step, e.g. `schedules the VAS`). */
  protected timerSchedule(): boolean {
    if (!this.at(T.Schedules)) return false;
    const ev = this.LA(2);
    const kwIn = this.LA(3);
    const d = this.LA(4);
    if (!tokenMatcher(ev, T.StringLit) && !tokenMatcher(ev, T.Ident)) return false;
    if (!tokenMatcher(kwIn, T.In) || !tokenMatcher(d, T.NumberLit)) return false;
    const line = this.LA(1).startLine;
    if (ev.startLine !== line || d.startLine !== line) return false;
    return this.lineEnds(5);
  }

  /** `X cancels E` with exactly one event ref on the line. */
  protected timerCancel(): boolean {
    if (!this.at(T.Cancels)) return false;
    const ev = this.LA(2);
    const line = this.LA(1).startLine;
    if (ev.startLine !== line || (!tokenMatcher(ev, T.StringLit) && !tokenMatcher(ev, T.Ident))) return false;
    return this.lineEnds(3);
  }

  /** Nothing but a closing `}` follows token k-1 on its line. */
  protected lineEnds(k: number): boolean {
    const after = this.LA(k);
    return after.tokenType === EOF || after.startLine !== this.LA(k - 1).endLine || after.tokenType === T.RBrace;
  }

  protected danglingComma(): boolean {
    if (!this.at(T.Comma)) return true;
    const next = this.LA(2);
    if (tokenMatcher(next, T.Ident) && tokenMatcher(this.LA(3), T.Colon)) {
      if (!this.RECORDING_PHASE) this.reportDangling();
      return true;
    }
    if (next.tokenType === EOF || tokenMatcher(next, T.RBrace)) {
      if (!this.RECORDING_PHASE) this.reportDangling();
      return true;
    }
    return false;
  }

  protected reportDangling(): void {
    const comma = this.skip();
    this.report('craft/syntax/unexpected-token', `dangling ',': no value follows it`, comma, comma);
  }

  // ───────────────────────────── node helpers ─────────────────────────────

  protected attachPhrase(
    node: { connector?: string; phrase?: A.Phrase },
    words: IToken[],
    connectors: ReadonlySet<string>,
  ): void {
    const split = splitConnector(words, connectors);
    if (split.connector) node.connector = split.connector;
    if (split.rest.length > 0) node.phrase = this.phraseOf(split.rest);
  }

  protected phraseOf(words: IToken[]): A.Phrase {
    const first = words[0]!;
    const last = words[words.length - 1]!;
    return { text: this.slice(first, last).replace(/\s+/g, ' '), span: this.span(first, last) };
  }

  protected duration(tok: IToken, text: string): A.Duration {
    const span = this.span(tok, tok);
    const ms = parseDuration(text);
    if (ms === undefined) {
      this.diagnostics.push(
        diagnostic('craft/syntax/invalid-duration', 'error', `'${text}' is not a duration (use e.g. 500ms, 20s, 5m, 24h, 1d)`, this.file, span),
      );
    }
    return { text, ms: ms ?? 0, span };
  }

  protected name_(tok: IToken): A.Name {
    return { text: tok.image, quoted: false, span: this.span(tok, tok) };
  }

  protected slice(first: IToken, last: IToken): string {
    return this.text.slice(first.startOffset, last.endOffset! + 1);
  }

  protected span(first: IToken, last: IToken): Span {
    if (this.RECORDING_PHASE || first.tokenType === EOF) return emptySpan(this.file);
    const end = last.tokenType === EOF || last.endOffset === undefined || last.endOffset < first.startOffset ? first : last;
    return new SourceSpan(this.file, first.startLine!, first.startColumn!, first.startOffset, end.endLine!, end.endColumn! + 1, end.endOffset! + 1);
  }

  protected spanFrom(start: Span, last: IToken | undefined): Span {
    if (this.RECORDING_PHASE || !last || last.tokenType === EOF || last.endOffset === undefined) return start;
    const s = start.start;
    if (last.endOffset + 1 < s.offset) return start;
    return new SourceSpan(this.file, s.line, s.column, s.offset, last.endLine!, last.endColumn! + 1, last.endOffset + 1);
  }

  /** Just after the last token read: where a missing `}` was expected. */
  protected afterLastToken(): Span {
    const prev = this.LA(0);
    if (prev.tokenType === EOF || prev.endOffset === undefined) return this.eofSpan();
    return pointSpan(this.file, { line: prev.endLine!, column: prev.endColumn! + 1, offset: prev.endOffset + 1 });
  }

  protected eofSpan(): Span {
    const last = this.lastSourceToken;
    if (!last) return pointSpan(this.file, { line: 1, column: 1, offset: 0 });
    return pointSpan(this.file, { line: last.endLine!, column: last.endColumn! + 1, offset: last.endOffset! + 1 });
  }

  protected report(code: DiagnosticCode, message: string, first: IToken, last: IToken): void {
    this.diagnostics.push(diagnostic(code, 'error', message, this.file, this.span(first, last)));
  }

  protected reportAtEof(message: string): void {
    this.diagnostics.push(diagnostic('craft/syntax/unexpected-token', 'error', message, this.file, this.eofSpan()));
  }
}

function isToken(x: IToken | Span): x is IToken {
  return (x as IToken).image !== undefined;
}

export function unquote(image: string): string {
  return image.length >= 2 && image.endsWith('"') ? image.slice(1, -1) : image.slice(1);
}

function emptySpan(file: string): Span {
  return pointSpan(file, { line: 0, column: 0, offset: 0 });
}
