import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CraftGrammar } from '../src/parser/grammar.js';

const file = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const ebnfPath = file('../grammar/craft.ebnf');
const diagramsPath = file('../grammar/diagrams.html');

/** Productions of the LEXICAL section of craft.ebnf: tokens, not chevrotain rules. */
const lexical = new Set([
  'Ident', 'Letter', 'Digit', 'Keyword', 'NumberLit', 'StringLit',
  'LineComment', 'BlockComment', 'Punct', 'Any', 'AdjacentToken',
]);

const ruleNames = Object.keys(new CraftGrammar().getGAstProductions()).sort();

describe('grammar/ reference', () => {
  it('craft.ebnf has one production per chevrotain rule, and no others', () => {
    const names = readFileSync(ebnfPath, 'utf8')
      .split(/\r?\n/)
      .map((line) => /^(\w+)\s*::=/.exec(line)?.[1])
      .filter((n): n is string => n !== undefined);
    expect(new Set(names).size, 'a production is defined twice').toBe(names.length);
    for (const n of lexical) expect(names, `lexical production ${n}`).toContain(n);
    expect(names.filter((n) => !lexical.has(n)).sort()).toEqual(ruleNames);
  });

  it('diagrams.html exists and draws every rule', () => {
    expect(existsSync(diagramsPath), 'run `npm run grammar`').toBe(true);
    const html = readFileSync(diagramsPath, 'utf8');
    for (const name of ruleNames) expect(html, name).toContain(`"name": "${name}"`);
  });
});
