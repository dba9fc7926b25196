/**
 * What a back end needs to know about a scenario before running or generating it, worked out once per model:
 * where each step runs, which lines belong to the callee of an `asks` (its segment, up to its `returns`), whether the
 * reply is explicit, where a delivery enters, and the scenario's structural identity (identical scenarios
 * in different use cases subscribe once).
 */
import type { Model, Participant, Scenario, Step, Trigger, UseCase } from '../compiler/model.js';

/** An `asks` and the lines that run in its callee: steps `ask + 1 .. end - 1`. */
export interface Frame {
  /** Index of the `asks` step. */
  ask: number;
  caller: string;
  callee: string;
  /** Index of the first step after the callee's segment (the asker resumes there). */
  end: number;
  /** True when the segment ends with the callee's `returns` (else the reply is implicit). */
  explicit: boolean;
  /** The frame this `asks` runs in, if it is itself in a callee's segment. */
  parent?: Frame;
}

/** A decision takes a participant's own time, as an internal step does. */
export type WorkKind = Exclude<Step['kind'], 'decide'> | 'stub';

export interface PlannedStep {
  index: number;
  step: Step;
  /** The participant id that does the work. */
  at: string;
  /** The frame the step runs in (innermost), if any. */
  frame?: Frame;
  /** For `asks`: the frame it opens. */
  opens?: Frame;
  /** What kind of work it is, for its duration: its step kind, or `stub` when a concurrent participant answers. */
  work: WorkKind;
  /** The line as a reader would say it: `OrderManagement asks StockManagement to check availability`. */
  text: string;
  /** For an `asks` with `on timeout`: the asker's block, planned as a scenario of its own. */
  onTimeout?: ScenarioPlan;
}

export interface ScenarioPlan {
  scenario: Scenario;
  useCase: UseCase;
  /** The file the use case is in (steps carry only line and column). */
  file: string;
  steps: PlannedStep[];
  /** Where the trigger or the delivery starting it arrives: a participant id. */
  entry: string;
  /** The listening participant (listen triggers), for timer deliveries. */
  listener?: string;
  /** Same key, same scenario (trigger and steps, ignoring where they are written). */
  key: string;
  triggerText: string;
}

/** Participants that answer concurrently (external systems, people, data stores): no one-at-a-time mailbox. */
export function concurrentParticipants(model: Model): Set<string> {
  const ids = new Set<string>();
  for (const a of model.actors) ids.add(a.name);
  for (const s of model.services) for (const d of s.dataStores) ids.add(d);
  return ids;
}

export function planScenario(useCase: UseCase, scenario: Scenario, concurrent: ReadonlySet<string>): ScenarioPlan {
  const steps: PlannedStep[] = [];
  const stack: Frame[] = [];
  /** The `if` arm (`block:arm` path) each open frame was opened on: a frame never outlives its arm. */
  const openedOn = new Map<Frame, string>();
  const close = (at: number, explicit: boolean): void => {
    const f = stack.pop()!;
    f.end = at;
    f.explicit = explicit;
  };
  scenario.steps.forEach((step, index) => {
    const at = step.from.id;
    const region = regionOf(step);
    // Leaving an arm closes the calls opened on it: their callee's lines were the arm's.
    while (stack.length > 0 && !region.startsWith(openedOn.get(stack[stack.length - 1]!)!)) close(index, false);
    if (step.kind === 'return' && step.to) {
      const target = step.to.id;
      const k = findLastIndex(stack, (f) => f.callee === at && f.caller === target);
      if (k >= 0) {
        while (stack.length > k + 1) close(index, false);
        const frame = stack[k]!;
        steps.push(planned(index, step, at, frame, concurrent));
        close(index + 1, true);
        return;
      }
    }
    while (stack.length > 0 && stack[stack.length - 1]!.callee !== at) close(index, false);
    const frame = stack[stack.length - 1];
    const p = planned(index, step, at, frame, concurrent);
    if (step.kind === 'ask') {
      const opens: Frame = { ask: index, caller: at, callee: step.to.id, end: -1, explicit: false, ...(frame ? { parent: frame } : {}) };
      p.opens = opens;
      openedOn.set(opens, region);
      stack.push(opens);
      if (step.onTimeout) p.onTimeout = planScenario(useCase, { ...scenario, id: `${scenario.id}/timeout-${index + 1}`, steps: step.onTimeout }, concurrent);
    }
    steps.push(p);
  });
  while (stack.length > 0) close(scenario.steps.length, false);

  const trigger = scenario.trigger;
  const first = scenario.steps[0]?.from.id;
  let entry: string;
  let listener: string | undefined;
  switch (trigger.kind) {
    case 'listen':
      listener = trigger.participant.id;
      entry = trigger.participant.kind === 'context' || first === undefined ? trigger.participant.id : first;
      break;
    case 'external':
      entry = first ?? trigger.actor.id;
      break;
    case 'event':
      entry = first ?? '(anyone)';
      break;
    case 'periodic':
      entry = first ?? 'CRON';
      break;
  }
  return {
    scenario,
    useCase,
    file: useCase.source.file,
    steps,
    entry,
    ...(listener !== undefined ? { listener } : {}),
    key: structuralKey(scenario),
    triggerText: triggerText(trigger),
  };
}

/** `b1:0/b3:1`: the arms a step is on, outermost first ('' when on none); a prefix is an enclosing arm. */
function regionOf(step: Step): string {
  return step.guard ? step.guard.arms.map((a) => `${a.block}:${a.arm}/`).join('') : '';
}

function planned(index: number, step: Step, at: string, frame: Frame | undefined, concurrent: ReadonlySet<string>): PlannedStep {
  const work: WorkKind = concurrent.has(at) ? 'stub' : step.kind === 'decide' ? 'internal' : step.kind;
  return { index, step, at, ...(frame ? { frame } : {}), work, text: stepText(step) };
}

function structuralKey(s: Scenario): string {
  const strip = (st: Step): unknown => {
    const { line: _l, column: _c, ...rest } = st;
    return rest;
  };
  // Block ids name the scenario they are written in: identical scenarios of two use cases are still one.
  return JSON.stringify([s.trigger, s.steps.map(strip)], (k, v: unknown) => (k === 'block' ? undefined : v));
}

function words(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join(' ');
}

function name(p: Participant): string {
  return p.name;
}

export function stepText(step: Step): string {
  const op = 'operation' in step && step.operation ? `[${step.operation.text}]` : undefined;
  switch (step.kind) {
    case 'ask':
      return words(name(step.from), 'asks', name(step.to), step.connector, step.phrase, op);
    case 'return':
      return words(name(step.from), 'returns', step.explicitTarget && step.to ? `to ${name(step.to)}` : undefined, step.connector, step.phrase, op);
    case 'notify':
      return words(name(step.from), 'notifies', step.events.map(quoteEvent).join(' or '), op);
    case 'schedule':
      return words(name(step.from), 'schedules', quoteEvent(step.event), 'in', step.delay);
    case 'cancel':
      return words(name(step.from), 'cancels', quoteEvent(step.event));
    case 'internal':
      return words(name(step.from), step.verb, step.connector, step.phrase, op);
    case 'decide':
      return words(name(step.from), 'decides', choiceText(step.choice));
  }
}

export function triggerText(t: Trigger): string {
  switch (t.kind) {
    case 'external':
      return words(t.actor.name, t.verb, t.connector, t.phrase);
    case 'listen':
      return words(t.participant.name, 'listens', quoteEvent(t.event));
    case 'event':
      return quoteEvent(t.event);
    case 'periodic':
      return t.text;
  }
}

/** `payment type: card | cash`. */
export function choiceText(c: { fact: string; outcomes: readonly string[] }): string {
  return `${c.fact}: ${c.outcomes.join(' | ')}`;
}

/** Events as craft writes them: dotted refs bare, others quoted. */
export function quoteEvent(e: string): string {
  return /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/.test(e) || /^[A-Za-z_]\w*$/.test(e) ? e : `"${e}"`;
}

function findLastIndex<T>(xs: readonly T[], pred: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (pred(xs[i]!)) return i;
  return -1;
}
