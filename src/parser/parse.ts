/** Text → tokens → typed AST, with every syntax problem as a diagnostic. Never throws on user input. */
import type { IToken } from 'chevrotain';
import { UnterminatedString, BlockComment } from './tokens.js';
import { scan } from './scanner.js';
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
  // A token that ends with a line break (an unterminated block comment) ends at the start of the next line.
  const last = t.image.charCodeAt(t.image.length - 1);
  const end = last === 10 || last === 13 ? { line: t.endLine! + 1, column: 1 } : { line: t.endLine!, column: t.endColumn! + 1 };
  return {
    start: { line: t.startLine!, column: t.startColumn!, offset: t.startOffset },
    end: { ...end, offset: t.endOffset! + 1 },
  };
}

export function parse(text: string, file: string): ParseResult {
  // Every character is some token (anything else is Punct), so scanning cannot fail.
  const lexed = scan(text);
  const diagnostics: Diagnostic[] = [];
  for (const t of lexed.tokens) {
    if (t.tokenType === UnterminatedString) {
      diagnostics.push(diagnostic('craft/syntax/unterminated-string', 'error', 'string is not closed before the end of the line', file, tokenRange(t)));
    }
  }
  for (const c of lexed.comments) {
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
