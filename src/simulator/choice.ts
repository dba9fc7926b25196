/**
 * Who decides which event a `notifies A or B` publishes. By default the run's random source; `--choose E`
 * forces E wherever it is an alternative; exploration replays a fixed prefix of choices and records the
 * alternatives it met, so that every combination can be enumerated.
 */
import type { Random } from './random.js';

export interface Chooser {
  /** The index of the event to publish among `events` (more than one). */
  choose(events: readonly string[]): number;
}

export class PolicyChooser implements Chooser {
  private readonly forced: ReadonlySet<string>;

  constructor(
    private readonly random: Random,
    forced: readonly string[],
  ) {
    this.forced = new Set(forced);
  }

  choose(events: readonly string[]): number {
    // Always draw, so that forcing an outcome does not shift the rest of the run's random sequence.
    const drawn = this.random.below(events.length);
    const i = events.findIndex((e) => this.forced.has(e));
    return i >= 0 ? i : drawn;
  }
}

/** Replays `prefix`, then takes the first alternative; remembers how many alternatives each point had. */
export class ScriptedChooser implements Chooser {
  readonly arities: number[] = [];
  readonly taken: number[] = [];

  constructor(
    private readonly random: Random,
    private readonly prefix: readonly number[],
    private readonly forced: ReadonlySet<string>,
  ) {}

  choose(events: readonly string[]): number {
    this.random.below(events.length);
    const forced = events.findIndex((e) => this.forced.has(e));
    if (forced >= 0) return forced;
    const k = this.arities.length;
    const pick = k < this.prefix.length ? this.prefix[k]! : 0;
    this.arities.push(events.length);
    this.taken.push(pick);
    return pick;
  }
}
