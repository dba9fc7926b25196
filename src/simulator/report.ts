/**
 * The `--json` document (schema in docs/simulation.md): the options, the participants, and per run the
 * verdict and the trace (one record per line), then the aggregate over runs or the explored paths.
 * Written piece by piece, so a long trace is never one giant string; byte-identical for the same input.
 */
import type { Model } from '../compiler/model.js';
import { describeFaults } from './faults.js';
import type { Exploration } from './explore.js';
import type { SimulationOptions } from './options.js';
import { TRACE_VERSION, type Trace } from './trace.js';
import type { Aggregate, RunVerdict } from './verdict.js';

export interface JsonRun {
  verdict: RunVerdict;
  trace?: Trace;
}

export interface JsonInput {
  model: Model;
  options: SimulationOptions;
  runs: number;
  names: Map<string, string>;
  results: JsonRun[];
  aggregate?: Aggregate;
  exploration?: Exploration;
}

export function* jsonReport(input: JsonInput): Generator<string> {
  const o = input.options;
  const head = {
    craftSimulation: TRACE_VERSION,
    files: input.model.files,
    useCases: o.useCases,
    options: {
      seed: o.seed,
      runs: input.runs,
      flows: o.flows,
      interval: o.interval,
      until: Number.isFinite(o.until) ? o.until : null,
      humanDelay: o.humanDelay,
      maxSteps: o.maxSteps,
      faults: describeFaults(o.faults),
      choose: o.choose,
      latency: {
        jitter: o.latency.jitter,
        replyTimeout: Number.isFinite(o.latency.replyTimeout) ? o.latency.replyTimeout : null,
        defaults: o.latency.defaults,
        participants: Object.fromEntries([...o.latency.participants.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
      },
    },
    participants: [...input.names.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, name]) => ({ id, name })),
  };
  const headText = JSON.stringify(head, null, 2);
  yield headText.slice(0, -2) + ',\n  "runs": [';
  for (const [i, r] of input.results.entries()) {
    const verdict = indent(JSON.stringify(r.verdict, null, 2), '      ');
    yield `${i === 0 ? '' : ','}\n    {\n      "seed": ${r.verdict.seed},\n      "verdict": ${verdict}`;
    if (r.trace) {
      yield ',\n      "trace": [';
      for (let k = 0; k < r.trace.length; k += 1000) {
        yield r.trace
          .slice(k, k + 1000)
          .map((t, j) => `${k + j === 0 ? '' : ','}\n        ${JSON.stringify(t)}`)
          .join('');
      }
      yield r.trace.length > 0 ? '\n      ]' : ']';
    }
    yield '\n    }';
  }
  yield input.results.length > 0 ? '\n  ]' : ']';
  if (input.aggregate) yield `,\n  "aggregate": ${indent(JSON.stringify(input.aggregate, null, 2), '  ')}`;
  if (input.exploration) yield* exploration(input.exploration);
  yield '\n}\n';
}

/** `"explore"`, as `JSON.stringify(x, null, 2)` would write it inside the document, one path at a time. */
function* exploration(x: Exploration): Generator<string> {
  yield ',\n  "explore": {\n    "paths": [';
  for (const [i, p] of x.paths.entries()) yield `${i === 0 ? '' : ','}\n      ${indent(JSON.stringify(p, null, 2), '      ')}`;
  yield x.paths.length > 0 ? '\n    ],' : '],';
  yield `\n    "complete": ${JSON.stringify(x.complete)},\n    "limit": ${JSON.stringify(x.limit)}`;
  if (x.cut) yield `,\n    "cut": ${indent(JSON.stringify(x.cut, null, 2), '    ')}`;
  yield '\n  }';
}

function indent(text: string, pad: string): string {
  return text.replace(/\n/g, `\n${pad}`);
}
