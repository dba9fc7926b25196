/**
 * The generated tests, one per use case: its file name, the simulator's prediction, and the triggers to
 * perform (the trigger exchanges, at the virtual times the simulator performed them); and one per story:
 * the triggers of its runs at their times. What each test can assert is decided afterwards by the replay
 * check (replay.ts).
 */
import type { Model, UseCase } from '../../compiler/model.js';
import type { Predict, PredictPaths, Prediction } from '../../plan/prediction.js';
import type { Scenarios } from '../../plan/scenarios.js';
import type { Findings } from './findings.js';
import { fileNamespace, type Claim } from './safe-names.js';
import { claimAll } from './project-names.js';
import { compare, type Exchange, type StoryTest, type TestTrigger, type UseCaseTest } from './project.js';
import { findUseCase, stimulusPlans } from '../../plan/scenarios.js';

export function useCaseTests(model: Model, exchanges: readonly Exchange[], catalog: Scenarios, predict: Predict, findings: Findings, predictPaths?: PredictPaths): UseCaseTest[] {
  const files = fileNamespace(['support']);
  const triggerBy = new Map<string, TestTrigger['exchange']>();
  for (const e of exchanges) if (e.kind === 'trigger') for (const s of e.scenarios) triggerBy.set(s, e);
  const scenarioText = new Map<string, string>();
  for (const p of catalog.plans) scenarioText.set(p.scenario.id, p.triggerText);
  const sorted = [...model.useCases].sort((a, b) => compare(a.slug, b.slug));
  const fileOf = new Map<UseCase, string>();
  claimAll(
    files,
    sorted.map((u) => ({ raw: u.slug, id: u.slug, set: (c: Claim) => fileOf.set(u, c.name), source: u.source, what: `use case '${u.name}'` })),
    'test file name',
    findings,
    model,
  );
  const triggersOf = (prediction: Prediction): TestTrigger[] =>
    prediction.triggers.flatMap((t) => {
      const exchange = triggerBy.get(t.scenario);
      return exchange ? [{ exchange, time: t.time, text: `when ${scenarioText.get(t.scenario) ?? exchange.title}` }] : [];
    });
  return sorted.flatMap((u): UseCaseTest[] => {
    const file = fileOf.get(u);
    if (file === undefined) throw new Error(`craft gen: no test file was chosen for '${u.slug}'`);
    const prediction = predict(u.slug);
    const base: UseCaseTest = { useCase: u, file, prediction, triggers: triggersOf(prediction), mode: 'exact' };
    // Every other explored path that facts alone decide: the same use case run with those facts given.
    const paths = (predictPaths?.(u.slug) ?? []).map((p, i): UseCaseTest => ({
      useCase: u,
      file: files.claim(`${u.slug}-path-${i + 2}`).name,
      prediction: p.prediction,
      triggers: triggersOf(p.prediction),
      given: p.facts,
      mode: 'exact',
    }));
    return [base, ...paths];
  });
}

/** A test per story (in `test/stories/`): each run's triggers, in order, at the run's time. */
export function storyTests(model: Model, exchanges: readonly Exchange[], catalog: Scenarios): StoryTest[] {
  const triggerBy = new Map<string, TestTrigger['exchange']>();
  for (const e of exchanges) if (e.kind === 'trigger') for (const s of e.scenarios) triggerBy.set(s, e);
  const files = fileNamespace([]);
  const sorted = [...model.stories].sort((a, b) => compare(a.slug, b.slug));
  return sorted.map((story): StoryTest => {
    const triggers = story.runs.flatMap((run) => {
      const useCase = findUseCase(model, run.useCase);
      if (!useCase) return [];
      return stimulusPlans(catalog, useCase).flatMap((p) => {
        const exchange = triggerBy.get(p.scenario.id);
        return exchange ? [{ exchange, time: run.atMs, text: `at ${run.atMs} ms: when ${p.triggerText}` }] : [];
      });
    });
    return { story, file: files.claim(story.slug).name, triggers, mode: 'run' };
  });
}
