/** Durations of the craft extensions: `500ms`, `20s`, `5m`, `24h`, `1d`, and sums such as `1h30m`. */
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

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
