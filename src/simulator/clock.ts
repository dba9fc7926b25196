/**
 * Virtual time. The clock is xstate's `SimulatedClock`, so the scenario machines' delayed transitions (reply
 * timeouts) and the flows' timers run on the same virtual milliseconds as everything else. The engine's
 * agenda drives it: the run loop moves the clock's time to each task's (`advance`); every timeout set on the
 * clock also puts a wake-up on the agenda at its due time (withdrawn when the timeout is cleared), which fires
 * it (`SimulatedClock.set`). So the clock only looks through its timeouts when one is due, however many are
 * pending.
 */
import { SimulatedClock } from 'xstate';
import type { Agenda, Task } from '../plan/agenda.js';

/** Virtual time 0: 2026-01-01T00:00:00Z. Cron expressions are evaluated (in UTC) from this instant. */
export const EPOCH_MS = Date.UTC(2026, 0, 1);

class Wake implements Task {
  cancelled = false;
  constructor(private readonly clock: VirtualClock) {}
  run(now: number): void {
    this.clock.fire(now);
  }
}

export class VirtualClock extends SimulatedClock {
  private readonly wakes = new Map<number, Wake>();
  private current = 0;

  constructor(private readonly agenda: Agenda) {
    super();
  }

  override now(): number {
    return this.current;
  }

  /** Moves time forward to `time` without looking at the timeouts (none is due before its wake-up). */
  advance(time: number): void {
    if (time < this.current) throw new Error(`virtual time cannot go back (${time} < ${this.current})`);
    this.current = time;
  }

  /** Fires the timeouts due at `time`. */
  fire(time: number): void {
    this.advance(time);
    this.set(time);
  }

  override setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    let id = -1;
    const fire = (...args: unknown[]): void => {
      this.wakes.delete(id);
      fn(...args);
    };
    id = super.setTimeout(fire, timeout);
    if (Number.isFinite(timeout)) {
      const wake = new Wake(this);
      this.wakes.set(id, wake);
      this.agenda.schedule(this.now() + Math.max(0, timeout), wake);
    }
    return id;
  }

  override clearTimeout(id: number): void {
    super.clearTimeout(id);
    const wake = this.wakes.get(id);
    if (wake) {
      wake.cancelled = true;
      this.wakes.delete(id);
    }
  }

  /** Timeouts set and not yet fired or cleared. */
  get pending(): number {
    return this.wakes.size;
  }
}
