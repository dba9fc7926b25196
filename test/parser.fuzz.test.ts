/**
 * Property / fuzz tests for the parser: seeds from the conformance corpus and the examples, mutated by
 * fast-check arbitraries. For every mutated input:
 *   1. `parse` never throws;
 *   2. every diagnostic range (and every AST node span) is valid and its line/column agree with its
 *      offsets (UTF-16 columns; a line ends at \n, \r\n or \r);
 *   3. no silent loss: every skipped token lies inside the range of an error diagnostic;
 *   4. time is linear in the input (k copies of a seed cost about k times one copy; a 1 MB line is fast).
 * Plus deterministic regressions: the corpus parses without errors, and parsing is deterministic.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parse, type ParseResult } from '../src/parser/parse.js';

// ───────────────────────────── seeds ─────────────────────────────

interface Seed {
  name: string;
  text: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.craft')) out.push(p);
  }
  return out;
}

const conformanceDir = fileURLToPath(new URL('../../shared/conformance/craft', import.meta.url));
const corpusDir = join(conformanceDir, 'corpus');
const examplesDir = fileURLToPath(new URL('../examples', import.meta.url));

const seedPaths = [...walk(conformanceDir), ...walk(examplesDir)].sort();
const corpusPaths = walk(corpusDir).sort();
const seeds: Seed[] = seedPaths.map((p) => ({ name: p, text: readFileSync(p, 'utf8') }));

/** `CRAFT_FUZZ_SCALE=20 npx vitest run test/parser.fuzz.test.ts` runs 20 times as many cases (for a longer hunt). */
const SCALE = Math.max(1, Number(process.env['CRAFT_FUZZ_SCALE'] ?? 1) || 1);
const runs = (n: number) => Math.round(n * SCALE);
const slow = { timeout: 30_000 * SCALE };

// ───────────────────────────── checks ─────────────────────────────

/** Offsets where lines start (UTF-16 indices); a line ends at \n, \r\n or \r. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionAt(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

function describeInput(text: string): string {
  return text.length <= 400 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, 200))}… (${text.length} chars)`;
}

/** Properties 1-3 for one input; throws (with the failing property named) when one does not hold. */
function checkParse(text: string): ParseResult {
  let result: ParseResult;
  try {
    result = parse(text, 'fuzz.craft');
  } catch (e) {
    throw new Error(`property 1 (never throws) failed for ${describeInput(text)}: ${(e as Error).stack ?? e}`);
  }
  const starts = lineStarts(text);
  for (const d of result.diagnostics) {
    const { start, end } = d.range;
    const where = `property 2 (valid range) failed for ${describeInput(text)}: ${JSON.stringify(d)}`;
    const ints = [start.line, start.column, start.offset, end.line, end.column, end.offset];
    if (!ints.every((n) => Number.isInteger(n))) throw new Error(`${where}: non-integer position`);
    if (start.line < 1 || start.column < 1 || end.line < 1 || end.column < 1) throw new Error(`${where}: line/column < 1`);
    if (!(0 <= start.offset && start.offset <= end.offset && end.offset <= text.length)) throw new Error(`${where}: offsets out of order or out of the text`);
    if (start.line > end.line || (start.line === end.line && start.column > end.column)) throw new Error(`${where}: start after end`);
    const s = positionAt(starts, start.offset);
    const e = positionAt(starts, end.offset);
    if (s.line !== start.line || s.column !== start.column) {
      throw new Error(`${where}: start line/column ${start.line}:${start.column} but offset ${start.offset} is at ${s.line}:${s.column}`);
    }
    if (e.line !== end.line || e.column !== end.column) {
      throw new Error(`${where}: end line/column ${end.line}:${end.column} but offset ${end.offset} is at ${e.line}:${e.column}`);
    }
  }
  const seen = new Set<string>();
  for (const d of result.diagnostics) {
    const key = JSON.stringify([d.code, d.range.start.offset, d.range.end.offset, d.message]);
    if (seen.has(key)) throw new Error(`property 2 (each problem reported once) failed for ${describeInput(text)}: ${key} is reported twice`);
    seen.add(key);
  }
  // The same holds for every source span in the AST (nodes carry { file, start, end }).
  const stack: unknown[] = [result.document];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === null || typeof x !== 'object') continue;
    const o = x as Record<string, unknown>;
    const sp = o as { start?: { line: number; column: number; offset: number }; end?: { line: number; column: number; offset: number } };
    if (sp.start && sp.end && typeof sp.start === 'object' && typeof sp.start.offset === 'number' && typeof sp.end.offset === 'number') {
      const a = positionAt(starts, sp.start.offset);
      const b = positionAt(starts, sp.end.offset);
      const ok =
        0 <= sp.start.offset && sp.start.offset <= sp.end.offset && sp.end.offset <= text.length &&
        a.line === sp.start.line && a.column === sp.start.column && b.line === sp.end.line && b.column === sp.end.column;
      if (!ok) throw new Error(`property 2 (valid AST span) failed for ${describeInput(text)}: ${JSON.stringify(sp)}; offsets are at ${JSON.stringify([a, b])}`);
    }
    for (const v of Object.values(o)) if (v !== null && typeof v === 'object') stack.push(v);
  }
  // Error ranges sorted by start, with the running maximum of their ends: a token [from, to) is covered
  // iff some range starting at or before `from` reaches `to` (linear-ish even with 10k diagnostics).
  const errors = result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => [d.range.start.offset, d.range.end.offset] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const maxEnd: number[] = [];
  for (const [, e] of errors) maxEnd.push(Math.max(e, maxEnd[maxEnd.length - 1] ?? -1));
  for (const t of result.skipped) {
    const from = t.startOffset;
    const to = t.endOffset! + 1;
    let lo = 0;
    let hi = errors.length; // first index whose start > from
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (errors[mid]![0] <= from) lo = mid + 1;
      else hi = mid;
    }
    const covered = lo > 0 && maxEnd[lo - 1]! >= to;
    if (!covered) {
      throw new Error(
        `property 3 (no silent loss) failed for ${describeInput(text)}: skipped token ${JSON.stringify(t.image)} at [${from}, ${to}) ` +
          `is inside no error range; error ranges: ${JSON.stringify(errors.slice(0, 20))}`,
      );
    }
  }
  return result;
}

// ───────────────────────────── mutations ─────────────────────────────

type Mutation = (text: string) => string;

/** Positions are drawn as naturals and reduced modulo the text length, so they shrink towards the start. */
const pos = fc.nat({ max: 1 << 20 });
const at = (n: number, text: string) => n % (text.length + 1);

const keywords = [
  'actors', 'actor', 'domains', 'domain', 'services', 'use_case', 'arch', 'exposure', 'context_map', 'glossary',
  'events', 'event', 'when', 'listens', 'asks', 'returns', 'notifies', 'schedules', 'cancels', 'tags', 'to', 'for',
  'or', 'in', 'every', 'cron', 'contexts:', 'domains:', 'of:', 'through:', 'language:', 'data-stores:',
];

/** Small pieces that stress the lexer and recovery. */
const nasty = fc.constantFrom(
  '"', '{', '}', '[', ']', '(', ')', '/*', '*/', '//', '\r', '\n', '\r\n', '\t', '\0', '\uD800', '\uDFFF', '\uFEFF',
  '\u2028', '\u00A0', '😀', 'é', ':', ',', '.', '-', '/', '?', '>', '\\', ' ', '0', '20s', '1.5', '[POST /v1/x]',
  ...keywords.map((k) => ` ${k} `), ...keywords.map((k) => `\n${k} `), '\nwhen ', '\n}\n', '{\n', 'a.b', 're/billing',
  ' asks B to do [GET /x', ' notifies "E', ' returns to ', ' schedules T in ', ' cancels ', ' or ', ' tags { k: v, ',
);

const insertion: fc.Arbitrary<string> = fc.oneof(
  nasty,
  fc.array(nasty, { minLength: 1, maxLength: 8 }).map((a) => a.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }), // any code point, including astral ones
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 6 }).map((a) => String.fromCharCode(...a)), // lone surrogates, NUL, controls
  fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => Buffer.from(b).toString('latin1')), // random bytes
);

const deleteSlice: fc.Arbitrary<Mutation> = fc
  .record({ p: pos, len: fc.integer({ min: 1, max: 300 }) })
  .map(({ p, len }) => Object.assign((t: string) => { const i = at(p, t); return t.slice(0, i) + t.slice(i + len); }, { toString: () => `deleteSlice(${p}, ${len})` }));

const duplicateSlice: fc.Arbitrary<Mutation> = fc
  .record({ p: pos, len: fc.integer({ min: 1, max: 300 }), to: pos })
  .map(({ p, len, to }) =>
    Object.assign(
      (t: string) => { const i = at(p, t); const slice = t.slice(i, i + len); const j = at(to, t); return t.slice(0, j) + slice + t.slice(j); },
      { toString: () => `duplicateSlice(${p}, ${len}, ${to})` },
    ),
  );

const swapTokens: fc.Arbitrary<Mutation> = fc.record({ a: fc.nat(), b: fc.nat() }).map(({ a, b }) =>
  Object.assign(
    (t: string) => {
      const parts = t.split(/(\s+)/); // odd indices are whitespace
      const words = parts.map((_, i) => i).filter((i) => i % 2 === 0 && parts[i] !== '');
      if (words.length < 2) return t;
      const i = words[a % words.length]!;
      const j = words[b % words.length]!;
      [parts[i], parts[j]] = [parts[j]!, parts[i]!];
      return parts.join('');
    },
    { toString: () => `swapTokens(${a}, ${b})` },
  ),
);

const insert: fc.Arbitrary<Mutation> = fc.record({ p: pos, s: insertion }).map(({ p, s }) =>
  Object.assign((t: string) => { const i = at(p, t); return t.slice(0, i) + s + t.slice(i); }, { toString: () => `insert(${p}, ${JSON.stringify(s)})` }),
);

/** Drop the n-th `{` or `}`, or add one at a random place. */
const unbalance: fc.Arbitrary<Mutation> = fc
  .record({ brace: fc.constantFrom('{', '}'), drop: fc.boolean(), n: fc.nat(), p: pos })
  .map(({ brace, drop, n, p }) =>
    Object.assign(
      (t: string) => {
        if (!drop) { const i = at(p, t); return t.slice(0, i) + brace + t.slice(i); }
        const idx: number[] = [];
        for (let i = t.indexOf(brace); i >= 0; i = t.indexOf(brace, i + 1)) idx.push(i);
        if (idx.length === 0) return t;
        const i = idx[n % idx.length]!;
        return t.slice(0, i) + t.slice(i + 1);
      },
      { toString: () => `${drop ? 'drop' : 'add'}(${JSON.stringify(brace)}, ${drop ? n : p})` },
    ),
  );

/** Cut the text at a random place (what an editor sends while the user types). */
const truncate: fc.Arbitrary<Mutation> = pos.map((p) =>
  Object.assign((t: string) => t.slice(0, at(p, t)), { toString: () => `truncate(${p})` }),
);

/** Convert every line end to \r\n or to a lone \r (columns and lines must still agree with offsets). */
const lineEnds: fc.Arbitrary<Mutation> = fc.constantFrom('\r\n', '\r').map((eol) =>
  Object.assign((t: string) => t.replace(/\r\n|\r|\n/g, eol), { toString: () => `lineEnds(${JSON.stringify(eol)})` }),
);

const smallMutation = fc.oneof(deleteSlice, duplicateSlice, swapTokens, insert, insert, unbalance, unbalance, truncate, lineEnds);

/** A huge line: ~200k characters of a word, of words, or of punctuation, inserted somewhere. */
const hugeLine: fc.Arbitrary<Mutation> = fc
  .record({ p: pos, unit: fc.constantFrom('x', 'word ', 'asks ', '{', '}', ',', ':', '.', '"', '[', '/*', '//', '-', '😀', 'a.b.'), size: fc.integer({ min: 100_000, max: 200_000 }) })
  .map(({ p, unit, size }) =>
    Object.assign(
      (t: string) => { const i = at(p, t); return t.slice(0, i) + unit.repeat(Math.ceil(size / unit.length)) + t.slice(i); },
      { toString: () => `hugeLine(${p}, ${JSON.stringify(unit)} x ${size})` },
    ),
  );

/** Deep nesting: `{` repeated, or `domain D {` nested, inserted somewhere. */
const deepNesting: fc.Arbitrary<Mutation> = fc
  .record({ p: pos, unit: fc.constantFrom('{', '{\n', 'domain D {', 'domain D {\n', 'domains {\n', 'services { S {\n', '[', 'x {'), depth: fc.integer({ min: 1000, max: 10_000 }), close: fc.boolean() })
  .map(({ p, unit, depth, close }) =>
    Object.assign(
      (t: string) => {
        const i = at(p, t);
        return t.slice(0, i) + unit.repeat(depth) + (close ? '}'.repeat(depth) : '') + t.slice(i);
      },
      { toString: () => `deepNesting(${p}, ${JSON.stringify(unit)} x ${depth}${close ? ', closed' : ''})` },
    ),
  );

const seedIndex = fc.nat({ max: Math.max(0, seeds.length - 1) });

function mutated(mutations: fc.Arbitrary<Mutation[]>): fc.Arbitrary<{ seed: string; ms: Mutation[]; text: string }> {
  return fc.tuple(seedIndex, mutations).map(([i, ms]) => {
    const seed = seeds[i]!;
    const text = ms.reduce((t, m) => m(t), seed.text);
    // Counterexamples print the seed, the mutations and the text (abbreviated when huge), not 200k characters.
    return { seed: seed.name, ms, text, [fc.toStringMethod]: () => `${seed.name} with ${ms.map(String).join(', ')}: ${describeInput(text)}` };
  });
}

// ───────────────────────────── timing ─────────────────────────────

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Median time of parsing `text` (ms); each sample parses it `batch` times, divided back. */
function timeParse(text: string, reps: number, batch = 1): number {
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let b = 0; b < batch; b++) parse(text, 'timing.craft');
    samples.push((performance.now() - t0) / batch);
  }
  return median(samples);
}

/** Time of k=20 copies divided by the time of one copy (after warm-up). */
function scalingRatio(text: string): { one: number; twenty: number; ratio: number } {
  const one = text;
  const twenty = Array.from({ length: 20 }, () => text).join('\n');
  for (let w = 0; w < 5; w++) { parse(one, 'w.craft'); parse(twenty, 'w.craft'); }
  // One copy is tiny: time it in batches of 20 so that timer resolution and fixed costs do not dominate.
  const tOne = timeParse(one, 7, 20);
  const tTwenty = timeParse(twenty, 7);
  return { one: tOne, twenty: tTwenty, ratio: tTwenty / Math.max(tOne, 1e-3) };
}

const LINEAR_BOUND = 40;

/** The scaling ratio, measured again when over the bound: one slow sample on a loaded machine is noise, a blow-up is not. */
function robustScaling(text: string): { one: number; twenty: number; ratio: number } {
  // Up to four measurements, the best kept: a quadratic blow-up is 20x over the bound every time.
  let best = scalingRatio(text);
  for (let attempt = 1; attempt < 4 && best.ratio > LINEAR_BOUND; attempt++) {
    const again = scalingRatio(text);
    if (again.ratio < best.ratio) best = again;
  }
  return best;
}

// ───────────────────────────── tests ─────────────────────────────

describe('parser fuzz: seeds', () => {
  it('finds the seed files (no vacuous walk)', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(80);
    expect(corpusPaths.length).toBeGreaterThanOrEqual(40);
    expect(seeds.some((s) => s.name.includes(`${join('craft', 'broken')}`))).toBe(true);
    expect(seeds.some((s) => s.name.startsWith(examplesDir))).toBe(true);
  });

  it('every seed satisfies properties 1-3 unmutated', () => {
    for (const s of seeds) checkParse(s.text);
  });
});

describe('parser fuzz: properties 1-3 on mutated seeds', slow, () => {
  it('small mutations (delete, duplicate, swap, insert, unbalance braces)', () => {
    fc.assert(
      fc.property(mutated(fc.array(smallMutation, { minLength: 1, maxLength: 5 })), ({ text }) => {
        checkParse(text);
      }),
      { numRuns: runs(1500) },
    );
  });

  it('random text from nasty pieces and keywords (no seed)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(insertion, fc.constantFrom(...keywords, 'X', 'Y', '"E"', 'a.B')), fc.constantFrom(' ', '\n', '', '\r\n', '  ')), { maxLength: 40 }).map((a) => a.flat().join('')), (text) => {
        checkParse(text);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('huge lines', () => {
    fc.assert(
      fc.property(mutated(hugeLine.map((m) => [m])), ({ text }) => {
        checkParse(text);
      }),
      { numRuns: runs(8) },
    );
  });

  it('deep nesting', () => {
    fc.assert(
      fc.property(mutated(deepNesting.map((m) => [m])), ({ text }) => {
        checkParse(text);
      }),
      { numRuns: runs(8) },
    );
  });
});

describe('parser fuzz: pathological inputs', slow, () => {
  const cases: [string, string][] = [
    ['10k `{`', '{'.repeat(10_000)],
    ['10k `{` then 10k `}`', '{'.repeat(10_000) + '}'.repeat(10_000)],
    ['10k nested `domain D {`', 'domain D {\n'.repeat(10_000)],
    ['10k nested `domain D {` closed', 'domain D {\n'.repeat(10_000) + '}\n'.repeat(10_000)],
    ['10k `domains {` nested', 'domains {\n'.repeat(10_000)],
    ['10k `}`', '}'.repeat(10_000)],
    ['200k chars of a word', 'x'.repeat(200_000)],
    ['200k chars of words', 'word '.repeat(40_000)],
    ['200k chars of punctuation', '{}[],:.?>/'.repeat(20_000)],
    ['200k quotes', '"'.repeat(200_000)],
    ['use case with a 200k-word step', `use_case "U" {\n  when User does ${'thing '.repeat(40_000)}\n}\n`],
    ['NUL and lone surrogates', 'actors {\0 user \uD800A \uDFFF\n}\0\uD83D'],
    ['empty', ''],
    ['only whitespace', ' \t\r\n\r\r\n\u2028\u00A0'],
    ['unterminated block comment', 'actors {\n /* a\nb\n'],
    ['CR-only line ends', 'actors {\r  user A\r  %%\r}\rdomain D {\r  C\r'],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      checkParse(text);
    });
  }
});

describe('parser fuzz: property 4 (linear time)', slow, () => {
  const largest = (pred: (s: Seed) => boolean, n: number) =>
    seeds.filter(pred).sort((a, b) => b.text.length - a.text.length || (a.name < b.name ? -1 : 1)).slice(0, n);
  const timingSeeds = [
    ...largest((s) => s.name.includes(`${join('craft', 'corpus')}`), 3),
    ...largest((s) => s.name.includes(`${join('craft', 'broken')}`), 2),
    ...largest((s) => s.name.startsWith(examplesDir), 1),
  ];

  it('has timing seeds', () => {
    expect(timingSeeds.length).toBeGreaterThanOrEqual(5);
  });

  for (const s of timingSeeds) {
    it(`k=20 copies cost at most ${LINEAR_BOUND}x one copy: ${relative(join(conformanceDir, '..', '..', '..'), s.name)}`, () => {
      const { one, twenty, ratio } = robustScaling(s.text);
      expect(ratio, `one copy ${one.toFixed(3)} ms, 20 copies ${twenty.toFixed(3)} ms`).toBeLessThanOrEqual(LINEAR_BOUND);
    });
  }

  it('k=20 copies of mutated seeds cost at most 40x one copy', () => {
    fc.assert(
      fc.property(mutated(fc.array(smallMutation, { minLength: 1, maxLength: 3 })), ({ text }) => {
        if (text.length < 200) return; // too small to time meaningfully
        const { one, twenty, ratio } = robustScaling(text);
        if (ratio > LINEAR_BOUND) throw new Error(`ratio ${ratio.toFixed(1)} (one ${one.toFixed(3)} ms, twenty ${twenty.toFixed(3)} ms) for ${describeInput(text)}`);
      }),
      { numRuns: runs(6) },
    );
  });

  // Linear is not enough when each error is expensive: recovering from a bad line must cost about as much
  // as parsing a good one. Budget for random inputs: 50 ms + 25 µs per character (the parser normally
  // needs 0.3-4 µs per character).
  const budget = (text: string) => 50 + 0.025 * text.length;

  function medianParseMs(text: string, reps = 3): number {
    parse(text, 'warm.craft');
    return timeParse(text, reps);
  }

  const useCaseOf = (line: string) => `use_case "U" {\n  when User does x\n${`${line}\n`.repeat(200)}}\n`;
  const badStepLines: [string, string][] = [
    ['a step whose verb is not a word (`B {`)', ' B {'],
    ['a step whose verb is punctuation (`B :`)', ' B :'],
    ["'asks' without a target (`B asks {`)", ' B asks {'],
    ["'notifies' without an event (`B notifies {`)", ' B notifies {'],
    ['a trigger whose verb is not a word (`when A {`)', ' when A {'],
  ];
  for (const [what, line] of badStepLines) {
    it(`recovery is cheap: 200 use-case lines of ${what} cost at most 5x as many good lines (+10 ms)`, () => {
      const bad = useCaseOf(line);
      const good = useCaseOf(' B does something [POST /x]');
      const r = checkParse(bad);
      expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      expect(checkParse(good).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const measure = () => ({ bad: medianParseMs(bad, 3), good: medianParseMs(good, 5) });
      let m = measure();
      const bound = (x: { good: number }) => 5 * x.good + 10;
      if (m.bad > bound(m) && m.bad < 3 * bound(m)) m = measure(); // a near miss is measured again: noise, not a blow-up
      expect(m.bad, `bad lines ${m.bad.toFixed(1)} ms (${((m.bad / 200) * 1000).toFixed(0)} µs each), good lines ${m.good.toFixed(1)} ms`).toBeLessThanOrEqual(bound(m));
    });
  }

  it('recovery is cheap: use cases of 100 random, mostly broken, step lines parse within budget', () => {
    const word = fc.constantFrom(
      'B', 'C', 'asks', 'notifies', 'returns', 'to', 'for', 'or', 'in', 'schedules', 'cancels', 'listens', 'when', 'every',
      'cron', 'does', 'the', 'thing', '"E"', 'a.B', '20s', '{', '}', '[', ']', ':', ',', '(', ')', '/', '>', '"', '[POST /x]',
    );
    const line = fc.array(word, { maxLength: 6 }).map((ws) => ` ${ws.join(' ')}`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 100, maxLength: 100 }), (lines) => {
        const text = `use_case "U" {\n  when User does x\n${lines.join('\n')}\n}\n`;
        checkParse(text);
        const ms = medianParseMs(text);
        if (ms > budget(text) && medianParseMs(text) > budget(text)) {
          throw new Error(`${ms.toFixed(0)} ms (budget ${budget(text).toFixed(0)} ms) for ${describeInput(text)}`);
        }
      }),
      { numRuns: runs(5) },
    );
  });

  it('a single 1 MB line of words parses in under a few seconds', () => {
    const text = 'word '.repeat(200_000);
    expect(text.length).toBe(1_000_000);
    parse('warm up', 'w.craft');
    const t0 = performance.now();
    checkParse(text);
    expect(performance.now() - t0).toBeLessThan(4000);
  });

  it('a 1 MB step line inside a use case parses in under a few seconds', () => {
    const text = `use_case "U" {\n  when User does ${'thing '.repeat(166_000)}\n  Ctx asks Other to ${'go '.repeat(100_000)}\n}\n`;
    const t0 = performance.now();
    checkParse(text);
    expect(performance.now() - t0).toBeLessThan(4000);
  });
});

describe('parser regressions (deterministic)', slow, () => {
  it('every corpus file parses without error diagnostics', () => {
    expect(corpusPaths.length).toBeGreaterThan(0);
    for (const p of corpusPaths) {
      const r = parse(readFileSync(p, 'utf8'), p);
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      expect(errors, p).toEqual([]);
    }
  });

  it('the examples parse without error diagnostics', () => {
    for (const s of seeds.filter((x) => x.name.startsWith(examplesDir))) {
      const errors = parse(s.text, s.name).diagnostics.filter((d) => d.severity === 'error');
      expect(errors, s.name).toEqual([]);
    }
  });

  it('an unterminated block comment that ends with a line break has a consistent range', () => {
    for (const text of ['/*\n', '/* a\nb\n', '/*\r\n', 'actors {\n /* a\nb\n']) {
      const r = checkParse(text);
      expect(r.diagnostics.map((d) => d.code)).toContain('craft/syntax/unterminated-comment');
    }
  });

  it("an unclosed anonymous block is reported where its '}' was expected, not at the end of the file", () => {
    // DESIGN: "A named block is reported at its header; an anonymous one where the `}` was expected."
    const text = 'domains {\n  Sales\n\nactors {\n  user U\n}\n';
    const r = checkParse(text);
    const unclosed = r.diagnostics.filter((d) => d.code === 'craft/syntax/unclosed-block');
    expect(unclosed).toHaveLength(1);
    expect(unclosed[0]!.range.end.offset).toBeLessThanOrEqual(text.indexOf('actors'));
  });

  it('parsing is deterministic: the same input twice gives deep-equal results', () => {
    for (const s of seeds) {
      const a = parse(s.text, s.name);
      const b = parse(s.text, s.name);
      expect(b, s.name).toEqual(a);
    }
  });

  it('parsing is deterministic on mutated inputs, also after parsing something else in between', () => {
    fc.assert(
      fc.property(mutated(fc.array(smallMutation, { minLength: 1, maxLength: 4 })), seedIndex, ({ text }, other) => {
        const a = parse(text, 'det.craft');
        parse(seeds[other]!.text, 'other.craft');
        const b = parse(text, 'det.craft');
        expect(b).toEqual(a);
      }),
      { numRuns: runs(100) },
    );
  });
});
