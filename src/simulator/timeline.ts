/**
 * Text reports: the timeline of a run (virtual time, flow, participant, what happened) and the verdicts.
 * Pure functions of the trace and verdicts: same run, same text.
 */
import { formatDuration, formatTime } from '../text/duration.js';
import type { Exploration, ExplorePath } from './explore.js';
import type { Trace, TraceRecord } from './trace.js';
import type { Aggregate, LatencyStats, RunVerdict } from './verdict.js';

export interface Names {
  /** Display name of a participant id. */
  name(id: string): string;
}

/** One line per record worth reading; message plumbing (sends, receipts) is left to the JSON trace. */
export function timelineLines(trace: Trace, names: Names): string[] {
  const rows: [string, string, string, string][] = [];
  for (const r of trace) {
    const what = describe(r, names);
    if (what === undefined) continue;
    rows.push([formatTime(r.time), r.flow ?? '', what[0], what[1]]);
  }
  const w1 = Math.max(0, ...rows.map((r) => r[1].length));
  const w2 = Math.min(28, Math.max(0, ...rows.map((r) => r[2].length)));
  return rows.map(([t, f, p, what]) => `${t}  ${f.padEnd(w1)}  ${p.padEnd(w2)}  ${what}`.trimEnd());
}

/** [who, what] for a record, or undefined when the timeline leaves it out. */
function describe(r: TraceRecord, n: Names): [string, string] | undefined {
  const who = (id: string | undefined): string => (id === undefined ? '' : n.name(id));
  switch (r.kind) {
    case 'trigger':
      return [who(r.from), `▶ ${stripName(r.text ?? '', who(r.from))} → ${who(r.to)} (${r.scenario})`];
    case 'start':
      return r.messageKind === 'trigger' ? undefined : [who(r.participant), `starts ${r.scenario}: ${r.text}`];
    case 'step': {
      const name = who(r.participant);
      const text = stripName(r.text ?? '', name);
      const chosen = r.outcomes ? ` → ${JSON.stringify(r.event)} (outcome chosen of ${r.outcomes.length})` : '';
      return [name, `${text}${chosen}  (line ${r.line}, ${formatDuration(r.duration ?? 0)})`];
    }
    case 'fact':
      return [who(r.participant), r.decided ? `→ ${r.fact} is ${r.outcome}` : `→ ${r.fact} is ${r.outcome} (decided earlier in the flow)`];
    case 'retry':
      return [who(r.participant), `↻ no reply in time: attempt ${(r.attempt ?? 0) + 1} of ${(r.of ?? 0) + 1} (line ${r.line})`];
    case 'dead-letter':
      return [who(r.from), `dead letter: nobody handles ${JSON.stringify(r.event)}`];
    case 'timer-set':
      return [who(r.participant), `timer ${JSON.stringify(r.event)} set, fires in ${formatDuration(r.duration ?? 0)}`];
    case 'timer-cancel':
      return [who(r.participant), `timer ${JSON.stringify(r.event)} cancelled`];
    case 'timer-fire':
      return [who(r.participant), `timer ${JSON.stringify(r.event)} fires`];
    case 'too-late':
      return [who(r.participant), `too late: ${r.detail} (line ${r.line})`];
    case 'end':
      return r.status === 'completed' ? undefined : ['', `${r.scenario} ends: ${r.status}`];
    case 'discard':
      return [who(r.participant), `discards ${r.message}: ${r.detail}`];
    case 'fault':
      return [r.participant !== undefined ? who(r.participant) : `${who(r.from)} → ${who(r.to)}`, `✖ ${r.fault}${r.message !== undefined ? ` ${r.message} (${r.messageKind})` : ''}: ${r.detail}`];
    case 'crash':
      return [who(r.participant), `✖ crashes for ${formatDuration(r.duration ?? 0)} (messages ${r.status === 'wait' ? 'wait' : 'are lost'})`];
    case 'restart':
      return [who(r.participant), 'restarts'];
    case 'cut':
      return ['', `✖ cut: ${r.detail} (event loop?)`];
    case 'flow-end':
      return ['', `flow ${r.status} after ${formatDuration(r.duration ?? 0)}`];
    default:
      return undefined;
  }
}

function stripName(text: string, name: string): string {
  return text.startsWith(`${name} `) ? text.slice(name.length + 1) : text;
}

export function formatLatency(l: LatencyStats | null): string {
  if (!l) return 'no completed flow';
  return `p50 ${formatDuration(l.p50)}, p95 ${formatDuration(l.p95)}, p99 ${formatDuration(l.p99)} (min ${formatDuration(l.min)}, max ${formatDuration(l.max)}, ${l.count} flow${l.count === 1 ? '' : 's'})`;
}

/** The verdicts of one run, as indented lines. */
export function verdictLines(v: RunVerdict, names: Names, maxFlows = 20): string[] {
  const out: string[] = [];
  const f = v.flows;
  const parts = [`${f.completed} completed`];
  if (f.incomplete) parts.push(`${f.incomplete} incomplete (messages lost)`);
  if (f.stuck) parts.push(`${f.stuck} stuck`);
  if (f.timedOut) parts.push(`${f.timedOut} timed out`);
  if (f.cut) parts.push(`${f.cut} cut (event loop)`);
  out.push(`flows: ${f.total} — ${parts.join(', ')}`);
  if (v.perFlow.length <= maxFlows) {
    for (const fl of v.perFlow) out.push(`  ${fl.id}: ${fl.status}, end-to-end ${formatDuration(fl.latency)}, ${fl.steps} steps${fl.lost ? `, ${fl.lost} lost` : ''}`);
  }
  out.push(`latency (completed flows): ${formatLatency(v.latency)}`);
  const stuck = v.perFlow.filter((fl) => fl.blocked.length > 0);
  for (const fl of stuck.slice(0, maxFlows)) {
    for (const b of fl.blocked) {
      const where = b.participant ? ` at ${names.name(b.participant)}` : '';
      out.push(`${fl.status === 'timed-out' ? 'still waiting' : 'stuck'}: ${fl.id}${where} (${b.file}:${b.line}, ${b.scenario}, state ${b.state}): waiting for ${b.waitingFor}`);
    }
  }
  if (stuck.length > maxFlows) out.push(`  … and ${stuck.length - maxFlows} more flows`);
  out.push(`dead letters: ${v.deadLetters.length === 0 ? 'none' : v.deadLetters.map((d) => `${JSON.stringify(d.event)} ×${d.count} (from ${d.publishers.map((p) => names.name(p)).join(', ')})`).join(', ')}`);
  out.push(`not idempotent: ${v.notIdempotent.length === 0 ? 'none' : ''}`.trimEnd());
  for (const n of v.notIdempotent.slice(0, maxFlows)) out.push(`  ${names.name(n.participant)} processed ${n.messageKind} ${n.message} ${n.times} times (${n.scenario}${n.line !== undefined ? ` line ${n.line}` : ''}, ${n.flow})`);
  if (v.notIdempotent.length > maxFlows) out.push(`  … and ${v.notIdempotent.length - maxFlows} more`);
  out.push(`event loops: ${v.loops.length === 0 ? 'none' : v.loops.map((l) => `${l.flow} cut after ${l.steps} steps (${l.scenarios.join(', ')})`).join('; ')}`);
  const faults = Object.entries(v.faults).filter(([, c]) => c > 0);
  if (faults.length > 0) out.push(`faults: ${faults.map(([k, c]) => `${k} ×${c}`).join(', ')}`);
  out.push(`${v.messages} messages, ${v.steps} steps, virtual time ${formatTime(v.endTime)}${v.boundReached ? ' (stopped at --until)' : ''}`);
  return out;
}

export function aggregateLines(a: Aggregate): string[] {
  const f = a.flows;
  return [
    `runs: ${a.runs} (seeds ${a.seeds[0]}..${a.seeds[a.seeds.length - 1]}), ${a.failedRuns} failed`,
    `completion rate: ${(100 * a.completionRate).toFixed(1)}% (${f.completed} of ${f.total} flows; ${f.incomplete} incomplete, ${f.stuck} stuck, ${f.timedOut} timed out, ${f.cut} cut)`,
    `latency (completed flows): ${formatLatency(a.latency)}`,
    `dead letters: ${a.deadLetters}; not idempotent: ${a.notIdempotent}; event loops: ${a.loops}`,
  ];
}

/** The `--explore` report: one block per path, its choices, terminal events and verdict. */
export function explorationLines(x: Exploration): string[] {
  const notes: string[] = [];
  if (x.complete) notes.push('every combination of outcomes');
  else if (!x.cut || x.cut.by.includes('explore-limit')) notes.push(`stopped at --explore-limit ${x.limit}; more combinations remain`);
  if (x.cut && x.cut.cutPaths > 0) notes.push(`${x.cut.cutPaths} cut at --max-steps ${x.cut.maxSteps} (event loop?): outcomes after the cut not explored`);
  const out = [`explored ${x.paths.length} path${x.paths.length === 1 ? '' : 's'} (${notes.join('; ')})`];
  x.paths.forEach((p, i) => {
    const f = p.verdict.flows;
    out.push('');
    out.push(`path ${i + 1}: ${choicesText(p)}`);
    p.terminalEvents.forEach((events, k) => out.push(`  ${p.verdict.perFlow[k]?.id ?? `flow-${k + 1}`} terminal events: ${events.length === 0 ? 'none' : events.map((e) => JSON.stringify(e)).join(', ')}`));
    out.push(`  flows: ${f.completed}/${f.total} completed${f.stuck ? `, ${f.stuck} stuck` : ''}${f.cut ? `, ${f.cut} cut` : ''}${f.timedOut ? `, ${f.timedOut} timed out` : ''}; ${p.verdict.ok ? 'PASS' : 'FAIL'}`);
  });
  return out;
}

function choicesText(p: ExplorePath): string {
  const listed = p.choices.map((c) => (c.at === c.of.join(' or ') ? `${JSON.stringify(c.chose)} (of ${c.of.map((e) => JSON.stringify(e)).join(' or ')})` : `${c.at}: ${c.chose} (of ${c.of.join(' | ')})`)).join(', then ');
  const n = p.thenFirst ?? 0;
  if (n === 0) return listed === '' ? 'no outcome to choose' : listed;
  const rest = `the first outcome at each of ${listed === '' ? '' : 'the next '}${n} choice${n === 1 ? '' : 's'}`;
  return listed === '' ? rest : `${listed}, then ${rest}`;
}
