/**
 * The search: breadth-first over the transition system (transitions.ts) from the target's initial state,
 * with a visited set of canonical states, so the first path found to a violation is a shortest one (among
 * the schedules the reduction keeps). Every state is checked as it is reached (dead letters, a message
 * handled twice, event loops, mailbox bounds); a state with no successor is the end of a run, where the
 * flow's ends, the story's expectations and the model's properties are checked on what it published.
 * Bounds (depth, states, time) cut the search and are reported; without a cut the space was covered.
 */
import { expectationFailures, propertyFailures } from '../plan/expectations.js';
import { keyOf, type State } from './state.js';
import { initialState, successors, type CheckName, type Limits, type Line, type Violation } from './transitions.js';
import type { World } from './world.js';

export interface Bounds {
  maxDepth: number;
  maxStates: number;
  timeLimitMs: number;
}

export interface SearchOptions extends Limits, Bounds {
  /** Partial-order reduction (default on; off for its own tests). */
  reduce: boolean;
  /** Only this check (a name of `checkNames`). */
  only?: CheckName;
  /** Called about once a second while the search runs. */
  progress?: (p: Progress) => void;
  /** Reads the clock (tests pass a fake one). */
  clock?: () => number;
}

export interface Progress {
  states: number;
  depth: number;
  frontier: number;
  ms: number;
}

export interface Counterexample {
  check: CheckName;
  message: string;
  /** The labels of the transitions from the initial state. */
  path: string[];
}

export interface SearchResult {
  states: number;
  transitions: number;
  /** The deepest level reached. */
  depth: number;
  /** Which bounds cut the search (empty: the space was covered). */
  cut: ('depth' | 'max-states' | 'time-limit')[];
  /** The first violation of each check, in the order found (shortest first). */
  violations: Counterexample[];
  /** Ends of runs (states with no successor). */
  ends: number;
  ms: number;
}

export function search(w: World, o: SearchOptions): SearchResult {
  const clock = o.clock ?? (() => performance.now());
  const started = clock();
  const init = initialState(w);
  const visited = new Map<string, number>([[keyOf(init), 0]]);
  const parent: number[] = [-1];
  const label: string[] = [''];
  const found = new Map<CheckName, Counterexample>();
  const cut = new Set<SearchResult['cut'][number]>();
  let frontier: { state: State; id: number }[] = [{ state: init, id: 0 }];
  let transitions = 0;
  let ends = 0;
  let depth = 0;
  let lastReport = started;
  const pathTo = (id: number): string[] => {
    const path: string[] = [];
    for (let i = id; i > 0; i = parent[i]!) path.push(label[i]!);
    return path.reverse();
  };
  const report = (vs: readonly Violation[], id: number): void => {
    for (const v of vs) {
      if (o.only !== undefined && v.check !== o.only) continue;
      if (!found.has(v.check)) found.set(v.check, { check: v.check, message: v.message, path: pathTo(id) });
    }
  };
  search: while (frontier.length > 0) {
    if (depth >= o.maxDepth) {
      cut.add('depth');
      break;
    }
    const nextFrontier: { state: State; id: number }[] = [];
    for (const { state, id } of frontier) {
      const succ = successors(w, state, o, { reduce: o.reduce });
      if (succ.length === 0) {
        ends++;
        report(endViolations(w, state), id);
        continue;
      }
      for (const s of succ) {
        transitions++;
        const key = keyOf(s.state);
        if (visited.has(key)) continue;
        if (visited.size >= o.maxStates) {
          cut.add('max-states');
          break search;
        }
        const sid = parent.length;
        visited.set(key, sid);
        parent.push(id);
        label.push(s.label);
        report(s.violations, sid);
        if (!s.stop) nextFrontier.push({ state: s.state, id: sid });
      }
      const now = clock();
      if (now - started > o.timeLimitMs) {
        cut.add('time-limit');
        break search;
      }
      if (o.progress && now - lastReport >= 1000) {
        lastReport = now;
        o.progress({ states: visited.size, depth, frontier: nextFrontier.length, ms: now - started });
      }
    }
    frontier = nextFrontier;
    if (frontier.length > 0) depth++;
  }
  return { states: visited.size, transitions, depth, cut: [...cut], violations: [...found.values()], ends, ms: clock() - started };
}

/** What is wrong when a run ends in state `s`: the flow's ends, the story's expectations, the properties. */
export function endViolations(w: World, s: State): Violation[] {
  const out: Violation[] = [];
  for (const inst of s.insts) {
    const plan = w.plans[inst.plan]!;
    const pos = inst.pos;
    const waitingOn = 'k' in pos ? plan.steps[pos.k]?.text : undefined;
    out.push({ check: 'ends', message: `stuck: "${plan.triggerText}" (${plan.useCase.slug}) waits forever${waitingOn ? ` at "${waitingOn}"` : ''}` });
  }
  const published = s.history.map(([event, time]) => ({ event, time }));
  if (w.ends.size > 0 && !published.some((e) => w.ends.has(e.event))) {
    out.push({ check: 'ends', message: `the flow ended without any of its declared ends (${[...w.ends].join(', ')})` });
  }
  for (const e of w.target.expectations) for (const f of expectationFailures(e, published)) out.push({ check: 'expectations', message: `${f.what} (line ${f.line}): ${f.why}` });
  w.properties.forEach((p, i) => {
    for (const f of propertyFailures([p], published)) out.push({ check: `property:${i}`, message: `${f.what} (line ${f.line}): ${f.why}` });
  });
  return out;
}

export interface Replayed {
  lines: Line[];
  final: State;
  violations: Violation[];
}

/**
 * Follows a path of labels from the initial state, recording what happens. Returns the label that does not
 * apply when the path does not fit the model (an edited model, a hand-edited file).
 */
export function replay(w: World, path: readonly string[], limits: Limits): Replayed | { unknown: string; at: number } {
  let state = initialState(w);
  const lines: Line[] = [];
  const violations: Violation[] = [];
  for (const [i, l] of path.entries()) {
    const all = successors(w, state, limits, { record: true, reduce: false });
    const s = all.find((x) => x.label === l);
    if (!s) return { unknown: l, at: i };
    const taken = s.lines ?? [];
    // An interleaving: something else could have happened first, and this went ahead of it.
    const first = all[0];
    const instead = first?.lines?.find((l) => l.arrow !== undefined || !l.fault)?.text;
    if (first && first.group !== s.group && !s.label.startsWith('advance') && taken[0] && instead) taken[0] = { ...taken[0], overtook: instead };
    lines.push(...taken);
    violations.push(...s.violations);
    state = s.state;
  }
  if (successors(w, state, limits).length === 0) violations.push(...endViolations(w, state));
  return { lines, final: state, violations };
}
