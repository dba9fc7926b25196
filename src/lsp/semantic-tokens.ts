/**
 * Semantic tokens: keywords (not where prose uses the word), strings, numbers, comments, annotations, and
 * every resolved name by what it names (an actor, a context, an event...), declarations marked.
 */
import type { IToken } from 'chevrotain';
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import { keywordTokens, LBracket, NumberLit, QuotedString, RBracket, UnterminatedString } from '../parser/tokens.js';
import type { LineIndex } from './positions.js';
import type { SymbolIndex, SymbolKind } from './symbol-index.js';

export const tokenTypes = ['keyword', 'string', 'number', 'comment', 'decorator', 'namespace', 'class', 'type', 'struct', 'event', 'function', 'variable'] as const;
export const tokenModifiers = ['declaration'] as const;
export const legend: SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] };

type TokenType = (typeof tokenTypes)[number];

const typeOfSymbol: Record<SymbolKind, TokenType> = {
  domain: 'namespace', actor: 'class', context: 'type', service: 'struct', event: 'event', record: 'struct', useCase: 'function', datastore: 'variable',
};

interface Entry {
  start: number;
  end: number;
  type: TokenType;
  declaration: boolean;
}

const keywordSet = new Set(keywordTokens);

export function semanticTokens(file: string, lines: LineIndex, tokens: readonly IToken[], comments: readonly IToken[], index: SymbolIndex): SemanticTokens {
  const entries: Entry[] = [];
  for (const o of index.inFile(file)) entries.push({ start: o.start, end: o.end, type: typeOfSymbol[o.kind], declaration: o.role === 'declaration' });
  const prose = index.prose(file);
  let p = 0;
  let annotationLine = -1;
  for (const t of tokens) {
    const start = t.startOffset;
    const end = (t.endOffset ?? start) + 1;
    while (p < prose.length && prose[p]!.end <= start) p++;
    const inProse = p < prose.length && prose[p]!.start <= start;
    if (t.tokenType === LBracket) annotationLine = t.startLine ?? -1;
    if (annotationLine === t.startLine) {
      entries.push({ start, end, type: 'decorator', declaration: false });
      if (t.tokenType === RBracket) annotationLine = -1;
      continue;
    }
    if (t.tokenType === QuotedString || t.tokenType === UnterminatedString) entries.push({ start, end, type: 'string', declaration: false });
    else if (t.tokenType === NumberLit) entries.push({ start, end, type: 'number', declaration: false });
    else if (keywordSet.has(t.tokenType) && !inProse) entries.push({ start, end, type: 'keyword', declaration: false });
  }
  for (const c of comments) entries.push({ start: c.startOffset, end: (c.endOffset ?? c.startOffset) + 1, type: 'comment', declaration: false });
  // Names first where a token is also something else (a quoted event name is a string too).
  entries.sort((a, b) => a.start - b.start || rank(a) - rank(b));
  const builder = new SemanticTokensBuilder();
  let covered = 0;
  for (const e of entries) {
    if (e.start < covered) continue;
    covered = e.end;
    const type = tokenTypes.indexOf(e.type);
    const mods = e.declaration ? 1 : 0;
    // The protocol's tokens lie on one line: a block comment is one token per line.
    let from = e.start;
    while (from < e.end) {
      const pos = lines.positionAt(from);
      const lineEnd = Math.min(e.end, lines.lineEnd(pos.line));
      if (lineEnd > from) builder.push(pos.line, pos.character, lineEnd - from, type, mods);
      const next = pos.line + 1 < lines.lineCount ? lines.offsetAt({ line: pos.line + 1, character: 0 }) : e.end;
      if (next <= from) break;
      from = next;
    }
  }
  return builder.build();
}

function rank(e: Entry): number {
  return e.type === 'string' || e.type === 'keyword' ? 1 : 0;
}
