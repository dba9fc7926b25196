/**
 * Goldens: expected output kept beside the tests. A missing golden fails like a wrong one; only a run asked
 * to write goldens (`UPDATE_GOLDENS=1 npm test`) creates or rewrites them, so a new case never passes by
 * comparing its output with itself.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

export const updateGoldens = process.env['UPDATE_GOLDENS'] === '1';

/** Compares `text` with the golden at `path` (written instead when goldens are being updated). */
export function expectGolden(path: string, text: string, update = updateGoldens): void {
  if (update) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } else if (!existsSync(path)) {
    throw new Error(`golden ${path} is missing: run UPDATE_GOLDENS=1 npm test to write it, then review it`);
  }
  expect(text).toBe(readFileSync(path, 'utf8'));
}
