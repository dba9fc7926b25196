/**
 * `--explore`: every combination of `notifies A or B` outcomes, decisions and reply alternatives (a fact
 * decided once per flow is never a choice again), and calls with a timeout answered or timed out,
 * enumerated depth-first. Each path is one
 * run in which the outcome choices are scripted: the first run takes the first alternative everywhere;
 * each later run changes one choice of an earlier path and takes first alternatives after it (the earliest
 * choice first, and everything that follows from a change before the next change), so every combination
 * reachable from the stimulus is run exactly once.
 *
 * Exploration is bounded by paths (`limit`, --explore-limit) and by steps (each run's --max-steps: a flow
 * cut there is an event loop, and the outcomes it would have met after the cut are not explored); it says
 * which bound cut it. A path is kept as the changes that made it (a few numbers per level of the search),
 * and for every explored path still to branch from, the number of alternatives of each of its choice
 * points: memory is linear in the length of the paths, never a copy of a path per alternative left. A
 * path cut at the step bound lists its choices up to its last change and counts the first alternatives
 * after it, so an event loop's thousand identical choices are not repeated on every path.
 */
import type { Model } from '../compiler/model.js';
import { pointLabel, ScriptedChooser } from './choice.js';
import type { SimulationOptions } from './options.js';
import { simulate } from './simulation.js';
import type { RunVerdict } from './verdict.js';
import type { Trace } from './trace.js';

export interface ExplorePath {
  /**
   * The alternative taken at each choice point, in the order the run met them: `at` is the fact decided, the
   * call that was or was not answered in time, or (for `notifies A or B`) the events themselves.
   */
  choices: { kind: 'event' | 'fact' | 'timeout'; at: string; of: readonly string[]; chose: string }[];
  /**
   * Only on a path cut at --max-steps: after the listed choices, the path took the first alternative at
   * this many more choice points (not listed).
   */
  thenFirst?: number;
  /** Per flow: published events that caused no further event. */
  terminalEvents: string[][];
  verdict: RunVerdict;
  /** The path's trace, when the exploration keeps them (`craft test` checks stories on them). */
  trace?: Trace;
}

/** Which bounds cut an exploration. */
export interface ExploreCut {
  /** `explore-limit`: combinations were left when `limit` paths had run; `max-steps`: paths were cut. */
  by: ('explore-limit' | 'max-steps')[];
  /** Paths in which a flow was cut at `maxSteps` steps. */
  cutPaths: number;
  maxSteps: number;
}

export interface Exploration {
  paths: ExplorePath[];
  /** True when every combination was run: no bound cut the exploration. */
  complete: boolean;
  limit: number;
  /** Present when a bound cut the exploration. */
  cut?: ExploreCut;
}

/** One change of a path: at its choice point `at`, alternative `alt`; the changes of the path it came from before. */
interface Change {
  at: number;
  alt: number;
  before: Change | undefined;
}

/** The alternatives not yet run at an explored path's choice points, from the first one after its last change. */
class Alternatives {
  /** Index in `arities` of the choice point being branched. */
  private i = 0;
  /** The last alternative run there. */
  private alt = 0;

  constructor(
    private readonly changes: Change | undefined,
    private readonly from: number,
    /** Alternatives at each choice point from `from` on. */
    private readonly arities: Int32Array,
  ) {}

  /** The next path to run: this path with one more change; undefined when none is left. */
  next(): Change | undefined {
    for (; this.i < this.arities.length; this.i++, this.alt = 0) {
      const arity = this.arities[this.i] ?? 0;
      if (this.alt + 1 < arity) return { at: this.from + this.i, alt: ++this.alt, before: this.changes };
    }
    return undefined;
  }

  get exhausted(): boolean {
    for (let i = this.i, alt = this.alt; i < this.arities.length; i++, alt = 0) if (alt + 1 < (this.arities[i] ?? 0)) return false;
    return true;
  }
}

export function explore(model: Model, options: SimulationOptions, limit: number, keepTraces = false): Exploration {
  const forced = new Set(options.choose);
  const paths: ExplorePath[] = [];
  /** The explored paths that may still have alternatives, innermost last. */
  const open: Alternatives[] = [];
  let cutPaths = 0;
  let changes: Change | undefined;
  while (paths.length < limit) {
    const chooser = new ScriptedChooser(scriptOf(changes), forced);
    const { verdict, trace } = simulate(model, { ...options, trace: keepTraces }, { terminalEvents: true, chooser });
    const cut = verdict.flows.cut > 0;
    if (cut) cutPaths++;
    const path = pathOf(chooser.points, verdict, cut);
    if (trace) path.trace = trace;
    paths.push(path);
    const from = changes ? changes.at + 1 : 0;
    const points = chooser.points;
    if (points.length > from) {
      const arities = new Int32Array(points.length - from);
      for (let k = from; k < points.length; k++) arities[k - from] = points[k]?.of.length ?? 0;
      open.push(new Alternatives(changes, from, arities));
    }
    if (paths.length >= limit) break;
    changes = undefined;
    for (let top = open[open.length - 1]; top !== undefined; top = open[open.length - 1]) {
      changes = top.next();
      if (changes) break;
      open.pop();
    }
    if (!changes) break;
  }
  const left = limit <= 0 || open.some((a) => !a.exhausted);
  const by: ExploreCut['by'] = [];
  if (left) by.push('explore-limit');
  if (cutPaths > 0) by.push('max-steps');
  const exploration: Exploration = { paths, complete: by.length === 0, limit };
  if (by.length > 0) exploration.cut = { by, cutPaths, maxSteps: options.maxSteps };
  return exploration;
}

/** The script of a path: choice point → alternative, for each change that made it. */
function scriptOf(changes: Change | undefined): Map<number, number> {
  const script = new Map<number, number>();
  for (let c = changes; c !== undefined; c = c.before) script.set(c.at, c.alt);
  return script;
}

function pathOf(points: ScriptedChooser['points'], verdict: RunVerdict, cut: boolean): ExplorePath {
  let listed = points.length;
  if (cut) while (listed > 0 && points[listed - 1]?.taken === 0) listed--;
  const choices: ExplorePath['choices'] = [];
  for (let k = 0; k < listed; k++) {
    const p = points[k];
    const chose = p?.of[p.taken];
    if (p === undefined || chose === undefined) throw new Error(`choice point ${k}: no alternative taken`);
    choices.push({ kind: p.point.kind, at: pointLabel(p.point), of: p.of, chose });
  }
  const terminalEvents = verdict.perFlow.map((f) => f.terminalEvents ?? []);
  return listed < points.length ? { choices, thenFirst: points.length - listed, terminalEvents, verdict } : { choices, terminalEvents, verdict };
}
