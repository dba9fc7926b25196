/** Text → tokens → typed AST, with every syntax problem as a diagnostic. Never throws on user input. */
import type { IToken } from 'chevrotain';
import { craftLexer, UnterminatedString, BlockComment } from './tokens.js';
import { CraftGrammar } from './grammar.js';
import type { Document } from './ast.js';
import { diagnostic, type Diagnostic, type Range } from '../diagnostics/diagnostic.js';

export interface ParseResult {
  document: Document;
  diagnostics: Diagnostic[];
  /** Every token of the file except comments, in order (for tooling and the no-silent-loss tests). */
  tokens: IToken[];
  /** Tokens the parser passed over; each lies inside the range of an error diagnostic. */
  skipped: IToken[];
}

let grammar: CraftGrammar | undefined;

function tokenRange(t: IToken): Range {
  return {
    start: { line: t.startLine!, column: t.startColumn!, offset: t.startOffset },
    end: { line: t.endLine!, column: t.endColumn! + 1, offset: t.endOffset! + 1 },
  };
}

export function parse(text: string, file: string): ParseResult {
  const lexed = craftLexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  for (const e of lexed.errors) {
    const start = { line: e.line ?? 1, column: e.column ?? 1, offset: e.offset };
    const end = { line: start.line, column: start.column + e.length, offset: e.offset + e.length };
    diagnostics.push(diagnostic('craft/syntax/invalid-character', 'error', `unexpected character '${text.substr(e.offset, e.length)}'`, file, { start, end }));
  }
  for (const t of lexed.tokens) {
    if (t.tokenType === UnterminatedString) {
      diagnostics.push(diagnostic('craft/syntax/unterminated-string', 'error', 'string is not closed before the end of the line', file, tokenRange(t)));
    }
  }
  for (const c of lexed.groups['comments'] ?? []) {
    if (c.tokenType === BlockComment && !c.image.endsWith('*/')) {
      diagnostics.push(diagnostic('craft/syntax/unterminated-comment', 'error', "comment is not closed: expected '*/' before the end of the file", file, tokenRange(c)));
    }
  }
  grammar ??= new CraftGrammar();
  grammar.load(file, text, lexed.tokens);
  const items = grammar.document() ?? [];
  // The document rule guards every block, so it always reaches the end of the file; chevrotain's own
  // error list repeats what the guards already reported.
  grammar.finish();
  diagnostics.push(...grammar.diagnostics);
  return { document: { file, items }, diagnostics, tokens: lexed.tokens, skipped: grammar.skipped };
}
