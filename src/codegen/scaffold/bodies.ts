/**
 * Handler bodies and exchanges, from the scenario plans: the effects of the lines that run in one place
 * (a scenario's top level, or a callee's lines up to its `returns`), and the exchanges they make: each
 * `asks` (served by the callee) and each external or periodic trigger (served where its scenario starts).
 * The same request doing different things in different scenarios becomes separate variants.
 */
import type { Operation, Scenario, SourceRef, Step } from '../../compiler/model.js';
import type { Frame, PlannedStep, ScenarioPlan } from '../../plan/scenario-plan.js';
import { foldEffects } from './effects.js';
import type { Findings } from './findings.js';
import type { AskShape, EffectShape, EventShape, ExchangeShape, ServiceShape, UnitShape } from './shapes.js';

/** What bodies need of the structure: the unit of a participant id and the event of a name (made on first use). */
export interface Participants {
  unit(id: string): UnitShape;
  event(name: string): EventShape;
}

type AskStep = Extract<Step, { kind: 'ask' }>;

/** An exchange as made, before the bookkeeping of where it happens. */
type Fresh<S> = S extends ExchangeShape ? Omit<S, 'scenarios' | 'source' | 'naming'> : never;

/** Where an exchange happens: its raw name (`<callee> <what is asked>`, or the trigger's text), scenario and line. */
interface Occurrence {
  base: string;
  scenario: Scenario;
  source: SourceRef;
}

export class Bodies {
  /** Every exchange, in the order they were made. */
  readonly exchanges: ExchangeShape[] = [];
  private readonly byKey = new Map<string, ExchangeShape>();
  /** What each exchange's server does (see `behaviour`), for telling variants apart. */
  private readonly signatures = new Map<ExchangeShape, string>();
  private readonly asks = new Map<AskShape, number>();
  private readonly handOvers = new Set<string>();

  constructor(
    private readonly participants: Participants,
    private readonly findings: Findings,
  ) {}

  /** The effects of the steps that run directly in `frame` (top level: undefined) of a plan. */
  segment(plan: ScenarioPlan, frame: Frame | undefined, unit: UnitShape): EffectShape[] {
    const out: EffectShape[] = [];
    let into = out;
    /** The `if` arms open at this point, outermost first: where their lines go, and where the arm was opened. */
    const arms: { key: string; then: EffectShape[]; outer: EffectShape[] }[] = [];
    const base = frame ? (plan.steps[frame.ask]?.step.guard?.arms.length ?? 0) : 0;
    for (const ps of plan.steps) {
      if (ps.frame !== frame) continue;
      const step = ps.step;
      // Into the step's arms: close the arms it is not on, open the ones it enters (a cancel's guard ends with its arm).
      // A callee's lines are on the arms of the `asks` too: those hold already where its handler runs.
      const guard = (step.guard?.arms ?? []).slice(base);
      let keep = 0;
      while (keep < arms.length && keep < guard.length && arms[keep]!.key === `${guard[keep]!.block}:${guard[keep]!.arm}`) keep++;
      if (keep < arms.length) {
        into = arms[keep]!.outer;
        arms.length = keep;
      }
      for (const arm of guard.slice(keep)) {
        const b: EffectShape = { kind: 'branch', tests: arm.tests, then: [], text: arm.text === 'else' ? 'otherwise' : `if ${arm.text}` };
        into.push(b);
        arms.push({ key: `${arm.block}:${arm.arm}`, then: b.then, outer: into });
        into = b.then;
      }
      if (frame === undefined && ps.at !== unit.id && step.kind !== 'internal' && step.kind !== 'return') this.handOver(plan, ps.at, unit, step.line, step.column);
      const text = ps.text;
      switch (step.kind) {
        case 'internal':
          into.push({ kind: 'note', text });
          break;
        case 'return':
          if (step.choice) into.push({ kind: 'decide', fact: step.choice.fact, outcomes: step.choice.outcomes, text });
          else into.push({ kind: 'note', text });
          break;
        case 'decide':
          into.push({ kind: 'decide', fact: step.choice.fact, outcomes: step.choice.outcomes, text });
          break;
        case 'ask':
          into.push({ kind: 'request', exchange: this.askExchange(plan, ps, step), text });
          break;
        case 'notify': {
          const alternatives = step.events.map((e) => this.participants.event(e));
          const [first] = alternatives;
          if (first === undefined) throw new Error(`craft gen: a notify without events (${plan.file}:${step.line})`);
          if (step.operation) for (const a of alternatives) this.channel(a, step.operation, plan, step.line, step.column);
          into.push({ kind: 'publish', event: first, alternatives, text });
          break;
        }
        case 'schedule':
          into.push({ kind: 'schedule', event: this.participants.event(step.event), delayMs: step.delayMs, delay: step.delay, text });
          break;
        case 'cancel': {
          const c: EffectShape = { kind: 'cancel', event: this.participants.event(step.event), then: [], text };
          into.push(c);
          into = c.then;
          break;
        }
      }
    }
    return out;
  }

  /** The exchange of an external or periodic trigger: from outside to the unit where its scenario starts. */
  triggerExchange(plan: ScenarioPlan): ExchangeShape {
    const t = plan.scenario.trigger;
    const title = `when ${plan.triggerText}`;
    const caller = t.kind === 'external' ? t.actor.name : 'CRON';
    const at: Occurrence = { base: plan.triggerText, scenario: plan.scenario, source: { file: plan.file, line: plan.scenario.line, column: 1 } };
    if (plan.steps.length === 0) return this.exchange({ kind: 'trigger', title, caller }, at);
    const server = this.participants.unit(plan.entry);
    const body = this.segment(plan, undefined, server);
    const answer = plan.steps.find((s) => s.frame === undefined && s.step.kind === 'return' && s.step.to !== undefined && t.kind === 'external' && s.step.to.id === t.actor.id)?.text;
    return this.exchange({ kind: 'trigger', title, server, caller, body, ...(answer !== undefined ? { answer } : {}) }, at);
  }

  private channel(event: EventShape, op: Operation, plan: ScenarioPlan, line: number, column: number): void {
    if (event.channel === undefined) event.channel = op.text;
    else if (event.channel !== op.text) {
      this.findings.report('craft/gen/conflicting-annotation', 'warning', `"${event.type}" is published on [${event.channel}] elsewhere; this [${op.text}] is not used`, { file: plan.file, line, column });
    }
  }

  private handOver(plan: ScenarioPlan, at: string, unit: UnitShape, line: number, column: number): void {
    const other = this.participants.unit(at);
    if (serviceOf(other) === serviceOf(unit)) return;
    const key = `${plan.scenario.id}:${line}`;
    if (this.handOvers.has(key)) return;
    this.handOvers.add(key);
    this.findings.report(
      'craft/gen/hand-over',
      'info',
      `${other.name} takes over from ${unit.name} without a message between them; the generated handler of ${unit.name} does this step`,
      { file: plan.file, line, column },
    );
  }

  private askExchange(plan: ScenarioPlan, ask: PlannedStep, step: AskStep): AskShape {
    const frame = ask.opens;
    if (frame === undefined) throw new Error(`craft gen: an asks step without its frame (${plan.file}:${step.line})`);
    const server = this.participants.unit(frame.callee);
    const body = this.segment(plan, frame, server);
    const closing = plan.steps[frame.end - 1];
    const answer = frame.explicit && closing ? closing.text : undefined;
    const at: Occurrence = { base: `${server.name} ${step.phrase || step.connector || 'request'}`, scenario: plan.scenario, source: { file: plan.file, line: step.line, column: step.column } };
    return this.exchange(
      {
        kind: 'ask',
        title: ask.text,
        ...(step.operation ? { operation: step.operation } : {}),
        server,
        caller: this.participants.unit(frame.caller).name,
        body,
        ...(answer !== undefined ? { answer } : {}),
      },
      at,
    );
  }

  /**
   * Finds or makes the exchange; the same request with different server behaviour is a new variant.
   * (Its key starts with its kind, so an ask only ever finds an ask.)
   */
  private exchange(x: Fresh<AskShape>, at: Occurrence): AskShape;
  private exchange(x: Fresh<ExchangeShape>, at: Occurrence): ExchangeShape;
  private exchange(x: Fresh<ExchangeShape>, at: Occurrence): ExchangeShape {
    const group = `${x.kind}\u0000${x.server?.id ?? ''}\u0000${at.base}`;
    const identity = `${group}\u0000${x.kind === 'ask' ? (x.operation?.text ?? '') : ''}`;
    const signature = x.server ? behaviour(x.body, (e) => this.asks.get(e) ?? -1) : '';
    const scenario = at.scenario.id;
    for (let variant = 1; ; variant++) {
      const key = `${identity}\u0000${variant}`;
      const found = this.byKey.get(key);
      if (found) {
        if (this.signatures.get(found) !== signature) continue;
        if (!found.scenarios.includes(scenario)) found.scenarios.push(scenario);
        return found;
      }
      if (variant > 1) {
        const first = this.byKey.get(`${identity}\u00001`);
        this.findings.report(
          'craft/gen/request-variants',
          'info',
          `'${x.title}' does something else here than in ${first?.scenarios[0]}; it becomes a separate ${x.kind === 'ask' ? 'request' : 'trigger'} ('${at.base} ${variant}')`,
          at.source,
        );
      }
      const e: ExchangeShape = { ...x, scenarios: [scenario], source: at.source, naming: { group, raw: at.base, variant } };
      this.byKey.set(key, e);
      this.signatures.set(e, signature);
      if (e.kind === 'ask') this.asks.set(e, this.exchanges.length);
      this.exchanges.push(e);
      return e;
    }
  }
}

function serviceOf(u: UnitShape): ServiceShape | undefined {
  return u.kind === 'external' ? undefined : u.service;
}

/** What a server does, for telling request variants apart: its effects without the notes. */
function behaviour(effects: readonly EffectShape[], idOf: (e: AskShape) => number): string {
  const lines = (es: readonly EffectShape[]): string[] =>
    foldEffects<EventShape, AskShape, string[]>(es, {
      note: () => [],
      request: (e) => [`ask:${idOf(e.exchange)}`],
      publish: (e) => [`pub:${e.alternatives.map((a) => a.type).join('|')}`],
      schedule: (e) => [`set:${e.event.type}:${e.delayMs}`],
      cancel: (e, then) => [`cancel:${e.event.type}{`, ...then().flat(), '}'],
      decide: (e) => [`decide:${e.fact}`],
      branch: (e, then) => [`if:${JSON.stringify(e.tests)}{`, ...then().flat(), '}'],
    }).flat();
  return lines(effects).join('\n');
}
