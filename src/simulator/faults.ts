/**
 * Fault injection, as written in `--faults` (syntax in docs/simulation.md):
 *
 *   drop=0.1,duplicate=0.05,delay=100ms..2s:0.5,reorder=0.1,fail=0.05,crash=Inventory@10s+30s:lose,down=PaymentGateway@0s+1m
 *
 * Probabilities apply to every message crossing the broker (requests, replies, event deliveries). A crash
 * stops a participant's mailbox for a window: with `wait` (the default) its messages wait and are processed
 * after the restart, with `lose` they are lost. `down` makes an external system ignore requests for a window.
 * `fail` makes a consumer's handling of an event fail (before its first step): a listener `[retry N]` is
 * delivered the event again, then dead-lettered; without retries the event is lost to that consumer.
 */
import type { Model } from '../compiler/model.js';
import { formatDuration, parseDurationOption } from '../text/duration.js';
import { participantNames, resolveParticipants } from '../plan/participants.js';

export type CrashMode = 'wait' | 'lose';

export interface Window {
  /** The name as written. */
  target: string;
  /** Resolved participant ids (filled by `resolveFaults`). */
  participants: string[];
  start: number;
  duration: number;
}

export interface Crash extends Window {
  mode: CrashMode;
}

export interface Faults {
  drop: number;
  duplicate: number;
  reorder: number;
  /** Probability that a consumer's handling of an event fails. */
  fail: number;
  /** An extra delay in [min, max] ms, with probability `p`. */
  delay?: { min: number; max: number; p: number };
  crashes: Crash[];
  outages: Window[];
}

export class FaultError extends Error {
  override name = 'FaultError';
}

export function noFaults(): Faults {
  return { drop: 0, duplicate: 0, reorder: 0, fail: 0, crashes: [], outages: [] };
}

export function hasFaults(f: Faults): boolean {
  return f.drop > 0 || f.duplicate > 0 || f.reorder > 0 || f.fail > 0 || f.delay !== undefined || f.crashes.length > 0 || f.outages.length > 0;
}

/** Parses one or more `--faults` texts (entries accumulate; a later probability replaces an earlier one). */
export function parseFaults(texts: readonly string[]): Faults {
  const faults = noFaults();
  for (const text of texts) {
    for (const raw of text.split(',')) {
      const entry = raw.trim();
      if (entry === '') continue;
      const eq = entry.indexOf('=');
      if (eq < 0) throw new FaultError(`"${entry}": expected key=value (keys: drop, duplicate, delay, reorder, fail, crash, down)`);
      const key = entry.slice(0, eq).trim();
      const value = entry.slice(eq + 1).trim();
      switch (key) {
        case 'drop':
        case 'duplicate':
        case 'reorder':
        case 'fail':
          faults[key] = probability(value, entry);
          break;
        case 'delay':
          faults.delay = delay(value, entry);
          break;
        case 'crash': {
          const [spec, mode = 'wait'] = splitLast(value, ':');
          if (mode !== 'wait' && mode !== 'lose') throw new FaultError(`"${entry}": the mode after ":" is wait or lose`);
          faults.crashes.push({ ...window(spec, entry), mode });
          break;
        }
        case 'down':
          faults.outages.push(window(value, entry));
          break;
        default:
          throw new FaultError(`"${entry}": unknown fault "${key}" (expected drop, duplicate, delay, reorder, fail, crash, down)`);
      }
    }
  }
  return faults;
}

/** Resolves the participants of crashes and outages; an unknown name is an error that lists the known ones. */
export function resolveFaults(faults: Faults, model: Model): Faults {
  const resolve = <W extends Window>(w: W, what: string): W => {
    const participants = resolveParticipants(model, w.target);
    if (participants.length === 0) throw new FaultError(`${what}=${w.target}: no participant named "${w.target}" (known: ${participantNames(model).join(', ')})`);
    return { ...w, participants };
  };
  return { ...faults, crashes: faults.crashes.map((c) => resolve(c, 'crash')), outages: faults.outages.map((o) => resolve(o, 'down')) };
}

/** The canonical text of a fault set, as printed in reports. */
export function describeFaults(f: Faults): string {
  const parts: string[] = [];
  if (f.drop > 0) parts.push(`drop=${f.drop}`);
  if (f.duplicate > 0) parts.push(`duplicate=${f.duplicate}`);
  if (f.delay) parts.push(`delay=${formatDuration(f.delay.min)}..${formatDuration(f.delay.max)}${f.delay.p < 1 ? `:${f.delay.p}` : ''}`);
  if (f.reorder > 0) parts.push(`reorder=${f.reorder}`);
  if (f.fail > 0) parts.push(`fail=${f.fail}`);
  for (const c of f.crashes) parts.push(`crash=${c.target}@${formatDuration(c.start)}+${formatDuration(c.duration)}:${c.mode}`);
  for (const o of f.outages) parts.push(`down=${o.target}@${formatDuration(o.start)}+${formatDuration(o.duration)}`);
  return parts.length > 0 ? parts.join(',') : 'none';
}

function probability(text: string, entry: string): number {
  const percent = text.endsWith('%');
  const n = Number(percent ? text.slice(0, -1) : text);
  const p = percent ? n / 100 : n;
  if (text === '' || !Number.isFinite(p) || p < 0 || p > 1) throw new FaultError(`"${entry}": expected a probability from 0 to 1 (or a percentage such as 10%)`);
  return p;
}

function delay(text: string, entry: string): Faults['delay'] {
  const [range, p] = splitLast(text, ':');
  const [minText = '', maxText = minText] = range.split('..');
  const min = parseDurationOption(minText);
  const max = parseDurationOption(maxText);
  if (min === undefined || max === undefined) throw new FaultError(`"${entry}": expected delay=MIN..MAX[:P], e.g. delay=100ms..2s or delay=500ms:0.1`);
  if (max < min) throw new FaultError(`"${entry}": the range's maximum is below its minimum`);
  return { min, max, p: p === undefined ? 1 : probability(p, entry) };
}

function window(text: string, entry: string): Window {
  const at = text.lastIndexOf('@');
  const plus = text.indexOf('+', at);
  if (at <= 0 || plus < 0) throw new FaultError(`"${entry}": expected NAME@START+LENGTH, e.g. crash=Inventory@10s+30s or down=PaymentGateway@0s+1m`);
  const target = text.slice(0, at).trim();
  const start = parseDurationOption(text.slice(at + 1, plus));
  const duration = parseDurationOption(text.slice(plus + 1));
  if (start === undefined || duration === undefined) throw new FaultError(`"${entry}": START and LENGTH are durations such as 0s, 10s, 1m`);
  return { target, participants: [], start, duration };
}

/** `a:b` → [a, b]; `a` → [a, undefined]. */
function splitLast(text: string, sep: string): [string, string | undefined] {
  const i = text.lastIndexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}
