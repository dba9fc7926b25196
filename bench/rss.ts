/**
 * Peak memory of one parse+compile, in a fresh process so that nothing else the benchmark did is counted:
 * `node --expose-gc dist/bench/rss.js <domains> <seed>` prints one JSON line.
 *
 * The main thread is busy for the whole parse+compile, so the sampling runs in a worker thread:
 * `process.memoryUsage.rss()` is process-wide, and the worker reads it every millisecond.
 */
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { build } from './synthetic.js';
import { parse } from '../src/parser/parse.js';
import { compileDocuments } from '../src/compiler/compile.js';
import { collect } from './timing.js';

export interface RssReport {
  bytes: number;
  /** RSS after generating the text, before parsing. */
  beforeRss: number;
  /** Largest sampled RSS while parsing and compiling. */
  peakRss: number;
  /** RSS once parse+compile returned, results still alive. */
  afterRss: number;
  /** getrusage max RSS of the whole child process (includes generation). */
  maxRss: number;
  samples: number;
  ms: number;
}

const samplerSource = `
const { workerData, parentPort } = require('node:worker_threads');
const peak = new Float64Array(workerData);
const tick = () => { const r = process.memoryUsage.rss(); if (r > peak[0]) peak[0] = r; peak[1]++; };
const timer = setInterval(tick, 1);
parentPort.on('message', () => { tick(); clearInterval(timer); parentPort.postMessage('done'); });
parentPort.postMessage('ready');
`;

async function main(): Promise<void> {
  const domains = Number(process.argv[2]);
  const seed = Number(process.argv[3]);
  const { text, stats } = build(domains, seed);
  collect();
  const beforeRss = process.memoryUsage.rss();
  const shared = new SharedArrayBuffer(16);
  const peak = new Float64Array(shared);
  peak[0] = beforeRss;
  const worker = new Worker(samplerSource, { eval: true, workerData: shared });
  await new Promise<void>((resolve) => worker.once('message', () => resolve()));
  const start = performance.now();
  const parsed = parse(text, 'synthetic.craft');
  const compiled = compileDocuments([parsed.document]);
  const elapsed = performance.now() - start;
  const afterRss = process.memoryUsage.rss();
  worker.postMessage('stop');
  await new Promise<void>((resolve) => worker.once('message', () => resolve()));
  await worker.terminate();
  const report: RssReport = {
    bytes: stats.bytes,
    beforeRss,
    peakRss: Math.max(peak[0]!, afterRss),
    afterRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    samples: peak[1]!,
    ms: elapsed,
  };
  // Keep the results alive until after the last sample.
  if (parsed.tokens.length === 0 && compiled.model.useCases.length === 0) report.samples = -1;
  process.stdout.write(JSON.stringify(report) + '\n');
}

void main();
