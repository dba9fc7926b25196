/**
 * `craft verify`'s back end: explores every interleaving, outcome and fault within a budget of a story (or
 * of use cases), checks what must hold, and says what it found with the shortest counterexample of each
 * violated check. docs/verify.md is the contract.
 */
import type { Model } from '../compiler/model.js';
import { findNamed } from '../text/slug.js';
import { builtInChecks, checkName, checkTitle, sequenceDiagram, timelineText, type ReplayFile } from './report.js';
import { replay, search, type SearchOptions, type SearchResult } from './search.js';
import type { CheckName, Limits } from './transitions.js';
import { storyTarget, TargetError, useCasesTarget, worldOf, type Target, type World } from './world.js';

export { parseReplayFile, ReplayFileError, builtInChecks, type ReplayFile } from './report.js';
export { TargetError, storyTarget, useCasesTarget, type Target } from './world.js';
export type { SearchOptions, SearchResult, Progress } from './search.js';
export type { FaultKind, Limits } from './transitions.js';
export { searchInParallel } from './parallel.js';

export interface Found {
  check: CheckName;
  /** The check by the name `--property` takes. */
  name: string;
  title: string;
  message: string;
  path: string[];
  timeline: string;
  mermaid: string;
}

export interface TargetResult {
  target: Target;
  result: SearchResult;
  found: Found[];
  /**
   * ok: no violation in the explored space; violated; known: a story known to fail failed as documented;
   * fixed: a story known to fail did not fail anywhere in a complete search (the flaw is gone).
   */
  verdict: 'ok' | 'violated' | 'known' | 'fixed';
}

/** The stories named (slug or name), or every story; a model without stories: each use case with a trigger. */
export function targetsOf(model: Model, names: readonly string[]): Target[] {
  if (names.length > 0) {
    return names.map((n) => {
      const story = findNamed(model.stories, n);
      if (story) return storyTarget(story);
      const useCase = findNamed(model.useCases, n);
      if (useCase) return useCasesTarget([useCase.slug]);
      throw new TargetError(`no story or use case "${n}" (stories: ${model.stories.map((s) => s.slug).join(', ') || 'none'})`);
    });
  }
  if (model.stories.length > 0) return model.stories.map(storyTarget);
  return model.useCases.filter((u) => u.scenarios.some((s) => s.trigger.kind === 'external' || s.trigger.kind === 'periodic')).map((u) => useCasesTarget([u.slug]));
}

/** The check `text` names (a built-in name, or a property as written), or undefined. */
export function resolveCheck(model: Model, text: string): CheckName | undefined {
  if ((builtInChecks as readonly string[]).includes(text)) return text as CheckName;
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const i = model.properties.findIndex((p) => norm(p.text) === norm(text));
  return i >= 0 ? `property:${i}` : undefined;
}

export function checkNames(model: Model): string[] {
  return [...builtInChecks, ...model.properties.map((p) => p.text)];
}

export type Searcher = (w: World, o: SearchOptions) => SearchResult | Promise<SearchResult>;

export async function verifyTarget(model: Model, target: Target, options: SearchOptions, run: Searcher = search): Promise<TargetResult> {
  const w = worldOf(model, target);
  const result = await run(w, options);
  const found = result.violations.map((v) => {
    const r = replay(w, v.path, options);
    if ('unknown' in r) throw new Error(`a counterexample does not replay: "${r.unknown}" at ${r.at}`);
    const title = checkTitle(w, v.check);
    return { check: v.check, name: checkName(w, v.check), title, message: v.message, path: v.path, timeline: timelineText(r.lines), mermaid: sequenceDiagram(w, r, `${target.name}: ${title}`) };
  });
  let verdict: TargetResult['verdict'] = found.length > 0 ? 'violated' : 'ok';
  if (target.knownFailure !== undefined) {
    const flaw = found.some((f) => f.check === 'expectations' || f.check.startsWith('property:'));
    if (flaw) verdict = found.every((f) => f.check === 'expectations' || f.check.startsWith('property:')) ? 'known' : 'violated';
    else if (result.cut.length === 0 && found.length === 0) verdict = 'fixed';
  }
  return { target, result, found, verdict };
}

/** The replay file of a counterexample. */
export function replayFileOf(files: readonly string[], target: Target, limits: Limits, f: Found): ReplayFile {
  return { craft: 'verify-replay', version: 1, files: [...files], target: { kind: target.kind, name: target.kind === 'story' ? target.name : target.slug }, limits: { faultBudget: limits.faultBudget, faults: [...limits.faults], maxSteps: limits.maxSteps, mailboxBound: limits.mailboxBound }, check: f.name, message: f.message, path: f.path };
}

/** Replays a counterexample file on the model: the timeline verify printed for it, byte for byte. */
export function replayCounterexample(model: Model, file: ReplayFile): { timeline: string; mermaid: string; messages: string[] } {
  const target = file.target.kind === 'story' ? targetsOf(model, [file.target.name])[0]! : useCasesTarget(file.target.name.split('+'));
  const w = worldOf(model, target);
  const r = replay(w, file.path, file.limits);
  if ('unknown' in r) throw new TargetError(`the replay does not fit this model: transition ${r.at + 1} ("${r.unknown}") cannot happen (was the model changed?)`);
  const check = resolveCheck(model, file.check);
  const title = check ? checkTitle(w, check) : file.check;
  return { timeline: timelineText(r.lines), mermaid: sequenceDiagram(w, r, `${target.name}: ${title}`), messages: r.violations.map((v) => v.message) };
}
