/** Durations as craft writes them (`500ms`, `20s`, `5m`, `24h`, `1d`, sums such as `1h30m`), in virtual ms. */
import { parseDuration as parseCraftDuration } from '../parser/duration.js';

/** Milliseconds, or undefined when the text is not a duration. A bare number (an option value) is taken as milliseconds. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : parseCraftDuration(t);
}

/** `1d 02:00:00.000` style, for timelines: fixed width below a day, so columns line up. */
export function formatTime(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = Math.round(rest - s * 1000);
  const clock = `${pad(h)}:${pad(m)}:${pad(s)}.${String(milli).padStart(3, '0')}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** The shortest exact spelling: `1.5s`, `5m`, `120ms`, `1d`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0ms';
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  for (const [unit, size] of units) if (ms >= size && Number.isInteger((ms / size) * 1000)) return `${+(ms / size).toFixed(3)}${unit}`;
  return `${+ms.toFixed(3)}ms`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
