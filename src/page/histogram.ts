/**
 * A latency histogram as inline SVG: end-to-end latencies of completed flows, in about ten bins of a round
 * width. Deterministic (same latencies, same bytes), no script, no external resource.
 */
import { escapeHtml } from '../text/escape.js';

const WIDTH = 560;
const HEIGHT = 180;
const LEFT = 44;
const BOTTOM = 34;
const TOP = 10;

export function histogramSvg(latencies: readonly number[]): string {
  const values = latencies.filter((v) => Number.isFinite(v) && v >= 0);
  if (values.length === 0) return '<p class="empty">No flow completed: no latency to show.</p>';
  const min = Math.min(...values);
  const max = Math.max(...values);
  // A spread of at least a fifth of the largest value, so one latency shows as a bar, not a wall.
  const width = binWidth(Math.max(max - min, max / 5, 10));
  const first = Math.floor(min / width) * width;
  const used = Math.floor((max - first) / width) + 1;
  // At least six bins, centred on the values.
  const pad = Math.max(0, 6 - used);
  const start = Math.max(0, first - Math.floor(pad / 2) * width);
  const count = Math.floor((max - start) / width) + 1 + Math.ceil(pad / 2);
  const bins = new Array<number>(count).fill(0);
  for (const v of values) bins[Math.min(count - 1, Math.floor((v - start) / width))]!++;
  const most = Math.max(...bins);
  const plotW = WIDTH - LEFT - 28;
  const plotH = HEIGHT - TOP - BOTTOM;
  const barW = plotW / count;
  const parts: string[] = [];
  bins.forEach((n, i) => {
    const h = (n / most) * plotH;
    const x = LEFT + i * barW;
    const label = `${formatMs(start + i * width)} to ${formatMs(start + (i + 1) * width)}: ${n} flow${n === 1 ? '' : 's'}`;
    parts.push(`<rect class="bar" x="${fixed(x + 1)}" y="${fixed(TOP + plotH - h)}" width="${fixed(Math.max(1, barW - 2))}" height="${fixed(h)}"><title>${escapeHtml(label)}</title></rect>`);
  });
  const step = Math.max(1, Math.ceil(count / 8));
  for (let i = 0; i <= count; i += step) {
    parts.push(`<text x="${fixed(LEFT + i * barW)}" y="${HEIGHT - BOTTOM + 14}" text-anchor="middle">${escapeHtml(formatMs(start + i * width))}</text>`);
  }
  parts.push(`<text x="${LEFT - 6}" y="${TOP + 9}" text-anchor="end">${most}</text>`, `<text x="${LEFT - 6}" y="${TOP + plotH}" text-anchor="end">0</text>`);
  parts.push(`<line class="axis" x1="${LEFT}" y1="${TOP + plotH}" x2="${LEFT + plotW}" y2="${TOP + plotH}"/>`);
  parts.push(`<text x="${LEFT + plotW / 2}" y="${HEIGHT - 4}" text-anchor="middle">end-to-end latency (virtual time), ${values.length} flow${values.length === 1 ? '' : 's'}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="latency histogram">${parts.join('')}</svg>`;
}

/** A round bin width (1, 2 or 5 times a power of ten ms) giving at most about ten bins. */
function binWidth(range: number): number {
  if (range <= 0) return 1;
  const raw = range / 10;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return Math.max(1, m * power);
  return Math.max(1, 10 * power);
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${trim(ms / 1000)}s`;
  if (ms < 3_600_000) return `${trim(ms / 60_000)}m`;
  return `${trim(ms / 3_600_000)}h`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(2)));
}

function fixed(n: number): string {
  return String(Number(n.toFixed(2)));
}
