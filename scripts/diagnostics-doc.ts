/**
 * Writes docs/diagnostics.md from the registry of diagnostic codes (src/diagnostics/codes.ts).
 * Run with `npm run docs:diagnostics` (builds first; this file runs as dist/scripts/diagnostics-doc.js).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allCodes } from '../src/diagnostics/codes.js';
import { diagnosticsPage } from './diagnostics-page.js';

const out = fileURLToPath(new URL('../../docs/diagnostics.md', import.meta.url));
writeFileSync(out, diagnosticsPage());
console.log(`wrote ${out} (${allCodes().length} codes)`);
