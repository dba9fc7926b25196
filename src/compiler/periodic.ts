/**
 * Periodic triggers the simulator and craft gen can run: a cron expression is checked with the library the
 * simulator evaluates it with (cron-parser, in UTC, from virtual time 0), a period must be a finite duration
 * greater than zero. cron-parser takes tens of milliseconds to load, so it is required on the first cron
 * trigger only: `craft check` on a model without one never loads it (compile is synchronous, hence require).
 */
import { createRequire } from 'node:module';
import type * as CronParser from 'cron-parser';

/** What the language allows in a field; cron-parser then checks the values (ranges, steps, names). */
const cronField = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$|^[A-Za-z]{3}(-[A-Za-z]{3})?$/;

/** The simulator's virtual time 0 (src/simulator/clock.ts), where it computes the first firing from. */
const simulationEpoch = Date.UTC(2026, 0, 1);

let parser: typeof CronParser.CronExpressionParser | undefined;

function cronParser(): typeof CronParser.CronExpressionParser {
  if (!parser) {
    const library: typeof CronParser = createRequire(import.meta.url)('cron-parser');
    parser = library.CronExpressionParser;
  }
  return parser;
}

/** Why `expression` is not a cron expression craft can run, or undefined when it is one. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 || !fields.every((f) => cronField.test(f))) return 'five fields: minute hour day-of-month month day-of-week';
  try {
    // As the simulator does: parse, then the first firing (an expression that never fires throws here).
    cronParser().parse(expression, { currentDate: new Date(simulationEpoch), tz: 'UTC' }).next();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Why a period of `ms` cannot drive a periodic trigger, or undefined when it can. */
export function periodProblem(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return 'it is too long to be a period';
  if (!(ms > 0)) return 'a periodic trigger needs a period greater than zero';
  return undefined;
}
