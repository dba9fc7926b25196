/**
 * The typed syntax tree of one craft file. Every node carries its span; names keep the exact text
 * written. Nothing here is resolved: that is the compiler's job.
 */
import type { Position, Range } from '../diagnostics/diagnostic.js';

export interface Span extends Range {
  file: string;
}

/**
 * The parser's spans: one object of numbers per node, with the positions built when read (a model has
 * hundreds of thousands of spans; three objects each made garbage collection a third of a parse).
 */
export class SourceSpan implements Span {
  constructor(
    readonly file: string,
    readonly startLine: number,
    readonly startColumn: number,
    readonly startOffset: number,
    readonly endLine: number,
    readonly endColumn: number,
    readonly endOffset: number,
  ) {}

  get start(): Position {
    return { line: this.startLine, column: this.startColumn, offset: this.startOffset };
  }

  get end(): Position {
    return { line: this.endLine, column: this.endColumn, offset: this.endOffset };
  }
}

/** From the start of `first` to the end of `last`. */
export function joinSpans(first: Span, last: Span): Span {
  const a = first.start;
  const b = last.end;
  return new SourceSpan(first.file, a.line, a.column, a.offset, b.line, b.column, b.offset);
}

export function pointSpan(file: string, p: Position): Span {
  return new SourceSpan(file, p.line, p.column, p.offset, p.line, p.column, p.offset);
}

/** A name or slug as written (`Billing`, `re/billing`, `"Order Service"` without its quotes). */
export interface Name {
  text: string;
  span: Span;
  quoted: boolean;
}

/** An event named by a quoted string (`"Order Placed"`) or a typed ref (`billing.ChargeSucceeded`). */
export interface EventRef {
  name: string;
  quoted: boolean;
  span: Span;
}

export interface Phrase {
  text: string;
  span: Span;
}

/** A trailing operation annotation such as `[POST /v1/charges]`. */
export interface Operation {
  verb?: string;
  payload: string;
  text: string;
  span: Span;
}

export interface Duration {
  text: string;
  ms: number;
  span: Span;
}

export interface Document {
  file: string;
  items: TopLevelItem[];
}

export type TopLevelItem =
  | ActorDecl
  | DomainDecl
  | ServiceDecl
  | UseCaseDecl
  | ArchDecl
  | ExposureDecl
  | ContextMapDecl
  | GlossaryDecl
  | EventDecl
  | StoryDecl
  | PropertiesDecl;

export interface ActorDecl {
  kind: 'actor';
  type: Name;
  name: Name;
  span: Span;
}

export interface DomainDecl {
  kind: 'domain';
  name: Name;
  contexts: Name[];
  span: Span;
}

export interface Value {
  text: string;
  quoted: boolean;
  /** The raw text inside a parenthesised argument list, e.g. `50% -> staging` of `canary(50% -> staging)`. */
  args?: string;
  span: Span;
}

export interface Property {
  key: Name;
  values: Value[];
  span: Span;
}

export interface ServiceDecl {
  kind: 'service';
  name: Name;
  properties: Property[];
  /** Services declared in the same `services {}` block share a group; a name twice in one group is an error. */
  group: number;
  span: Span;
}

export interface TagEntry {
  key: Name;
  values: Value[];
  span: Span;
}

export interface UseCaseDecl {
  kind: 'useCase';
  title: Name;
  tags: TagEntry[];
  scenarios: Scenario[];
  span: Span;
}

export type Trigger =
  | { kind: 'external'; actor: Name; verb: Name; connector?: string; phrase?: Phrase; span: Span }
  /** `operation`: the annotation after the event: the channel it is consumed from, or `[idempotent]` (extension). */
  | { kind: 'listen'; context: Name; event: EventRef; operation?: Operation; span: Span }
  | { kind: 'event'; event: EventRef; span: Span }
  | { kind: 'every'; interval: Duration; span: Span }
  | { kind: 'cron'; expression: Value; span: Span };

export interface Scenario {
  trigger: Trigger;
  steps: Statement[];
  span: Span;
}

/** What a scenario (or a branch of it) holds: steps, `if` blocks and `on timeout` blocks. */
export type Statement = Step | IfBlock | OnTimeout;

/** `payment type is card` or `reservation is reserved or backordered` (craft extension). */
export interface Condition {
  fact: Phrase;
  outcomes: Phrase[];
  span: Span;
}

/** One arm of an `if`: its condition (none for the final `else`) and its statements. */
export interface Arm {
  condition?: Condition;
  statements: Statement[];
  span: Span;
}

/** `if C { ... } else if D { ... } else { ... }` (craft extension). */
export interface IfBlock {
  kind: 'if';
  arms: Arm[];
  span: Span;
}

/** `on timeout { ... }` right after an `asks` with a timeout: what the asker does when no reply comes. */
export interface OnTimeout {
  kind: 'onTimeout';
  statements: Statement[];
  span: Span;
}

/** `fact: a | b | c`: the outcomes a decision or a reply chooses among (craft extension). */
export interface Alternatives {
  fact: Phrase;
  outcomes: Phrase[];
}

interface StepBase {
  subject: Name;
  span: Span;
  /** Annotations after the first (`[POST /x] [timeout 30s]`): craft reads behaviour options from them. */
  more?: Operation[];
}

export type Step =
  | (StepBase & { kind: 'ask'; target: Name; connector?: string; phrase?: Phrase; operation?: Operation })
  | (StepBase & { kind: 'return'; target?: Name; connector?: string; phrase?: Phrase; alternatives?: Alternatives; operation?: Operation })
  | (StepBase & { kind: 'notify'; events: EventRef[]; operation?: Operation })
  /** `X decides payment type: cash on delivery | card` (craft extension). */
  | (StepBase & { kind: 'decide'; alternatives: Alternatives })
  | (StepBase & { kind: 'schedule'; event: EventRef; delay: Duration })
  /** `X cancels E`: a timer cancel, or (bare single word, no such timer) an ordinary step: the compiler decides. */
  | (StepBase & { kind: 'cancel'; verb: Name; event: EventRef })
  | (StepBase & { kind: 'internal'; verb: Name; connector?: string; phrase?: Phrase; operation?: Operation });

export interface Modifier {
  key: string;
  value?: string;
}

export interface SimpleComponent {
  kind: 'simple';
  name: Name;
  modifiers: Modifier[];
}

export type ArchComponent = SimpleComponent | { kind: 'flow'; chain: SimpleComponent[]; span: Span };

export interface ArchSection {
  key: Name;
  components: ArchComponent[];
}

export interface ArchDecl {
  kind: 'arch';
  name?: Name;
  sections: ArchSection[];
  span: Span;
}

export interface ExposureDecl {
  kind: 'exposure';
  name: Name;
  properties: Property[];
  span: Span;
}

export interface Relation {
  left: Name;
  verb: Name;
  right: Name;
  span: Span;
}

export interface ContextMapDecl {
  kind: 'contextMap';
  scope?: Name;
  relations: Relation[];
  span: Span;
}

export interface GlossaryDecl {
  kind: 'glossary';
  scope?: Name;
  relations: Relation[];
  span: Span;
}

export interface TypeRef {
  name: string;
  list: boolean;
  span: Span;
}

export interface FieldDecl {
  name: Name;
  optional: boolean;
  type: TypeRef;
  span: Span;
}

/** `events { "Order Placed" { ... } }` or `event "Order Placed" { ... }` (craft extension). */
export interface EventDecl {
  kind: 'event';
  name: EventRef;
  fields: FieldDecl[];
  span: Span;
}

/** A line of a story, as read (craft extension). */
export type StoryLine =
  | { kind: 'given'; condition: Condition; span: Span }
  /** `at 25s run cancel-order`; `until` for a range `at 15s..25s`. */
  | { kind: 'run'; at: Duration; until?: Duration; useCase: Phrase; span: Span }
  /** `expect E`, `expect no E`, `expect E within 1m`. */
  | { kind: 'expect'; event: EventRef; negated: boolean; within?: Duration; span: Span }
  /** `expect the flow ends with E`. */
  | { kind: 'expectEnd'; event: EventRef; span: Span }
  /** `known to fail "why"`: the story documents a flaw; it must fail. */
  | { kind: 'knownFailure'; reason: Phrase; span: Span };

/** `story "name" { given ... at 0s run ... expect ... }` (craft extension). */
export interface StoryDecl {
  kind: 'story';
  name: Name;
  lines: StoryLine[];
  span: Span;
}

export type PropertyLine =
  /** `never A after B`. */
  | { kind: 'never'; event: EventRef; after: EventRef; span: Span }
  /** `always A leads to B or C`. */
  | { kind: 'always'; event: EventRef; leadsTo: EventRef[]; span: Span };

/** `properties { never ... always ... }`: what must hold in every flow of the model (craft extension). */
export interface PropertiesDecl {
  kind: 'properties';
  lines: PropertyLine[];
  span: Span;
}
