/** Trailing operation annotations: `[POST /v1/charges]`, `[GRPC pkg.Service/Method]`, `[TOPIC name]`, or free text. */
import type { Operation, Span } from './ast.js';

export const operationVerbs: ReadonlySet<string> = new Set([
  'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'GRPC', 'TOPIC', 'QUERY',
  // craft extensions: a point-to-point queue and an event stream, next to the reference tool's TOPIC.
  'QUEUE', 'STREAM',
]);

export function parseOperation(inner: string, span: Span): Operation {
  const text = inner.trim().replace(/\s+/g, ' ');
  const space = text.indexOf(' ');
  const head = space < 0 ? text : text.slice(0, space);
  if (space > 0 && operationVerbs.has(head)) {
    return { verb: head, payload: text.slice(space + 1), text, span };
  }
  return { payload: text, text, span };
}
