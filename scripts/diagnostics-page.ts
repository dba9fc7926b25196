/**
 * docs/diagnostics.md, generated from the registry of codes (src/diagnostics/codes.ts): every code with its
 * severity, what triggers it, how to fix it, its failing example and what craft prints for it (the example
 * is run here, so the page shows real output). Pure and deterministic: `npm run docs:diagnostics` writes it
 * (scripts/diagnostics-doc.ts) and test/diagnostics-doc.test.ts fails when the file is out of step.
 */
import { generate } from '../src/codegen/scaffold/index.js';
import { compile } from '../src/compiler/compile.js';
import { allCodes, codeFamilies, diagnosticCodes, familyOf, type CodeFamily, type DiagnosticCode } from '../src/diagnostics/codes.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { renderDiagnostics } from '../src/diagnostics/format.js';
import { predict } from '../src/simulator/predict.js';

/** The file name examples are checked as. */
export const exampleFile = 'example.craft';

const families: Record<CodeFamily, { title: string; about: string }> = {
  syntax: {
    title: 'Syntax',
    about: 'The parser: the text does not follow the grammar (grammar/craft.ebnf). The parser recovers and goes on, so one run reports every syntax error. Always errors.',
  },
  sema: {
    title: 'Semantic checks',
    about: 'The compiler: the text parses, but the model it describes is inconsistent (duplicates, names of the wrong kind, values craft cannot use).',
  },
  lint: {
    title: 'Lints',
    about: 'The compiler: the model works, but something in it is probably a mistake (unused declarations, events nobody listens to, v1 spellings).',
  },
  sim: {
    title: 'Simulation',
    about: 'Reserved for `craft simulate`: no code is registered in this family yet.',
  },
  gen: {
    title: 'Code generation',
    about: '`craft gen`: what it found while generating the project, reported by `craft gen` only (it generates from a model without errors).',
  },
};

/** What craft reports for a code's example: the compiler's diagnostics, and for `gen` codes craft gen's. */
export function exampleDiagnostics(code: DiagnosticCode): Diagnostic[] {
  const text = diagnosticCodes[code].example.source;
  const { model, diagnostics } = compile([{ path: exampleFile, text }]);
  if (familyOf(code) !== 'gen' || diagnostics.some((d) => d.severity === 'error')) return diagnostics;
  return generate(model, { name: 'example', predict: (slug) => predict(model, slug) }).diagnostics;
}

/** The page, as markdown. */
export function diagnosticsPage(): string {
  const codes = allCodes();
  const byFamily = new Map(codeFamilies.map((f) => [f, codes.filter((c) => familyOf(c) === f)]));
  const out: string[] = [];
  out.push(
    '# Diagnostics',
    '',
    '<!-- Generated from src/diagnostics/codes.ts by `npm run docs:diagnostics`: edit the registry, not this file. -->',
    '',
    'craft reports what it finds in a model as diagnostics. Each has a **code**, a **severity**, a message and a',
    'place in a file. This page lists every code craft can emit, with an input that triggers it and what craft',
    'prints for that input.',
    '',
    '**Codes are a stable API.** Scripts, CI checks and editors may match on them: a code is never renamed and',
    'never reused for another condition (new conditions get new codes). The families are `craft/syntax/*`,',
    '`craft/sema/*`, `craft/lint/*`, `craft/sim/*` (reserved: no codes yet) and `craft/gen/*`.',
    '',
    '**Format.** Text output is one block per diagnostic: `file:line:col: severity code: message`, then the',
    'source line with a caret underline, then `= hint:` (a suggested spelling) and `note:` lines (related',
    'places) when there are any. Lines and columns are 1-based; columns count UTF-16 code units, as editors',
    'do. `craft check --format json` prints the same data with stable keys: `code`, `severity`, `message`,',
    '`file`, `range` (`start` and `end`, each `line`, `column`, `offset`), and `related` and `hint` when set.',
    '',
    '**Severities.** `error`: the model cannot be used as written; `craft check` fails and the other commands',
    'stop. `warning`: probably a mistake; fails with `craft check --strict`. `info`: craft gen saying what it',
    'did with a construct. `hint`: a v1 spelling; shown by `craft check --verbose` (JSON output always has them).',
    '',
    '**Exit codes** (`craft check`): `0` no errors (and no warnings with `--strict`), `1` errors (or warnings',
    'with `--strict`), `2` a usage or I/O error (a missing file, a directory without models, binary input).',
    '`craft gen` exits `1` on model errors and writes nothing.',
    '',
    '## Contents',
    '',
  );
  for (const f of codeFamilies) {
    const list = byFamily.get(f)!;
    out.push(`- [${families[f].title}](#${slug(families[f].title)}) (\`craft/${f}/*\`, ${list.length === 0 ? 'no codes yet' : plural(list.length, 'code')})`);
    for (const c of list) out.push(`  - [\`${c}\`](#${slug(c)}): ${diagnosticCodes[c].summary}`);
  }
  for (const f of codeFamilies) {
    out.push('', `## ${families[f].title}`, '', families[f].about);
    for (const c of byFamily.get(f)!) out.push('', ...section(c));
  }
  return out.join('\n') + '\n';
}

function section(code: DiagnosticCode): string[] {
  const info = diagnosticCodes[code];
  const severities = [info.severity, ...(info.alsoEmittedAs ?? [])].map((s) => `\`${s}\``).join(', also ');
  const command = familyOf(code) === 'gen' ? `craft gen ${exampleFile} -o out` : `craft check ${exampleFile}`;
  return [
    `### ${code}`,
    '',
    `${info.summary}`,
    '',
    `- **Severity:** ${severities}`,
    `- **Trigger:** ${info.trigger}`,
    `- **Fix:** ${info.fix}`,
    '',
    `Example (\`${exampleFile}\`):`,
    '',
    '```craft',
    info.example.source.replace(/\n$/, ''),
    '```',
    '',
    `\`${command}\` prints:`,
    '',
    '```text',
    printed(code).replace(/\n$/, ''),
    '```',
  ];
}

/** The block craft prints for the example's diagnostic with this code at the example's line. */
function printed(code: DiagnosticCode): string {
  const { source, line } = diagnosticCodes[code].example;
  const hit = exampleDiagnostics(code).find((d) => d.code === code && d.range.start.line === line);
  if (!hit) throw new Error(`${code}: its example reports no ${code} on line ${line} (see test/diagnostics.test.ts)`);
  return renderDiagnostics([hit], new Map([[exampleFile, source]]), { color: false });
}

/** GitHub's anchor for a heading: lower case, punctuation other than '-' and '_' dropped, spaces as '-'. */
function slug(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
