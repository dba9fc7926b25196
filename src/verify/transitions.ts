/**
 * The transition relation of the explored system: from a state, every transition that can happen next and
 * the state it leads to. The semantics are the simulator's (DESIGN.md §5, docs/simulation.md), read as a
 * transition system instead of one timed run:
 *
 * - Work and transit take no time; only the clock's things wait (timers, call timeouts and retries,
 *   redeliveries, timed triggers). Everything possible at one instant happens before time moves on, in
 *   every order; a trigger timed as a range (`at 15s..25s`) may happen at any instant of its range at which
 *   something else happens, and at its ends.
 * - A mailbox is a queue. A bounded context takes its head when no handler holds it; the handler then holds
 *   it, one step per transition, until it sends a request, replies, hands over to another participant or
 *   ends. Work handed over waits in the other participant's queue. Actors and data stores answer at once.
 * - Outcomes are transitions: a `notifies A or B`, a decision, a reply with alternatives, and a call with a
 *   timeout (answered, or never answered: its retries then its `on timeout` block or no reply).
 * - Faults, while the budget lasts: a delivery taken is lost (redelivered later when its event is
 *   at-least-once; a call with a timeout retries it), or arrives twice (a copy joins the queue); a bounded
 *   context crashes before a step, losing its handler's work, except a `notifies [outbox]` (the outbox
 *   keeps it). The event delivery that started a crashed handler was not acknowledged: an at-least-once
 *   event is delivered again.
 */
import { formatTime } from '../text/duration.js';
import { quoteEvent } from '../plan/scenario-plan.js';
import { holds as guardHolds } from '../plan/guard.js';
import { afterReceived, afterReply, afterStep, next, workplace, type Entered } from './control.js';
import { copy, type Due, type Inst, type Item, type State } from './state.js';
import type { World } from './world.js';

/** How many times the broker delivers an at-least-once event before dead-lettering it (JetStream's MaxDeliver). */
export const MAX_DELIVER = 10;

export type CheckName = 'ends' | 'dead-letter' | 'handled-twice' | 'event-loop' | 'mailbox-bound' | 'expectations' | `property:${number}`;

export interface Violation {
  check: CheckName;
  message: string;
}

/** A line of a replayed path: what happened, and how a sequence diagram draws it. */
export interface Line {
  time: number;
  text: string;
  arrow?: { from: string; to: string; text: string; reply?: boolean };
  note?: { over: string; text: string };
  fault?: boolean;
  /** This went ahead of another transition that could have happened first (what that one would have done). */
  overtook?: string;
}

export type FaultKind = 'drop' | 'duplicate' | 'crash';

export interface Limits {
  faultBudget: number;
  /** The faults the budget is spent on. */
  faults: readonly FaultKind[];
  maxSteps: number;
  mailboxBound: number;
}

export interface Expand {
  /** Keep what happened, as lines (replays and counterexamples). */
  record?: boolean;
  /** Explore a transition independent of all others alone (default true). */
  reduce?: boolean;
}

export interface Successor {
  /** Names the transition among its state's: replaying a path repeats its labels. */
  label: string;
  state: State;
  violations: Violation[];
  /** Present when recording. */
  lines?: Line[];
  /** `take P` or `step iN`: the alternatives of one transition. */
  group: string;
  /** The group may be explored alone (partial-order reduction: independent of every other transition). */
  ample: boolean;
  /** Not to be expanded (a flow cut at the step bound). */
  stop?: true;
}

export function initialState(w: World): State {
  const dues: Due[] = [];
  w.script.forEach((t, position) => {
    if (t.at !== undefined) dues.push({ t: 'trigger', due: t.at, ...(t.until !== undefined ? { until: t.until } : {}), position });
  });
  dues.sort((a, b) => a.due - b.due);
  return {
    now: 0,
    insts: [],
    queues: {},
    holders: {},
    dues,
    next: nextUntimed(w, 0),
    facts: { ...w.target.given },
    handled: [],
    processed: [],
    history: [],
    faults: 0,
    steps: 0,
  };
}

function nextUntimed(w: World, from: number): number {
  let p = from;
  while (p < w.script.length && w.script[p]!.at !== undefined) p++;
  return p;
}

/** Every transition from `s`, in a fixed order (with `reduce`, only an independent one when there is one). */
export function successors(w: World, s: State, limits: Limits, expand: Expand = {}): Successor[] {
  const record = expand.record === true;
  const out: Successor[] = [];
  const budget = s.faults < limits.faultBudget;
  const can = (f: FaultKind): boolean => budget && limits.faults.includes(f);
  const busy = s.insts.length > 0;
  let queued = false;
  for (const p of Object.keys(s.queues).sort()) {
    const q = s.queues[p]!;
    if (q.length === 0) continue;
    queued = true;
    if (!w.concurrent.has(p) && s.holders[p] !== undefined) continue;
    const head = q[0]!;
    const message = head.m === 'event' || head.m === 'request' || head.m === 'reply';
    out.push(new Run(w, s, limits, record).take(p, undefined));
    if (message && can('drop')) out.push(new Run(w, s, limits, record).take(p, 'drop'));
    if (message && can('duplicate')) out.push(new Run(w, s, limits, record).take(p, 'duplicate'));
  }
  for (const inst of s.insts) {
    const plan = w.plans[inst.plan]!;
    const at = workplace(plan, inst.pos);
    if (at === undefined) continue;
    if (!w.concurrent.has(at) && s.holders[at] !== inst.id) continue;
    out.push(...new Run(w, s, limits, record).alternatives(inst.id, at));
    const ps = inst.pos.at === 's' || inst.pos.at === 'q' ? plan.steps[inst.pos.k] : undefined;
    const kept = ps?.step.kind === 'notify' && ps.step.outbox === true;
    if (can('crash') && !w.concurrent.has(at) && !kept) out.push(new Run(w, s, limits, record).crash(inst.id, at));
  }
  s.dues.forEach((d, i) => {
    if (d.due <= s.now) out.push(new Run(w, s, limits, record).fire(i));
  });
  const waiting = s.dues.some((d) => d.t === 'retry' || d.t === 'redeliver');
  if (!busy && !queued && !waiting && s.next < w.script.length) out.push(new Run(w, s, limits, record).idleTrigger());
  // Time moves on only when nothing else can happen now (a trigger with a range may wait).
  const urgent = out.some((o) => !o.label.startsWith('due ') || isRangeDue(s, o.label));
  if (!urgent) {
    let t = Infinity;
    for (const d of s.dues) t = Math.min(t, d.t === 'trigger' && d.until !== undefined && d.due <= s.now ? d.until : d.due);
    if (t !== Infinity && t > s.now) out.push(new Run(w, s, limits, record).advance(t));
  }
  // Partial-order reduction: a transition independent of all the others is explored alone.
  const ample = expand.reduce === false ? undefined : out.find((o) => o.ample);
  return ample ? out.filter((o) => o.group === ample.group) : out;
}

function isRangeDue(s: State, label: string): boolean {
  const d = s.dues[Number(label.slice(4))];
  return d?.t === 'trigger' && d.until !== undefined;
}

/** One transition being applied to a copy of the state. */
class Run {
  readonly s: State;
  readonly violations: Violation[] = [];
  readonly lines?: Line[];
  private label = '';
  private ample = false;
  private stop = false;

  constructor(
    private readonly w: World,
    from: State,
    private readonly limits: Limits,
    record: boolean,
  ) {
    this.s = copy(from);
    if (record) this.lines = [];
  }

  private done(): Successor {
    const out: Successor = { label: this.label, group: this.label.split(' ').slice(0, 2).join(' '), state: this.s, violations: this.violations, ample: this.ample };
    if (this.lines) out.lines = this.lines;
    if (this.stop) out.stop = true;
    return out;
  }

  // ---- transitions -------------------------------------------------------------------------------

  /** Participant `p` takes the head of its queue (lost or doubled by a fault). */
  take(p: string, fault: 'drop' | 'duplicate' | undefined): Successor {
    const s = this.s;
    this.label = fault ? `take ${p} ${fault}` : `take ${p}`;
    // Deliveries to different mailboxes commute: a take touches only its own queue's head and holder.
    this.ample = true;
    const q = s.queues[p]!;
    const item = q.shift()!;
    if (q.length === 0) delete s.queues[p];
    if (fault) s.faults++;
    if (fault === 'drop') {
      this.dropped(p, item);
      return this.done();
    }
    if (fault === 'duplicate') {
      this.note(p, `${this.describe(item)} arrives twice (fault: duplicated)`, true);
      this.enqueue(p, { ...item, copy: ('copy' in item ? (item.copy ?? 0) : 0) + 1 } as Item);
    }
    this.taken(p, item);
    return this.done();
  }

  /** The step alternatives of instance `id` at `at`. */
  alternatives(id: string, at: string): Successor[] {
    const inst = this.inst(id)!;
    const plan = this.w.plans[inst.plan]!;
    const pos = inst.pos;
    if (pos.at === 'h') return [this.branch((r) => r.handle(id, at))];
    if (pos.at !== 's' && pos.at !== 'q') return [];
    const step = plan.steps[pos.k]!.step;
    const options = (labels: readonly string[], apply: (r: Run, i: number) => void): Successor[] => labels.map((l, i) => this.branch((r) => apply(r, i), l));
    switch (step.kind) {
      case 'notify':
        return step.events.length > 1 ? options(step.events, (r, i) => r.step(id, at, i)) : [this.branch((r) => r.step(id, at, 0))];
      case 'decide':
      case 'return': {
        const choice = step.choice;
        if (choice && this.s.facts[choice.fact] === undefined) return options(choice.outcomes, (r, i) => r.step(id, at, i));
        return [this.branch((r) => r.step(id, at, 0))];
      }
      case 'ask':
        return step.call ? options(['answered', 'timed out'], (r, i) => r.step(id, at, i)) : [this.branch((r) => r.step(id, at, 0))];
      default:
        return [this.branch((r) => r.step(id, at, 0))];
    }
  }

  private branch(apply: (r: Run) => void, option?: string): Successor {
    const r = new Run(this.w, this.s, this.limits, this.lines !== undefined);
    apply(r);
    if (option !== undefined) r.label += ` ${JSON.stringify(option)}`;
    return r.done();
  }

  /** Bounded context `at` crashes before instance `id`'s next step: the handler's work is lost. */
  crash(id: string, at: string): Successor {
    const s = this.s;
    const inst = this.inst(id)!;
    this.label = `step ${id} crash`;
    s.faults++;
    this.note(at, `${this.name(at)} crashes before "${this.stepText(inst)}": the handler's work is lost (fault: crash)`, true);
    this.remove(inst);
    const origin = inst.origin;
    if (origin) {
      const delay = this.w.redelivery.get(origin.item.event);
      if (delay !== undefined) this.schedule({ t: 'redeliver', due: s.now + delay, to: origin.to, item: { ...origin.item, attempt: (origin.item.attempt ?? 1) + 1 } });
    }
    return this.done();
  }

  fire(index: number): Successor {
    const s = this.s;
    this.label = `due ${index}`;
    const d = s.dues.splice(index, 1)[0]!;
    switch (d.t) {
      case 'timer':
        return this.timer(`${d.id}T`, d.event, d.at);
      case 'timeout': {
        const inst = this.inst(d.inst);
        if (inst && inst.open.includes(d.ask)) this.timedOut(inst, d.ask);
        return this.done();
      }
      case 'retry': {
        const inst = this.inst(d.inst);
        if (inst && inst.open.includes(d.ask)) {
          const attempts = (inst.attempts ??= {});
          attempts[d.ask] = (attempts[d.ask] ?? 1) + 1;
          this.note(this.w.plans[inst.plan]!.steps[d.ask]!.at, `retries "${this.stepText(inst, d.ask)}" (attempt ${attempts[d.ask]})`);
          this.request(inst, d.ask);
        }
        return this.done();
      }
      case 'redeliver':
        this.note(d.to, `${this.describe(d.item)} is delivered again (at-least-once)`);
        this.enqueue(d.to, d.item);
        return this.done();
      case 'trigger':
        this.trigger(d.position);
        return this.done();
    }
  }

  idleTrigger(): Successor {
    this.label = 'trigger';
    const position = this.s.next;
    this.s.next = nextUntimed(this.w, position + 1);
    this.trigger(position);
    return this.done();
  }

  advance(t: number): Successor {
    this.label = `advance ${t}`;
    this.s.now = t;
    return this.done();
  }

  // ---- what takes and steps do -------------------------------------------------------------------

  private trigger(position: number): void {
    const plan = this.w.plans[this.w.script[position]!.plan]!;
    const t = plan.scenario.trigger;
    const from = t.kind === 'external' ? t.actor.id : 'CRON';
    this.enqueue(plan.entry, { m: 'trigger', id: `t${position}`, plan: this.w.script[position]!.plan, from });
  }

  private taken(p: string, item: Item): void {
    const s = this.s;
    const w = this.w;
    switch (item.m) {
      case 'trigger': {
        const plan = w.plans[item.plan]!;
        this.arrow(item.from, p, plan.triggerText, `${this.name(item.from)} → ${this.name(p)}: ${plan.triggerText}`);
        this.start(item.id, item.plan, p);
        return;
      }
      case 'timer':
        this.line(`${this.name(p)} handles timer ${quoteEvent(item.event)}`);
        this.start(item.id, item.plan, p);
        return;
      case 'event': {
        const plan = w.plans[item.plan]!;
        const trigger = plan.scenario.trigger;
        this.arrow(item.from, p, quoteEvent(item.event), `${this.name(p)} takes ${quoteEvent(item.event)}${item.copy ? ' (a copy)' : ''}`);
        if (trigger.kind === 'listen' && trigger.idempotent) {
          const key = `${p} ${plan.scenario.id}`;
          if (s.handled.includes(key)) {
            this.line(`${this.name(p)} ignores it: already handled (idempotent)`);
            return;
          }
          s.handled.push(key);
        } else {
          const key = `${item.plan}:${item.id}`;
          if (s.processed.includes(key)) {
            this.violation('handled-twice', `${this.name(p)} handled ${quoteEvent(item.event)} (message ${item.id}) twice: "${plan.triggerText}" is not [idempotent]`);
          } else s.processed.push(key);
        }
        const origin = w.redelivery.has(item.event) ? { to: p, item } : undefined;
        this.start(`${item.id}${item.copy ? `+${item.copy}` : ''}${item.attempt ? `@${item.attempt}` : ''}`, item.plan, p, origin);
        return;
      }
      case 'request': {
        const inst = this.inst(item.inst);
        const text = inst ? this.stepText(inst, item.ask) : 'request';
        this.arrow(item.from, p, text, `${this.name(p)} takes the request "${text}"${item.copy ? ' (a copy)' : ''}`);
        if (inst && inst.pos.at === 'w' && inst.pos.k === item.ask) {
          this.move(inst, afterReceived(w.plans[inst.plan]!, item.ask, this.holds(inst)), p);
        } else if (inst) {
          // A duplicate request is handled again: a second reply, which the asker discards.
          this.line(`${this.name(p)} handles the duplicate request again`);
          this.enqueue(item.from, { m: 'reply', id: `${item.id}R`, inst: item.inst, ask: item.ask, from: p, copy: 1 });
        }
        return;
      }
      case 'reply': {
        const inst = this.inst(item.inst);
        this.arrow(item.from, p, 'reply', `${this.name(p)} takes the reply${item.copy ? ' (a copy)' : ''}`, true);
        if (inst && inst.pos.at === 'r' && inst.pos.k === item.ask) {
          inst.open.splice(inst.open.indexOf(item.ask));
          this.move(inst, afterReply(w.plans[inst.plan]!, item.ask, this.holds(inst)), p);
        } else this.line(`${this.name(p)} discards it: ${inst ? 'a duplicate reply' : 'the asker is gone'}`);
        return;
      }
      case 'work': {
        const inst = this.inst(item.inst);
        if (inst) s.holders[p] = inst.id;
        return;
      }
    }
  }

  private dropped(p: string, item: Item): void {
    const s = this.s;
    this.note(p, `${this.describe(item)} is lost on its way to ${this.name(p)} (fault: dropped)`, true);
    if (item.m === 'event') {
      const delay = this.w.redelivery.get(item.event);
      const attempt = item.attempt ?? 1;
      if (delay !== undefined && attempt < MAX_DELIVER) this.schedule({ t: 'redeliver', due: s.now + delay, to: p, item: { ...item, attempt: attempt + 1 } });
      else if (delay !== undefined) this.violation('dead-letter', `${quoteEvent(item.event)} dead-lettered after ${MAX_DELIVER} deliveries to ${this.name(p)}`);
      return;
    }
    if (item.m !== 'request' && item.m !== 'reply') return;
    // A call with a timeout notices: it retries, then gives up.
    const inst = this.inst(item.inst);
    const step = inst ? this.w.plans[inst.plan]!.steps[item.ask]?.step : undefined;
    if (!inst || step?.kind !== 'ask' || !step.call || !inst.open.includes(item.ask)) return;
    const attempt = inst.attempts?.[item.ask] ?? 1;
    if (attempt <= step.call.retries) this.schedule({ t: 'retry', due: s.now + step.call.timeoutMs + step.call.retryDelayMs, inst: inst.id, ask: item.ask });
    else this.schedule({ t: 'timeout', due: s.now + step.call.timeoutMs, inst: inst.id, ask: item.ask });
  }

  /** Instance `id`'s step at `at`, taking alternative `option`. */
  step(id: string, at: string, option: number): void {
    const s = this.s;
    const inst = this.inst(id)!;
    const plan = this.w.plans[inst.plan]!;
    const pos = inst.pos as { at: 's' | 'q'; k: number };
    const ps = plan.steps[pos.k]!;
    const step = ps.step;
    this.label = `step ${id}`;
    if (++s.steps > this.limits.maxSteps) {
      this.violation('event-loop', `the flow took more than ${this.limits.maxSteps} steps: an event loop (at "${ps.text}")`);
      this.stop = true;
      return;
    }
    this.note(at, ps.text);
    switch (step.kind) {
      case 'notify': {
        const event = step.events[option]!;
        this.publish(`${id}.${pos.k}`, at, event);
        break;
      }
      case 'decide':
        this.decide(at, step.choice.fact, step.choice.outcomes, option);
        break;
      case 'return':
        if (step.choice) this.decide(at, step.choice.fact, step.choice.outcomes, option);
        break;
      case 'schedule':
        this.schedule({ t: 'timer', due: s.now + step.delayMs, id: `${id}.${pos.k}`, event: step.event, at });
        break;
      case 'cancel': {
        const pending = s.dues.filter((d) => d.t === 'timer' && d.event === step.event);
        if (pending.length === 0) {
          this.line(`too late: no ${quoteEvent(step.event)} timer is pending`);
          this.end(inst, at);
          return;
        }
        s.dues = s.dues.filter((d) => !(d.t === 'timer' && d.event === step.event));
        break;
      }
      case 'ask': {
        inst.open.push(pos.k);
        inst.pos = { at: 'w', k: pos.k };
        if (option === 1) {
          // Never answered in time (explored): every attempt goes unanswered, then the call gives up.
          const c = step.call!;
          this.note(ps.opens!.callee, `${this.name(ps.opens!.callee)} does not answer in time`);
          this.schedule({ t: 'timeout', due: s.now + (c.retries + 1) * c.timeoutMs + c.retries * c.retryDelayMs, inst: id, ask: pos.k });
        } else this.request(inst, pos.k);
        this.release(at, inst);
        return;
      }
      case 'internal':
        // Nothing but control moves on: independent of every other transition unless it hands over.
        this.ample = true;
        break;
    }
    const entered = afterStep(plan, pos.k, this.holds(inst));
    this.move(inst, entered, at);
    // Independent only if control stays in this handler: no reply leaves, no work is handed over.
    if (entered.replies.length > 0 || workplace(plan, entered.position) !== at) this.ample = false;
  }

  /** The callee of asks step k handles it itself (no lines of its own): the reply leaves. */
  handle(id: string, at: string): void {
    const inst = this.inst(id)!;
    const k = (inst.pos as { k: number }).k;
    this.label = `step ${id}`;
    this.line(`${this.name(at)} handles "${this.stepText(inst, k)}"`);
    this.move(inst, { position: { at: 'r', k }, replies: [k] }, at);
  }

  private request(inst: Inst, k: number): void {
    const opens = this.w.plans[inst.plan]!.steps[k]!.opens!;
    const attempt = inst.attempts?.[k] ?? 1;
    this.enqueue(opens.callee, { m: 'request', id: `${inst.id}.${k}${attempt > 1 ? `@${attempt}` : ''}`, inst: inst.id, ask: k, from: opens.caller });
  }

  private decide(at: string, fact: string, outcomes: readonly string[], option: number): void {
    const known = this.s.facts[fact];
    if (known !== undefined) return this.note(at, `${fact}: ${known} (known)`);
    const outcome = outcomes[option]!;
    this.s.facts[fact] = outcome;
    this.note(at, `${fact}: ${outcome}`);
  }

  private publish(id: string, from: string, event: string): void {
    const s = this.s;
    if (this.w.visible === 'all' || this.w.visible.has(event)) s.history.push([event, s.now]);
    const subscribers = this.w.subscriptions.get(event) ?? [];
    if (subscribers.length === 0) this.violation('dead-letter', `${this.name(from)} published ${quoteEvent(event)} and nobody listens: a dead letter`);
    for (const plan of subscribers) this.enqueue(this.w.plans[plan]!.entry, { m: 'event', id, event, plan, from });
  }

  private timer(id: string, event: string, at: string): Successor {
    const s = this.s;
    if (this.w.visible === 'all' || this.w.visible.has(event)) s.history.push([event, s.now]);
    this.note(at, `timer ${quoteEvent(event)} fires`);
    const handlers = (this.w.subscriptions.get(event) ?? []).filter((p) => this.w.plans[p]!.entry === at || this.w.plans[p]!.listener === at);
    if (handlers.length === 0) this.violation('dead-letter', `timer ${quoteEvent(event)} fired at ${this.name(at)} and nothing handles it there: a dead letter`);
    for (const plan of handlers) this.enqueue(this.w.plans[plan]!.entry, { m: 'timer', id, event, plan });
    return this.done();
  }

  private timedOut(inst: Inst, k: number): void {
    const plan = this.w.plans[inst.plan]!;
    const ps = plan.steps[k]!;
    this.note(ps.at, `"${ps.text}" timed out`);
    if (ps.onTimeout) {
      const block = this.w.plans.indexOf(ps.onTimeout);
      this.remove(inst);
      this.start(`${inst.id}!${k}`, block, undefined);
    } else {
      this.line('no reply: the instance gives up');
      this.remove(inst);
    }
  }

  // ---- instances and mailboxes ---------------------------------------------------------------------

  /** A new instance of plan `plan`, its work starting where it was delivered (`here`, holding it), or handed over. */
  private start(cause: string, plan: number, here: string | undefined, origin?: Inst['origin']): void {
    const s = this.s;
    const inst: Inst = { id: `${cause}/${plan}`, plan, pos: { at: 'done' }, open: [], ...(origin ? { origin } : {}) };
    let i = s.insts.length;
    while (i > 0 && s.insts[i - 1]!.id > inst.id) i--;
    s.insts.splice(i, 0, inst);
    this.move(inst, next(this.w.plans[plan]!, 0, undefined, this.holds(inst)), here);
  }

  /** Control entered a position (from participant `here`): replies leave, the mailbox is kept or handed over. */
  private move(inst: Inst, entered: Entered, here: string | undefined): void {
    const plan = this.w.plans[inst.plan]!;
    inst.pos = entered.position;
    for (const k of entered.replies) {
      const opens = plan.steps[k]!.opens!;
      this.enqueue(opens.caller, { m: 'reply', id: `${inst.id}.${k}R`, inst: inst.id, ask: k, from: opens.callee });
    }
    const pos = entered.position;
    if (pos.at === 'done' || pos.at === 'tooLate' || pos.at === 'noReply' || pos.at === 'timedOut') return this.end(inst, here);
    const at = workplace(plan, pos);
    if (here !== undefined && at === here && !this.w.concurrent.has(here)) {
      this.s.holders[here] = inst.id;
      return;
    }
    if (here !== undefined) this.release(here, inst);
    if (at !== undefined && !this.w.concurrent.has(at)) this.enqueue(at, { m: 'work', inst: inst.id });
  }

  private end(inst: Inst, here: string | undefined): void {
    if (here !== undefined) this.release(here, inst);
    this.remove(inst);
  }

  private remove(inst: Inst): void {
    const s = this.s;
    s.insts = s.insts.filter((i) => i.id !== inst.id);
    for (const p of Object.keys(s.holders)) if (s.holders[p] === inst.id) delete s.holders[p];
  }

  private release(p: string, inst: Inst): void {
    if (this.s.holders[p] === inst.id) delete this.s.holders[p];
  }

  private enqueue(p: string, item: Item): void {
    const q = (this.s.queues[p] ??= []);
    q.push(item);
    if (q.length > this.limits.mailboxBound) this.violation('mailbox-bound', `${this.name(p)} has ${q.length} messages waiting (bound ${this.limits.mailboxBound})`);
  }

  /** Dues are kept in a canonical order (time, then their form), so the order they were set in is not state. */
  private schedule(d: Due): void {
    const dues = this.s.dues;
    const form = JSON.stringify(d);
    let i = dues.length;
    while (i > 0 && (dues[i - 1]!.due > d.due || (dues[i - 1]!.due === d.due && JSON.stringify(dues[i - 1]) > form))) i--;
    dues.splice(i, 0, d);
  }

  private inst(id: string): Inst | undefined {
    return this.s.insts.find((i) => i.id === id);
  }

  private holds(inst: Inst): (k: number) => boolean {
    const plan = this.w.plans[inst.plan]!;
    return (k) => {
      const g = plan.steps[k]?.step.guard;
      return g === undefined || guardHolds(g, (f) => this.s.facts[f]);
    };
  }

  private violation(check: Violation['check'], message: string): void {
    this.violations.push({ check, message });
    this.line(`✗ ${message}`, true);
  }

  // ---- what is recorded ----------------------------------------------------------------------------

  private line(text: string, fault = false): void {
    this.lines?.push({ time: this.s.now, text, ...(fault ? { fault } : {}) });
  }

  private note(over: string, text: string, fault = false): void {
    this.lines?.push({ time: this.s.now, text, note: { over, text }, ...(fault ? { fault } : {}) });
  }

  private arrow(from: string, to: string, text: string, line: string, reply = false): void {
    this.lines?.push({ time: this.s.now, text: line, arrow: { from, to, text, ...(reply ? { reply } : {}) } });
  }

  private name(id: string): string {
    return this.w.names.get(id) ?? id;
  }

  private stepText(inst: Inst, k?: number): string {
    const pos = inst.pos;
    const index = k ?? ('k' in pos ? pos.k : 0);
    return this.w.plans[inst.plan]!.steps[index]?.text ?? '';
  }

  private describe(item: Item): string {
    switch (item.m) {
      case 'event':
      case 'timer':
        return quoteEvent(item.event);
      case 'request':
        return 'a request';
      case 'reply':
        return 'a reply';
      case 'trigger':
        return 'a trigger';
      case 'work':
        return 'work';
    }
  }
}

export function timeText(ms: number): string {
  return formatTime(ms);
}
