/**
 * How long things take, in virtual milliseconds: a default per kind of work, overridable per participant
 * from a latency file (`--latency latency.json`, schema in docs/simulation.md), with a uniform jitter drawn
 * from the run's random source.
 */
import type { Model } from '../compiler/model.js';
import { parseDurationOption } from '../text/duration.js';
import { resolveParticipants } from '../plan/participants.js';
import type { Random } from './random.js';

/** The kinds of work that take time. */
export const latencyKinds = ['internal', 'ask', 'return', 'notify', 'schedule', 'cancel', 'handle', 'transit', 'stub'] as const;
export type LatencyKind = (typeof latencyKinds)[number];

export const defaultLatencies: Readonly<Record<LatencyKind, number>> = {
  internal: 20, // a participant's own work (`OrderManagement validates cart items`)
  ask: 2, // the asker sends a request
  return: 5, // the callee builds its reply
  notify: 2, // a publisher publishes an event
  schedule: 1, // a timer is set
  cancel: 1, // a timer is cancelled
  handle: 10, // a callee answers a request it has no lines for (implicit reply)
  transit: 3, // a message crosses the broker (requests, replies, events, timers)
  stub: 150, // an external system (a `system` actor) answers
};

export interface LatencySettings {
  /** Each duration is multiplied by a factor drawn uniformly in [1 - jitter, 1 + jitter]. */
  jitter: number;
  defaults: Record<LatencyKind, number>;
  /** How long an asker waits for a reply; Infinity waits forever. */
  replyTimeout: number;
  /** Overrides by participant id. */
  participants: Map<string, Partial<Record<LatencyKind, number>>>;
}

export function defaultLatencySettings(): LatencySettings {
  return { jitter: 0.2, defaults: { ...defaultLatencies }, replyTimeout: 30_000, participants: new Map() };
}

export class LatencyError extends Error {
  override name = 'LatencyError';
}

/** Reads a latency file's JSON (already parsed) against the model; unknown keys and names are errors. */
export function parseLatencySettings(json: unknown, model: Model): LatencySettings {
  const settings = defaultLatencySettings();
  const obj = asObject(json, 'the latency file');
  for (const key of Object.keys(obj)) if (!['jitter', 'defaults', 'replyTimeout', 'participants', '$schema', 'description'].includes(key)) throw new LatencyError(`unknown key "${key}" (expected jitter, defaults, replyTimeout, participants)`);
  if (obj['jitter'] !== undefined) {
    const j = obj['jitter'];
    if (typeof j !== 'number' || !(j >= 0 && j <= 1)) throw new LatencyError('"jitter" must be a number from 0 to 1');
    settings.jitter = j;
  }
  if (obj['replyTimeout'] !== undefined) {
    const t = obj['replyTimeout'];
    settings.replyTimeout = t === null || t === 'none' ? Infinity : duration(t, '"replyTimeout"');
  }
  if (obj['defaults'] !== undefined) Object.assign(settings.defaults, kinds(obj['defaults'], '"defaults"'));
  if (obj['participants'] !== undefined) {
    const parts = asObject(obj['participants'], '"participants"');
    for (const name of Object.keys(parts).sort()) {
      const ids = resolveParticipants(model, name);
      if (ids.length === 0) throw new LatencyError(`"participants": no participant named "${name}" in the model`);
      const values = kinds(parts[name], `"participants"."${name}"`);
      for (const id of ids) settings.participants.set(id, { ...settings.participants.get(id), ...values });
    }
  }
  return settings;
}

function kinds(json: unknown, where: string): Partial<Record<LatencyKind, number>> {
  const obj = asObject(json, where);
  const out: Partial<Record<LatencyKind, number>> = {};
  for (const key of Object.keys(obj)) {
    if (!(latencyKinds as readonly string[]).includes(key)) throw new LatencyError(`${where}: unknown kind "${key}" (expected ${latencyKinds.join(', ')})`);
    out[key as LatencyKind] = duration(obj[key], `${where}."${key}"`);
  }
  return out;
}

function duration(value: unknown, where: string): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? parseDurationOption(value) : undefined;
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) throw new LatencyError(`${where} must be a duration such as "20ms", "1.5s", "5m" or a number of milliseconds`);
  return ms;
}

function asObject(json: unknown, where: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new LatencyError(`${where} must be a JSON object`);
  return json as Record<string, unknown>;
}

/** Draws durations: one table lookup and one random draw per call. */
export class LatencyModel {
  private readonly tables = new Map<string, Record<LatencyKind, number>>();

  constructor(
    readonly settings: LatencySettings,
    private readonly random: Random,
  ) {}

  /** Integer milliseconds for `kind` of work done by `participant`. Always draws once. */
  draw(kind: LatencyKind, participant: string): number {
    const base = this.table(participant)[kind];
    const u = this.random.next();
    const j = this.settings.jitter;
    return Math.max(0, Math.round(base * (1 + j * (2 * u - 1))));
  }

  private table(participant: string): Record<LatencyKind, number> {
    let t = this.tables.get(participant);
    if (!t) {
      t = { ...this.settings.defaults, ...this.settings.participants.get(participant) };
      this.tables.set(participant, t);
    }
    return t;
  }
}
