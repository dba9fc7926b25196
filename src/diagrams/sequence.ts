/**
 * One sequence diagram per use case: participants in first-use order (people as actors), `asks` as
 * requests, `returns` as replies, events fanned out to every listener, internal steps and timers as
 * notes, `or` outcomes as `alt` blocks. The behaviour language: `if` arms as `alt` / `else` / `opt`
 * (branches.ts), decisions and reply alternatives as notes with their outcomes, call policies as notes and
 * `on timeout` as a `break`, delivery guarantees, the outbox and consumer retries as notes.
 */
import type { CallPolicy, Model, Participant, Scenario, Step, UseCase } from '../compiler/model.js';
import { formatDuration } from '../text/duration.js';
import { mermaidLabel as label } from '../text/escape.js';
import { armsDrawn, BranchWriter, fragmentLabel } from './branches.js';
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

  const drawn = armsDrawn(useCase.scenarios.flatMap((s) => s.steps));
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
      case 'listen': {
        const at = who(t.participant);
        body.push(`  Note over ${at}: on ${label(t.event)}`);
        const handling = [t.idempotent ? 'idempotent' : '', t.retries !== undefined ? `retry ${t.retries}, then dead-letter` : ''].filter(Boolean);
        if (handling.length > 0) body.push(`  Note over ${at}: ${label(handling.join(', '))}`);
        break;
      }
      case 'event':
        if (first) body.push(`  Note over ${who(first.from)}: on ${label(t.event)}`);
        break;
      case 'periodic':
        if (first) body.push(`  Note over ${who(first.from)}: ${label(t.text)}`);
        break;
    }
    steps(s.steps, '  ', 0);
  }

  /** Draws `list` at `base` indentation; `depth` guard arms of each step are drawn by an enclosing fragment. */
  function steps(list: readonly Step[], base: string, depth: number): void {
    const branches = new BranchWriter(body, drawn, base, depth);
    for (const step of list) emit(step, branches.enter(step.guard));
    branches.close();
  }

  function emit(step: Step, indent: string): void {
    const from = who(step.from);
    switch (step.kind) {
      case 'ask': {
        const to = who(step.to);
        body.push(`${indent}${from}->>${to}: ${label(stepText(step))}`);
        if (step.call) body.push(`${indent}Note over ${over(from, to)}: ${label(callText(step.call))}`);
        if (step.onTimeout) {
          // `break`: on this path the asker runs the block and the scenario ends, which is what break means.
          body.push(`${indent}break ${fragmentLabel(timedOutText(step.call))}`);
          if (step.onTimeout.length === 0) body.push(`${indent}  Note over ${from}: the scenario ends`);
          steps(step.onTimeout, `${indent}  `, step.guard?.arms.length ?? 0);
          body.push(`${indent}end`);
        }
        return;
      }
      case 'return': {
        const text = step.choice ? step.choice.fact : stepText(step);
        const to = step.to ? who(step.to) : undefined;
        if (to) body.push(`${indent}${from}-->>${to}: ${label(text)}`);
        else body.push(`${indent}Note over ${from}: returns ${label(text)}`);
        if (step.choice) body.push(`${indent}Note over ${over(from, to ?? from)}: ${label(step.choice.outcomes.join(' | '))}`);
        return;
      }
      case 'notify': {
        if (step.events.length === 1) return publish(from, step.events[0]!, step.outbox === true, indent);
        step.events.forEach((event, i) => {
          body.push(`${indent}${i === 0 ? 'alt' : 'else'} ${label(event)}`);
          publish(from, event, step.outbox === true, `${indent}  `);
        });
        body.push(`${indent}end`);
        return;
      }
      default:
        body.push(`${indent}Note over ${from}: ${label(stepText(step))}`);
    }
  }

  function publish(from: string, event: string, outbox: boolean, indent: string): void {
    const listeners = listenersOf(event);
    if (listeners.length === 0) body.push(`${indent}Note over ${from}: ${label(event)} (no listener)`);
    for (const l of listeners) body.push(`${indent}${from}-)${who(l)}: ${label(event)}`);
    const delivery = model.events.find((e) => e.name === event)?.delivery;
    const notes = [outbox ? 'outbox' : '', delivery?.kind === 'at-least-once' ? `at-least-once, redelivered after ${formatDuration(delivery.redeliveryMs)}` : ''];
    if (notes.some(Boolean)) body.push(`${indent}Note over ${from}: ${label(notes.filter(Boolean).join(', '))}`);
  }

  const head = ['sequenceDiagram', `  title ${label(useCase.name)}`];
  for (const p of participants.values()) head.push(`  ${p.person ? 'actor' : 'participant'} ${p.id} as ${label(p.name)}`);
  return `${[...head, ...body].join('\n')}\n`;
}

/** A note over one lifeline, or spanning two. */
function over(a: string, b: string): string {
  return a === b ? a : `${a},${b}`;
}

/** `timeout 30s, retry 2 every 5s`: from the numbers, so a default timeout is shown too. */
function callText(call: CallPolicy): string {
  const retry = call.retries > 0 ? `, retry ${call.retries}${call.retryDelayMs > 0 ? ` every ${formatDuration(call.retryDelayMs)}` : ''}` : '';
  return `timeout ${formatDuration(call.timeoutMs)}${retry}`;
}

function timedOutText(call: CallPolicy | undefined): string {
  if (!call) return 'timeout';
  const retries = call.retries === 0 ? '' : call.retries === 1 ? ' and 1 retry' : ` and ${call.retries} retries`;
  return `timeout after ${formatDuration(call.timeoutMs)}${retries}`;
}

function participantById(model: Model, id: string): Participant {
  const ctx = model.contexts.find((c) => c.id === id) ?? model.contexts.find((c) => c.name === id);
  if (ctx) return { name: ctx.name, kind: 'context', id: ctx.id };
  if (model.services.some((s) => s.name === id)) return { name: id, kind: 'service', id };
  if (model.actors.some((a) => a.name === id)) return { name: id, kind: 'actor', id };
  return { name: id, kind: 'context', id };
}
