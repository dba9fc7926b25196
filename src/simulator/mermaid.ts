/**
 * The trace as a Mermaid sequence diagram: what actually happened in a run, with virtual timestamps.
 * Requests `->>`, replies `-->>`, events and timers `-)`; internal steps, timers, dead letters and
 * injected faults as notes; a message lost on the way is drawn with a cross (`-x`). Deterministic text.
 */
import { mermaidLabel as label } from '../text/escape.js';
import { formatDuration, formatTime } from '../text/duration.js';
import type { Names } from './timeline.js';
import type { Trace, TraceRecord } from './trace.js';

export interface MermaidOptions {
  /** At most this many arrows and notes; the rest is summarised in a last note. */
  maxItems?: number;
}

export function traceDiagram(trace: Trace, names: Names, options: MermaidOptions = {}): string {
  const maxItems = options.maxItems ?? 500;
  const end = trace.at(-1)?.time ?? 0;
  const stamp = (t: number): string => (end < 60_000 ? `${(t / 1000).toFixed(3)}s` : formatTime(t));
  const flows = new Set(trace.map((r) => r.flow).filter((f) => f !== undefined));
  const prefix = (r: TraceRecord): string => `[${stamp(r.time)}${flows.size > 1 && r.flow ? ` ${r.flow}` : ''}] `;

  const lostMessages = new Map<string, string>();
  for (const r of trace) if (r.kind === 'fault' && r.message !== undefined && (r.fault === 'drop' || r.fault === 'lost' || r.fault === 'down')) lostMessages.set(r.message, r.fault);

  const ids = new Map<string, string>();
  const order: string[] = [];
  const pid = (participant: string): string => {
    let id = ids.get(participant);
    if (!id) {
      id = `p${ids.size + 1}`;
      ids.set(participant, id);
      order.push(participant);
    }
    return id;
  };
  const body: string[] = [];
  let omitted = 0;
  const emit = (line: string): void => {
    if (body.length < maxItems) body.push(`  ${line}`);
    else omitted++;
  };
  const note = (r: TraceRecord, over: string, text: string): void => emit(`Note over ${pid(over)}: ${label(prefix(r) + text)}`);

  for (const r of trace) {
    switch (r.kind) {
      case 'trigger':
        emit(`${pid(r.from)}->>${pid(r.to)}: ${label(`${prefix(r)}▶ ${r.text}`)}`);
        break;
      case 'send': {
        const lost = r.message !== undefined ? lostMessages.get(r.message) : undefined;
        const from = pid(r.from);
        const to = pid(r.to);
        const text = r.messageKind === 'event' ? `${JSON.stringify(r.event)}` : (r.text ?? r.messageKind ?? '');
        const arrow = r.messageKind === 'reply' ? (lost ? '--x' : '-->>') : r.messageKind === 'event' ? (lost ? '-x' : '-)') : lost ? '-x' : '->>';
        if (r.messageKind === 'trigger') break;
        emit(`${from}${arrow}${to}: ${label(`${prefix(r)}${text}${lost ? ` ✖ ${lost}` : ''}`)}`);
        break;
      }
      case 'step':
        if (r.step === 'internal') note(r, r.participant, stripName(r.text ?? '', names.name(r.participant)));
        break;
      case 'dead-letter':
        note(r, r.from, `dead letter ${JSON.stringify(r.event)}`);
        break;
      case 'timer-set':
        note(r, r.participant, `⏰ ${r.event} set (${formatDuration(r.duration ?? 0)})`);
        break;
      case 'timer-cancel':
        note(r, r.participant, `⏰ ${r.event} cancelled`);
        break;
      case 'timer-fire':
        emit(`${pid(r.participant)}-)${pid(r.participant)}: ${label(`${prefix(r)}⏰ ${r.event}`)}`);
        break;
      case 'too-late':
        note(r, r.participant, `too late: ${r.event} no longer pending`);
        break;
      case 'fact':
        note(r, r.participant, r.decided ? `${r.fact}: ${r.outcome}` : `${r.fact}: ${r.outcome} (decided before)`);
        break;
      case 'retry':
        note(r, r.participant, `↻ no reply in time: retry ${r.attempt} of ${r.of}`);
        break;
      case 'fault':
        // A lost delivery the broker delivers again, and a failed handling that is retried or dead-lettered.
        if ((r.fault === 'drop' && (r.detail ?? '').includes('redelivered')) || r.fault === 'fail') {
          if (r.from !== undefined && r.to !== undefined) emit(`Note over ${pid(r.from)},${pid(r.to)}: ${label(`${prefix(r)}✖ ${r.fault}: ${r.detail}`)}`);
          break;
        }
        if (r.fault === 'drop' || r.fault === 'lost' || r.fault === 'down') {
          if (r.message === undefined && r.participant !== undefined) note(r, r.participant, `✖ ${r.fault}: ${r.detail}`);
          break;
        }
        if (r.from !== undefined && r.to !== undefined) emit(`Note over ${pid(r.from)},${pid(r.to)}: ${label(`${prefix(r)}✖ ${r.fault} ${r.message ?? ''}: ${r.detail}`)}`);
        break;
      case 'crash':
        note(r, r.participant, `✖ crashed (${r.status})`);
        break;
      case 'restart':
        note(r, r.participant, 'restarted');
        break;
      case 'end':
        if (r.status === 'no-reply' || r.status === 'cut' || r.status === 'timed-out') emit(`Note left of ${pid(order[0] ?? 'craft')}: ${label(`${prefix(r)}✖ ${r.scenario} ${r.status}`)}`);
        break;
      default:
        break;
    }
  }
  if (omitted > 0) body.push(`  Note over ${ids.get(order[0] ?? '') ?? 'p1'}: ${label(`… ${omitted} more not shown`)}`);
  const head = ['sequenceDiagram'];
  for (const p of order) head.push(`  participant ${ids.get(p)} as ${label(names.name(p))}`);
  return [...head, ...body].join('\n') + '\n';
}

function stripName(text: string, name: string): string {
  return text.startsWith(`${name} `) ? text.slice(name.length + 1) : text;
}
