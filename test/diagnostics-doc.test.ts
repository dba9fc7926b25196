/** docs/diagnostics.md is generated from the registry of codes: it must be the page the registry gives today. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allCodes } from '../src/diagnostics/codes.js';
import { diagnosticsPage } from '../scripts/diagnostics-page.js';

const path = fileURLToPath(new URL('../docs/diagnostics.md', import.meta.url));
const stale = 'docs/diagnostics.md is out of step with src/diagnostics/codes.ts: run `npm run docs:diagnostics`';

describe('docs/diagnostics.md', () => {
  const page = diagnosticsPage();

  it('is what `npm run docs:diagnostics` generates from the registry', () => {
    expect(existsSync(path), stale).toBe(true);
    expect(readFileSync(path, 'utf8'), stale).toBe(page);
  });

  it('has a section for every registered code, in the contents too', () => {
    for (const code of allCodes()) {
      expect(page, code).toContain(`\n### ${code}\n`);
      expect(page, code).toContain(`[\`${code}\`](#${code.replace(/\//g, '')})`);
    }
  });

  it('is generated deterministically', () => {
    expect(diagnosticsPage()).toBe(page);
  });
});
