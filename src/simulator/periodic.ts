/** When periodic triggers fire on the virtual clock: `every "24h"`, `CRON runs daily`, `cron "0 2 * * *"`. */
import { CronExpressionParser } from 'cron-parser';
import type { Periodic, Trigger } from '../compiler/model.js';
import { EPOCH_MS } from './clock.js';

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

/** The schedule of a trigger, if it has one (a periodic trigger, or an external one such as `CRON runs daily`). */
export function scheduleOf(trigger: Trigger): Periodic | undefined {
  if (trigger.kind === 'periodic') return trigger.schedule;
  if (trigger.kind === 'external') return trigger.schedule;
  return undefined;
}

/** Cron expressions are read on dates; a year before the end of the Date range, a cron never fires again. */
const LAST_CRON_MS = 8.64e15 - 366 * 86_400_000;

/**
 * The first firing strictly after virtual time `after` (Infinity: never). `every` schedules fire at whole
 * multiples of their period from the epoch; cron expressions are evaluated in UTC from the epoch
 * (2026-01-01T00:00:00Z), up to the end of the dates JavaScript can represent (huge timers get there).
 */
export function nextFiring(schedule: Periodic, after: number): number {
  if (schedule.cron !== undefined) {
    if (!(EPOCH_MS + after < LAST_CRON_MS)) return Infinity;
    let next: number;
    try {
      const it = CronExpressionParser.parse(schedule.cron, { currentDate: new Date(EPOCH_MS + after), tz: 'UTC' });
      next = it.next().getTime() - EPOCH_MS;
    } catch (e) {
      throw new ScheduleError(`cron "${schedule.cron}": ${e instanceof Error ? e.message : String(e)}`);
    }
    return next;
  }
  const every = schedule.everyMs;
  if (every === undefined || !(every > 0)) throw new ScheduleError('a periodic trigger without a period');
  return (Math.floor(after / every) + 1) * every;
}
