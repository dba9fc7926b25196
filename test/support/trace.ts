/** Reading a simulation trace in tests. */
import { expect } from 'vitest';
import type { TraceRecord } from '../../src/simulator/trace.js';

/** The events published, in order. */
export const published = (trace: TraceRecord[]): string[] => trace.filter((t) => t.kind === 'publish').map((t) => t.event!);

/** The step texts, in order. */
export const steps = (trace: TraceRecord[]): string[] => trace.filter((t) => t.kind === 'step').map((t) => t.text!);

/** `items` occur in `list` in this order (not necessarily adjacent). */
export function expectOrder(list: string[], ...items: string[]): void {
  let at = -1;
  for (const item of items) {
    const i = list.indexOf(item, at + 1);
    expect(i, `"${item}" after position ${at} in:\n${list.join('\n')}`).toBeGreaterThan(at);
    at = i;
  }
}
