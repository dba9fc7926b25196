/**
 * A state of the explored system, as plain data: every running instance's position, every mailbox's queue
 * and holder, what is due on the clock (timers, call timeouts, retries, redeliveries, timed triggers), the
 * flow's facts, what idempotent consumers handled, the events published so far (expectations and
 * properties are read off them), the faults spent and the steps taken. Successors are copies (`copy`);
 * `keyOf` is the canonical form the visited set hashes.
 */
import { createHash } from 'node:crypto';
import type { Position } from './control.js';

export type Item =
  | { m: 'trigger'; id: string; plan: number; from: string }
  | { m: 'event'; id: string; event: string; plan: number; from: string; copy?: number; attempt?: number }
  | { m: 'timer'; id: string; event: string; plan: number }
  | { m: 'request'; id: string; inst: string; ask: number; from: string; copy?: number }
  | { m: 'reply'; id: string; inst: string; ask: number; from: string; copy?: number }
  /** An instance's next step, handed over from another participant (it waits its turn). */
  | { m: 'work'; inst: string };

/**
 * Instances and messages are named by what caused them (`t0/3`: plan 3 started by trigger 0; `t0/3.2`: the
 * message its step 2 sent), not numbered in the order things happened: two orders of independent steps then
 * reach the very same state, and the visited set sees it once.
 */
export interface Inst {
  id: string;
  plan: number;
  pos: Position;
  /** Asks steps whose reply the instance waits for, innermost last. */
  open: number[];
  /** Attempts made, per asks step with a call policy (absent: 1). */
  attempts?: Record<number, number>;
  /** The event delivery that started it, redelivered if a crash interrupts it before it ends (unacknowledged). */
  origin?: { to: string; item: Item & { m: 'event' } };
}

export type Due =
  | { t: 'timer'; due: number; id: string; event: string; at: string }
  | { t: 'timeout'; due: number; inst: string; ask: number }
  | { t: 'retry'; due: number; inst: string; ask: number }
  | { t: 'redeliver'; due: number; to: string; item: Item }
  | { t: 'trigger'; due: number; until?: number; position: number };

export interface State {
  now: number;
  insts: Inst[];
  /** Participant id → queued items (absent when empty). */
  queues: Record<string, Item[]>;
  /** Participant id → the instance whose handler holds its mailbox. */
  holders: Record<string, string>;
  /** What the clock will bring, ordered by due time, then canonically. */
  dues: Due[];
  /** Script position of the next trigger performed once the flow is idle. */
  next: number;
  facts: Record<string, string>;
  /** Idempotent consumers (`participant scenario`) that handled their event. */
  handled: string[];
  /** Event deliveries handled by a consumer that is not idempotent: `plan:message id`. */
  processed: string[];
  /** Published events and fired timers that some check reads, in order, with their times. */
  history: [string, number][];
  faults: number;
  steps: number;
}

export function copy(s: State): State {
  const queues: Record<string, Item[]> = {};
  for (const k in s.queues) queues[k] = s.queues[k]!.slice();
  return {
    now: s.now,
    insts: s.insts.map((i) => ({ ...i, open: i.open.slice(), ...(i.attempts ? { attempts: { ...i.attempts } } : {}) })),
    queues,
    holders: { ...s.holders },
    dues: s.dues.slice(),
    next: s.next,
    facts: { ...s.facts },
    handled: s.handled.slice(),
    processed: s.processed.slice(),
    history: s.history.slice(),
    faults: s.faults,
    steps: s.steps,
  };
}

/**
 * The canonical form of a state, hashed: two states with the same form behave the same from there on.
 * Objects are built in one key order and collections kept sorted where order carries no meaning, so
 * JSON is canonical. The step count is left out (it only bounds event loops).
 */
export function keyOf(s: State): string {
  const form = [s.now, s.insts, sorted(s.queues), sorted(s.holders), s.dues, s.next, sorted(s.facts), [...s.handled].sort(), [...s.processed].sort(), s.history, s.faults];
  return createHash('sha1').update(JSON.stringify(form)).digest('base64');
}

function sorted<T>(o: Record<string, T>): [string, T][] {
  return Object.keys(o)
    .sort()
    .map((k) => [k, o[k]!]);
}
