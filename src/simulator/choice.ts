/**
 * Who decides which event a `notifies A or B` publishes, which outcome a decision takes, and whether a call
 * with a timeout is answered. By default the run's random source; `--choose E`
 * forces E wherever it is an alternative; exploration replays a script of choices and records the
 * alternatives it met, so that every combination can be enumerated. Every chooser draws from the random
 * source once per choice, whatever it picks, so that the rest of the run's random sequence does not
 * depend on the policy.
 */
import type { Random } from './random.js';

/**
 * Where a run chooses: the event a `notifies A or B` publishes, the outcome of a decision or a reply with
 * alternatives (a fact), or whether a call with a timeout is answered (only exploration times calls out).
 */
export type ChoicePoint =
  | { kind: 'event'; of: readonly string[] }
  | { kind: 'fact'; fact: string; of: readonly string[] }
  | { kind: 'timeout'; call: string; of: readonly string[] };

export const timeoutOutcomes: readonly string[] = ['answered', 'timed out'];

export interface Chooser {
  /**
   * The index of the alternative taken at `point`. Event and fact points draw once from `random`, whatever
   * they pick; timeout points never draw (a run is answered unless exploration says otherwise).
   */
  choose(point: ChoicePoint, random: Random): number;
}

/** What a point is about, for reports: `payment type`, `Order Placed or Order Failed`, `timeout: X asks Y`. */
export function pointLabel(point: ChoicePoint): string {
  return point.kind === 'fact' ? point.fact : point.kind === 'timeout' ? `timeout: ${point.call}` : point.of.join(' or ');
}

export class PolicyChooser implements Chooser {
  private readonly forced: ReadonlySet<string>;

  constructor(forced: readonly string[]) {
    this.forced = new Set(forced);
  }

  choose(point: ChoicePoint, random: Random): number {
    if (point.kind === 'timeout') return 0;
    const drawn = random.below(point.of.length);
    if (point.kind === 'fact') return drawn;
    const i = point.of.findIndex((e) => this.forced.has(e));
    return i >= 0 ? i : drawn;
  }
}

/**
 * Takes the alternative the script gives at each choice point (by position among the run's choice points;
 * the first alternative where it gives none) and records every point it met: its alternatives and the
 * pick. Choices forced by `--choose` are neither scripted nor recorded.
 */
export class ScriptedChooser implements Chooser {
  /** The choice points met, in order: their alternatives and the index taken. */
  readonly points: { point: ChoicePoint; of: readonly string[]; taken: number }[] = [];

  constructor(
    /** Position of a choice point → the alternative to take there. */
    private readonly script: ReadonlyMap<number, number>,
    private readonly forced: ReadonlySet<string>,
  ) {}

  choose(point: ChoicePoint, random: Random): number {
    if (point.kind !== 'timeout') random.below(point.of.length);
    const forced = point.kind === 'event' ? point.of.findIndex((e) => this.forced.has(e)) : -1;
    if (forced >= 0) return forced;
    const taken = this.script.get(this.points.length) ?? 0;
    this.points.push({ point, of: point.of, taken });
    return taken;
  }
}
