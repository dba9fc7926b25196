/**
 * Writes grammar/diagrams.html: chevrotain's railroad diagrams of every CraftGrammar rule.
 * Run with `npm run grammar` (builds first; this file runs as dist/scripts/grammar.js).
 * The page loads chevrotain's diagram scripts and stylesheet from unpkg (createSyntaxDiagramsCode's
 * default), so viewing it needs network access.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSyntaxDiagramsCode } from 'chevrotain';
import { CraftGrammar } from '../src/parser/grammar.js';

const out = fileURLToPath(new URL('../../grammar/diagrams.html', import.meta.url));
const serialized = new CraftGrammar().getSerializedGastProductions();
writeFileSync(out, createSyntaxDiagramsCode(serialized));
console.log(`wrote ${out} (${serialized.length} rules)`);
