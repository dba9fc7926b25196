/**
 * `craft fmt`: the formatter on the reference corpus and the examples (idempotent, model unchanged, every
 * comment kept), goldens for messy inputs, and the command end to end.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compiler/compile.js';
import { toCraftDoc } from '../src/export/craftdoc.js';
import { allTokens, difference, format, layout, positionFree, type FormatResult } from '../src/format/format.js';
import { BlockComment, LineComment } from '../src/parser/tokens.js';
import { craft, root, test } from './support/cli.js';
import { expectGolden } from './support/golden.js';

const conformance = fileURLToPath(new URL('../../shared/conformance/craft/', import.meta.url));
const goldens = join(root, 'test', 'golden', 'fmt');

function craftFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? (e.name === 'broken' ? [] : craftFiles(join(dir, e.name))) : e.name.endsWith('.craft') ? [join(dir, e.name)] : []))
    .sort();
}

const corpus = [...(existsSync(conformance) ? craftFiles(conformance) : []), ...craftFiles(join(root, 'examples'))];

function formatted(result: FormatResult): string {
  if (!result.ok) throw new Error(`not formatted: ${JSON.stringify(result.reason)}`);
  return result.text;
}

const comments = (text: string) => allTokens(text).filter((t) => t.tokenType === LineComment || t.tokenType === BlockComment).map((t) => t.image);

describe('the formatter on every corpus file and example', () => {
  it('walks enough files (no vacuous pass)', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    expect(corpus.some((f) => f.includes('examples'))).toBe(true);
  });

  it.each(corpus)('%s: idempotent, same model and CraftDoc, every comment kept', (path) => {
    const text = readFileSync(path, 'utf8');
    const once = formatted(format(text, path, { projections: [toCraftDoc] }));
    expect(formatted(format(once, path))).toBe(once);
    const before = compile([{ path, text }]).model;
    const after = compile([{ path, text: once }]).model;
    expect(positionFree(after)).toBe(positionFree(before));
    expect(positionFree(toCraftDoc(after))).toBe(positionFree(toCraftDoc(before)));
    expect(comments(once)).toEqual(comments(text));
    expect(allTokens(once).map((t) => t.image)).toEqual(allTokens(text).map((t) => t.image));
  });
});

describe('the formatter on messed-up corpus files', () => {
  const messes: [string, (text: string) => string][] = [
    ['no indentation', (t) => t.replace(/^[ \t]+/gm, '')],
    ['spaces tripled', (t) => t.replace(/ /g, '   ')],
    ['blank lines tripled', (t) => t.replace(/\n/g, '\n\n\n')],
    ['block braces on their own lines', (t) => t.replace(/ *\{[ \t]*(\r?\n)/g, '$1{$1')],
  ];
  it.each(messes)('%s: formatted (never refused), idempotent', (_name, mess) => {
    for (const path of corpus) {
      const text = mess(readFileSync(path, 'utf8'));
      const once = formatted(format(text, path, { projections: [toCraftDoc] }));
      expect(formatted(format(once, path)), path).toBe(once);
    }
  });
});

describe('formatting rules', () => {
  const inputs = readdirSync(goldens).filter((f) => f.endsWith('.craft') && !f.endsWith('.formatted.craft')).sort();

  it('has the messy inputs', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(5);
  });

  it.each(inputs)('%s matches its golden and is a fixed point', (name) => {
    const text = readFileSync(join(goldens, name), 'utf8');
    const out = formatted(format(text, name, { projections: [toCraftDoc] }));
    expectGolden(join(goldens, name.replace(/\.craft$/, '.formatted.craft')), out);
    expect(formatted(format(out, name))).toBe(out);
  });

  it('refuses a file with a syntax error, with the message and code', () => {
    const result = format('actors {\n  user "Customer\n}\n', 'x.craft');
    expect(result.ok).toBe(false);
    if (!result.ok && result.reason.kind === 'syntax-error') {
      expect(result.reason.code).toBe('craft/syntax/unterminated-string');
      expect(result.reason.line).toBe(2);
    } else throw new Error('expected a syntax error');
  });

  it('the safety check sees a changed token or a changed model, whitespace aside', () => {
    expect(difference('domain A {\n B\n}\n', 'domain A {\n    B\n}\n', 'x.craft', [toCraftDoc])).toBeUndefined();
    expect(difference('domain A {\n B\n}\n', 'domain A {\n C\n}\n', 'x.craft', [])).toMatch(/token 4/);
    // Same tokens, but a use-case step split over two lines is a different model.
    expect(difference('use_case "u" {\n when U does it\n}\n', 'use_case "u" {\n when U\n does it\n}\n', 'x.craft', [])).toBe('the model differs');
    // Splitting `{//x` would turn prose into a comment: such a file has a syntax error and is refused first.
    expect(layout('domain A {//x\n  B\n}\n', 4)).toBe('domain A {\n    //x\n    B\n}\n');
    expect(format('domain A {//x\n  B\n}\n', 'x.craft')).toMatchObject({ ok: false, reason: { kind: 'syntax-error' } });
  });

  it('honours the indent width, CRLF line ends and an empty file', () => {
    expect(formatted(format('domain A {\n B\n}\n', 'x.craft', { indent: 2 }))).toBe('domain A {\n  B\n}\n');
    expect(formatted(format('domain A {\r\n B\r\n}\r\n', 'x.craft'))).toBe('domain A {\r\n    B\r\n}\r\n');
    expect(formatted(format('  \n\n', 'x.craft'))).toBe('');
  });

  it('keeps the text inside parentheses as written (the model keeps it)', () => {
    const text = 'services {\n  S {\n    contexts: A\n    deployment:   canary(50%  ->  staging)\n  }\n}\n';
    expect(formatted(format(text, 'x.craft'))).toBe('services {\n    S {\n        contexts: A\n        deployment: canary(50%  ->  staging)\n    }\n}\n');
  });

  it('keeps spaces inside strings and comments', () => {
    const text = 'use_case "two  spaces" {\n  when User   does it   // a   b\n}\n';
    expect(formatted(format(text, 'x.craft'))).toBe('use_case "two  spaces" {\n    when User does it // a   b\n}\n');
  });
});

describe('craft fmt', () => {
  const messy = 'domain   Shop {\n Orders\n      Stock\n}\nactors {\nuser Customer\n}\n';
  const tidy = 'domain Shop {\n    Orders\n    Stock\n}\n\nactors {\n    user Customer\n}\n';

  test('--check lists the unformatted file, exits 1 and writes nothing', ({ tmp }) => {
    writeFileSync(join(tmp, 'a.craft'), messy);
    writeFileSync(join(tmp, 'b.craft'), tidy);
    const r = craft(['fmt', '--check'], tmp);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('a.craft\n');
    expect(readFileSync(join(tmp, 'a.craft'), 'utf8')).toBe(messy);
    expect(craft(['fmt', '--check', 'b.craft'], tmp).status).toBe(0);
  });

  test('rewrites the files in place, leaving no temporary file', ({ tmp }) => {
    writeFileSync(join(tmp, 'a.craft'), messy);
    const r = craft(['fmt', 'a.craft'], tmp);
    expect(r.status).toBe(0);
    expect(readFileSync(join(tmp, 'a.craft'), 'utf8')).toBe(tidy);
    expect(readdirSync(tmp)).toEqual(['a.craft']);
    expect(craft(['fmt', '--check', 'a.craft'], tmp).status).toBe(0);
  });

  test('skips a file with a syntax error and leaves it unchanged', ({ tmp }) => {
    const broken = 'actors {\n   user "Customer\n}\n';
    writeFileSync(join(tmp, 'bad.craft'), broken);
    writeFileSync(join(tmp, 'good.craft'), messy);
    const r = craft(['fmt', 'bad.craft', 'good.craft'], tmp);
    expect(r.stderr).toBe('bad.craft: skipped, not formatted: string is not closed before the end of the line [craft/syntax/unterminated-string]\n');
    expect(r.status).toBe(1);
    expect(readFileSync(join(tmp, 'bad.craft'), 'utf8')).toBe(broken);
    expect(readFileSync(join(tmp, 'good.craft'), 'utf8')).toBe(tidy);
  });

  test('--stdout prints the formatted text and writes nothing', ({ tmp }) => {
    writeFileSync(join(tmp, 'a.craft'), messy);
    const r = craft(['fmt', '--stdout', 'a.craft'], tmp);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(tidy);
    expect(readFileSync(join(tmp, 'a.craft'), 'utf8')).toBe(messy);
  });

  test('--indent, and usage errors exit 2', ({ tmp }) => {
    writeFileSync(join(tmp, 'a.craft'), messy);
    expect(craft(['fmt', '--stdout', '--indent', '2', 'a.craft'], tmp).stdout).toBe(tidy.replace(/ {4}/g, '  '));
    const r = craft(['fmt', 'missing.craft'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('missing.craft: no such file or directory');
    expect(craft(['fmt', '--indent', 'x', 'a.craft'], tmp).status).toBe(2);
    expect(craft(['fmt', '--check', '--stdout', 'a.craft'], tmp).status).toBe(2);
    mkdirSync(join(tmp, 'empty'));
    const none = craft(['fmt'], join(tmp, 'empty'));
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no .craft files');
  });

  test('.craftfmt in the folder or above sets the indent; --indent wins', ({ tmp }) => {
    mkdirSync(join(tmp, 'models', 'deep'), { recursive: true });
    writeFileSync(join(tmp, '.craftfmt'), '# two-space house style\nindent = 2\n');
    writeFileSync(join(tmp, 'models', 'deep', 'a.craft'), messy);
    expect(craft(['fmt', '--stdout', 'models/deep/a.craft'], tmp).stdout).toBe(tidy.replace(/ {4}/g, '  '));
    expect(craft(['fmt', '--stdout', '--indent', '4', 'models/deep/a.craft'], tmp).stdout).toBe(tidy);
    writeFileSync(join(tmp, 'models', '.craftfmt'), 'indent = 3\n');
    expect(craft(['fmt', '--stdout', 'models/deep/a.craft'], tmp).stdout).toBe(tidy.replace(/ {4}/g, '   '));
    writeFileSync(join(tmp, 'models', '.craftfmt'), 'indent = \n');
    const bad = craft(['fmt', 'models/deep/a.craft'], tmp);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('.craftfmt: is not valid TOML');
    writeFileSync(join(tmp, 'models', '.craftfmt'), 'tabs = true\n');
    expect(craft(['fmt', 'models/deep/a.craft'], tmp).stderr).toContain('unknown setting "tabs"');
    expect(readFileSync(join(tmp, 'models', 'deep', 'a.craft'), 'utf8')).toBe(messy);
  });
});
