/** Use cases: slugs, tags, and scenarios with resolved triggers and steps. */
import type * as A from '../parser/ast.js';
import { joinSpans, pointSpan } from '../parser/ast.js';
import type { CallPolicy, Delivery, FactTest, GuardArm, Participant, Periodic, Scenario, Step, Trigger, UseCase } from './model.js';
import { choiceOf, firstStep, type FactTable } from './facts.js';
import { readAnnotations, type BehaviourOption } from './options.js';
import type { Reporter } from './reporter.js';
import type { Resolver } from './resolve.js';
import { parseDuration } from '../text/duration.js';
import { slugify } from '../text/slug.js';
import { cronProblem, periodProblem } from './periodic.js';
import { related, sourceOf } from './source.js';

const periodicWords: Record<string, number> = { hourly: 3_600_000, daily: 86_400_000, weekly: 604_800_000 };

/** Where a scenario touches an event or asks another participant: the raw material of the flow checks. */
export interface EventUseSite {
  event: string;
  kind: 'publish' | 'outcome' | 'listen' | 'schedule' | 'cancel';
  participant: string;
  useCase: string;
  scenario: string;
  span: A.Span;
}

/** `notifies E [at-least-once]`: a delivery guarantee declared where an event is published. */
export interface DeliverySite {
  event: string;
  delivery: Delivery;
  span: A.Span;
}

/** The state of reading one scenario's statements. */
interface ScenarioState {
  id: string;
  /** Open `asks`, innermost last: a `returns` without `to` answers the innermost one its subject serves. */
  open: { asker: Participant; callee: Participant }[];
  origin: Participant | undefined;
  blocks: number;
}

const defaultRedeliveryMs = 1000;

export interface AskSite {
  from: Participant;
  to: Participant;
  span: A.Span;
}

export class UseCaseBuilder {
  readonly useCases: UseCase[] = [];
  readonly eventSites: EventUseSite[] = [];
  readonly askSites: AskSite[] = [];
  readonly deliverySites: DeliverySite[] = [];
  private current = { useCase: '', scenario: '' };
  private readonly byName = new Map<string, A.UseCaseDecl>();
  private readonly bySlug = new Map<string, A.UseCaseDecl>();

  constructor(
    private readonly resolver: Resolver,
    private readonly reporter: Reporter,
    /** Event names some scenario schedules, or declares: a bare `cancels X` cancels a timer only if X is one. */
    private readonly timers: ReadonlySet<string>,
    private readonly facts: FactTable,
  ) {}

  private site(event: string, kind: EventUseSite['kind'], participant: string, span: A.Span): void {
    this.eventSites.push({ event, kind, participant, span, ...this.current });
  }

  add(decl: A.UseCaseDecl): void {
    const name = decl.title.text;
    const prior = this.byName.get(name);
    if (prior) {
      // The duplicate's scenarios are not merged: the diagnostic covers exactly what is ignored.
      const first = decl.scenarios[0];
      const last = decl.scenarios[decl.scenarios.length - 1];
      const span = first && last ? joinSpans(first.span, last.span) : decl.title.span;
      this.reporter.error('craft/sema/duplicate-use-case-name', `use case '${name}' is already defined; this definition is ignored`, span, {
        related: [related(prior.title.span, 'first defined here')],
      });
      return;
    }
    this.byName.set(name, decl);
    let slug = slugify(name) || 'use-case';
    const clash = this.bySlug.get(slug);
    if (clash) {
      let n = 2;
      while (this.bySlug.has(`${slug}-${n}`)) n++;
      this.reporter.warning('craft/sema/duplicate-use-case-slug', `use cases '${clash.title.text}' and '${name}' have the same slug '${slug}'; this one is '${slug}-${n}'`, decl.title.span, {
        related: [related(clash.title.span, `'${clash.title.text}' is defined here`)],
      });
      slug = `${slug}-${n}`;
    }
    this.bySlug.set(slug, decl);
    const useCase: UseCase = { name, slug, tags: this.tags(decl), scenarios: [], source: sourceOf(decl.span) };
    decl.scenarios.forEach((s, i) => {
      this.current = { useCase: slug, scenario: `${slug}/${i + 1}` };
      useCase.scenarios.push(this.scenario(s, `${slug}/${i + 1}`));
    });
    this.useCases.push(useCase);
  }

  private tags(decl: A.UseCaseDecl): Record<string, string[]> {
    const tags: Record<string, string[]> = {};
    const seen = new Map<string, A.Span>();
    for (const t of decl.tags) {
      const prior = seen.get(t.key.text);
      if (prior) {
        this.reporter.warning('craft/sema/duplicate-tag', `tag '${t.key.text}' is already set; the last value wins`, t.key.span, {
          related: [related(prior, 'first set here')],
        });
      }
      seen.set(t.key.text, t.key.span);
      tags[t.key.text] = t.values.map((v) => v.text);
    }
    return tags;
  }

  private scenario(s: A.Scenario, id: string): Scenario {
    const trigger = this.trigger(s.trigger, s);
    const state: ScenarioState = { id, open: [], origin: trigger.kind === 'external' ? trigger.actor : undefined, blocks: 0 };
    const steps: Step[] = [];
    this.statements(s.steps, [], new Map(), state, steps);
    return { id, trigger, steps, line: s.span.start.line };
  }

  /**
   * Statements → the scenario's flat list of steps: the steps of an `if` arm carry the arm in their guard,
   * an `on timeout` block becomes its `asks` step's `onTimeout`. `decided` holds the facts decided earlier on
   * the path (fact → where), for the decided-twice check.
   */
  private statements(list: readonly A.Statement[], guard: readonly GuardArm[], decided: Map<string, A.Span>, state: ScenarioState, out: Step[]): void {
    let previous: { statement: A.Statement; step?: Step } | undefined;
    for (const st of list) {
      if (st.kind === 'if') {
        this.ifBlock(st, guard, decided, state, out);
        previous = { statement: st };
        continue;
      }
      if (st.kind === 'onTimeout') {
        this.onTimeout(st, previous?.step, guard, decided, state);
        previous = { statement: st };
        continue;
      }
      const alt = choiceOf(st);
      if (alt) {
        const prior = decided.get(alt.fact.text);
        if (prior) {
          this.reporter.error('craft/sema/fact-decided-twice', `'${alt.fact.text}' is already decided on this path: a fact never changes within its flow`, alt.fact.span, {
            related: [related(prior, 'decided here')],
          });
        } else decided.set(alt.fact.text, alt.fact.span);
      }
      const step = this.step(st, state.open, state.origin);
      if (guard.length > 0) step.guard = { arms: [...guard] };
      out.push(step);
      previous = { statement: st, step };
    }
  }

  private ifBlock(block: A.IfBlock, guard: readonly GuardArm[], decided: Map<string, A.Span>, state: ScenarioState, out: Step[]): void {
    const id = `${state.id}#${++state.blocks}`;
    /** Fact → the outcomes the earlier arms leave (their conditions negated). */
    const left = new Map<string, string[]>();
    /** Fact → the outcomes the enclosing arms allow. */
    const enclosing = new Map<string, string[]>();
    for (const g of guard) for (const t of g.tests) enclosing.set(t.fact, intersect(enclosing.get(t.fact), t.outcomes));
    const after = new Map(decided);
    block.arms.forEach((arm, i) => {
      const tests = new Map(left);
      let text = 'else';
      const c = arm.condition;
      if (c) {
        text = `${c.fact.text} is ${c.outcomes.map((o) => o.text).join(' or ')}`;
        const all = this.facts.outcomes(c.fact, this.reporter);
        if (all) {
          const chosen = this.facts.checkOutcomes(c.fact.text, all, c.outcomes, this.reporter);
          // Outcomes that are no outcome are reported already: the arm is then not judged unreachable too.
          if (chosen.length > 0) tests.set(c.fact.text, intersect(tests.get(c.fact.text), chosen));
          left.set(c.fact.text, (left.get(c.fact.text) ?? all).filter((o) => !chosen.includes(o)));
        }
      } else if (i < block.arms.length - 1) {
        this.reporter.error('craft/sema/misplaced-else', `'else' without a condition must be the last arm of its 'if'`, arm.span);
      }
      const unreachable = [...tests].find(([fact, outcomes]) => intersect(enclosing.get(fact), outcomes).length === 0);
      if (unreachable) {
        this.reporter.warning('craft/lint/unreachable-branch', `this branch can never run: no outcome of '${unreachable[0]}' is left for it`, c?.span ?? arm.span);
      }
      const own: GuardArm = { block: id, arm: i, tests: [...tests].map(([fact, outcomes]): FactTest => ({ fact, outcomes })), text };
      const path = new Map(decided);
      this.statements(arm.statements, [...guard, own], path, state, out);
      for (const [k, v] of path) if (!after.has(k)) after.set(k, v);
    });
    for (const [k, v] of after) decided.set(k, v);
  }

  private onTimeout(block: A.OnTimeout, ask: Step | undefined, guard: readonly GuardArm[], decided: Map<string, A.Span>, state: ScenarioState): void {
    const head = pointSpan(block.span.file, block.span.start);
    if (!ask || ask.kind !== 'ask') {
      this.reporter.error('craft/sema/misplaced-on-timeout', `'on timeout' follows the 'asks' line whose timeout it handles`, head);
      return;
    }
    if (!ask.call) {
      this.reporter.error('craft/sema/on-timeout-without-timeout', `the 'asks' before 'on timeout' has no timeout: add '[timeout 30s]' to it`, head);
    }
    // The asker runs the block on its own: the callee's open call is not part of it.
    const inner: ScenarioState = { ...state, open: [] };
    const steps: Step[] = [];
    this.statements(block.statements, guard, new Map(decided), inner, steps);
    state.blocks = inner.blocks;
    ask.onTimeout = steps;
  }

  private trigger(t: A.Trigger, s: A.Scenario): Trigger {
    switch (t.kind) {
      case 'external': {
        const actor = this.resolver.participant(t.actor, 'trigger');
        const trigger: Trigger = { kind: 'external', actor, verb: t.verb.text };
        if (t.connector) trigger.connector = t.connector;
        if (t.phrase) trigger.phrase = t.phrase.text;
        const firstWord = t.phrase?.text.split(' ')[0]?.toLowerCase() ?? '';
        const every = periodicWords[firstWord];
        if (actor.name.toUpperCase() === 'CRON' && every !== undefined) trigger.schedule = { everyMs: every };
        return trigger;
      }
      case 'listen': {
        const participant = this.resolver.participant(t.context, 'step');
        this.site(t.event.name, 'listen', participant.id, t.event.span);
        const trigger: Trigger = { kind: 'listen', participant, event: t.event.name, typed: !t.event.quoted };
        const { operation: op, options } = readAnnotations(t.operation ? [t.operation] : [], 'listen', this.reporter);
        for (const o of options) {
          if (o.kind === 'idempotent') trigger.idempotent = true;
          if (o.kind === 'retry') trigger.retries = o.times;
        }
        if (op) trigger.operation = operation(op)!;
        return trigger;
      }
      case 'event': {
        // `when "E"` names no listener: the scenario's first step does the work.
        const first = firstStep(s.steps);
        this.site(t.event.name, 'listen', first ? first.subject.text : '', t.event.span);
        return { kind: 'event', event: t.event.name, typed: !t.event.quoted };
      }
      case 'every': {
        // A text that is no duration at all is the parser's craft/syntax/invalid-duration already.
        const problem = parseDuration(t.interval.text) === undefined ? undefined : periodProblem(t.interval.ms);
        if (problem) this.reporter.error('craft/sema/invalid-period', `'${t.interval.text}' is not a period: ${problem}`, t.interval.span);
        return { kind: 'periodic', schedule: { everyMs: t.interval.ms }, text: `every "${t.interval.text}"` };
      }
      case 'cron': {
        const schedule: Periodic = { cron: t.expression.text };
        const problem = cronProblem(t.expression.text);
        if (problem) this.reporter.error('craft/sema/invalid-cron', `'${t.expression.text}' is not a cron expression (${problem})`, t.expression.span);
        return { kind: 'periodic', schedule, text: `cron "${t.expression.text}"` };
      }
    }
  }

  private step(s: A.Step, open: { asker: Participant; callee: Participant }[], origin: Participant | undefined): Step {
    const from = this.resolver.participant(s.subject, 'step');
    const line = s.span.start.line;
    const column = s.span.start.column;
    const place = s.kind === 'ask' || s.kind === 'notify' ? s.kind : 'other';
    const written = 'operation' in s && s.operation ? [s.operation, ...(s.more ?? [])] : [];
    const { operation: op, options } = readAnnotations(written, place, this.reporter);
    // Whole literals, one shape per kind: this runs for every step of every model (see bench/).
    switch (s.kind) {
      case 'ask': {
        const to = this.resolver.participant(s.target, 'step');
        open.push({ asker: from, callee: to });
        this.askSites.push({ from, to, span: s.span });
        return optional({ from, line, column, kind: 'ask', to, connector: s.connector, phrase: s.phrase?.text, operation: operation(op), call: callPolicy(options) });
      }
      case 'return': {
        let to: Participant | undefined;
        if (s.target) {
          to = this.resolver.participant(s.target, 'step');
          const i = findLast(open, (o) => o.callee.id === from.id && o.asker.id === to!.id);
          if (i >= 0) open.length = i;
        } else {
          const i = findLast(open, (o) => o.callee.id === from.id);
          if (i >= 0) {
            to = open[i]!.asker;
            open.length = i;
          } else to = origin;
        }
        return optional({
          from, line, column, kind: 'return', to, explicitTarget: s.target !== undefined,
          connector: s.connector, phrase: s.phrase?.text, choice: s.alternatives ? this.choice(s.alternatives) : undefined, operation: operation(op),
        });
      }
      case 'notify': {
        const kind = s.events.length > 1 ? 'outcome' : 'publish';
        for (const e of s.events) this.site(e.name, kind, from.id, e.span);
        const delivery = deliveryOf(options);
        if (delivery) for (const e of s.events) this.deliverySites.push({ event: e.name, delivery, span: s.span });
        return optional({
          from, line, column, kind: 'notify', events: s.events.map((e) => e.name), typed: s.events.map((e) => !e.quoted),
          outbox: options.some((o) => o.kind === 'outbox') ? (true as const) : undefined, operation: operation(op),
        });
      }
      case 'schedule':
        this.site(s.event.name, 'schedule', from.id, s.event.span);
        return { from, line, column, kind: 'schedule', event: s.event.name, delayMs: s.delay.ms, delay: s.delay.text };
      case 'cancel':
        // `Wallet cancels reservation` is prose; `Sales cancels BuyersRemorseIsOver` cancels a timer.
        if (!s.event.quoted && !s.event.name.includes('.') && !this.timers.has(s.event.name)) {
          return { from, line, column, kind: 'internal', verb: s.verb.text, phrase: s.event.name };
        }
        this.site(s.event.name, 'cancel', from.id, s.event.span);
        return { from, line, column, kind: 'cancel', event: s.event.name };
      case 'internal':
        return optional({ from, line, column, kind: 'internal', verb: s.verb.text, connector: s.connector, phrase: s.phrase?.text, operation: operation(op) });
      case 'decide':
        return optional({ from, line, column, kind: 'decide', choice: this.choice(s.alternatives), operation: operation(op) });
    }
  }

  /** The fact's outcomes as the workspace knows them (the first decision's order). */
  private choice(alt: A.Alternatives): { fact: string; outcomes: string[] } {
    const known = this.facts.byName.get(alt.fact.text);
    return { fact: alt.fact.text, outcomes: known ? [...known.fact.outcomes] : alt.outcomes.map((o) => o.text) };
  }
}

function callPolicy(options: readonly BehaviourOption[]): CallPolicy | undefined {
  const timeout = options.find((o) => o.kind === 'timeout');
  const retry = options.find((o) => o.kind === 'retry');
  if (!timeout && !retry) return undefined;
  // A retry without a timeout cannot know when to retry: the reply timeout of the run stands in (30 s).
  const timeoutMs = timeout?.kind === 'timeout' ? timeout.ms : 30_000;
  const retries = retry?.kind === 'retry' ? retry.times : 0;
  const retryDelayMs = retry?.kind === 'retry' ? (retry.everyMs ?? 0) : 0;
  return { timeoutMs, retries, retryDelayMs, text: options.filter((o) => o.kind === 'timeout' || o.kind === 'retry').map((o) => o.text).join(', ') };
}

function deliveryOf(options: readonly BehaviourOption[]): Delivery | undefined {
  const redeliver = options.find((o) => o.kind === 'redeliver');
  if (options.some((o) => o.kind === 'at-least-once')) return { kind: 'at-least-once', redeliveryMs: redeliver?.kind === 'redeliver' ? redeliver.ms : defaultRedeliveryMs };
  if (options.some((o) => o.kind === 'at-most-once')) return { kind: 'at-most-once' };
  return undefined;
}

function intersect(a: readonly string[] | undefined, b: readonly string[]): string[] {
  return a === undefined ? [...b] : a.filter((x) => b.includes(x));
}

/** Optional keys are absent from the Model, never undefined. */
function optional<T extends object>(o: T): T {
  // A copy rather than `delete`, which would leave the object in slow dictionary mode.
  const out = {} as T;
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function operation(o: A.Operation | undefined): { verb?: string; payload: string; text: string } | undefined {
  if (!o) return undefined;
  return o.verb ? { verb: o.verb, payload: o.payload, text: o.text } : { payload: o.payload, text: o.text };
}

function findLast<T>(list: T[], pred: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i]!)) return i;
  return -1;
}
