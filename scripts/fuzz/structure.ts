/**
 * What the mutation operators need to know about a model's text: its lines, and where the compiled Model
 * says each use case, scenario, step and event use is. Operators edit the text at those places (a line
 * inserted after a step, one event reference renamed, a use case appended), so the mutants are changes to
 * the model, written as a person would write them.
 */
import type { Model, UseCase } from '../../src/compiler/model.js';
import { compileText } from './backends.js';

export interface ScenarioInfo {
  line: number;
  kind: string;
  stepLines: number[];
}

export interface UseCaseInfo {
  name: string;
  slug: string;
  /** The line of `use_case "…" {`. */
  header: number;
  /** The last trigger or step line (the header when the use case is empty). */
  last: number;
  scenarios: ScenarioInfo[];
}

export interface EventSite {
  event: string;
  role: 'publish' | 'listen';
  participant: string;
  line: number;
  column: number;
  useCase: string;
}

export interface StepInfo {
  line: number;
  column: number;
  kind: string;
  from: string;
  useCase: string;
}

export interface Structure {
  text: string;
  lines: string[];
  model: Model;
  /** The text compiles without errors. */
  sound: boolean;
  /** Context names that can be written as a step subject (unique names; the rest by `domain/name`). */
  contexts: string[];
  actors: { name: string; type: string }[];
  events: string[];
  timers: string[];
  domains: string[];
  services: string[];
  useCases: UseCaseInfo[];
  steps: StepInfo[];
  eventSites: EventSite[];
}

const cache = new Map<string, Structure>();

/** The structure of `text` (memoised for the last few texts: operators of one mutant share compiles). */
export function structureOf(text: string): Structure {
  const hit = cache.get(text);
  if (hit) return hit;
  let s: Structure;
  try {
    const { model, errors } = compileText(text);
    s = build(text, model, errors.length === 0);
  } catch {
    // A compiler crash is found (and reported) when the mutant is checked; here it only means no sites.
    s = build(text, emptyModel(), false);
  }
  cache.set(text, s);
  if (cache.size > 64) cache.delete(cache.keys().next().value!);
  return s;
}

function emptyModel(): Model {
  return { files: [], actors: [], domains: [], contexts: [], services: [], events: [], records: [], useCases: [], architectures: [], exposures: [], contextMap: [], glossary: [], facts: [], stories: [], properties: [] };
}

function build(text: string, model: Model, sound: boolean): Structure {
  const lines = text.split('\n');
  const byName = new Map<string, number>();
  for (const c of model.contexts) byName.set(c.name, (byName.get(c.name) ?? 0) + 1);
  const contexts: string[] = [];
  for (const c of model.contexts) {
    if (byName.get(c.name) === 1) contexts.push(c.name);
    else if (c.domain !== undefined) contexts.push(`${c.domain}/${c.name}`);
  }
  const steps: StepInfo[] = [];
  for (const u of model.useCases) {
    for (const s of u.scenarios) for (const st of s.steps) steps.push({ line: st.line, column: st.column, kind: st.kind, from: st.from.name, useCase: u.slug });
  }
  const eventSites: EventSite[] = [];
  for (const e of model.events) {
    for (const p of e.publishers) eventSites.push({ event: e.name, role: 'publish', participant: p.participant, line: p.source.line, column: p.source.column, useCase: p.useCase });
    for (const l of e.listeners) eventSites.push({ event: e.name, role: 'listen', participant: l.participant, line: l.source.line, column: l.source.column, useCase: l.useCase });
  }
  eventSites.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    text,
    lines,
    model,
    sound,
    contexts: [...new Set(contexts)],
    actors: model.actors.map((a) => ({ name: a.name, type: a.type })),
    events: model.events.map((e) => e.name),
    timers: model.events.filter((e) => e.timer).map((e) => e.name),
    domains: model.domains.map((d) => d.name),
    services: model.services.map((s) => s.name),
    useCases: model.useCases.map((u) => useCaseInfo(u, lines.length)),
    steps,
    eventSites,
  };
}

function useCaseInfo(u: UseCase, lineCount: number): UseCaseInfo {
  let last = u.source.line;
  const scenarios: ScenarioInfo[] = u.scenarios.map((s) => {
    last = Math.max(last, s.line);
    const stepLines = s.steps.map((st) => st.line);
    for (const l of stepLines) last = Math.max(last, l);
    return { line: s.line, kind: s.trigger.kind, stepLines };
  });
  return { name: u.name, slug: u.slug, header: u.source.line, last: Math.min(last, lineCount), scenarios };
}

// ───────────────────────────── text edits (1-based lines) ─────────────────────────────

export function indentOf(line: string | undefined): string {
  return /^[ \t]*/.exec(line ?? '')![0];
}

/** Inserts `added` after line `line` (0: at the start), indented like that line unless they carry their own. */
export function insertAfter(s: Structure, line: number, added: string[], indent?: string): string {
  const lines = [...s.lines];
  const at = Math.max(0, Math.min(line, lines.length));
  const pad = indent ?? indentOf(lines[at - 1]);
  lines.splice(at, 0, ...added.map((a) => pad + a));
  return lines.join('\n');
}

export function replaceLine(s: Structure, line: number, replacement: string[]): string {
  const lines = [...s.lines];
  if (line < 1 || line > lines.length) return s.text;
  lines.splice(line - 1, 1, ...replacement);
  return lines.join('\n');
}

export function deleteLine(s: Structure, line: number): string {
  return replaceLine(s, line, []);
}

/** Appends a block at the end of the text, on its own lines. */
export function append(s: Structure, block: string[]): string {
  const sep = s.text.endsWith('\n') || s.text === '' ? '' : '\n';
  return `${s.text}${sep}\n${block.join('\n')}\n`;
}

/** The [start, end) columns (0-based) of the name at `column` (1-based): a quoted string or a word. */
export function tokenAt(line: string, column: number): [number, number] | undefined {
  const i = column - 1;
  if (i < 0 || i >= line.length) return undefined;
  if (line[i] === '"') {
    const close = line.indexOf('"', i + 1);
    return close < 0 ? undefined : [i, close + 1];
  }
  const m = /^[^\s"[\](){},:]+/.exec(line.slice(i));
  return m ? [i, i + m[0].length] : undefined;
}

/** Replaces the name at (line, column). */
export function replaceToken(s: Structure, line: number, column: number, replacement: string): string {
  const text = s.lines[line - 1];
  if (text === undefined) return s.text;
  const t = tokenAt(text, column);
  if (!t) return s.text;
  return replaceLine(s, line, [text.slice(0, t[0]) + replacement + text.slice(t[1])]);
}

/** Replaces every whole-word occurrence of `name` (not inside a longer name). */
export function renameWord(text: string, name: string, replacement: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}_.-])${escaped}(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}_])`, 'gu'), () => replacement);
}

const identifier = /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2070-\u2FFF\u3040-\uD7FF\uE000-\uFEFE\uFF10-\uFFEF][A-Za-z_0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2070-\u2FFF\u3040-\uD7FF\uE000-\uFEFE\uFF10-\uFFEF]*(?:[-.][A-Za-z_0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2070-\u2FFF\u3040-\uD7FF\uE000-\uFEFE\uFF10-\uFFEF]+)*$/;

/** An event reference as written: bare when it is a name, quoted otherwise. */
export function eventRef(name: string): string {
  return identifier.test(name) && !/^(or|in|to|for|when|listens|asks|returns|notifies|schedules|cancels|every|cron)$/.test(name) ? name : `"${name}"`;
}

export function isName(text: string): boolean {
  return identifier.test(text);
}
