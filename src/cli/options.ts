/**
 * Options several commands share (the files argument, --force, --name) and the checks of option values:
 * paths are never empty, numbers are whole and within bounds, durations are durations within bounds.
 */
import { formatDuration, parseDurationOption } from '../text/duration.js';
import { UsageError } from './exit.js';

export const filesArgument = ['[files...]', 'files or directories (default: every *.craft below the working directory)'] as const;

/** For repeatable options: each value is added to the list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A path option's value: an empty one would silently mean the working directory, so it is an error. */
export function nonEmptyPath(value: string, option: string): string {
  if (value === '') throw new UsageError(`${option}: the path is empty (use . for the working directory)`);
  return value;
}

/** A whole number option in [min, max]: digits only, so `1e3`, `0x10`, `-1` and `''` are errors. */
export function wholeNumber(text: string, option: string, min: number, max: number): number {
  const trimmed = text.trim();
  const n = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${option}: expected a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** The longest duration option: ten years of virtual time. */
export const maxDurationMs = 3650 * 86_400_000;

/** A duration option (`500ms`, `1s`, `5m`, `24h`, `1d`, or milliseconds) of at most `maxDurationMs`. */
export function durationOption(text: string, option: string): number {
  const ms = parseDurationOption(text);
  if (ms === undefined) throw new UsageError(`${option}: "${text}" is not a duration (e.g. 500ms, 1s, 5m, 24h)`);
  if (!Number.isFinite(ms) || ms > maxDurationMs) throw new UsageError(`${option}: expected a duration from 0ms to ${formatDuration(maxDurationMs)}, got "${text}"`);
  return ms;
}
