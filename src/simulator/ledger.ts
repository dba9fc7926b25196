/**
 * What a run finds as it goes, and the verdict made of it: each flow's ending (completed, incomplete,
 * stuck and where, timed out, cut), dead letters, handlers that processed one message twice, event loops,
 * fault counts. The engine's parts (flows, dispatch, steps) report to the ledger; it never changes the run.
 */
import type { Blocked, Flow, FlowStatus, Instance } from './flow.js';
import type { Message } from './message.js';
import { statePath } from './machine.js';
import { countFlows, emptyFaultCounts, latencyStats, type DeadLetter, type FlowResult, type Loop, type NotIdempotent, type RunVerdict } from './verdict.js';

export class Ledger {
  private readonly results: FlowResult[] = [];
  private readonly deadLetters = new Map<string, DeadLetter>();
  private readonly notIdempotent: NotIdempotent[] = [];
  private readonly loops: Loop[] = [];
  readonly faults = emptyFaultCounts();

  constructor(
    /** Only duplicates (a fault) make a handler process a message id twice: count processing only then. */
    private readonly countProcessing: boolean,
    private readonly name: (id: string) => string,
  ) {}

  /** A handler processed a message; the second time for one message id makes it a non-idempotent handler. */
  processed(flow: Flow, participant: string, scenario: string, line: number | undefined, message: Message): void {
    if (!this.countProcessing) return;
    const key = `${participant}\u0000${scenario}\u0000${message.id}`;
    const times = (flow.processed.get(key) ?? 0) + 1;
    flow.processed.set(key, times);
    if (times < 2) return;
    const existing = this.notIdempotent.find((n) => n.flow === flow.id && n.participant === participant && n.scenario === scenario && n.message === message.id);
    if (existing) existing.times = times;
    else this.notIdempotent.push({ participant, scenario, ...(line !== undefined ? { line } : {}), message: message.id, messageKind: message.kind, flow: flow.id, times });
  }

  deadLetter(event: string, from: string): void {
    const d = this.deadLetters.get(event);
    if (!d) this.deadLetters.set(event, { event, publishers: [from], count: 1 });
    else {
      d.count++;
      if (!d.publishers.includes(from)) d.publishers.push(from);
    }
  }

  /** A flow was cut at the step bound: an event loop, with the scenarios running in it. */
  loop(flow: Flow, steps: number): void {
    const byScenario = new Map<string, number>();
    for (const i of flow.active) byScenario.set(i.plan.scenario.id, (byScenario.get(i.plan.scenario.id) ?? 0) + 1);
    const scenarios = [...byScenario.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([s]) => s);
    this.loops.push({ flow: flow.id, steps, scenarios });
  }

  /** An instance gave up waiting for a reply: the flow is stuck there. */
  noReply(inst: Instance, timeout: number): void {
    const w = inst.waiting[inst.waiting.length - 1];
    const state = statePath(inst.actor.getSnapshot().value);
    if (!w) {
      // Its request never left: the asker's own mailbox crashed while it was asking, losing the send.
      const ask = Number(/^s(\d+)/.exec(state)?.[1] ?? 0);
      inst.flow.blocked.push(blockedAt(inst, ask, state || `s${ask}`, `its request to leave (lost when its mailbox crashed; gave up after ${timeout} ms)`));
      return;
    }
    const ask = w.call.opens.ask;
    inst.flow.blocked.push(blockedAt(inst, ask, state || `s${ask}`, `a reply from ${this.name(w.call.opens.callee)} (gave up after ${timeout} ms)`));
  }

  /** The flow is over (or the run is): its status and result. */
  flowEnded(flow: Flow, boundReached: boolean): FlowResult {
    const unfinished = flow.busy > 0 || flow.timers.size > 0 || flow.triggerPending;
    let status: FlowStatus;
    if (flow.cut) status = 'cut';
    else if (flow.blocked.length > 0) status = 'stuck';
    else if (unfinished) status = boundReached && flow.lost === 0 ? 'timed-out' : 'stuck';
    else if (flow.lost > 0) status = 'incomplete';
    else status = 'completed';
    if (unfinished && !flow.cut) this.describeRunning(flow);
    const result: FlowResult = {
      id: flow.id,
      index: flow.index,
      status,
      startedAt: flow.startedAt,
      endedAt: flow.lastAt,
      latency: flow.lastAt - flow.startedAt,
      steps: flow.steps,
      lost: flow.lost,
      blocked: flow.blocked,
    };
    if (flow.events) result.terminalEvents = flow.events.terminal();
    this.results.push(result);
    return result;
  }

  /** For a flow that cannot finish: where each running instance waits, and for what. */
  private describeRunning(flow: Flow): void {
    for (const inst of flow.active) {
      if (inst.status !== 'running') continue;
      const state = statePath(inst.actor.getSnapshot().value);
      const w = inst.waiting[inst.waiting.length - 1];
      if (w) {
        const callee = this.name(w.call.opens.callee);
        flow.blocked.push(blockedAt(inst, w.call.opens.ask, state, w.received ? `a reply from ${callee}` : `${callee} to take the request`));
        continue;
      }
      const m = /(?:^|\.)s(\d+)$/.exec(state);
      const index = Number(m?.[1] ?? 0);
      const ps = inst.plan.steps[index];
      flow.blocked.push(blockedAt(inst, index, state, ps ? `its step at ${this.name(ps.at)} to be done ("${ps.text}")` : 'nothing'));
    }
  }

  verdict(seed: number, endTime: number, boundReached: boolean, messages: number, steps: number): RunVerdict {
    const perFlow = [...this.results].sort((a, b) => a.index - b.index);
    const flows = countFlows(perFlow);
    return {
      seed,
      endTime,
      boundReached,
      messages,
      steps,
      flows,
      perFlow,
      deadLetters: [...this.deadLetters.values()].sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : 0)),
      notIdempotent: this.notIdempotent,
      loops: this.loops,
      latency: latencyStats(perFlow.filter((f) => f.status === 'completed').map((f) => f.latency)),
      faults: this.faults,
      ok: flows.completed === flows.total && this.notIdempotent.length === 0,
    };
  }
}

function blockedAt(inst: Instance, index: number, state: string, waitingFor: string): Blocked {
  const ps = inst.plan.steps[index] ?? inst.plan.steps[0];
  return {
    participant: ps ? ps.at : inst.plan.entry,
    scenario: inst.plan.scenario.id,
    file: inst.plan.file,
    line: ps ? ps.step.line : inst.plan.scenario.line,
    state,
    waitingFor,
  };
}
