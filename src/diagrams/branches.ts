/**
 * `if` / `else if` / `else` arms as Mermaid combined fragments: consecutive steps on the same arm share one
 * block, arms of one block follow each other as `alt` / `else`, inner blocks nest, and a block with a single
 * arm drawn is an `opt`.
 *
 * The Model keeps guards on steps, not the blocks themselves: an arm without steps leaves no trace, so an
 * empty arm (`if x is a { } else { ... }`) cannot be drawn. Labels stay truthful anyway: an arm drawn after a
 * missing one, and every `else`, is labelled with what must hold to take it (its tests), not with its text.
 */
import type { FactTest, Guard, GuardArm, Step } from '../compiler/model.js';
import { mermaidLabel as label } from '../text/escape.js';
import { allSteps } from './views.js';

/** The arm indices each `if` block has steps on, ascending. */
export type ArmsDrawn = ReadonlyMap<string, readonly number[]>;

export function armsDrawn(steps: readonly Step[]): ArmsDrawn {
  const drawn = new Map<string, Set<number>>();
  for (const { step } of allSteps(steps)) {
    for (const a of step.guard?.arms ?? []) {
      let set = drawn.get(a.block);
      if (!set) drawn.set(a.block, (set = new Set()));
      set.add(a.arm);
    }
  }
  return new Map([...drawn].map(([block, arms]) => [block, [...arms].sort((x, y) => x - y)]));
}

/** `payment type is card or cash and reservation is reserved`: the tests of an arm, in words. */
export function testsText(tests: readonly FactTest[]): string {
  return tests.map((t) => `${t.fact} is ${t.outcomes.join(' or ')}`).join(' and ');
}

/** The label of an arm: its condition as written, unless an arm before it is missing or it is an `else`. */
export function armLabel(arm: GuardArm, drawn: ArmsDrawn): string {
  const arms = drawn.get(arm.block) ?? [arm.arm];
  const at = arms.indexOf(arm.arm);
  const previous = at > 0 ? arms[at - 1]! : -1;
  if (arm.text !== 'else' && arm.arm === previous + 1) return arm.text;
  return testsText(arm.tests) || (arm.text === 'else' ? 'otherwise' : arm.text);
}

/**
 * A fragment label: escaped, and a leading `wrap:` / `nowrap:` encoded, which mermaid would otherwise take
 * as a wrapping directive and drop from the text.
 */
export function fragmentLabel(text: string): string {
  return label(text).replace(/^(:?(?:no)?wrap):/i, '$1#58;');
}

/**
 * Writes the block lines into `out` as steps move from arm to arm. `depth` is how many of a step's arms are
 * already drawn by an enclosing fragment (the steps of an `on timeout` carry the arms of their `asks`).
 */
export class BranchWriter {
  private open: GuardArm[] = [];

  constructor(
    private readonly out: string[],
    private readonly drawn: ArmsDrawn,
    private readonly indentBase: string,
    private readonly depth = 0,
  ) {}

  /** Closes and opens blocks so that the next line is on `guard`'s arms; returns the indentation for it. */
  enter(guard: Guard | undefined): string {
    const arms = guard?.arms.slice(this.depth) ?? [];
    let same = 0;
    while (same < this.open.length && same < arms.length && this.open[same]!.block === arms[same]!.block && this.open[same]!.arm === arms[same]!.arm) same++;
    if (same < this.open.length) {
      const next = arms[same];
      if (next && this.open[same]!.block === next.block) {
        // Another arm of a block already open: close what is inside it, then `else`.
        this.closeTo(same + 1);
        this.out.push(`${this.indent(same)}else ${fragmentLabel(armLabel(next, this.drawn))}`);
        this.open[same] = next;
        same++;
      } else {
        this.closeTo(same);
      }
    }
    for (const arm of arms.slice(this.open.length)) {
      const kind = (this.drawn.get(arm.block)?.length ?? 1) > 1 ? 'alt' : 'opt';
      this.out.push(`${this.indent(this.open.length)}${kind} ${fragmentLabel(armLabel(arm, this.drawn))}`);
      this.open.push(arm);
    }
    return this.indent(this.open.length);
  }

  /** Closes every open block. */
  close(): void {
    this.closeTo(0);
  }

  private closeTo(level: number): void {
    while (this.open.length > level) {
      this.open.pop();
      this.out.push(`${this.indent(this.open.length)}end`);
    }
  }

  private indent(level: number): string {
    return this.indentBase + '  '.repeat(level);
  }
}
