/**
 * The scenario machines' control flow as a plain function: where an instance goes when a step is done,
 * passed by, received, answered or timed out. It is a twin of the xstate machines the simulator builds
 * (simulator/machine.ts), written over the same plan so that a search can take millions of steps without
 * creating actors; test/verify-control.test.ts checks every state and event of every example against the
 * machines, so the machines stay the truth.
 *
 * Positions: `s<k>` step k's work is due; `q<k>` the asks step k's work is due (the asker's side);
 * `w<k>` its request is out; `h<k>` the callee handles it (no lines of its own); `r<k>` the reply is out;
 * and the ends `done`, `tooLate`, `noReply`, `timedOut`.
 */
import type { Frame, ScenarioPlan } from '../plan/scenario-plan.js';

export type End = 'done' | 'tooLate' | 'noReply' | 'timedOut';

export type Position = { at: 's' | 'q' | 'w' | 'h' | 'r'; k: number } | { at: End };

/** What entering a position asks of the engine: the reply of asks step `k` leaves. */
export interface Entered {
  position: Position;
  /** The asks steps whose reply left on the way (innermost first). */
  replies: number[];
}

/** Where control goes when position `k` is reached inside `frame` (machine.ts `next`), then in. */
export function next(plan: ScenarioPlan, k: number, frame: Frame | undefined, holds: (k: number) => boolean): Entered {
  const replies: number[] = [];
  for (;;) {
    if (frame && k >= frame.end) {
      replies.push(frame.ask);
      return { position: { at: 'r', k: frame.ask }, replies };
    }
    if (k >= plan.steps.length) return { position: { at: 'done' }, replies };
    const ps = plan.steps[k]!;
    if (holds(k)) return { position: { at: ps.opens ? 'q' : 's', k }, replies };
    // Passed by (SKIP): a step after it, or for an asks, the step after its callee's lines.
    frame = ps.frame;
    k = ps.opens ? ps.opens.end : k + 1;
  }
}

/** Step `k` (not an asks) is done. */
export function afterStep(plan: ScenarioPlan, k: number, holds: (k: number) => boolean): Entered {
  return next(plan, k + 1, plan.steps[k]?.frame, holds);
}

/** The callee took the request of asks step `k`: its lines, or its implicit handling. */
export function afterReceived(plan: ScenarioPlan, k: number, holds: (k: number) => boolean): Entered {
  const opens = plan.steps[k]?.opens;
  if (!opens) throw new Error(`step ${k} of ${plan.scenario.id} is no asks`);
  if (opens.end > k + 1) return next(plan, k + 1, opens, holds);
  return { position: { at: 'h', k }, replies: [] };
}

/** The asker took the reply of asks step `k`. */
export function afterReply(plan: ScenarioPlan, k: number, holds: (k: number) => boolean): Entered {
  const ps = plan.steps[k];
  if (!ps?.opens) throw new Error(`step ${k} of ${plan.scenario.id} is no asks`);
  return next(plan, ps.opens.end, ps.frame, holds);
}

/** Where the work of a position is done, if it has work. */
export function workplace(plan: ScenarioPlan, p: Position): string | undefined {
  if (p.at === 's' || p.at === 'q') return plan.steps[p.k]?.at;
  if (p.at === 'h') return plan.steps[p.k]?.opens?.callee;
  return undefined;
}

/** The position as the machine's state id (`w` is the machine's `q`: its request state). */
export function machineStateId(p: Position): string {
  if (p.at === 'w') return `q${p.k}`;
  if ('k' in p) return `${p.at}${p.k}`;
  return p.at;
}
