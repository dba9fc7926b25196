/** Timing helpers: medians, garbage collection between measurements, formatting. */
import { PerformanceObserver, performance } from 'node:perf_hooks';

const gcFn = (globalThis as { gc?: () => void }).gc;

/** True when node runs with --expose-gc, so measurements start from a collected heap. */
export const gcAvailable = typeof gcFn === 'function';

export function collect(): void {
  if (gcFn) gcFn();
}

export interface Timed<T> {
  ms: number;
  start: number;
  end: number;
  value: T;
}

/** Milliseconds `fn` takes, after a collection. */
export function time<T>(fn: () => T): Timed<T> {
  collect();
  const start = performance.now();
  const value = fn();
  const end = performance.now();
  return { ms: end - start, start, end, value };
}

// Garbage-collection pauses, as node reports them (delivered asynchronously: call `gcSettled` first).
const gcPauses: { start: number; duration: number }[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, duration: e.duration });
});
gcObserver.observe({ entryTypes: ['gc'] });

/** Lets pending gc entries reach the observer. */
export function gcSettled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Milliseconds of gc pauses that started inside [start, end). */
export function gcWithin(start: number, end: number): number {
  let total = 0;
  for (const p of gcPauses) if (p.start >= start && p.start < end) total += p.duration;
  return total;
}

export function stopGcObserver(): void {
  gcObserver.disconnect();
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The baseline: one regex tokenisation pass over the text (strings, words, numbers, any other visible
 * character), counting tokens. What a parser cannot be faster than by much.
 */
export function regexTokens(text: string): number {
  const re = /"[^"\n]*"|[A-Za-z_][\w-]*|\d+|\S/g;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

export const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + ' ms';
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 1e6 ? 3 : 2)} MB`;
export const ratio = (x: number): string => `${x.toFixed(2)}×`;
export const verdict = (value: number, goal: number): string => (value <= goal ? 'PASS' : 'MISS');

/** Left-aligned columns for a plain-text table. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}
