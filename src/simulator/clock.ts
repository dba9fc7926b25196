/**
 * Virtual time. The clock is xstate's `SimulatedClock`, so the scenario machines' delayed transitions (reply
 * timeouts) and the flows' timers run on the same virtual milliseconds as everything else. The engine's
 * agenda drives it: every timeout set on the clock also puts a wake-up on the agenda (withdrawn when the
 * timeout is cleared), and the run loop moves the clock forward (`set`) to the time of each task, which fires
 * the timeouts due by then.
 */
import { SimulatedClock } from 'xstate';
import type { Agenda, Task } from './agenda.js';

/** Virtual time 0: 2026-01-01T00:00:00Z. Cron expressions are evaluated (in UTC) from this instant. */
export const EPOCH_MS = Date.UTC(2026, 0, 1);

class Wake implements Task {
  cancelled = false;
  constructor(private readonly clock: VirtualClock) {}
  run(now: number): void {
    this.clock.set(now);
  }
}

export class VirtualClock extends SimulatedClock {
  private readonly wakes = new Map<number, Wake>();

  constructor(private readonly agenda: Agenda) {
    super();
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
