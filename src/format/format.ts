/**
 * `craft fmt`: the reference tool's layout rules, as a pure function of the text. Formatting changes
 * whitespace only: every token and comment is emitted verbatim, once, in order. A file with a syntax error
 * is never formatted, and a result that would compile to a different model (or tokenise differently) is
 * refused, so the caller can always write what it gets back.
 */
import type { IToken } from 'chevrotain';
import { compile, compileDocuments, type Compilation } from '../compiler/compile.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Document } from '../parser/ast.js';
import type { Model } from '../compiler/model.js';
import { parse } from '../parser/parse.js';
import { scan } from '../parser/scanner.js';
import { Arch, BlockComment, Comma, LBrace, LBracket, LineComment, LParen, RBrace, RBracket, RParen, UseCase, When } from '../parser/tokens.js';

export interface FormatOptions {
  /** Spaces per nesting level (default 4). */
  indent?: number;
  /**
   * Further views of the Model that must not change either (the CLI passes the CraftDoc export). Each is
   * compared as JSON with source positions dropped.
   */
  projections?: readonly ((model: Model) => unknown)[];
}

/** Why a text was not formatted: plain data, worded by the caller. */
export type FormatRefusal =
  | { kind: 'syntax-error'; message: string; code: string; line: number; column: number }
  | { kind: 'model-changed'; detail: string };

export type FormatResult = { ok: true; text: string } | { ok: false; reason: FormatRefusal };

export const defaultIndent = 4;

export function format(text: string, file: string, options: FormatOptions = {}): FormatResult {
  const parsed = parse(text, file);
  const error = parsed.diagnostics.find((d) => d.severity === 'error');
  if (error !== undefined) {
    return { ok: false, reason: { kind: 'syntax-error', message: error.message, code: error.code, line: error.range.start.line, column: error.range.start.column } };
  }
  const formatted = layout(text, options.indent ?? defaultIndent);
  // Nothing moved: nothing to prove (a formatted workspace costs a parse and a layout per file).
  if (formatted === text) return { ok: true, text };
  const changed = difference(text, formatted, file, options.projections ?? [], parsed);
  if (changed !== undefined) return { ok: false, reason: { kind: 'model-changed', detail: changed } };
  return { ok: true, text: formatted };
}

/** Every token and comment of a text, in order. */
export function allTokens(text: string): IToken[] {
  const { tokens, comments } = scan(text);
  return [...tokens, ...comments].sort((a, b) => a.startOffset - b.startOffset);
}

/** What differs between the two texts besides whitespace, if anything (for the safety check). */
export function difference(before: string, after: string, file: string, projections: readonly ((model: Model) => unknown)[], parsedBefore?: { document: Document; diagnostics: readonly Diagnostic[] }): string | undefined {
  const a = allTokens(before);
  const b = allTokens(after);
  if (a.length !== b.length) return `${a.length} tokens became ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.image !== b[i]!.image || a[i]!.tokenType !== b[i]!.tokenType) return `token ${i + 1} (${JSON.stringify(a[i]!.image)}) became ${JSON.stringify(b[i]!.image)}`;
  }
  // The text before was parsed already (to refuse syntax errors): its tree is compiled as it is.
  const x = parsedBefore ? withSyntax(parsedBefore.diagnostics, compileDocuments([parsedBefore.document])) : compile([{ path: file, text: before }]);
  const y = compile([{ path: file, text: after }]);
  if (positionFree(x.model) !== positionFree(y.model)) return 'the model differs';
  for (const project of projections) {
    if (positionFree(project(x.model)) !== positionFree(project(y.model))) return 'an export of the model differs';
  }
  const codes = (c: typeof x) => c.diagnostics.map((d) => `${d.severity} ${d.code}`).join('\n');
  if (codes(x) !== codes(y)) return 'the diagnostics differ';
  return undefined;
}

/** A compilation of an already parsed text, with its syntax diagnostics, as `compile` gives it. */
function withSyntax(syntax: readonly Diagnostic[], c: Compilation): Compilation {
  return { model: c.model, diagnostics: sortDiagnostics([...syntax, ...c.diagnostics]) };
}

const positionKeys = new Set(['line', 'column', 'offset', 'startLine', 'endLine', 'startColumn', 'endColumn', 'startOffset', 'endOffset']);

/** JSON of a value without source positions (which formatting may move). */
export function positionFree(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (positionKeys.has(key) ? undefined : v));
}

// ---------------------------------------------------------------------------------------------------
// Layout

interface Frame {
  useCase: boolean;
  seenWhen: boolean;
}

const isComment = (t: IToken): boolean => t.tokenType === LineComment || t.tokenType === BlockComment;

/** The last line a token is on (a block comment may span several). */
function lastLine(t: IToken, text: string): number {
  return t.endLine ?? t.startLine ?? lineAt(text, t.startOffset);
}

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The layout itself: assumes a text without syntax errors (format() checks that first). */
export function layout(text: string, indentWidth: number): string {
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const eol = /\r\n/.test(text.slice(0, text.search(/\n|$/) + 1)) ? '\r\n' : '\n';
  const tokens = allTokens(text);
  const indexOf = new Map(tokens.map((t, i) => [t, i]));

  // Physical lines: tokens that start on the line where the previous token ended.
  const physical: { tokens: IToken[]; blankBefore: boolean }[] = [];
  let endOfPrevious = 0;
  for (const t of tokens) {
    const current = physical[physical.length - 1];
    if (current !== undefined && t.startLine === endOfPrevious) current.tokens.push(t);
    else physical.push({ tokens: [t], blankBefore: current !== undefined && (t.startLine ?? 0) > endOfPrevious + 1 });
    endOfPrevious = lastLine(t, text);
  }

  const out: string[] = [];
  const stack: Frame[] = [];
  // Pending output lines: text, whether it is comments only, and what is forced before it.
  interface Emitted {
    /** The line up to its trailing annotation and comment (each '' when there is none). */
    code: string;
    annotation: string;
    comment: string;
    commentOnly: boolean;
    blankBefore: boolean;
    forceBlank: boolean;
    verbatim: boolean;
  }
  const emitted: Emitted[] = [];
  let continues = false;

  // A line starting with `{` joins the line before it (unless that one ends in a comment).
  const merged: { tokens: IToken[]; blankBefore: boolean }[] = [];
  for (const p of physical) {
    const prev = merged[merged.length - 1];
    const last = prev?.tokens[prev.tokens.length - 1];
    if (prev !== undefined && last !== undefined && !isComment(last) && p.tokens[0]!.tokenType === LBrace && !prev.tokens.some((t) => t.tokenType === Arch)) {
      prev.tokens.push(...p.tokens);
    } else merged.push({ tokens: [...p.tokens], blankBefore: p.blankBefore });
  }

  for (let i = 0; i < merged.length; i++) {
    const p = merged[i]!;
    const first = p.tokens[0]!;
    // `arch` blocks stay exactly as written, from `arch` to the end of the line of its closing brace.
    if (stack.length === 0 && first.tokenType === Arch) {
      const end = archEnd(tokens, indexOf.get(first)!);
      if (end !== undefined) {
        const lineEnd = lastLine(end, text);
        let j = i;
        while (j + 1 < merged.length && (merged[j + 1]!.tokens[0]!.startLine ?? 0) <= lineEnd) j++;
        const lastToken = merged[j]!.tokens[merged[j]!.tokens.length - 1]!;
        const body = text.slice(first.startOffset, lastToken.endOffset! + 1).replace(/\r\n|\r/g, '\n');
        emitted.push({ code: body, annotation: '', comment: '', commentOnly: false, blankBefore: p.blankBefore, forceBlank: emitted.length > 0, verbatim: true });
        i = j;
        continues = false;
        continue;
      }
    }
    let blankBefore = p.blankBefore;
    for (const sub of split(p.tokens)) {
      const line = render(sub, stack, indentWidth);
      emitted.push({ ...line, blankBefore });
      blankBefore = false;
    }
  }

  // Blank lines: one before each top-level declaration after the first and before each `when` after the
  // first of a use case (before the comments right above them); elsewhere, runs collapse to one.
  const finalBlank = emitted.map((e, i) => {
    if (i === 0) return false;
    if (emitted[i - 1]!.commentOnly) return e.blankBefore;
    // The anchor of a run of comment lines is the first code line after it.
    let k = i;
    while (k < emitted.length && emitted[k]!.commentOnly) k++;
    const anchor = emitted[k];
    return e.blankBefore || e.forceBlank || (anchor !== undefined && anchor.forceBlank);
  });
  const texts = align(emitted.map((e, i) => ({ ...e, blankBefore: finalBlank[i]! })));
  texts.forEach((text, i) => {
    if (finalBlank[i]!) out.push('');
    out.push(text);
  });
  const body = out.join('\n').replace(/\n/g, eol);
  return tokens.length === 0 ? bom : bom + body + eol;

  function render(sub: IToken[], stack: Frame[], width: number): Omit<Emitted, 'blankBefore'> {
    // Closing braces at the start of the line close their frames first.
    let k = 0;
    while (k < sub.length && sub[k]!.tokenType === RBrace) {
      stack.pop();
      k++;
    }
    const commentOnly = sub.every(isComment);
    const depth = stack.length;
    const top = stack[stack.length - 1];
    const useCase = stack.find((f) => f.useCase);
    const isWhen = sub[0]!.tokenType === When && top !== undefined && top.useCase;
    let level = depth;
    let forceBlank = false;
    if (isWhen) {
      forceBlank = top.seenWhen;
      top.seenWhen = true;
    } else if (useCase?.seenWhen === true) {
      // Steps sit one level deeper than their `when`.
      level++;
    }
    if (depth === 0 && k === 0 && !commentOnly) forceBlank = true;
    // A line continuing a list (the line before ended with a comma) sits one level deeper.
    if (continues && k === 0 && !commentOnly && !isWhen) level++;
    if (!commentOnly) {
      const code = sub.filter((t) => !isComment(t));
      continues = code[code.length - 1]!.tokenType === Comma;
    }
    // Comment lines right above a `when` take its level.
    if (commentOnly && top?.useCase === true && top.seenWhen) {
      const next = nextCode(sub);
      if (next?.tokenType === When) level = depth;
    }
    // A trailing `//` comment, and a use-case step's trailing `[op]` annotation, are aligned per run of lines.
    const last = sub[sub.length - 1]!;
    const commentAt = !commentOnly && last.tokenType === LineComment ? sub.length - 1 : sub.length;
    let annotationAt = commentAt;
    if (!commentOnly && useCase !== undefined && commentAt > 0 && sub[commentAt - 1]!.tokenType === RBracket) {
      let nesting = 0;
      for (let j = commentAt - 1; j > 0; j--) {
        const tt = sub[j]!.tokenType;
        if (tt === RBracket) nesting++;
        else if (tt === LBracket) nesting--;
        if (nesting === 0) {
          if (sub[j - 1]!.endOffset! + 1 !== sub[j]!.startOffset) annotationAt = j;
          break;
        }
      }
    }
    // Inside parentheses (`deployment: canary(50% -> staging)`) the model keeps the text as written.
    const parens: number[] = [];
    for (let i = 0, open = 0; i < sub.length; i++) {
      parens.push(open);
      if (sub[i]!.tokenType === LParen) open++;
      else if (sub[i]!.tokenType === RParen && open > 0) open--;
    }
    const piece = (from: number, to: number): string => {
      let line = '';
      for (let i = from; i < to; i++) {
        const t = sub[i]!;
        if (i > from) {
          const gap = text.slice(sub[i - 1]!.endOffset! + 1, t.startOffset);
          // A `{` that opens a block (ends its line) has one space before it; elsewhere adjacency stays.
          const opensBlock = t.tokenType === LBrace && sub.slice(i + 1).every(isComment);
          if (parens[i]! > 0 && !/[\r\n]/.test(gap)) line += gap;
          else line += gap === '' && !opensBlock ? '' : ' ';
        }
        line += t.image.replace(/\r\n|\r/g, '\n');
      }
      return line;
    };
    for (let i = k; i < sub.length; i++) {
      const t = sub[i]!;
      if (t.tokenType === LBrace) stack.push({ useCase: depth === 0 && sub[0]!.tokenType === UseCase && stack.length === 0, seenWhen: false });
      else if (t.tokenType === RBrace) stack.pop();
    }
    return {
      code: ' '.repeat(level * width) + piece(0, annotationAt),
      annotation: piece(annotationAt, commentAt),
      comment: piece(commentAt, sub.length),
      commentOnly,
      forceBlank,
      verbatim: false,
    };
  }

  function nextCode(after: IToken[]): IToken | undefined {
    const last = after[after.length - 1]!;
    const idx = indexOf.get(last)!;
    for (let j = idx + 1; j < tokens.length; j++) if (!isComment(tokens[j]!)) return tokens[j];
    return undefined;
  }
}

interface Aligned {
  code: string;
  annotation: string;
  comment: string;
  commentOnly: boolean;
  blankBefore: boolean;
  verbatim: boolean;
}

/**
 * The lines' text, trailing annotations and comments aligned per run of lines (no blank line, verbatim
 * block or comment-only line between): annotations two spaces after the longest code, comments one space
 * after the longest code and annotation.
 */
function align(lines: readonly Aligned[]): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < lines.length) {
    let end = start + 1;
    const breaks = (l: Aligned) => l.blankBefore || l.verbatim || l.commentOnly;
    if (!breaks(lines[start]!)) while (end < lines.length && !breaks(lines[end]!)) end++;
    const run = lines.slice(start, end);
    const annotated = run.filter((l) => l.annotation !== '');
    const annotationColumn = Math.max(0, ...annotated.map((l) => width(l.code) + 2));
    const withAnnotation = run.map((l) => (l.annotation === '' ? l.code : l.code + ' '.repeat(annotationColumn - width(l.code)) + l.annotation));
    const commented = run.map((l, i) => (l.comment === '' ? -1 : width(withAnnotation[i]!) + 1));
    const commentColumn = Math.max(0, ...commented);
    run.forEach((l, i) => {
      const text = withAnnotation[i]!;
      out.push(l.comment === '' ? text : text + ' '.repeat(commentColumn - width(text)) + l.comment);
    });
    start = end;
  }
  return out;
}

/** Columns a line takes (code points; a multi-line block comment counts from its last line). */
function width(text: string): number {
  return [...text.slice(text.lastIndexOf('\n') + 1)].length;
}

/** The closing brace of the `arch` block starting at token `at`, if it has one. */
function archEnd(tokens: readonly IToken[], at: number): IToken | undefined {
  let depth = 0;
  for (let j = at + 1; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.tokenType === LBrace) depth++;
    else if (t.tokenType === RBrace) {
      depth--;
      if (depth === 0) return t;
      if (depth < 0) return undefined;
    }
  }
  return undefined;
}

/**
 * One physical line's tokens as output lines: a `{` whose `}` is on a later line ends its line, a `}`
 * whose `{` was on an earlier line is on its own line; a trailing comment stays where it is.
 */
function split(line: readonly IToken[]): IToken[][] {
  const open: number[] = [];
  const breakAfter = new Set<number>();
  const breakBefore = new Set<number>();
  for (let i = 0; i < line.length; i++) {
    const t = line[i]!;
    if (t.tokenType === LBrace) open.push(i);
    else if (t.tokenType === RBrace) {
      if (open.length > 0) open.pop();
      else {
        if (i > 0) breakBefore.add(i);
        breakAfter.add(i);
      }
    }
  }
  for (const i of open) breakAfter.add(i);
  const out: IToken[][] = [];
  let current: IToken[] = [];
  for (let i = 0; i < line.length; i++) {
    if (breakBefore.has(i) && current.length > 0) {
      out.push(current);
      current = [];
    }
    current.push(line[i]!);
    if (breakAfter.has(i) && !line.slice(i + 1).every(isComment)) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
