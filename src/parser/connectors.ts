/**
 * Connector words between a verb and its phrase, as the reference tool reads them:
 * `when CRON detects a failed charge` has phrase "failed charge"; `marks the subscription active`
 * keeps "the" as its connector. `asks` takes only `to`/`for` (a grammar token, not listed here).
 */
import type { IToken } from 'chevrotain';

export const triggerConnectors: ReadonlySet<string> = new Set(['a', 'an', 'the', 'to', 'for']);
export const stepConnectors: ReadonlySet<string> = new Set(['a', 'an', 'the']);

export function splitConnector(words: IToken[], connectors: ReadonlySet<string>): { connector?: string; rest: IToken[] } {
  const first = words[0];
  // A lone connector word is the phrase itself.
  if (!first || words.length < 2 || !connectors.has(first.image)) return { rest: words };
  return { connector: first.image, rest: words.slice(1) };
}
