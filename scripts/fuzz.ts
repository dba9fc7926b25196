/**
 * `npm run fuzz`: a longer campaign of the back-end fuzz (test/backends.fuzz.test.ts runs a bounded one).
 * Mutants of the examples, the conformance corpus and synthetic models go through diagrams, the simulator
 * (plain, --explore, heavy faults) and code generation; see scripts/fuzz/backends.ts for the properties.
 *
 *   npm run fuzz -- --mutants 5000 --seed 42
 *   npm run fuzz -- --time 600 --collect        # keep going, list every distinct failure
 *
 * Progress goes to stderr; the summary (mutants/s, calls per back end, rejections) and the first failing
 * mutant, minimised, to stdout. Exit status 1 when a property failed (or a mutant hung), 2 on usage errors.
 * The campaign runs in a worker thread: a mutant that hangs (no progress for --hang seconds) is reported
 * as such, with its text, instead of blocking forever.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { describeMutant, formatFailure, runCampaign, type Mutant } from './fuzz/campaign.js';
import { loadSeeds } from './fuzz/seeds.js';

interface Options {
  mutants: number;
  seed: number;
  time?: number;
  collect: boolean;
  syntax: boolean;
  maxOps: number;
  maxSteps: number;
  flows: number;
  exploreLimit: number;
  hang: number;
  minimise: number;
}

type FromWorker =
  | { kind: 'start'; mutant: string; at: number }
  | { kind: 'progress'; mutants: number; accepted: number; rejected: number; seconds: number }
  | { kind: 'found'; signature: string }
  | { kind: 'minimising' }
  | { kind: 'done'; report: string; failed: boolean };

const usage = `usage: npm run fuzz -- [--mutants N] [--seed S] [--time SECONDS] [--collect] [--syntax] [--ops N]
                        [--max-steps N] [--flows N] [--explore-limit N] [--hang SECONDS] [--minimise SECONDS]

  --mutants N         mutants to run (default 2000; unlimited with --time alone)
  --seed S            fast-check seed (default: from the clock; printed, to replay a run)
  --time SECONDS      stop generating mutants after this long
  --collect           keep going after a failure and report every distinct one (each minimised)
  --syntax            also check that generated .ts files parse as TypeScript and .json files as JSON
  --ops N             at most N mutations per mutant (default 4)
  --max-steps N       the simulator's step cap per flow (default 120)
  --flows N           flows per simulation run (default 2)
  --explore-limit N   paths per --explore (default 6)
  --hang SECONDS      report a mutant as hanging after this long without progress (default 60)
  --minimise SECONDS  time to minimise each failing mutant (default 30)`;

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { mutants: 2000, seed: Date.now() % 2_147_483_647, collect: false, syntax: false, maxOps: 4, maxSteps: 120, flows: 2, exploreLimit: 6, hang: 60, minimise: 30 };
  let mutantsGiven = false;
  const number = (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n) || n < min) throw new Error(`${flag}: expected a number ≥ ${min}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--mutants': o.mutants = Math.floor(number(flag, value(), 1)); mutantsGiven = true; break;
      case '--seed': o.seed = Math.floor(number(flag, value(), 0)); break;
      case '--time': o.time = number(flag, value(), 0.001); break;
      case '--collect': o.collect = true; break;
      case '--syntax': o.syntax = true; break;
      case '--ops': o.maxOps = Math.floor(number(flag, value(), 1)); break;
      case '--max-steps': o.maxSteps = Math.floor(number(flag, value(), 1)); break;
      case '--flows': o.flows = Math.floor(number(flag, value(), 1)); break;
      case '--explore-limit': o.exploreLimit = Math.floor(number(flag, value(), 1)); break;
      case '--hang': o.hang = number(flag, value(), 1); break;
      case '--minimise': case '--minimize': o.minimise = number(flag, value(), 0); break;
      case '--help': case '-h': process.stdout.write(`${usage}\n`); process.exit(0); break;
      default: throw new Error(`unknown option ${JSON.stringify(a)}`);
    }
  }
  if (o.time !== undefined && !mutantsGiven) o.mutants = 1_000_000_000;
  return o;
}

/** The worker: runs the campaign and reports to the main thread. */
function work(o: Options): void {
  const port = parentPort!;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const { seeds, skipped, corpus } = loadSeeds(root);
  const header = `${seeds.length} seeds (${corpus} from the conformance corpus${skipped.length > 0 ? `; ${skipped.length} files with errors skipped` : ''}), fast-check seed ${o.seed}`;
  let last = 0;
  const result = runCampaign(seeds, {
    seed: o.seed,
    numRuns: o.mutants,
    ...(o.time !== undefined ? { timeLimitMs: o.time * 1000 } : {}),
    limits: { maxSteps: o.maxSteps, flows: o.flows, exploreLimit: o.exploreLimit, syntax: o.syntax },
    shape: { maxOps: o.maxOps },
    collect: o.collect,
    minimiseMs: o.minimise * 1000,
    onStart: (m: Mutant) => port.postMessage({ kind: 'start', mutant: describeMutant(m), at: Date.now() } satisfies FromWorker),
    onMutant: (s) => {
      const now = Date.now();
      if (now - last < 2000) return;
      last = now;
      port.postMessage({ kind: 'progress', mutants: s.mutants, accepted: s.accepted, rejected: s.rejected, seconds: s.elapsedSeconds() } satisfies FromWorker);
    },
    onFailure: (f) => port.postMessage({ kind: 'found', signature: f.signature() } satisfies FromWorker),
    onMinimise: () => port.postMessage({ kind: 'minimising' } satisfies FromWorker),
  });
  const lines = [header, ...result.stats.summary()];
  if (result.interrupted) lines.push(`stopped after --time ${o.time} s`);
  let failed = false;
  if (result.failure) {
    failed = true;
    lines.push('', 'FAILED: the first failing mutant, shrunk by fast-check and minimised by lines:', '', formatFailure(result.failure));
  }
  if (o.collect) {
    lines.push('', `${result.distinct.length} distinct failure(s)${result.distinct.length > 0 ? ':' : ''}`);
    result.distinct.forEach((f, i) => lines.push('', `── ${i + 1}/${result.distinct.length} ${'─'.repeat(60)}`, formatFailure(f)));
    failed ||= result.distinct.length > 0;
  }
  const slowest = result.stats.slowest[0];
  if (slowest && slowest.ms > 2000) lines.push('', `the slowest accepted mutant took ${slowest.ms.toFixed(0)} ms (not a failure; a complexity bug would look like this):`, result.stats.slowestMutant()!);
  if (!failed) lines.push('', 'no property failed');
  port.postMessage({ kind: 'done', report: lines.join('\n'), failed } satisfies FromWorker);
}

function main(): void {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`fuzz: ${(e as Error).message}\n${usage}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`fuzz: seed ${o.seed}, ${o.time !== undefined ? `${o.time} s` : `${o.mutants} mutants`}${o.collect ? ', collecting every distinct failure' : ''}\n`);
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: o });
  let current: { mutant: string; at: number } | undefined;
  let done = false;
  const watchdog = setInterval(() => {
    if (!current || done) return;
    const waited = (Date.now() - current.at) / 1000;
    if (waited < o.hang) return;
    done = true;
    clearInterval(watchdog);
    process.stdout.write(`FAILED: a mutant made no progress for ${waited.toFixed(0)} s (it hangs, or takes far too long; not minimised):\n\n${current.mutant}\n`);
    process.exitCode = 1;
    void worker.terminate();
  }, 1000);
  worker.on('message', (msg: FromWorker) => {
    switch (msg.kind) {
      case 'start':
        current = { mutant: msg.mutant, at: msg.at };
        break;
      case 'progress':
        process.stderr.write(`fuzz: ${msg.mutants} mutants (${msg.accepted} accepted, ${msg.rejected} rejected), ${(msg.mutants / Math.max(msg.seconds, 1e-9)).toFixed(1)} mutants/s\n`);
        break;
      case 'found':
        process.stderr.write(`fuzz: new failure: ${msg.signature}\n`);
        break;
      case 'minimising':
        current = undefined; // the watchdog watches mutants, not the minimiser (bounded by --minimise)
        process.stderr.write('fuzz: minimising…\n');
        break;
      case 'done':
        done = true;
        clearInterval(watchdog);
        process.stdout.write(`${msg.report}\n`);
        process.exitCode = msg.failed ? 1 : 0;
        void worker.terminate();
        break;
    }
  });
  worker.on('error', (e) => {
    if (done) return;
    done = true;
    clearInterval(watchdog);
    process.stdout.write(`FAILED: the fuzz campaign itself crashed: ${e.stack ?? e.message}\nlast mutant: ${current?.mutant ?? '(none)'}\n`);
    process.exitCode = 1;
  });
  worker.on('exit', () => clearInterval(watchdog));
}

if (isMainThread) main();
else work(workerData as Options);
