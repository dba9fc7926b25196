/**
 * The effect tree of a handler body (what a scenario's lines do where they run) and its one walker.
 * The tree is the same before and after naming; only what its leaves point at changes: the structure's
 * events and asks (structure.ts), then the named project's messages and exchanges (project.ts). Every
 * reader of a body goes through `foldEffects` (or `forEachEffect`, `mapEffects`, built on it), so the
 * structure, the replay and the renderers cannot disagree on what the tree holds.
 */

/** One line of a body: `E` is what an event is, `X` what an `asks` exchange is. */
export type EffectOf<E, X> =
  | { kind: 'note'; text: string }
  | { kind: 'request'; exchange: X; text: string }
  /** Publishes `event`, the first of the alternative outcomes (`A or B`). */
  | { kind: 'publish'; event: E; alternatives: readonly E[]; text: string }
  | { kind: 'schedule'; event: E; delayMs: number; delay: string; text: string }
  /** Cancels the timer; `then` runs only while it was pending (the simulator's too-late guard). */
  | { kind: 'cancel'; event: E; then: EffectOf<E, X>[]; text: string }
  /** Decides a fact of the flow (a decision, or a reply with alternatives): once per flow, first outcome by default. */
  | { kind: 'decide'; fact: string; outcomes: readonly string[]; text: string }
  /** One arm of an `if`: `then` runs when the flow's facts pass every test. */
  | { kind: 'branch'; tests: readonly { fact: string; outcomes: readonly string[] }[]; then: EffectOf<E, X>[]; text: string };

type Case<T extends EffectOf<unknown, unknown>['kind'], E, X> = Extract<EffectOf<E, X>, { kind: T }>;

/** What to make of each kind of line; `then` folds a cancel's nested lines, when (and if) it is called. */
export interface EffectCases<E, X, R> {
  note(e: Case<'note', E, X>): R;
  request(e: Case<'request', E, X>): R;
  publish(e: Case<'publish', E, X>): R;
  schedule(e: Case<'schedule', E, X>): R;
  cancel(e: Case<'cancel', E, X>, then: () => R[]): R;
  decide(e: Case<'decide', E, X>): R;
  branch(e: Case<'branch', E, X>, then: () => R[]): R;
}

/** Folds a body in order: one result per line; nested lines only through the `then` of `cancel` and `branch`. */
export function foldEffects<E, X, R>(effects: readonly EffectOf<E, X>[], cases: EffectCases<E, X, R>): R[] {
  return effects.map((e): R => {
    switch (e.kind) {
      case 'note':
        return cases.note(e);
      case 'request':
        return cases.request(e);
      case 'publish':
        return cases.publish(e);
      case 'schedule':
        return cases.schedule(e);
      case 'cancel':
        return cases.cancel(e, () => foldEffects(e.then, cases));
      case 'decide':
        return cases.decide(e);
      case 'branch':
        return cases.branch(e, () => foldEffects(e.then, cases));
    }
  });
}

/** Visits every line, nested ones too, in reading order (a cancel before the lines it guards). */
export function forEachEffect<E, X>(effects: readonly EffectOf<E, X>[], visit: (e: EffectOf<E, X>) => void): void {
  foldEffects<E, X, void>(effects, {
    note: visit,
    request: visit,
    publish: visit,
    schedule: visit,
    cancel: (e, then) => {
      visit(e);
      then();
    },
    decide: visit,
    branch: (e, then) => {
      visit(e);
      then();
    },
  });
}

/** The same tree with its events and exchanges replaced. */
export function mapEffects<E, X, F, Y>(effects: readonly EffectOf<E, X>[], event: (e: E) => F, exchange: (x: X) => Y): EffectOf<F, Y>[] {
  return foldEffects<E, X, EffectOf<F, Y>>(effects, {
    note: (e) => ({ kind: 'note', text: e.text }),
    request: (e) => ({ kind: 'request', exchange: exchange(e.exchange), text: e.text }),
    publish: (e) => ({ kind: 'publish', event: event(e.event), alternatives: e.alternatives.map(event), text: e.text }),
    schedule: (e) => ({ kind: 'schedule', event: event(e.event), delayMs: e.delayMs, delay: e.delay, text: e.text }),
    cancel: (e, then) => ({ kind: 'cancel', event: event(e.event), then: then(), text: e.text }),
    decide: (e) => ({ kind: 'decide', fact: e.fact, outcomes: e.outcomes, text: e.text }),
    branch: (e, then) => ({ kind: 'branch', tests: e.tests, then: then(), text: e.text }),
  });
}
