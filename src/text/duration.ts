/**
 * Durations as craft writes them (`500ms`, `20s`, `5m`, `24h`, `1d`, and sums such as `1h30m`), parsed to and
 * formatted from milliseconds. The parser reads them in the language; the simulator reads them in options
 * and prints them in timelines.
 */
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/** Milliseconds, or undefined when the text is not a craft duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t.length === 0) return undefined;
  let total = 0;
  part.lastIndex = 0;
  while (part.lastIndex < t.length) {
    const at = part.lastIndex;
    const m = part.exec(t);
    if (!m || m.index !== at) return undefined;
    total += Number(m[1]) * unitMs[m[2]!]!;
  }
  return total;
}

/** An option value: a craft duration, or a bare number taken as milliseconds. */
export function parseDurationOption(text: string): number | undefined {
  const t = text.trim();
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : parseDuration(t);
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
