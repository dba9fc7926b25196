/**
 * Behaviour options in annotations (craft extension): `[timeout 30s, retry 2 every 5s]` on an `asks`,
 * `[outbox, at-least-once]` on a `notifies`, `[idempotent, retry 3]` on a `listens`. An annotation is read as
 * options when its first word is an option; any other annotation is an operation (`[POST /v1/charges]`), as
 * in the reference dialect.
 */
import type * as A from '../parser/ast.js';
import { parseDuration } from '../text/duration.js';
import type { Reporter } from './reporter.js';

export type OptionPlace = 'ask' | 'notify' | 'listen';

export type BehaviourOption =
  | { kind: 'timeout'; ms: number; text: string }
  | { kind: 'retry'; times: number; everyMs?: number; text: string }
  | { kind: 'outbox'; text: string }
  | { kind: 'at-least-once'; text: string }
  | { kind: 'at-most-once'; text: string }
  | { kind: 'redeliver'; ms: number; text: string }
  | { kind: 'idempotent'; text: string };

const optionWords = new Set(['timeout', 'retry', 'retries', 'outbox', 'at-least-once', 'at-most-once', 'redeliver', 'idempotent']);

const allowed: Record<OptionPlace, ReadonlySet<BehaviourOption['kind']>> = {
  ask: new Set(['timeout', 'retry']),
  notify: new Set(['outbox', 'at-least-once', 'at-most-once', 'redeliver']),
  listen: new Set(['idempotent', 'retry']),
};

const where: Record<OptionPlace, string> = {
  ask: "an 'asks' takes timeout and retry",
  notify: "a 'notifies' takes outbox, at-least-once, at-most-once and redeliver",
  listen: "a 'listens' takes idempotent and retry",
};

export function isOptionAnnotation(op: A.Operation): boolean {
  const first = op.text.trim().split(/[\s,]+/)[0]?.toLowerCase() ?? '';
  return optionWords.has(first);
}

/**
 * The annotations of a step or trigger, split: the operation (at most one, the reference's) and the
 * options, checked for where they stand. A second operation is reported, not dropped silently.
 */
export function readAnnotations(
  annotations: readonly A.Operation[],
  place: OptionPlace | 'other',
  reporter: Reporter,
): { operation?: A.Operation; options: BehaviourOption[] } {
  let operation: A.Operation | undefined;
  const options: BehaviourOption[] = [];
  for (const a of annotations) {
    if (!isOptionAnnotation(a)) {
      if (operation) reporter.error('craft/sema/invalid-option', `a step has one operation annotation; '[${a.text}]' is a second one`, a.span);
      else operation = a;
      continue;
    }
    for (const item of a.text.split(',')) {
      const o = readOption(item.trim());
      if (typeof o === 'string') {
        reporter.error('craft/sema/invalid-option', `'${item.trim()}' is not an option: ${o}`, a.span);
        continue;
      }
      if (place === 'other' || !allowed[place].has(o.kind)) {
        reporter.error('craft/sema/misplaced-option', `'${o.text}' does not apply here: ${place === 'other' ? 'options go on asks, notifies and listens' : where[place]}`, a.span);
        continue;
      }
      if (options.some((p) => p.kind === o.kind)) {
        reporter.error('craft/sema/invalid-option', `'${o.kind}' is given twice`, a.span);
        continue;
      }
      options.push(o);
    }
  }
  if (options.some((o) => o.kind === 'at-least-once') && options.some((o) => o.kind === 'at-most-once')) {
    const at = annotations.find(isOptionAnnotation)!;
    reporter.error('craft/sema/invalid-option', `an event is delivered at least once or at most once, not both`, at.span);
  }
  return { ...(operation ? { operation } : {}), options };
}

/** One option, or why the text is none. */
function readOption(text: string): BehaviourOption | string {
  const words = text.split(/\s+/).filter(Boolean);
  const [head, ...rest] = words;
  const key = head?.toLowerCase() ?? '';
  const duration = (w: string | undefined): number | undefined => (w === undefined ? undefined : parseDuration(w));
  switch (key) {
    case 'timeout':
    case 'redeliver': {
      const ms = duration(rest[0]);
      if (rest.length !== 1 || ms === undefined || ms <= 0) return `'${key}' takes one positive duration, e.g. '${key} 30s'`;
      return { kind: key, ms, text };
    }
    case 'retry':
    case 'retries': {
      const times = rest[0] !== undefined && /^\d+$/.test(rest[0]) ? Number(rest[0]) : undefined;
      const every = rest[1] === 'every' ? duration(rest[2]) : undefined;
      const shapeOk = rest.length === 1 || (rest.length === 3 && rest[1] === 'every' && every !== undefined);
      if (times === undefined || times < 1 || times > 100 || !shapeOk) return `'retry' reads 'retry N' or 'retry N every <duration>' (N from 1 to 100)`;
      return every === undefined ? { kind: 'retry', times, text } : { kind: 'retry', times, everyMs: every, text };
    }
    case 'outbox':
    case 'at-least-once':
    case 'at-most-once':
    case 'idempotent':
      return rest.length === 0 ? { kind: key, text } : `'${key}' takes nothing after it`;
    default:
      return `options are ${[...optionWords].filter((w) => w !== 'retries').join(', ')}`;
  }
}
