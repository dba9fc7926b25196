/** Whether a step's branch is taken: the simulator and the verifier read guards the same way. */
import type { Guard } from '../compiler/model.js';

/** True when the flow's facts satisfy every arm of the guard (an undecided fact satisfies none). */
export function holds(guard: Guard, fact: (name: string) => string | undefined): boolean {
  for (const arm of guard.arms) {
    for (const t of arm.tests) {
      const v = fact(t.fact);
      if (v === undefined || !t.outcomes.includes(v)) return false;
    }
  }
  return true;
}
