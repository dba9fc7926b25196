/**
 * What verify says about a counterexample: the timeline (the same text `craft simulate --replay` prints),
 * a Mermaid sequence diagram with the faults and the interleavings marked, and the replay file.
 */
import { formatTime } from '../text/duration.js';
import { mermaidLabel } from '../text/escape.js';
import type { Replayed } from './search.js';
import type { CheckName, Limits, Line } from './transitions.js';
import type { Target, World } from './world.js';

/** Every check verify knows, by the name `--property` takes. */
export const builtInChecks = ['ends', 'dead-letter', 'handled-twice', 'event-loop', 'mailbox-bound', 'expectations'] as const;

/** What a check says, for reports. */
export function checkTitle(w: World, check: CheckName): string {
  switch (check) {
    case 'ends':
      return 'every flow reaches one of its declared ends';
    case 'dead-letter':
      return 'no dead letter';
    case 'handled-twice':
      return 'no consumer that is not [idempotent] handles a message twice';
    case 'event-loop':
      return `no event loop`;
    case 'mailbox-bound':
      return 'mailboxes stay within their bound';
    case 'expectations':
      return "the story's expectations";
    default:
      return w.properties[Number(check.slice('property:'.length))]?.text ?? check;
  }
}

/** The name of a check as `--property` takes it: a built-in name, or a property's text. */
export function checkName(w: World, check: CheckName): string {
  return check.startsWith('property:') ? checkTitle(w, check) : check;
}

export function timelineText(lines: readonly Line[]): string {
  const out: string[] = [];
  for (const l of lines) {
    const mark = l.fault ? '!' : l.overtook ? '⇄' : ' ';
    const overtook = l.overtook ? `   (ahead of: ${l.overtook})` : '';
    out.push(`  ${formatTime(l.time)} ${mark} ${l.text}${overtook}`);
  }
  return out.join('\n') + '\n';
}

/** The counterexample as a Mermaid sequence diagram: messages as arrows, faults and interleavings as notes. */
export function sequenceDiagram(w: World, r: Replayed, title: string): string {
  const ids = new Map<string, string>();
  const header: string[] = [];
  const pid = (p: string): string => {
    let id = ids.get(p);
    if (!id) {
      id = `p${ids.size + 1}`;
      ids.set(p, id);
      header.push(`  participant ${id} as ${mermaidLabel(w.names.get(p) ?? p)}`);
    }
    return id;
  };
  const body: string[] = [];
  let decisive = -1;
  r.lines.forEach((l, i) => {
    if (l.overtook) decisive = i;
  });
  r.lines.forEach((l, i) => {
    const stamp = `[${formatTime(l.time)}] `;
    if (l.arrow) {
      const from = pid(l.arrow.from);
      const to = pid(l.arrow.to);
      if (l.overtook) body.push(`  Note over ${to}: ${i === decisive ? 'decisive interleaving: ' : ''}${mermaidLabel(`ahead of: ${l.overtook}`)}`);
      body.push(`  ${from}${l.arrow.reply ? '-->>' : '->>'}${to}: ${mermaidLabel(stamp + l.arrow.text)}`);
    } else if (l.note) {
      const over = pid(l.note.over);
      if (l.overtook) body.push(`  Note over ${over}: ${i === decisive ? 'decisive interleaving: ' : ''}${mermaidLabel(`ahead of: ${l.overtook}`)}`);
      body.push(`  Note over ${over}: ${l.fault ? '✗ ' : ''}${mermaidLabel(stamp + l.note.text)}`);
    } else if (l.fault) {
      const first = [...ids.values()][0];
      if (first) body.push(`  Note over ${first}: ✗ ${mermaidLabel(stamp + l.text)}`);
    }
  });
  return ['sequenceDiagram', `  title ${mermaidLabel(title)}`, ...header, ...body].join('\n') + '\n';
}

/** A counterexample as a file `craft simulate --replay` reads. */
export interface ReplayFile {
  craft: 'verify-replay';
  version: 1;
  /** The model's files, relative to the replay file's folder. */
  files: string[];
  target: { kind: Target['kind']; name: string };
  limits: Limits;
  check: string;
  message: string;
  path: string[];
}

export class ReplayFileError extends Error {
  override name = 'ReplayFileError';
}

export function parseReplayFile(text: string): ReplayFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ReplayFileError(`not JSON: ${(e as Error).message}`);
  }
  const d = data as Partial<ReplayFile>;
  if (d === null || typeof d !== 'object' || d.craft !== 'verify-replay') throw new ReplayFileError('not a craft verify replay file ("craft": "verify-replay" is missing)');
  if (d.version !== 1) throw new ReplayFileError(`version ${String(d.version)}: this craft reads version 1`);
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
  if (!strings(d.files) || !strings(d.path) || typeof d.check !== 'string' || typeof d.message !== 'string') throw new ReplayFileError('files, path, check and message are required');
  const t = d.target;
  if (!t || (t.kind !== 'story' && t.kind !== 'use-cases') || typeof t.name !== 'string') throw new ReplayFileError('target must be { kind: "story" | "use-cases", name }');
  const l = d.limits;
  const n = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (!l || !n(l.faultBudget) || !n(l.maxSteps) || !n(l.mailboxBound) || !Array.isArray(l.faults) || !l.faults.every((f) => f === 'drop' || f === 'duplicate' || f === 'crash')) throw new ReplayFileError('limits must give faultBudget, faults, maxSteps and mailboxBound');
  return { craft: 'verify-replay', version: 1, files: d.files, target: { kind: t.kind, name: t.name }, limits: { faultBudget: l.faultBudget, faults: l.faults, maxSteps: l.maxSteps, mailboxBound: l.mailboxBound }, check: d.check, message: d.message, path: d.path };
}
