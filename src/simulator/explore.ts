/**
 * `--explore`: every combination of `notifies A or B` outcomes, enumerated depth-first. Each path is one
 * run in which the outcome choices are scripted (the first run takes the first alternative everywhere; each
 * later run changes one choice of an earlier path and takes first alternatives after it), so every
 * combination reachable from the stimulus is run exactly once, up to `limit` paths.
 */
import type { Model } from '../compiler/model.js';
import { ScriptedChooser } from './choice.js';
import type { SimulationOptions } from './options.js';
import { simulate } from './simulation.js';
import type { RunVerdict } from './verdict.js';

export interface ExplorePath {
  /** The outcome published at each choice point, in the order the run met them. */
  choices: { of: string[]; chose: string }[];
  /** Per flow: published events that caused no further event. */
  terminalEvents: string[][];
  verdict: RunVerdict;
}

export interface Exploration {
  paths: ExplorePath[];
  /** True when every combination was run (the limit was not reached). */
  complete: boolean;
  limit: number;
}

export function explore(model: Model, options: SimulationOptions, limit: number): Exploration {
  const forced = new Set(options.choose);
  const paths: ExplorePath[] = [];
  const pending: number[][] = [[]];
  while (pending.length > 0 && paths.length < limit) {
    const prefix = pending.pop()!;
    let chooser: ScriptedChooser | undefined;
    const offered: string[][] = [];
    const { verdict } = simulate(
      model,
      { ...options, trace: false },
      {
        terminalEvents: true,
        chooser: (random) => {
          chooser = new ScriptedChooser(random, prefix, forced);
          return {
            choose(events) {
              const i = chooser!.choose(events);
              if (!events.some((e) => forced.has(e))) offered.push([...events]);
              return i;
            },
          };
        },
      },
    );
    const c = chooser!;
    paths.push({
      choices: c.taken.map((k, i) => ({ of: offered[i]!, chose: offered[i]![k]! })),
      terminalEvents: verdict.perFlow.map((f) => f.terminalEvents ?? []),
      verdict,
    });
    // Alternatives not yet run, pushed so that the first alternatives are explored first.
    for (let k = c.arities.length - 1; k >= prefix.length; k--) {
      for (let alt = c.arities[k]! - 1; alt >= 1; alt--) pending.push([...c.taken.slice(0, k), alt]);
    }
  }
  return { paths, complete: pending.length === 0, limit };
}
