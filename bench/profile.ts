/**
 * A workload for profiling: `node --cpu-prof --cpu-prof-dir=DIR dist/bench/profile.js [MB] [runs] [phase]`
 * parses and compiles a synthetic model of MB megabytes (default 1) `runs` times (default 5); phase
 * `parse` or `compile` repeats only that phase (compile reuses one parse). Then
 * `node dist/bench/cpu-top.js DIR/*.cpuprofile` lists where the time went.
 */
import { generate } from './synthetic.js';
import { parse } from '../src/parser/parse.js';
import { compileDocuments } from '../src/compiler/compile.js';

const megabytes = Number(process.argv[2] ?? '1');
const runs = Number(process.argv[3] ?? '5');
const phase = process.argv[4] ?? 'both';
const { text, stats } = generate(megabytes * 1e6);
const once = parse(text, 'synthetic.craft');
let diagnostics = 0;
const start = performance.now();
for (let i = 0; i < runs; i++) {
  const parsed = phase === 'compile' ? once : parse(text, 'synthetic.craft');
  diagnostics = parsed.diagnostics.length + (phase === 'parse' ? 0 : compileDocuments([parsed.document]).diagnostics.length);
}
const elapsed = performance.now() - start;
process.stdout.write(`${runs} × ${phase === 'both' ? 'parse+compile' : phase} of ${stats.bytes} bytes: ${(elapsed / runs).toFixed(0)} ms each, ${diagnostics} diagnostics\n`);
