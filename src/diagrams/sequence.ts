/**
 * One sequence diagram per use case: participants in first-use order (people as actors), `asks` as
 * requests, `returns` as replies, events fanned out to every listener, internal steps and timers as
 * notes, `or` outcomes as `alt` blocks.
 */
import type { Model, Participant, Scenario, Step, UseCase } from '../compiler/model.js';
import { mermaidLabel as label } from '../text/escape.js';
import { Ids } from './labels.js';
import { actorOf, isPerson, stepText } from './views.js';

export function sequence(model: Model, useCase: UseCase): string {
  const ids = new Ids();
  const participants = new Map<string, { id: string; name: string; person: boolean }>();
  const body: string[] = [];
  const who = (p: Participant): string => {
    // One lifeline per name: a service and its context called alike (`Basket`) are drawn as one.
    const key = p.name;
    let entry = participants.get(key);
    if (!entry) {
      entry = { id: ids.id(p.name, 'p'), name: p.name, person: p.kind === 'actor' && isPerson(actorOf(model, p.id)) };
      participants.set(key, entry);
    }
    return entry.id;
  };
  const listenersOf = (event: string): Participant[] => {
    const e = model.events.find((x) => x.name === event);
    const seen = new Set<string>();
    const out: Participant[] = [];
    for (const l of e?.listeners ?? []) {
      if (!l.participant || seen.has(l.participant)) continue;
      seen.add(l.participant);
      out.push(participantById(model, l.participant));
    }
    return out;
  };

  for (const s of useCase.scenarios) scenario(s);
  if (useCase.scenarios.length === 0) body.push(`  Note over ${ids.id(useCase.name, 'p')}: no scenarios`);

  function scenario(s: Scenario): void {
    const first = s.steps[0];
    const t = s.trigger;
    switch (t.kind) {
      case 'external': {
        const text = [t.verb, t.connector, t.phrase].filter(Boolean).join(' ');
        const from = who(t.actor);
        if (first && first.from.id !== t.actor.id) body.push(`  ${from}->>${who(first.from)}: ${label(text)}`);
        else body.push(`  Note over ${from}: ${label(text)}`);
        break;
      }
      case 'listen':
        body.push(`  Note over ${who(t.participant)}: on ${label(t.event)}`);
        break;
      case 'event':
        if (first) body.push(`  Note over ${who(first.from)}: on ${label(t.event)}`);
        break;
      case 'periodic':
        if (first) body.push(`  Note over ${who(first.from)}: ${label(t.text)}`);
        break;
    }
    for (const step of s.steps) emit(step);
  }

  function emit(step: Step): void {
    const from = who(step.from);
    switch (step.kind) {
      case 'ask':
        body.push(`  ${from}->>${who(step.to)}: ${label(stepText(step))}`);
        return;
      case 'return':
        if (step.to) body.push(`  ${from}-->>${who(step.to)}: ${label(stepText(step))}`);
        else body.push(`  Note over ${from}: returns ${label(stepText(step))}`);
        return;
      case 'notify': {
        if (step.events.length === 1) return publish(from, step.events[0]!, '  ');
        step.events.forEach((event, i) => {
          body.push(`  ${i === 0 ? 'alt' : 'else'} ${label(event)}`);
          publish(from, event, '    ');
        });
        body.push('  end');
        return;
      }
      default:
        body.push(`  Note over ${from}: ${label(stepText(step))}`);
    }
  }

  function publish(from: string, event: string, indent: string): void {
    const listeners = listenersOf(event);
    if (listeners.length === 0) body.push(`${indent}Note over ${from}: ${label(event)} (no listener)`);
    for (const l of listeners) body.push(`${indent}${from}-)${who(l)}: ${label(event)}`);
  }

  const head = ['sequenceDiagram', `  title ${label(useCase.name)}`];
  for (const p of participants.values()) head.push(`  ${p.person ? 'actor' : 'participant'} ${p.id} as ${label(p.name)}`);
  return `${[...head, ...body].join('\n')}\n`;
}

function participantById(model: Model, id: string): Participant {
  const ctx = model.contexts.find((c) => c.id === id) ?? model.contexts.find((c) => c.name === id);
  if (ctx) return { name: ctx.name, kind: 'context', id: ctx.id };
  if (model.services.some((s) => s.name === id)) return { name: id, kind: 'service', id };
  if (model.actors.some((a) => a.name === id)) return { name: id, kind: 'actor', id };
  return { name: id, kind: 'context', id };
}
