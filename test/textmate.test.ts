/**
 * The TextMate grammar (editors/vscode/syntaxes/craft.tmLanguage.json), loaded by vscode-textmate on
 * vscode-oniguruma as VS Code and GitHub load it, tokenises every corpus file and example; the scopes are
 * checked against what the parser says is there: comments, strings, annotations, keywords and names.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import textmate, { type IGrammar, type IToken as TmToken } from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';
import type * as A from '../src/parser/ast.js';
import { parse } from '../src/parser/parse.js';
import { scan } from '../src/parser/scanner.js';
import { QuotedString } from '../src/parser/tokens.js';
import { root } from './support/cli.js';

const grammarPath = join(root, 'editors', 'vscode', 'syntaxes', 'craft.tmLanguage.json');
const conformance = fileURLToPath(new URL('../../shared/conformance/craft/', import.meta.url));

function craftFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? craftFiles(join(dir, e.name)) : e.name.endsWith('.craft') ? [join(dir, e.name)] : []))
    .sort();
}

const corpus = [...craftFiles(join(conformance, 'corpus')), ...craftFiles(join(root, 'examples'))];

let grammar: IGrammar;

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope: string) => (scope === 'source.craft' ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null),
  });
  const loaded = await registry.loadGrammar('source.craft');
  if (!loaded) throw new Error('the grammar did not load');
  grammar = loaded;
});

/** Every line's tokens (the grammar's state carried from line to line, as editors do). */
function tokenise(text: string): TmToken[][] {
  let stack = textmate.INITIAL;
  return text.split(/\r\n|\r|\n/).map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens;
  });
}

/** The scopes at a 1-based line and column. */
function scopesAt(lines: TmToken[][], line: number, column: number): string[] {
  const t = lines[line - 1]?.find((x) => x.startIndex <= column - 1 && column - 1 < x.endIndex);
  return t?.scopes ?? [];
}

const has = (scopes: string[], prefix: string) => scopes.some((s) => s.startsWith(prefix));

function* statements(list: readonly A.Statement[]): Generator<A.Step> {
  for (const s of list) {
    if (s.kind === 'if') for (const arm of s.arms) yield* statements(arm.statements);
    else if (s.kind === 'onTimeout') yield* statements(s.statements);
    else yield s;
  }
}

describe('the TextMate grammar', () => {
  it('walks the corpus and the examples (no vacuous pass)', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(corpus.some((f) => f.endsWith('ecommerce.craft'))).toBe(true);
  });

  it('scopes the example as an editor shows it', () => {
    const text = readFileSync(join(root, 'examples', 'ecommerce.craft'), 'utf8');
    const lines = tokenise(text);
    const at = (needle: string, offset = 0) => {
      const i = text.split('\n').findIndex((l) => l.includes(needle));
      return scopesAt(lines, i + 1, text.split('\n')[i]!.indexOf(needle) + 1 + offset);
    };
    expect(at('// Define system actors')).toContain('comment.line.double-slash.craft');
    expect(at('actors {')).toContain('keyword.declaration.craft');
    expect(at('user Customer')).toContain('storage.type.actor.craft');
    expect(at('user Customer', 5)).toContain('entity.name.type.actor.craft');
    expect(at('use_case "Order Placement"', 10)).toEqual(expect.arrayContaining(['entity.name.function.use-case.craft', 'string.quoted.double.craft']));
    expect(at('when Customer proceeds')).toContain('keyword.control.when.craft');
    expect(at('when Customer proceeds', 5)).toContain('entity.name.type.actor.craft');
    expect(at('OrderManagement asks StockManagement to check')).toContain('entity.name.type.participant.craft');
    expect(at('asks StockManagement to check')).toContain('keyword.control.step.craft');
    expect(at('StockManagement to check')).toContain('entity.name.type.participant.craft');
    expect(at('"Payment Processed"\n'.trim())).toEqual(expect.arrayContaining(['string.quoted.double.craft']));
    expect(at('language: python')).toContain('variable.other.property.craft');
    // Prose keeps its words: `for` in a phrase is no keyword.
    expect(at('searches for products', 9)).not.toContain('keyword.control.step.craft');
  });

  it.each(corpus)('%s: comments, strings, annotations, step keywords and names have their scopes', (path) => {
    const text = readFileSync(path, 'utf8');
    const lines = tokenise(text);
    const problems: string[] = [];
    const expectScope = (line: number, column: number, prefix: string, what: string) => {
      const scopes = scopesAt(lines, line, column);
      if (!has(scopes, prefix)) problems.push(`${line}:${column} ${what}: ${scopes.join(' ')}`);
    };
    const { tokens, comments } = scan(text);
    for (const c of comments) expectScope(c.startLine!, c.startColumn!, 'comment.', `comment ${c.image.slice(0, 20)}`);
    for (const t of tokens) if (t.tokenType === QuotedString) expectScope(t.startLine!, t.startColumn!, t.startColumn === 1 ? '' : 'string.quoted', `string ${t.image}`);
    const { document } = parse(text, path);
    for (const item of document.items) {
      if (item.kind === 'actor') expectScope(item.name.span.start.line, item.name.span.start.column, 'entity.name.type.actor', `actor ${item.name.text}`);
      if (item.kind !== 'useCase') continue;
      for (const sc of item.scenarios) {
        expectScope(sc.span.start.line, sc.span.start.column, 'keyword.control.when', 'when');
        for (const st of statements(sc.steps)) {
          const line = st.subject.span.start.line;
          if (st.kind !== 'internal' && !(st.kind === 'cancel' && !st.event.quoted)) {
            expectScope(line, st.subject.span.start.column, 'entity.name.type.participant', `subject ${st.subject.text}`);
            const verb = lines[line - 1]?.find((x) => x.startIndex >= st.subject.span.end.column - 1 && /\S/.test(text.split(/\r\n|\r|\n/)[line - 1]!.slice(x.startIndex, x.endIndex)));
            if (!verb || !has(verb.scopes, 'keyword.control.step')) problems.push(`${line}: the verb after ${st.subject.text}: ${verb?.scopes.join(' ')}`);
          }
          const operation = 'operation' in st ? st.operation : undefined;
          if (operation) expectScope(operation.span.start.line, operation.span.start.column, 'meta.annotation', `annotation ${operation.text}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('a keyword of the lexicon is a keyword of the grammar where a line puts it', () => {
    const text = 'use_case "X" {\n  when A listens "E"\n    A asks B for things [GET /x]\n    B returns to A the list\n    A notifies "F" or billing.G\n    A schedules T in 20s\n  when every "24h"\n    A does for every thing\n}\n';
    const lines = tokenise(text);
    expect(scopesAt(lines, 2, 10)).toContain('keyword.control.step.craft');
    expect(scopesAt(lines, 3, 7)).toContain('keyword.control.step.craft');
    expect(scopesAt(lines, 3, 12)).toContain('entity.name.type.participant.craft');
    expect(scopesAt(lines, 3, 25)).toContain('meta.annotation.craft');
    expect(scopesAt(lines, 3, 26)).toContain('keyword.other.operation.craft');
    expect(scopesAt(lines, 4, 15)).toContain('keyword.control.step.craft');
    expect(scopesAt(lines, 5, 20)).toContain('keyword.control.step.craft');
    expect(scopesAt(lines, 5, 23)).toContain('entity.name.event.craft');
    expect(scopesAt(lines, 6, 19)).toContain('keyword.control.step.craft');
    expect(scopesAt(lines, 6, 22)).toContain('constant.numeric.craft');
    expect(scopesAt(lines, 7, 8)).toContain('keyword.control.periodic.craft');
    // `for every` in prose stays prose.
    expect(scopesAt(lines, 8, 12)).not.toContain('keyword.control.step.craft');
  });
});
