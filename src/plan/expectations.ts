/**
 * Whether a story's expectations and the model's properties hold on the events of a run: one reading,
 * shared by `craft test` (on the simulator's trace) and `craft gen` (on the replay of the generated
 * handlers), so both judge a story the same way.
 */
import type { Expectation, Property } from '../compiler/model.js';
import { formatTime } from '../text/duration.js';

/** An event published (or a timer fired) at a virtual time, ms since the run's start. */
export interface TimedEvent {
  event: string;
  time: number;
}

/** What broke: an expectation of a story, or a property of the model. */
export interface Failure {
  /** The line as written: `expect no "Order Cancelled"`, `never "A" after "B"`. */
  what: string;
  why: string;
  line: number;
  /** Virtual time of the event that broke it, when one did. */
  time?: number;
}

export function expectationFailures(e: Expectation, events: readonly TimedEvent[]): Failure[] {
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

export function propertyFailures(properties: readonly Property[], events: readonly TimedEvent[]): Failure[] {
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

/** Every failure of a story's expectations, then of the model's properties, on a run's events. */
export function storyFailures(expectations: readonly Expectation[], properties: readonly Property[], events: readonly TimedEvent[]): Failure[] {
  return [...expectations.flatMap((e) => expectationFailures(e, events)), ...propertyFailures(properties, events)];
}
