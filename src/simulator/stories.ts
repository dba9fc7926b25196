/**
 * Stories and properties checked against runs (`craft test`): a story runs its use cases at their times on
 * one flow, with its facts given, and its expectations are read off the trace; the model-wide properties
 * are checked on the same trace. With exploration, every path the story leaves open is checked. A story
 * known to fail passes while some expectation fails, and fails once they all hold (the flaw is gone).
 */
import type { Expectation, Model, Property, Story } from '../compiler/model.js';
import { formatTime } from '../text/duration.js';
import { explore } from './explore.js';
import type { SimulationOptions } from './options.js';
import { simulate } from './simulation.js';
import type { Trace } from './trace.js';

/** What broke: an expectation of the story, or a property of the model. */
export interface Failure {
  /** The line as written: `expect no "Order Cancelled"`, `never "A" after "B"`. */
  what: string;
  why: string;
  line: number;
  /** Virtual time of the event that broke it, when one did. */
  time?: number;
}

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
    const failures = [...story.expectations.flatMap((e) => expectationFailure(e, trace)), ...propertyFailures(model.properties, trace)];
    const passed = story.knownFailure !== undefined ? failures.length > 0 : failures.length === 0;
    const outcome: StoryOutcome = { story: story.name, path, passed, failures, time, trace };
    if (story.knownFailure !== undefined) outcome.knownFailure = story.knownFailure;
    return outcome;
  });
}

/** Events published (and timers fired) in a trace, in order, with their times. */
function published(trace: Trace): { event: string; time: number }[] {
  const out: { event: string; time: number }[] = [];
  for (const r of trace) if (r.kind === 'publish' || r.kind === 'timer-fire') out.push({ event: r.event, time: r.time });
  return out;
}

function expectationFailure(e: Expectation, trace: Trace): Failure[] {
  const events = published(trace);
  const first = events.find((x) => x.event === e.event);
  const line = e.source.line;
  switch (e.kind) {
    case 'published': {
      const what = `expect ${JSON.stringify(e.event)}${e.withinMs !== undefined ? ` within ${formatTime(e.withinMs)}` : ''}`;
      if (!first) return [{ what, why: `${JSON.stringify(e.event)} was never published`, line }];
      if (e.withinMs !== undefined && first.time > e.withinMs) return [{ what, why: `${JSON.stringify(e.event)} was published at ${formatTime(first.time)}, later than ${formatTime(e.withinMs)}`, line, time: first.time }];
      return [];
    }
    case 'absent':
      return first ? [{ what: `expect no ${JSON.stringify(e.event)}`, why: `${JSON.stringify(e.event)} was published at ${formatTime(first.time)}`, line, time: first.time }] : [];
    case 'endsWith': {
      const last = events[events.length - 1];
      if (last?.event === e.event) return [];
      return [{ what: `expect the flow ends with ${JSON.stringify(e.event)}`, why: last ? `the flow ended with ${JSON.stringify(last.event)} at ${formatTime(last.time)}` : 'the flow published nothing', line, ...(last ? { time: last.time } : {}) }];
    }
  }
}

function propertyFailures(properties: readonly Property[], trace: Trace): Failure[] {
  const events = published(trace);
  const failures: Failure[] = [];
  for (const p of properties) {
    if (p.kind === 'never') {
      const earlier = events.findIndex((x) => x.event === p.after);
      const later = earlier < 0 ? undefined : events.slice(earlier + 1).find((x) => x.event === p.event);
      if (later) failures.push({ what: p.text, why: `${JSON.stringify(p.event)} was published at ${formatTime(later.time)}, after ${JSON.stringify(p.after)} at ${formatTime(events[earlier]!.time)}`, line: p.source.line, time: later.time });
    } else {
      events.forEach((x, i) => {
        if (x.event !== p.event) return;
        if (!events.slice(i + 1).some((y) => p.leadsTo.includes(y.event))) {
          failures.push({ what: p.text, why: `${JSON.stringify(p.event)} at ${formatTime(x.time)} was followed by none of ${p.leadsTo.map((t) => JSON.stringify(t)).join(', ')}`, line: p.source.line, time: x.time });
        }
      });
    }
  }
  return failures;
}
