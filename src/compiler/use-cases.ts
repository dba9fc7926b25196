/** Use cases: slugs, tags, and scenarios with resolved triggers and steps. */
import type * as A from '../parser/ast.js';
import { joinSpans } from '../parser/ast.js';
import type { Participant, Periodic, Scenario, Step, Trigger, UseCase } from './model.js';
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

export interface AskSite {
  from: Participant;
  to: Participant;
  span: A.Span;
}

export class UseCaseBuilder {
  readonly useCases: UseCase[] = [];
  readonly eventSites: EventUseSite[] = [];
  readonly askSites: AskSite[] = [];
  private current = { useCase: '', scenario: '' };
  private readonly byName = new Map<string, A.UseCaseDecl>();
  private readonly bySlug = new Map<string, A.UseCaseDecl>();

  constructor(
    private readonly resolver: Resolver,
    private readonly reporter: Reporter,
    /** Event names some scenario schedules, or declares: a bare `cancels X` cancels a timer only if X is one. */
    private readonly timers: ReadonlySet<string>,
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
    // Open `asks`, innermost last: a `returns` without `to` answers the innermost one its subject serves.
    const open: { asker: Participant; callee: Participant }[] = [];
    const origin = trigger.kind === 'external' ? trigger.actor : undefined;
    const steps = s.steps.map((step) => this.step(step, open, origin));
    return { id, trigger, steps, line: s.span.start.line };
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
        if (t.operation && t.operation.text.toLowerCase() === 'idempotent') trigger.idempotent = true;
        else if (t.operation) trigger.operation = operation(t.operation)!;
        return trigger;
      }
      case 'event': {
        // `when "E"` names no listener: the scenario's first step does the work.
        const first = s.steps[0];
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
    // Whole literals, one shape per kind: this runs for every step of every model (see bench/).
    switch (s.kind) {
      case 'ask': {
        const to = this.resolver.participant(s.target, 'step');
        open.push({ asker: from, callee: to });
        this.askSites.push({ from, to, span: s.span });
        return optional({ from, line, column, kind: 'ask', to, connector: s.connector, phrase: s.phrase?.text, operation: operation(s.operation) });
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
          connector: s.connector, phrase: s.phrase?.text, operation: operation(s.operation),
        });
      }
      case 'notify': {
        const kind = s.events.length > 1 ? 'outcome' : 'publish';
        for (const e of s.events) this.site(e.name, kind, from.id, e.span);
        return optional({
          from, line, column, kind: 'notify', events: s.events.map((e) => e.name), typed: s.events.map((e) => !e.quoted),
          operation: operation(s.operation),
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
        return optional({ from, line, column, kind: 'internal', verb: s.verb.text, connector: s.connector, phrase: s.phrase?.text, operation: operation(s.operation) });
    }
  }
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
