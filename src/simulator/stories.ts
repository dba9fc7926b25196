/**
 * Stories and properties checked against runs (`craft test`): a story runs its use cases at their times on
 * one flow, with its facts given, and its expectations are read off the trace; the model-wide properties
 * are checked on the same trace. With exploration, every path the story leaves open is checked. A story
 * known to fail passes while some expectation fails, and fails once they all hold (the flaw is gone).
 */
import type { Model, Story } from '../compiler/model.js';
import { storyFailures, type Failure, type TimedEvent } from '../plan/expectations.js';
import { explore } from './explore.js';
import type { SimulationOptions } from './options.js';
import { simulate } from './simulation.js';
import type { Trace } from './trace.js';

export type { Failure };

export interface StoryOutcome {
  story: string;
  /** The decisions of the explored path (`payment type: card`), empty without exploration. */
  path: string[];
  passed: boolean;
  /** The first failure (for a known failure that did fail: the one that shows the flaw). */
  failures: Failure[];
  knownFailure?: string;
  /** Virtual time at the end of the run. */
  time: number;
  trace: Trace;
}

/** Runs a story (every path with `exploreLimit`), checking its expectations and the model's properties. */
export function checkStory(model: Model, story: Story, base: SimulationOptions, exploreLimit?: number): StoryOutcome[] {
  const options: SimulationOptions = {
    ...base,
    useCases: story.runs.map((r) => r.useCase),
    startAt: story.runs.map((r, i) => (i === 0 && r.atMs === 0 ? undefined : r.atMs)),
    given: { ...base.given, ...Object.fromEntries(story.given.map((g) => [g.fact, g.outcome])) },
    flows: 1,
    trace: true,
  };
  const runs: { path: string[]; trace: Trace; time: number }[] = [];
  if (exploreLimit !== undefined) {
    for (const p of explore(model, options, exploreLimit, true).paths) {
      runs.push({ path: p.choices.map((c) => `${c.at}: ${c.chose}`), trace: p.trace ?? [], time: p.verdict.endTime });
    }
  } else {
    const r = simulate(model, options);
    runs.push({ path: [], trace: r.trace ?? [], time: r.verdict.endTime });
  }
  return runs.map(({ path, trace, time }) => {
    const failures = storyFailures(story.expectations, model.properties, published(trace));
    const passed = story.knownFailure !== undefined ? failures.length > 0 : failures.length === 0;
    const outcome: StoryOutcome = { story: story.name, path, passed, failures, time, trace };
    if (story.knownFailure !== undefined) outcome.knownFailure = story.knownFailure;
    return outcome;
  });
}

/** Events published (and timers fired) in a trace, in order, with their times. */
function published(trace: Trace): TimedEvent[] {
  const out: TimedEvent[] = [];
  for (const r of trace) if (r.kind === 'publish' || r.kind === 'timer-fire') out.push({ event: r.event, time: r.time });
  return out;
}
