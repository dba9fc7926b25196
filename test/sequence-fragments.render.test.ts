/**
 * The behaviour goldens in Chromium: the `alt` / `else` / `opt` / `break` fragments render, and their labels
 * (conditions, derived `else` tests, timeouts: hostile text included) arrive decoded, as written in the model.
 * render.test.ts renders every golden and checks message and note labels; this checks the fragment labels it
 * does not read. Mermaid wraps fragment labels to the fragment's width (breaking long words with a hyphen),
 * so the comparison ignores line breaks. Skipped without a browser, unless CRAFT_REQUIRE_BROWSER=1 (CI), where that is a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { findChromium, NO_BROWSER_HINT } from '../src/render/browser.js';
import { Renderer } from '../src/render/index.js';

const goldenDir = new URL('./golden/diagrams/', import.meta.url);
const goldens = readdirSync(goldenDir).filter((f) => f.startsWith('behaviour-sequence-') && f.endsWith('.mmd')).sort();
const golden = (name: string) => readFileSync(new URL(name, goldenDir), 'utf8');
const chromium = findChromium();

if (!chromium && process.env['CRAFT_REQUIRE_BROWSER'] === '1') {
  it('finds Chromium (CRAFT_REQUIRE_BROWSER=1)', () => {
    throw new Error(`CRAFT_REQUIRE_BROWSER=1 but no Chromium found: ${NO_BROWSER_HINT}`);
  });
}

it('has behaviour goldens to render', () => {
  expect(goldens).toEqual(['behaviour-sequence-order-placement.mmd', 'behaviour-sequence-restock-now.mmd']);
});

describe.skipIf(!chromium)('sequence fragments in Chromium', () => {
  let renderer: Renderer;
  beforeAll(async () => {
    renderer = await Renderer.open();
  });
  afterAll(async () => {
    await renderer?.close();
  });

  it.each(goldens)('%s renders every fragment label', async (file) => {
    const text = golden(file);
    const result = await renderer.svg(file.replace(/\.mmd$/, ''), text);
    if (!result.ok) throw new Error(`mermaid rejected ${file}: ${result.error}`);
    expect(result.svg).not.toMatch(/<script/i);
    const shown = squash(visibleText(result.svg));
    const labels = fragmentLabels(text);
    expect(labels.length).toBeGreaterThan(2);
    for (const l of labels) expect(shown, `fragment label ${JSON.stringify(l)}`).toContain(squash(l));
  });

  it('shows hostile conditions and outcomes as written', async () => {
    const result = await renderer.svg('restock', golden('behaviour-sequence-restock-now.mmd'));
    if (!result.ok) throw new Error(result.error);
    const shown = squash(visibleText(result.svg));
    expect(shown).toContain(squash('stock #level is ok; fine'));
    expect(shown).toContain(squash('stock #level is <none> %% or "wrap:x"'));
    expect(shown).toContain(squash('timeout after 1m'));
  });
});

/** The labels of `alt`, `else`, `opt` and `break` lines, decoded the way mermaid decodes them. */
function fragmentLabels(mmd: string): string[] {
  const out: string[] = [];
  for (const line of mmd.split('\n')) {
    const m = /^\s*(?:alt|else|opt|break) (.+)$/.exec(line);
    if (m) out.push(m[1]!.replace(/#(\d+);/g, (_x, n: string) => String.fromCodePoint(Number(n))));
  }
  return out;
}

/** The text of an SVG; a hyphen mermaid adds where it breaks a long word across lines is dropped. */
function visibleText(svg: string): string {
  return svg
    .replace(/-(?=<\/(?:tspan|text)>)/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos|nbsp);/gi, (_m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[e.toLowerCase()]!,
    );
}

/** Whitespace-insensitive: mermaid wraps long labels. */
function squash(text: string): string {
  return text.replace(/[\s\u2060]+/g, '');
}
