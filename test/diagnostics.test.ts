/**
 * The registry of diagnostic codes (src/diagnostics/codes.ts) against what craft does: every registered
 * code's example fails with that code, severity and line, and src/ emits exactly the registered codes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/codegen/scaffold/index.js';
import { compile } from '../src/compiler/compile.js';
import { allCodes, codeFamilies, diagnosticCodes, familyOf, isDiagnosticCode, type DiagnosticCode } from '../src/diagnostics/codes.js';
import { diagnostic, type Diagnostic, type Severity } from '../src/diagnostics/diagnostic.js';
import { predict } from '../src/simulator/predict.js';
import { root } from './support/cli.js';

const file = 'example.craft';
const codes = allCodes();

/** The compiler's diagnostics for a code's example; for `craft/gen/*` codes, code generation's (in memory). */
function run(code: DiagnosticCode): Diagnostic[] {
  const text = diagnosticCodes[code].example.source;
  const { model, diagnostics } = compile([{ path: file, text }]);
  if (familyOf(code) !== 'gen') return diagnostics;
  // craft gen runs only on a model without errors.
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return generate(model, { name: 'example', predict: (slug) => predict(model, slug) }).diagnostics;
}

const listing = (list: readonly Diagnostic[]) => JSON.stringify(list.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code}: ${d.message}`), null, 1);

describe('every registered code has a failing example', () => {
  it.each(codes)('%s', (code) => {
    const { severity, example } = diagnosticCodes[code];
    const diagnostics = run(code);
    const hit = diagnostics.find((d) => d.code === code && d.range.start.line === example.line);
    expect(hit, `no ${code} on line ${example.line}: ${listing(diagnostics)}`).toBeDefined();
    expect(hit!.severity).toBe(severity);
    expect(hit!.file).toBe(file);
    expect(hit!.message.length).toBeGreaterThan(10);
  });

  it('covers every family but sim, which has no codes yet', () => {
    const families = new Set(codes.map(familyOf));
    expect([...families].sort()).toEqual(codeFamilies.filter((f) => f !== 'sim').sort());
    expect(codes.filter((c) => familyOf(c) === 'gen').sort()).toEqual([
      'craft/gen/conflicting-annotation', 'craft/gen/event-order', 'craft/gen/events-differ', 'craft/gen/hand-over',
      'craft/gen/name-collision', 'craft/gen/request-variants', 'craft/gen/route-collision', 'craft/gen/story-differs',
    ]);
  });
});

describe('the registry', () => {
  it.each(codes)('%s is well formed', (code) => {
    const info = diagnosticCodes[code];
    expect(code).toMatch(/^craft\/(syntax|sema|lint|sim|gen)\/[a-z]+(-[a-z]+)*$/);
    for (const text of [info.summary, info.trigger, info.fix]) {
      expect(text).not.toContain('\n');
      expect(text).toMatch(/^\S.*[.)]$/);
    }
    expect(info.example.source.endsWith('\n')).toBe(true);
    expect(info.example.line).toBeGreaterThanOrEqual(1);
    expect(info.example.line).toBeLessThanOrEqual(info.example.source.split('\n').length - 1);
    expect(info.alsoEmittedAs ?? []).not.toContain(info.severity);
  });

  it('rejects strings that are not registered codes', () => {
    expect(isDiagnosticCode('craft/sema/duplicate-name')).toBe(true);
    expect(isDiagnosticCode('craft/sema/no-such-code')).toBe(false);
    expect(isDiagnosticCode('toString')).toBe(false);
  });

  it('is the type of Diagnostic.code: an unregistered code does not compile (the global setup type-checks this file)', () => {
    const at = { line: 1, column: 1, offset: 0 };
    // @ts-expect-error 'craft/sema/no-such-code' is not a DiagnosticCode
    const d: Diagnostic = diagnostic('craft/sema/no-such-code', 'error', 'a code nobody registered', file, { start: at, end: at });
    expect(isDiagnosticCode(d.code)).toBe(false);
  });
});

/** Every `.ts` file below src/, sorted. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
    .sort();
}

/** A source file without its comments: a code named in a comment is not emitted. */
function code(path: string): string {
  return readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

describe('the registry and src/ agree', () => {
  const registry = join(root, 'src', 'diagnostics', 'codes.ts');
  const files = sources(join(root, 'src')).filter((f) => f !== registry);
  const literal = /['"`](craft\/(?:syntax|sema|lint|sim|gen)\/[a-z-]+)['"`]/g;
  const used = new Map<string, string[]>();
  for (const f of files) {
    for (const m of code(f).matchAll(literal)) used.set(m[1]!, [...(used.get(m[1]!) ?? []), relative(root, f)]);
  }

  it('reads the sources (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(80);
    expect(used.size).toBeGreaterThan(40);
  });

  it('every code a source file names is registered', () => {
    expect([...used.keys()].filter((c) => !isDiagnosticCode(c)).sort()).toEqual([]);
  });

  it('every registered code is emitted somewhere in src/', () => {
    expect(codes.filter((c) => !used.has(c))).toEqual([]);
  });

  it('emitters use the registered severity', () => {
    // `reporter.error('craft/...'` and `warning(...)`, or a code literal followed by a severity literal.
    const sites: { code: string; severity: Severity; where: string }[] = [];
    for (const f of files) {
      const text = code(f);
      for (const m of text.matchAll(/\.(error|warning)\(\s*'(craft\/[a-z]+\/[a-z-]+)'/g)) sites.push({ code: m[2]!, severity: m[1] as Severity, where: relative(root, f) });
      for (const m of text.matchAll(/'(craft\/[a-z]+\/[a-z-]+)'\s*,\s*'(error|warning|info|hint)'/g)) sites.push({ code: m[1]!, severity: m[2] as Severity, where: relative(root, f) });
    }
    expect(sites.length).toBeGreaterThan(40);
    const wrong = sites.filter((s) => {
      if (!isDiagnosticCode(s.code)) return true;
      const info = diagnosticCodes[s.code];
      return s.severity !== info.severity && !(info.alsoEmittedAs ?? []).includes(s.severity);
    });
    expect(wrong).toEqual([]);
  });
});
