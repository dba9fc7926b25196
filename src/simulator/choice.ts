/**
 * Who decides which event a `notifies A or B` publishes. By default the run's random source; `--choose E`
 * forces E wherever it is an alternative; exploration replays a script of choices and records the
 * alternatives it met, so that every combination can be enumerated. Every chooser draws from the random
 * source once per choice, whatever it picks, so that the rest of the run's random sequence does not
 * depend on the policy.
 */
import type { Random } from './random.js';

export interface Chooser {
  /** The index of the event to publish among `events` (more than one), drawing once from `random`. */
  choose(events: readonly string[], random: Random): number;
}

export class PolicyChooser implements Chooser {
  private readonly forced: ReadonlySet<string>;

  constructor(forced: readonly string[]) {
    this.forced = new Set(forced);
  }

  choose(events: readonly string[], random: Random): number {
    const drawn = random.below(events.length);
    const i = events.findIndex((e) => this.forced.has(e));
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
  readonly points: { of: readonly string[]; taken: number }[] = [];

  constructor(
    /** Position of a choice point → the alternative to take there. */
    private readonly script: ReadonlyMap<number, number>,
    private readonly forced: ReadonlySet<string>,
  ) {}

  choose(events: readonly string[], random: Random): number {
    random.below(events.length);
    const forced = events.findIndex((e) => this.forced.has(e));
    if (forced >= 0) return forced;
    const taken = this.script.get(this.points.length) ?? 0;
    this.points.push({ of: events, taken });
    return taken;
  }
}
