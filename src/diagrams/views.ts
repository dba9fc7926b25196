/** Shared readings of the Model for the diagram generators. */
import type { Actor, Model, Participant, Step } from '../compiler/model.js';

export function systemName(model: Model): string {
  return model.architectures.find((a) => a.name)?.name ?? 'System';
}

export function actorOf(model: Model, name: string): Actor | undefined {
  return model.actors.find((a) => a.name === name);
}

export function isPerson(actor: Actor | undefined): boolean {
  return actor?.type === 'user';
}

/** What a step says, in a few words: the phrase, else the operation, else the verb. */
export function stepText(step: Step): string {
  switch (step.kind) {
    case 'ask':
      return step.phrase ? [step.connector, step.phrase].filter(Boolean).join(' ') : (step.operation?.text ?? 'asks');
    case 'return':
      return step.phrase ?? step.operation?.text ?? 'returns';
    case 'internal':
      return [step.verb, step.connector, step.phrase].filter(Boolean).join(' ');
    case 'notify':
      return step.events.join(' or ');
    case 'schedule':
      return `timer ${step.event} in ${step.delay}`;
    case 'cancel':
      return `cancels timer ${step.event}`;
    case 'decide':
      return `decides ${step.choice.fact}: ${step.choice.outcomes.join(' | ')}`;
  }
}

/**
 * Every step, the steps of `on timeout` blocks included (right after their `asks`), in source order;
 * `conditional` when some runs skip it: it is on an `if` arm or runs only when a call times out.
 */
export function* allSteps(steps: readonly Step[], timedOut = false): Generator<{ step: Step; conditional: boolean }> {
  for (const step of steps) {
    yield { step, conditional: timedOut || step.guard !== undefined };
    if (step.kind === 'ask' && step.onTimeout) yield* allSteps(step.onTimeout, true);
  }
}

/** The service a participant belongs to (a context's owner, or the service itself). */
export function serviceOf(model: Model, p: Participant): string | undefined {
  if (p.kind === 'service') return p.name;
  if (p.kind === 'context') return model.contexts.find((c) => c.id === p.id)?.service;
  return undefined;
}
