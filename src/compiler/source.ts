import type { Span } from '../parser/ast.js';
import type { SourceRef } from './model.js';
import type { Range, RelatedInformation } from '../diagnostics/diagnostic.js';

export function sourceOf(span: Span): SourceRef {
  return { file: span.file, line: span.start.line, column: span.start.column };
}

export function rangeOf(span: Span): Range {
  return { start: span.start, end: span.end };
}

export function related(span: Span, message: string): RelatedInformation {
  return { file: span.file, range: rangeOf(span), message };
}
