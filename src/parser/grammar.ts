/**
 * The craft grammar (chevrotain, embedded actions). Blocks are parsed by rules; use-case lines are
 * delimited by line numbers (newlines are skipped tokens), so prose may hold any character.
 * Every entry of a block is guarded: when one fails, the rest of its line is skipped and reported
 * (see parser-base.ts).
 */
import type { IOrAlt, IToken } from 'chevrotain';
import { EOF, tokenMatcher } from './chevrotain.js';
import * as T from './tokens.js';
import type * as A from './ast.js';
import { joinSpans } from './ast.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import { describeToken } from './messages.js';
import { triggerConnectors, stepConnectors } from './connectors.js';
import { parseOperation } from './operation.js';
import { unquote } from './parser-base.js';
import { DeclarationsGrammar } from './declarations-grammar.js';
import { readPropertyLine, readStoryLine, type LineReader } from './story-lines.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A step without its subject: what the verb-specific rules build. */
type StepTail = DistributiveOmit<A.Step, 'subject' | 'span'>;

export class CraftGrammar extends DeclarationsGrammar {
  /** `validate` checks the grammar itself (ambiguities, left recursion): the tests do, the CLI need not. */
  constructor(validate = false) {
    super(validate);
    this.performSelfAnalysis();
  }

  // ───────────────────────────── top level ─────────────────────────────

  document = this.RULE('document', (): A.TopLevelItem[] => {
    const items: A.TopLevelItem[] = [];
    const add = (x: A.TopLevelItem | A.TopLevelItem[] | undefined) => {
      if (Array.isArray(x)) items.push(...x);
      else if (x) items.push(x);
    };
    this.MANY(() => {
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.actorsBlock))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.actorDecl))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.domainsBlock))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.domainDecl))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.servicesBlock))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.useCase))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.archBlock))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.exposureBlock))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.contextMapBlock))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.glossaryBlock))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.eventsBlock))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.eventDecl))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.storyDecl))) },
          { ALT: () => add(this.guardBlock(() => this.SUBRULE(this.propertiesDecl))) },
          { ALT: () => this.SUBRULE(this.strayConstruct) },
        ],
      });
    });
    return items;
  });

  /** Anything at top level that is not a block: skipped up to the next top-level keyword, as one error. */
  strayConstruct = this.RULE('strayConstruct', () => {
    const first = this.CONSUME(T.Any);
    if (this.RECORDING_PHASE) return;
    if (T.topLevelKeywords.includes(first.tokenType) && !this.atSync()) {
      // A block keyword whose block does not start as it should: the keyword is read (the message
      // names it) and what follows it is skipped and reported.
      const bad = this.LA(1);
      let last = bad;
      while (!this.atSync()) last = this.skip();
      const expected = [T.Actors, T.Domains, T.Services, T.Events].includes(first.tokenType) ? "'{'"
        : first.tokenType === T.Actor ? 'an actor type and a name' : "a name and '{'";
      this.report('craft/syntax/unexpected-token', `unexpected ${describeToken(bad)} after '${first.image}': expected ${expected}`, bad, last);
      return;
    }
    this.skipped.push(first);
    let last = first;
    while (!this.atSync()) last = this.skip();
    const what = tokenMatcher(first, T.When) ? `'when' outside a use_case` : `${describeToken(first)}`;
    this.report('craft/syntax/skipped-construct', `${what}: skipped up to the next top-level declaration`, first, last);
  });

  // ───────────────────────────── use cases ─────────────────────────────

  useCase = this.RULE('useCase', (): A.UseCaseDecl => {
    const kw = this.CONSUME(T.UseCase);
    const title = this.SUBRULE(this.name);
    this.CONSUME(T.LBrace);
    const tags: A.TagEntry[] = [];
    const scenarios: A.Scenario[] = [];
    this.blockBody(() => {
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            GATE: () => this.LA(2).tokenType === T.LBrace,
            ALT: () => {
              const t = this.SUBRULE(this.tagsBlock);
              if (Array.isArray(t)) tags.push(...t);
            },
          },
          {
            ALT: () => {
              const s = this.SUBRULE(this.scenario);
              if (s) scenarios.push(s);
            },
          },
        ],
      });
    });
    const close = this.closeBlock(kw, title);
    return { kind: 'useCase', title, tags, scenarios, span: this.span(kw, close ?? this.LA(0)) };
  });

  tagsBlock = this.RULE('tagsBlock', (): A.TagEntry[] => {
    const open = this.CONSUME(T.Tags);
    this.CONSUME(T.LBrace);
    const entries = this.SUBRULE(this.properties);
    this.closeBlock(open, undefined);
    return entries;
  });

  scenario = this.RULE('scenario', (): A.Scenario | undefined => {
    const kw = this.CONSUME(T.When);
    const trigger = this.lineEndsBefore("a trigger after 'when'") ? undefined : this.guardLine(() => this.SUBRULE(this.trigger));
    const steps = this.SUBRULE(this.statements);
    if (!trigger) {
      const first = steps[0];
      const last = steps[steps.length - 1];
      if (first && last && !this.RECORDING_PHASE) {
        this.diagnostics.push(diagnostic('craft/syntax/skipped-construct', 'error',
          `the steps of a scenario whose trigger could not be read are ignored`, this.file,
          joinSpans(first.span, last.span)));
      }
      return undefined;
    }
    return { trigger, steps, span: this.span(kw, this.LA(0)) };
  });

  /** The statements of a scenario or of a branch: steps, `if` blocks, `on timeout` blocks. */
  statements = this.RULE('statements', (): A.Statement[] => {
    const list: A.Statement[] = [];
    this.MANY({
      GATE: () => this.atStepStart(),
      DEF: () => {
        const s = this.OR(this.statementKinds);
        if (s) list.push(s);
      },
    });
    return list;
  });

  private readonly statementKinds: IOrAlt<A.Statement | undefined>[] = [
    { GATE: () => this.atIf(), ALT: () => this.guardLine(() => this.SUBRULE(this.ifBlock)) },
    { GATE: () => this.atOnTimeout(), ALT: () => this.guardLine(() => this.SUBRULE(this.onTimeout)) },
    { ALT: () => this.guardLine(() => this.SUBRULE(this.step)) },
  ];

  /** `if payment type is card {`: `if` first on its line, and the line ends with `{` (or the next starts with it). */
  private atIf(): boolean {
    return this.LA(1).image === 'if' && this.firstOnLine() && this.braceEndsLine(2);
  }

  private atOnTimeout(): boolean {
    return this.LA(1).image === 'on' && this.LA(2).image === 'timeout' && this.firstOnLine() && this.LA(3).tokenType === T.LBrace;
  }

  /** From token k on, the line ends with `{`, or the next line starts with one (and something comes before it). */
  private braceEndsLine(k: number): boolean {
    const line = this.LA(1).startLine;
    for (let i = k; ; i++) {
      const t = this.LA(i);
      if (t.tokenType === EOF) return false;
      if (t.startLine !== line) return i > k && t.tokenType === T.LBrace;
      if (t.tokenType === T.LBrace) return i > k && (this.LA(i + 1).tokenType === EOF || this.LA(i + 1).startLine !== line);
    }
  }

  ifBlock = this.RULE('ifBlock', (): A.IfBlock => {
    const kw = this.CONSUME(T.Ident);
    const arms: A.Arm[] = [this.SUBRULE(this.arm, { ARGS: [kw, true] })];
    this.MANY({
      GATE: () => this.LA(1).image === 'else' && (this.sameLine() || this.firstOnLine()),
      DEF: () => {
        const elseKw = this.CONSUME1(T.Ident);
        const conditional = this.LA(1).image === 'if';
        if (conditional) this.CONSUME2(T.Ident);
        arms.push(this.SUBRULE1(this.arm, { ARGS: [elseKw, conditional] }));
      },
    });
    return { kind: 'if', arms, span: this.span(kw, this.LA(0)) };
  });

  /** A condition (unless a final `else`), `{`, statements, `}`. */
  arm = this.RULE('arm', (start: IToken, conditional: boolean): A.Arm => {
    // The condition's words are recorded unconditionally: chevrotain's lookahead is built from the recording.
    const words: IToken[] = [];
    this.MANY({ GATE: () => conditional && this.sameLine() && !this.at(T.LBrace), DEF: () => words.push(this.CONSUME(T.Any)) });
    const condition = conditional ? this.conditionOf(words, start) : undefined;
    this.CONSUME(T.LBrace);
    const statements = this.SUBRULE(this.statements);
    // An unclosed arm is reported at its own `if` / `else`, so nested unclosed arms are distinct problems.
    const close = this.closeBlock(start, this.RECORDING_PHASE ? undefined : this.name_(start));
    const arm: A.Arm = { statements, span: this.span(start, close ?? this.LA(0)) };
    if (condition) arm.condition = condition;
    return arm;
  });

  onTimeout = this.RULE('onTimeout', (): A.OnTimeout => {
    const kw = this.CONSUME(T.Ident);
    this.CONSUME1(T.Ident);
    this.CONSUME(T.LBrace);
    const statements = this.SUBRULE(this.statements);
    const close = this.closeBlock(kw, this.RECORDING_PHASE ? undefined : { text: 'on timeout', quoted: false, span: this.span(kw, kw) });
    return { kind: 'onTimeout', statements, span: this.span(kw, close ?? this.LA(0)) };
  });

  /** `fact is a or b`: the words before the first `is` name the fact, the rest its outcomes, split by `or`. */
  private conditionOf(words: IToken[], at: IToken): A.Condition | undefined {
    if (this.RECORDING_PHASE) return undefined;
    const is = words.findIndex((w) => w.image === 'is');
    const outcomes = is > 0 ? this.splitWords(words.slice(is + 1), (w) => tokenMatcher(w, T.Or)) : [];
    if (is <= 0 || outcomes.length === 0 || outcomes.some((o) => o.length === 0)) {
      const last = words[words.length - 1] ?? at;
      this.report('craft/syntax/invalid-condition', `a condition reads '<fact> is <outcome>' (or '<outcome> or <outcome>'), e.g. 'if payment type is card {'`, words[0] ?? at, last);
      return undefined;
    }
    const first = words[0]!;
    return { fact: this.phraseOf(words.slice(0, is)), outcomes: outcomes.map((o) => this.phraseOf(o)), span: this.span(first, words[words.length - 1]!) };
  }

  /** Words split at the separators `isSeparator` matches (an empty part stays empty, for the caller to report). */
  private splitWords(words: IToken[], isSeparator: (w: IToken) => boolean): IToken[][] {
    const parts: IToken[][] = [[]];
    for (const w of words) {
      if (isSeparator(w)) parts.push([]);
      else parts[parts.length - 1]!.push(w);
    }
    return parts;
  }

  /**
   * `fact: a | b`: alternatives when the words hold a `:` followed by at least one `|` (so the reference
   * dialect's prose, which never does, reads as before). Returns the words before the `:` and the
   * alternatives, or undefined when the words are plain prose.
   */
  protected alternativesOf(words: IToken[]): { before: IToken[]; alternatives: A.Alternatives } | undefined {
    if (this.RECORDING_PHASE) return undefined;
    const colon = words.findIndex((w) => tokenMatcher(w, T.Colon));
    if (colon < 0 || !words.slice(colon + 1).some((w) => w.image === '|')) return undefined;
    const before = words.slice(0, colon);
    const parts = this.splitWords(words.slice(colon + 1), (w) => w.image === '|');
    const at = words[colon]!;
    if (before.length === 0 || parts.some((p) => p.length === 0)) {
      this.report('craft/syntax/invalid-alternatives', `alternatives read '<fact>: <outcome> | <outcome>', e.g. 'reservation: reserved | out of stock'`, before[0] ?? at, words[words.length - 1]!);
      return undefined;
    }
    return { before, alternatives: { fact: this.phraseOf(before), outcomes: parts.map((p) => this.phraseOf(p)) } };
  }

  trigger = this.RULE('trigger', (): A.Trigger => {
    const start = this.LA(1);
    const t = this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: (): A.Trigger => {
            const event = this.SUBRULE(this.eventRef);
            return { kind: 'event', event, span: event.span };
          },
          // `when "Order Placed"` or `when billing.ChargeSucceeded` alone on its line.
          GATE: () => (this.at(T.StringLit) || this.LA(1).image.includes('.')) && this.lineEnds(2),
        },
        {
          GATE: () => tokenMatcher(this.LA(2), T.StringLit),
          ALT: (): A.Trigger => {
            this.CONSUME(T.Every);
            const s = this.CONSUME(T.StringLit);
            const interval = this.duration(s, unquote(s.image));
            return { kind: 'every', interval, span: this.span(start, s) };
          },
        },
        {
          GATE: () => tokenMatcher(this.LA(2), T.StringLit),
          ALT: (): A.Trigger => {
            this.CONSUME(T.Cron);
            const s = this.CONSUME1(T.StringLit);
            return {
              kind: 'cron',
              expression: { text: unquote(s.image), quoted: true, span: this.span(s, s) },
              span: this.span(start, s),
            };
          },
        },
        {
          ALT: (): A.Trigger => {
            const who = this.SUBRULE(this.participant);
            if (this.lineEndsBefore(() => `the verb after '${who.text}'`)) return undefined as unknown as A.Trigger;
            return this.OR1({
              IGNORE_AMBIGUITIES: true,
              DEF: [
                {
                  ALT: (): A.Trigger => {
                    this.CONSUME(T.Listens);
                    if (this.lineEndsBefore("the event after 'listens'")) return undefined as unknown as A.Trigger;
                    const event = this.SUBRULE1(this.eventRef);
                    const t: A.Trigger = { kind: 'listen', context: who, event, span: event.span };
                    this.OPTION(() => {
                      const op = this.SUBRULE(this.operation);
                      if (op) t.operation = op;
                    });
                    t.span = this.span(start, this.LA(0));
                    return t;
                  },
                },
                {
                  ALT: (): A.Trigger => {
                    const verb = this.CONSUME(T.Ident);
                    const words = this.SUBRULE(this.phrase);
                    const t: A.Trigger = { kind: 'external', actor: who, verb: this.name_(verb), span: this.span(start, this.LA(0)) };
                    this.attachPhrase(t, words, triggerConnectors);
                    return t;
                  },
                },
              ],
            });
          },
        },
      ],
    });
    this.endOfLine('the trigger');
    return t;
  });

  step = this.RULE('step', (): A.Step => {
    const subject = this.SUBRULE(this.participant);
    if (this.lineEndsBefore(() => `the verb after '${subject.text}'`)) return undefined as unknown as A.Step;
    const tail = this.OR({ IGNORE_AMBIGUITIES: true, DEF: this.stepKinds });
    if (!tail) return undefined as unknown as A.Step;
    const step = { ...tail, subject, span: this.RECORDING_PHASE ? subject : this.spanFrom(subject.span, this.LA(0)) } as A.Step;
    this.endOfLine('the step');
    return step;
  });

  // Alternatives built once, not on every call: these rules run for every line of a model.
  private readonly stepKinds: IOrAlt<StepTail>[] = [
    { ALT: () => this.SUBRULE(this.askStep) },
    { ALT: () => this.SUBRULE(this.returnStep) },
    { ALT: () => this.SUBRULE(this.notifyStep) },
    { GATE: () => this.timerSchedule(), ALT: () => this.SUBRULE(this.scheduleStep) },
    { GATE: () => this.timerCancel(), ALT: () => this.SUBRULE(this.cancelStep) },
    // `A asks "x"` or `A notifies` without an event is an error, not an internal step with verb `asks`.
    { GATE: () => !this.at(T.Asks) && !this.at(T.Notifies), ALT: () => this.SUBRULE(this.internalStep) },
  ];

  private readonly participantForms: IOrAlt<A.Name>[] = [
    this.quotedName,
    {
      ALT: () => {
        const first = this.CONSUME(T.Ident);
        this.MANY({
          GATE: () => this.adjacent() && (this.at(T.Slash) || this.at(T.Colon)) && this.adjacentAt(2),
          DEF: () => {
            this.OR1(this.slugSeparators);
            this.CONSUME1(T.Ident);
          },
        });
        const last = this.LA(0);
        return { text: this.slice(first, last), quoted: false, span: this.span(first, last) };
      },
    },
  ];

  private readonly slugSeparators: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(T.Slash) }, { ALT: () => this.CONSUME1(T.Colon) }];
  private readonly askConnectors: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(T.To) }, { ALT: () => this.CONSUME(T.For) }];

  askStep = this.RULE('askStep', (): StepTail => {
    this.CONSUME(T.Asks);
    if (this.lineEndsBefore("who is asked, after 'asks'")) return undefined as unknown as StepTail;
    const target = this.SUBRULE(this.participant);
    const s: StepTail = { kind: 'ask', target };
    this.OPTION(() => {
      s.connector = this.OR(this.askConnectors).image;
    });
    const words = this.SUBRULE(this.phrase);
    if (words.length > 0) s.phrase = this.phraseOf(words);
    this.SUBRULE(this.annotations, { ARGS: [s] });
    return s;
  });

  returnStep = this.RULE('returnStep', (): StepTail => {
    this.CONSUME(T.Returns);
    const s: StepTail = { kind: 'return' };
    this.OPTION(() => {
      this.CONSUME(T.To);
      s.target = this.SUBRULE(this.participant);
    });
    const words = this.SUBRULE(this.phrase);
    const alt = this.alternativesOf(words);
    if (alt) s.alternatives = alt.alternatives;
    this.attachPhrase(s, alt ? alt.before : words, stepConnectors);
    this.SUBRULE(this.annotations, { ARGS: [s] });
    return s;
  });

  notifyStep = this.RULE('notifyStep', (): StepTail => {
    this.CONSUME(T.Notifies);
    if (this.lineEndsBefore("the event after 'notifies'")) return undefined as unknown as StepTail;
    const events = [this.SUBRULE(this.eventRef)];
    this.MANY({
      GATE: () => this.sameLine(),
      DEF: () => {
        this.CONSUME(T.Or);
        if (this.lineEndsBefore("the event after 'or'")) return;
        events.push(this.SUBRULE1(this.eventRef));
      },
    });
    const s: StepTail = { kind: 'notify', events };
    this.SUBRULE(this.annotations, { ARGS: [s] });
    return s;
  });

  scheduleStep = this.RULE('scheduleStep', (): StepTail => {
    this.CONSUME(T.Schedules);
    const event = this.SUBRULE(this.eventRef);
    this.CONSUME(T.In);
    const d = this.CONSUME(T.NumberLit);
    return { kind: 'schedule', event, delay: this.duration(d, d.image) };
  });

  cancelStep = this.RULE('cancelStep', (): StepTail => {
    const verb = this.CONSUME(T.Cancels);
    const event = this.SUBRULE(this.eventRef);
    return { kind: 'cancel', verb: this.name_(verb), event };
  });

  internalStep = this.RULE('internalStep', (): StepTail => {
    const verb = this.CONSUME(T.Ident);
    const words = this.SUBRULE(this.phrase);
    // `X decides payment type: card | cash`; `X decides to purchase a VAS` stays an ordinary step.
    const alt = verb.image === 'decides' ? this.alternativesOf(words) : undefined;
    const s: StepTail = alt ? { kind: 'decide', alternatives: alt.alternatives } : { kind: 'internal', verb: this.name_(verb) };
    if (!alt) this.attachPhrase(s as { connector?: string; phrase?: A.Phrase }, words, stepConnectors);
    this.SUBRULE(this.annotations, { ARGS: [s] });
    return s;
  });

  /** Free prose up to the end of the line or a trailing operation annotation. */
  phrase = this.RULE('phrase', (): IToken[] => {
    const words: IToken[] = [];
    if (this.RECORDING_PHASE) {
      this.MANY(() => words.push(this.CONSUME(T.Any)));
      return words;
    }
    // Prose is most of a model: read it without the per-token cost of a grammar repetition. It runs to
    // the end of the line, a `[` (an annotation), or a `}` that closes no `{` of the phrase.
    const line = this.LA(0).endLine;
    let depth = 0;
    for (;;) {
      const next = this.LA(1);
      if (next.tokenType === EOF || next.startLine !== line || next.tokenType === T.LBracket) break;
      if (next.tokenType === T.RBrace) {
        if (depth === 0) break;
        depth--;
      } else if (next.tokenType === T.LBrace) depth++;
      words.push(next);
      this.SKIP_TOKEN();
    }
    return words;
  });

  /** `[POST /v1/charges]`, `[GRPC ledger.Postings/Create]`, `[TOPIC billing.v1.charge-succeeded]`. */
  operation = this.RULE('operation', (): A.Operation => {
    const open = this.CONSUME(T.LBracket);
    this.MANY({
      GATE: () => this.sameLine() && !this.at(T.RBracket),
      DEF: () => this.CONSUME(T.Any),
    });
    if (this.lineEndsBefore("the closing ']' of the annotation")) return undefined as unknown as A.Operation;
    const close = this.CONSUME(T.RBracket);
    return parseOperation(this.text.slice(open.endOffset! + 1, close.startOffset), this.span(open, close));
  });

  /** Trailing annotations: the first is the step's operation, the others (craft extension) follow it. */
  annotations = this.RULE('annotations', (s: { operation?: A.Operation; more?: A.Operation[] }): void => {
    this.MANY({
      GATE: () => this.sameLine() && this.at(T.LBracket),
      DEF: () => {
        const op = this.SUBRULE(this.operation);
        if (!op || this.RECORDING_PHASE) return;
        if (!s.operation) s.operation = op;
        else (s.more ??= []).push(op);
      },
    });
  });

  // ───────────────────────────── stories and properties (craft extension) ─────────────────────────────

  storyDecl = this.RULE('storyDecl', (): A.StoryDecl => {
    const kw = this.CONSUME(T.Story);
    const name = this.SUBRULE(this.name);
    this.CONSUME(T.LBrace);
    const lines: A.StoryLine[] = [];
    this.blockBody(() => {
      const words = this.SUBRULE(this.lineWords);
      const line = this.storyLine(words);
      if (line) lines.push(line);
    });
    const close = this.closeBlock(kw, name);
    return { kind: 'story', name, lines, span: this.span(kw, close ?? this.LA(0)) };
  });

  propertiesDecl = this.RULE('propertiesDecl', (): A.PropertiesDecl => {
    const kw = this.CONSUME(T.Properties);
    this.CONSUME(T.LBrace);
    const lines: A.PropertyLine[] = [];
    this.blockBody(() => {
      const words = this.SUBRULE(this.lineWords);
      const line = this.propertyLine(words);
      if (line) lines.push(line);
    });
    const close = this.closeBlock(kw, undefined);
    return { kind: 'properties', lines, span: this.span(kw, close ?? this.LA(0)) };
  });

  /** The tokens of one line of a story or properties block, up to a `}` that closes the block. */
  lineWords = this.RULE('lineWords', (): IToken[] => {
    const words: IToken[] = [this.CONSUME(T.Any)];
    this.MANY({ GATE: () => this.sameLine() && !this.at(T.RBrace), DEF: () => words.push(this.CONSUME1(T.Any)) });
    return words;
  });

  private storyLine(words: IToken[]): A.StoryLine | undefined {
    if (this.RECORDING_PHASE) return undefined;
    return readStoryLine(words, this.lineReader());
  }

  private propertyLine(words: IToken[]): A.PropertyLine | undefined {
    if (this.RECORDING_PHASE) return undefined;
    return readPropertyLine(words, this.lineReader());
  }

  private lineReader(): LineReader {
    return {
      span: (a, b) => this.span(a, b),
      phrase: (ws) => this.phraseOf(ws),
      duration: (t) => this.duration(t, t.image),
      condition: (ws, at) => this.conditionOf(ws, at),
      error: (message, a, b) => this.report('craft/syntax/invalid-story-line', message, a, b),
    };
  }

  /** A participant: `Billing`, `re/billing` (tokens joined without spaces; `:` is kept for the compiler to judge). */
  participant = this.RULE('participant', (): A.Name => this.OR(this.participantForms));

}
