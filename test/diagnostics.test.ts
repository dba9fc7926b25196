/** One failing input per diagnostic code: the code, its severity and the line it points at. */
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compiler/compile.js';
import type { Severity } from '../src/diagnostics/diagnostic.js';

interface Case {
  code: string;
  severity: Severity;
  line: number;
  text: string;
}

const uc = (body: string) => `use_case "U" {\n${body}\n}\n`;

const cases: Case[] = [
  // syntax
  { code: 'craft/syntax/unexpected-token', severity: 'error', line: 2, text: 'actors {\n  user Alice : x\n}\n' },
  { code: 'craft/syntax/unclosed-block', severity: 'error', line: 1, text: 'domain Sales {\n  Orders\n' },
  { code: 'craft/syntax/unterminated-string', severity: 'error', line: 3, text: uc('  when Customer orders\n    Sales notifies "Order Placed') },
  { code: 'craft/syntax/skipped-construct', severity: 'error', line: 1, text: 'when Customer orders\n  Sales confirms order\n' },
  { code: 'craft/syntax/invalid-duration', severity: 'error', line: 2, text: uc('  when every "soon"\n    Sales checks orders') },
  { code: 'craft/syntax/unterminated-comment', severity: 'error', line: 1, text: '/* never closed\nactors { user A }\n' },
  { code: 'craft/syntax/incomplete-line', severity: 'error', line: 3, text: uc('  when Customer orders\n    Sales asks\n      Billing to charge') },
  // semantic
  { code: 'craft/sema/duplicate-name', severity: 'error', line: 2, text: 'actor user Alice\nactor user Alice\n' },
  { code: 'craft/sema/cross-kind-name-reuse', severity: 'warning', line: 2, text: 'actor user Customer\ndomain Customer {\n  Profile\n}\n' },
  { code: 'craft/sema/duplicate-use-case-name', severity: 'error', line: 6, text: `${uc('  when A does x\n    B does y')}use_case "U" {\n  when A does z\n    B does w\n}\n` },
  { code: 'craft/sema/duplicate-use-case-slug', severity: 'warning', line: 5, text: `${uc('  when A does x\n    B does y')}use_case "u" {\n  when A does z\n    B does w\n}\n` },
  { code: 'craft/sema/duplicate-service-anchor', severity: 'error', line: 4, text: 'services {\n  S {\n    catalog_ref: a\n    catalog_ref: b\n  }\n}\n' },
  { code: 'craft/sema/duplicate-property', severity: 'warning', line: 4, text: 'services {\n  S {\n    language: go\n    language: java\n  }\n}\n' },
  { code: 'craft/sema/too-many-values', severity: 'warning', line: 3, text: 'services {\n  S {\n    language: go, java\n  }\n}\n' },
  { code: 'craft/sema/unknown-property', severity: 'warning', line: 3, text: 'services {\n  S {\n    colour: blue\n  }\n}\n' },
  { code: 'craft/sema/duplicate-tag', severity: 'warning', line: 4, text: uc('  tags {\n    journey: a\n    journey: b\n  }\n  when A does x\n    B does y') },
  { code: 'craft/sema/malformed-slug', severity: 'error', line: 3, text: uc('  when Customer asks\n    Billing asks foo:re/x for details') },
  { code: 'craft/sema/invalid-exposure-target', severity: 'error', line: 4, text: 'domain Payments {\n  Charging\n}\nexposure api {\n  to: Payments\n}\n' },
  { code: 'craft/sema/edge-endpoint-not-bc', severity: 'error', line: 5, text: 'domain re {\n  billing\n}\ncontext_map re {\n  billing customer_supplier re\n}\n' },
  { code: 'craft/sema/self-relationship', severity: 'error', line: 5, text: 'domain re {\n  billing\n}\ncontext_map re {\n  billing partnership billing\n}\n' },
  { code: 'craft/sema/glossary-endpoint-not-bc', severity: 'error', line: 5, text: 'domain re {\n  billing\n}\nglossary re {\n  billing/Invoice same_as re/Invoice\n}\n' },
  { code: 'craft/sema/glossary-self-relation', severity: 'error', line: 5, text: 'domain re {\n  billing\n}\nglossary re {\n  billing/Invoice same_as billing/Invoice\n}\n' },
  { code: 'craft/sema/unresolved-bc', severity: 'warning', line: 5, text: 'domain re {\n  billing\n}\ncontext_map re {\n  billing partnership vas\n}\n' },
  { code: 'craft/sema/ambiguous-bc', severity: 'error', line: 8, text: 'domain a {\n  Billing\n}\ndomain b {\n  Billing\n}\ncontext_map {\n  Billing partnership a/Billing\n}\n' },
  { code: 'craft/sema/unknown-relationship', severity: 'error', line: 2, text: 'context_map {\n  billing likes vas\n}\n' },
  { code: 'craft/sema/unknown-field-type', severity: 'error', line: 2, text: 'events {\n  "Order Placed" { id: uuid, total: euros }\n}\n' },
  { code: 'craft/sema/invalid-cron', severity: 'error', line: 2, text: uc('  when cron "every day"\n    Sales checks orders') },
  { code: 'craft/sema/unscheduled-timer', severity: 'warning', line: 3, text: uc('  when Customer cancels\n    Sales cancels "Remorse Over"') },
  // lints
  { code: 'craft/lint/duplicate-bounded-context', severity: 'warning', line: 3, text: 'domain D {\n  A\n  A\n}\n' },
  { code: 'craft/lint/deprecated-keyword', severity: 'hint', line: 3, text: 'services {\n  S {\n    domains: Sales\n  }\n}\n' },
  { code: 'craft/lint/undeclared-context', severity: 'warning', line: 6, text: `domain D {\n  Sales\n}\n${uc('  when A does x\n    Salse does y')}` },
  { code: 'craft/lint/dead-event', severity: 'warning', line: 3, text: uc('  when A does x\n    B notifies "Nobody Cares"') },
  { code: 'craft/lint/unhandled-outcome', severity: 'warning', line: 3, text: `${uc('  when A does x\n    B notifies Ok or Failed')}use_case "V" {\n  when C listens Ok\n    C does y\n}\n` },
  { code: 'craft/lint/unpublished-event', severity: 'warning', line: 2, text: uc('  when B listens "Never Sent"\n    B does y') },
  { code: 'craft/lint/unused-event', severity: 'warning', line: 1, text: 'event "Orphan" { id: uuid }\n' },
  { code: 'craft/lint/unused-actor', severity: 'warning', line: 1, text: 'actor user Nobody\n' },
  { code: 'craft/lint/ask-cycle', severity: 'warning', line: 3, text: uc('  when A does x\n    B asks C to do y\n    C asks B to do z') },
  { code: 'craft/lint/redundant-relationship', severity: 'warning', line: 3, text: 'context_map {\n  a partnership b\n  b partnership a\n}\n' },
  { code: 'craft/lint/glossary-redundant', severity: 'warning', line: 3, text: 'glossary {\n  a/T same_as b/T\n  b/T same_as a/T\n}\n' },
  { code: 'craft/lint/glossary-conflicting-relation', severity: 'warning', line: 3, text: 'glossary {\n  a/T same_as b/T\n  a/T distinct_from b/T\n}\n' },
];

describe('every diagnostic code has a failing input', () => {
  it.each(cases.map((c) => [c.code, c]))('%s', (_code, c) => {
    const { diagnostics } = compile([{ path: 'case.craft', text: c.text }]);
    const hit = diagnostics.find((d) => d.code === c.code);
    expect(hit, JSON.stringify(diagnostics.map((d) => `${d.range.start.line}: ${d.code}: ${d.message}`), null, 1)).toBeDefined();
    expect(hit!.severity).toBe(c.severity);
    expect(hit!.range.start.line).toBe(c.line);
    expect(hit!.file).toBe('case.craft');
    expect(hit!.message.length).toBeGreaterThan(10);
  });

  it('covers every code the compiler can emit', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dirs = ['../src/parser/', '../src/compiler/'];
    const emitted = new Set<string>();
    for (const d of dirs) {
      const dir = new URL(d, import.meta.url);
      for (const f of readdirSync(dir)) {
        for (const m of readFileSync(new URL(f, dir), 'utf8').matchAll(/'(craft\/(?:syntax|sema|lint)\/[a-z-]+)'/g)) emitted.add(m[1]!);
      }
    }
    // Codes only listed as reference codes in relations.ts and tests.
    const covered = new Set(cases.map((c) => c.code));
    expect([...emitted].filter((c) => !covered.has(c)).sort()).toEqual([]);
  });
});
