/**
 * Flow facts (craft extension): what `X decides fact: a | b` and `X returns to Y fact: a | b` decide, read
 * from the whole workspace before any scenario is compiled, so a condition may test a fact decided in
 * another use case or file.
 */
import type * as A from '../parser/ast.js';
import type { Fact } from './model.js';
import type { Reporter } from './reporter.js';
import { related, sourceOf } from './source.js';

/** Every step of `statements`, depth first, in source order (inside `if` arms and `on timeout` blocks too). */
export function eachStep(statements: readonly A.Statement[], visit: (s: A.Step) => void): void {
  for (const s of statements) {
    if (s.kind === 'if') for (const arm of s.arms) eachStep(arm.statements, visit);
    else if (s.kind === 'onTimeout') eachStep(s.statements, visit);
    else visit(s);
  }
}

/** The first step of `statements` (the one that runs first when every condition holds). */
export function firstStep(statements: readonly A.Statement[]): A.Step | undefined {
  let first: A.Step | undefined;
  eachStep(statements, (s) => {
    first ??= s;
  });
  return first;
}

export function choiceOf(s: A.Step): A.Alternatives | undefined {
  return s.kind === 'decide' ? s.alternatives : s.kind === 'return' ? s.alternatives : undefined;
}

export class FactTable {
  readonly byName = new Map<string, { fact: Fact; span: A.Span }>();

  constructor(useCases: readonly A.UseCaseDecl[], reporter: Reporter) {
    for (const u of useCases) {
      for (const sc of u.scenarios) {
        eachStep(sc.steps, (step) => {
          const alt = choiceOf(step);
          if (alt) this.add(alt, reporter);
        });
      }
    }
  }

  private add(alt: A.Alternatives, reporter: Reporter): void {
    const name = alt.fact.text;
    const outcomes: string[] = [];
    for (const o of alt.outcomes) {
      if (outcomes.includes(o.text)) reporter.error('craft/sema/duplicate-outcome', `'${o.text}' is listed twice among the outcomes of '${name}'`, o.span);
      else outcomes.push(o.text);
    }
    const prior = this.byName.get(name);
    if (!prior) {
      this.byName.set(name, { fact: { name, outcomes, source: sourceOf(alt.fact.span) }, span: alt.fact.span });
      return;
    }
    const same = prior.fact.outcomes.length === outcomes.length && outcomes.every((o) => prior.fact.outcomes.includes(o));
    if (!same) {
      reporter.error('craft/sema/conflicting-outcomes', `'${name}' is decided elsewhere with other outcomes (${prior.fact.outcomes.join(' | ')}); a fact has one set of outcomes`, alt.fact.span, {
        related: [related(prior.span, 'first decided here')],
      });
    }
  }

  facts(): Fact[] {
    return [...this.byName.values()].map((f) => f.fact);
  }

  /** The outcomes of `fact`, or undefined (reported) when no step decides it. */
  outcomes(fact: A.Phrase, reporter: Reporter): string[] | undefined {
    const f = this.byName.get(fact.text);
    if (f) return f.fact.outcomes;
    const known = [...this.byName.keys()];
    reporter.error('craft/sema/unknown-fact', `no step decides '${fact.text}'${known.length > 0 ? ` (facts: ${known.map((k) => `'${k}'`).join(', ')})` : ''}: decide it with 'X decides ${fact.text}: a | b'`, fact.span);
    return undefined;
  }

  /** The outcomes of a condition that the fact has; the others are reported. */
  checkOutcomes(fact: string, all: readonly string[], written: readonly A.Phrase[], reporter: Reporter): string[] {
    const ok: string[] = [];
    for (const o of written) {
      if (all.includes(o.text)) ok.push(o.text);
      else reporter.error('craft/sema/unknown-outcome', `'${o.text}' is not an outcome of '${fact}' (${all.join(' | ')})`, o.span);
    }
    return ok;
  }
}
