/**
 * Stories and model-wide properties (craft extension): resolved against the use cases, events and facts of
 * the workspace, so `craft test` only ever runs what exists.
 */
import type * as A from '../parser/ast.js';
import type { Expectation, MessageEvent, Property, Story, StoryRun, UseCase } from './model.js';
import type { FactTable } from './facts.js';
import type { Reporter } from './reporter.js';
import { related, sourceOf } from './source.js';
import { findNamed, slugify } from '../text/slug.js';

export function buildStories(
  decls: readonly A.StoryDecl[],
  useCases: readonly UseCase[],
  events: readonly MessageEvent[],
  facts: FactTable,
  reporter: Reporter,
): Story[] {
  const stories: Story[] = [];
  const bySlug = new Map<string, A.StoryDecl>();
  const eventNames = new Map(events.map((e) => [e.name, e]));
  for (const d of decls) {
    const slug = slugify(d.name.text) || 'story';
    const prior = bySlug.get(slug);
    if (prior) {
      reporter.error('craft/sema/duplicate-name', `story '${d.name.text}' is already defined (same slug '${slug}'); this one is ignored`, d.name.span, {
        related: [related(prior.name.span, 'first defined here')],
      });
      continue;
    }
    bySlug.set(slug, d);
    const story: Story = { name: d.name.text, slug, given: [], runs: [], expectations: [], source: sourceOf(d.name.span) };
    for (const line of d.lines) {
      switch (line.kind) {
        case 'given': {
          const all = facts.outcomes(line.condition.fact, reporter);
          if (!all) break;
          const ok = facts.checkOutcomes(line.condition.fact.text, all, line.condition.outcomes, reporter);
          if (line.condition.outcomes.length !== 1) {
            reporter.error('craft/syntax/invalid-story-line', `'given' fixes one outcome: 'given ${line.condition.fact.text} is <outcome>'`, line.span);
          } else if (story.given.some((g) => g.fact === line.condition.fact.text)) {
            reporter.error('craft/sema/fact-decided-twice', `'${line.condition.fact.text}' is already given in this story`, line.span);
          } else if (ok[0] !== undefined) story.given.push({ fact: line.condition.fact.text, outcome: ok[0] });
          break;
        }
        case 'run': {
          const useCase = findNamed(useCases, line.useCase.text);
          if (!useCase) {
            reporter.error('craft/sema/unknown-use-case', `no use case '${line.useCase.text}' (use cases: ${useCases.map((u) => u.slug).join(', ') || 'none'})`, line.useCase.span);
            break;
          }
          if (line.until && line.until.ms < line.at.ms) {
            reporter.error('craft/sema/invalid-time-range', `'${line.at.text}..${line.until.text}' ends before it starts`, line.span);
            break;
          }
          const run: StoryRun = { atMs: line.at.ms, useCase: useCase.slug };
          if (line.until) run.untilMs = line.until.ms;
          story.runs.push(run);
          break;
        }
        case 'expect':
        case 'expectEnd': {
          const e = eventNames.get(line.event.name);
          if (!e) {
            reporter.error('craft/sema/unknown-event', `no step publishes or listens to '${line.event.name}'`, line.event.span);
            break;
          }
          const positive = line.kind === 'expectEnd' || !line.negated;
          if (positive && e.publishers.length === 0 && !story.knownFailure) {
            reporter.error('craft/sema/impossible-expectation', `'${line.event.name}' is never published or scheduled on any path: this expectation can never hold`, line.event.span);
          }
          story.expectations.push(expectation(line, sourceOf(line.span)));
          break;
        }
        case 'knownFailure':
          story.knownFailure = line.reason.text;
          break;
      }
    }
    if (story.runs.length === 0) reporter.error('craft/sema/story-without-run', `story '${story.name}' runs nothing: add 'at 0s run <use case>'`, d.name.span);
    stories.push(story);
  }
  return stories;
}

function expectation(line: Extract<A.StoryLine, { kind: 'expect' | 'expectEnd' }>, source: Story['source']): Expectation {
  if (line.kind === 'expectEnd') return { kind: 'endsWith', event: line.event.name, source };
  if (line.negated) return { kind: 'absent', event: line.event.name, source };
  return line.within ? { kind: 'published', event: line.event.name, withinMs: line.within.ms, source } : { kind: 'published', event: line.event.name, source };
}

export function buildProperties(decls: readonly A.PropertiesDecl[], events: readonly MessageEvent[], reporter: Reporter): Property[] {
  const known = new Set(events.map((e) => e.name));
  const check = (e: A.EventRef): boolean => {
    if (known.has(e.name)) return true;
    reporter.error('craft/sema/unknown-event', `no step publishes or listens to '${e.name}'`, e.span);
    return false;
  };
  const properties: Property[] = [];
  for (const d of decls) {
    for (const line of d.lines) {
      const source = sourceOf(line.span);
      if (line.kind === 'never') {
        if (check(line.event) && check(line.after)) properties.push({ kind: 'never', event: line.event.name, after: line.after.name, text: `never "${line.event.name}" after "${line.after.name}"`, source });
      } else {
        const ok = [line.event, ...line.leadsTo].map(check).every(Boolean);
        if (ok) {
          const to = line.leadsTo.map((e) => e.name);
          properties.push({ kind: 'always', event: line.event.name, leadsTo: to, text: `always "${line.event.name}" leads to ${to.map((t) => `"${t}"`).join(' or ')}`, source });
        }
      }
    }
  }
  return properties;
}
