/**
 * What the generated project does when its tests replay a use case with the handler stubs as generated:
 * the events its in-memory transport logs. This mirrors the generated runtime (templates/gen/transport/
 * in-memory.ts.hbs and test/support/system.ts.hbs), not the simulator: one delivery at a time, each handler
 * to completion, subscribers in the model's order, requests answered in place, timers on a virtual clock
 * that only moves between triggers. craft gen compares it with the simulator's prediction to decide what
 * each generated test can assert (the prediction itself always comes from the simulator).
 */
import type { DiagnosticCode } from '../../diagnostics/codes.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { Agenda, type Task } from '../../plan/agenda.js';
import { foldEffects } from './effects.js';
import type { TimedEvent } from '../../plan/expectations.js';
import type { Ask, Effect, EventHandler, EventMessage, Project, StoryTest, TestTrigger, UseCaseTest } from './project.js';
import { storyFailures } from '../../plan/expectations.js';

/** Deliveries one replay may make before it is taken for an event loop (the in-memory transport's bound). */
export const MAX_DELIVERIES = 10_000;

export interface Replay {
  events: string[];
  /** The same events with the virtual time they happened at. */
  timed: TimedEvent[];
  /** True when it stopped at the delivery bound. */
  looped: boolean;
}

class LoopError extends Error {}

export function replay(project: Project, test: UseCaseTest): Replay {
  return replayRun(project, test.triggers, test.given ?? {});
}

/** The replay of triggers at their times, the flow starting with `given` facts (a story's). */
export function replayRun(project: Project, triggers: readonly TestTrigger[], given: Readonly<Record<string, string>>): Replay {
  const events: string[] = [];
  const timed: TimedEvent[] = [];
  const record = (event: string): void => {
    events.push(event);
    timed.push({ event, time: now });
  };
  // Each delivery carries the flow's facts as they were when it was sent (the envelope's `facts`).
  type Facts = Map<string, string>;
  const queue: { handler: EventHandler; facts: Facts }[] = [];
  let head = 0;
  // Timers in (due, set) order, and the pending ones per event for `cancels` (cancelled ones are skipped).
  const timers = new Agenda();
  const pending = new Map<string, Set<Task>>();
  let now = 0;
  let deliveries = 0;

  const run = (effects: readonly Effect[], at: string, facts: Facts): void => {
    foldEffects<EventMessage, Ask, void>(effects, {
      note: () => {},
      // The reply brings back what the callee decided: the same facts go on.
      request: (e) => run(e.exchange.body, e.exchange.server.id, facts),
      publish: (e) => {
        record(e.event.type);
        for (const h of project.subscribers.get(e.event.type) ?? []) queue.push({ handler: h, facts: new Map(facts) });
      },
      schedule: (e) => {
        const event = e.event.type;
        const sealed = new Map(facts);
        const timer: Task = { run: (due) => fire(timer, event, at, due, sealed) };
        timers.schedule(now + e.delayMs, timer);
        let set = pending.get(event);
        if (!set) pending.set(event, (set = new Set()));
        set.add(timer);
      },
      cancel: (e, then) => {
        const set = pending.get(e.event.type);
        if (!set || set.size === 0) return;
        for (const t of set) t.cancelled = true;
        pending.delete(e.event.type);
        then();
      },
      // The generated stub takes the first outcome; a fact decided before in the flow stays.
      decide: (e) => {
        if (!facts.has(e.fact) && e.outcomes[0] !== undefined) facts.set(e.fact, e.outcomes[0]);
      },
      branch: (e, then) => {
        if (e.tests.every((t) => t.outcomes.includes(facts.get(t.fact) ?? '\u0000'))) then();
      },
    });
  };
  const handledOnce = new Set<EventHandler>();
  const drain = (): void => {
    while (head < queue.length) {
      const { handler: h, facts } = queue[head++]!;
      if (++deliveries > MAX_DELIVERIES) throw new LoopError();
      // An idempotent consumer handles its event once per flow (the runtime's `subscribe`).
      if (h.idempotent) {
        if (handledOnce.has(h)) continue;
        handledOnce.add(h);
      }
      // Each scenario of the handler works on the facts the message brought.
      for (const s of h.scenarios) run(s.effects, h.unit.id, new Map(facts));
    }
  };
  const fire = (timer: Task, event: string, target: string, due: number, facts: Facts): void => {
    pending.get(event)?.delete(timer);
    now = Math.max(now, due);
    record(event);
    for (const h of project.subscribers.get(event) ?? []) if (h.unit.id === target) queue.push({ handler: h, facts });
    drain();
  };
  const fireUntil = (limit: number): void => {
    for (let due = timers.peekTime(); timers.size > 0 && due <= limit; due = timers.peekTime()) timers.pop()!.run(due);
  };

  try {
    for (const t of triggers) {
      fireUntil(t.time);
      now = Math.max(now, t.time);
      if (t.exchange.server) run(t.exchange.body, t.exchange.server.id, new Map(Object.entries(given)));
      drain();
    }
    fireUntil(Infinity);
  } catch (e) {
    if (e instanceof LoopError) return { events, timed, looped: true };
    throw e;
  }
  return { events, timed, looped: false };
}

/**
 * Decides what each use-case test asserts: the exact predicted sequence when the default handlers
 * reproduce it; the same events in any order when only the order of concurrent branches differs (the
 * simulator runs them side by side on virtual time, the in-memory transport one after another); nothing
 * (a skipped test that says why) when the events themselves differ. The last two are reported.
 */
export function checkReplays(project: Project): void {
  project.tests.forEach((test, i) => {
    project.tests[i] = decide(project, test);
  });
  project.stories.forEach((test, i) => {
    project.stories[i] = decideStory(project, test);
  });
}

/**
 * A story's test runs when the handlers as generated do what it expects (a known failure: when they still
 * fail it); otherwise it is skipped, and reported, with the first expectation they miss.
 */
function decideStory(project: Project, test: StoryTest): StoryTest {
  const { story, file, triggers } = test;
  const given = Object.fromEntries(story.given.map((g) => [g.fact, g.outcome]));
  const r = replayRun(project, triggers, given);
  const failures = storyFailures(story.expectations, project.model.properties, r.timed);
  const known = story.knownFailure !== undefined;
  if (!r.looped && (known ? failures.length > 0 : failures.length === 0)) return { story, file, triggers, mode: 'run' };
  const first = failures[0];
  const reason = r.looped
    ? `the handlers publish events in a loop (more than ${MAX_DELIVERIES} deliveries)`
    : known
      ? 'the handlers as generated meet every expectation of this known failure'
      : `the handlers as generated (first outcomes) miss "${first?.what ?? ''}": ${first?.why ?? ''}`;
  project.report('craft/gen/story-differs', 'warning', `story '${story.name}': ${reason}; its generated test is skipped`, story.source);
  return { story, file, triggers, mode: 'skip', reason };
}

function decide(project: Project, test: UseCaseTest): UseCaseTest {
  const r = replay(project, test);
  const predicted = test.prediction.events;
  const diag = (code: DiagnosticCode, severity: Diagnostic['severity'], message: string) => project.report(code, severity, message, test.useCase.source);
  const { useCase, file, prediction, triggers } = test;
  const given = test.given ? { given: test.given } : {};
  if (!r.looped && same(r.events, predicted)) return { useCase, file, prediction, triggers, ...given, mode: 'exact' };
  if (!r.looped && same([...r.events].sort(), [...predicted].sort())) {
    diag('craft/gen/event-order', 'info', `use case '${useCase.name}'${test.given ? ` with ${factsText(test.given)}` : ''}: the in-memory transport runs concurrent branches one after another, so its events come in another order than the simulator's; the generated test compares them in any order`);
    return { useCase, file, prediction, triggers, ...given, mode: 'unordered', replayed: r.events };
  }
  const status = prediction.status;
  const reason = r.looped
    ? `the handlers publish events in a loop (more than ${MAX_DELIVERIES} deliveries)`
    : status !== 'completed'
      ? `the simulator predicts that this flow ends ${status}, after ${predicted.length} event${predicted.length === 1 ? '' : 's'}; the generated handlers publish ${r.events.length}`
      : `the generated handlers publish other events than the simulator predicts`;
  const which = test.given ? ` with ${factsText(test.given)}` : '';
  diag('craft/gen/events-differ', 'warning', `use case '${useCase.name}'${which}: ${reason}; its generated test is skipped`);
  return { useCase, file, prediction, triggers, ...given, mode: 'skip', replayed: r.events, reason };
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `payment type = card, reservation = reserved`. */
export function factsText(facts: Readonly<Record<string, string>>): string {
  return Object.entries(facts).map(([f, o]) => `${f} = ${o}`).join(', ');
}
