/**
 * One xstate machine per scenario, built from its plan: a state per step (`s3`). An `asks` step's state is
 * its waiting state, with the reply timeout as a delayed transition on the virtual clock: it holds the asking
 * work and the request in transit (`q3`), the callee's lines as child states, an implicit handling state when
 * the callee has no lines (`h3`), and the reply in transit (`r3`). Final states say how an instance ended.
 * The machine decides *what* comes next; the engine (through `Steps`) does the work on the mailboxes and the
 * broker and answers with events: DONE when a step's work is finished, RECEIVED when the callee takes the request,
 * REPLY when the asker takes the reply, TOO_LATE when a `cancels` finds no pending timer, CUT at the step bound.
 * Machines are built once per model and shared by every instance of the scenario.
 */
import { setup, type AnyStateMachine } from 'xstate';
import type { Frame, ScenarioPlan } from '../plan/scenario-plan.js';

export type InstanceEnd = 'completed' | 'too-late' | 'no-reply' | 'timed-out' | 'cut';

/** What the machine's actions ask of the engine. */
export interface Steps<I> {
  /** Step `index`'s work starts at its participant (for an `asks`: the work, then the request is sent). */
  perform(inst: I, index: number): void;
  handle(inst: I, ask: number): void;
  reply(inst: I, ask: number): void;
  /** `asks` step `ask` timed out and retries: attempt `attempt` (1-based) of the request leaves. */
  retry(inst: I, ask: number, attempt: number): void;
  /** `asks` step `ask` timed out for good and has an `on timeout` block: the asker runs it. */
  timedOut(inst: I, ask: number): void;
  end(inst: I, how: InstanceEnd): void;
  replyTimeout(inst: I): number;
}

export interface MachineContext<I> {
  inst: I;
  steps: Steps<I>;
}

/** SKIP: the step is on a branch its flow's facts rule out (craft extension): control passes it by. */
export type ScenarioEvent = { type: 'DONE' } | { type: 'TOO_LATE' } | { type: 'RECEIVED' } | { type: 'REPLY' } | { type: 'SKIP' } | { type: 'CUT' };

type Ctx = MachineContext<unknown>;
type Action = (args: { context: Ctx }) => void;
interface StateConfig {
  id?: string;
  type?: 'final';
  initial?: string;
  entry?: Action;
  on?: Record<string, string>;
  after?: Record<string | number, string | { actions: Action }>;
  states?: Record<string, StateConfig>;
}

export function buildMachine(plan: ScenarioPlan): AnyStateMachine {
  const n = plan.steps.length;
  /** Where control goes when position `k` is reached inside `frame`. */
  const next = (k: number, frame: Frame | undefined): string => {
    if (frame && k >= frame.end) return `#r${frame.ask}`;
    return k >= n ? '#done' : `#s${k}`;
  };
  const level = (from: number, to: number, frame: Frame | undefined): Record<string, StateConfig> => {
    const states: Record<string, StateConfig> = {};
    for (let i = from; i < to; ) {
      const ps = plan.steps[i];
      if (!ps) break;
      const index = i;
      const opens = ps.opens;
      if (!opens) {
        const on: Record<string, string> = { DONE: next(i + 1, frame), SKIP: next(i + 1, frame) };
        if (ps.step.kind === 'cancel') on['TOO_LATE'] = '#tooLate';
        states[`s${i}`] = { id: `s${i}`, entry: ({ context }) => context.steps.perform(context.inst, index), on };
        i++;
        continue;
      }
      const end = opens.end;
      // The asks step's own state is its waiting state: the asker's work, the request in transit, the
      // callee's lines (child states) and the reply in transit, under one reply timeout.
      const waiting: Record<string, StateConfig> = {
        request: { id: `q${i}`, entry: ({ context }) => context.steps.perform(context.inst, index), on: { RECEIVED: end > i + 1 ? `#s${i + 1}` : `#h${i}` } },
        ...level(i + 1, end, opens),
        reply: { id: `r${i}`, entry: ({ context }) => context.steps.reply(context.inst, index) },
      };
      if (end === i + 1) waiting['handle'] = { id: `h${i}`, entry: ({ context }) => context.steps.handle(context.inst, index), on: { DONE: `#r${i}` } };
      states[`s${i}`] = { id: `s${i}`, initial: 'request', after: timeouts(i), on: { REPLY: next(end, frame), SKIP: next(end, frame) }, states: waiting };
      i = end;
    }
    return states;
  };
  /**
   * The reply timeout of `asks` step `i`: the run's, or the call's own with its retries (attempt k leaves at
   * k × (timeout + retry delay)); the last attempt's timeout ends the instance, in its `on timeout` block
   * when it has one.
   */
  const timedOut: Record<string, StateConfig> = {};
  const delays: Record<string, (args: { context: Ctx }) => number> = {
    replyTimeout: ({ context }) => context.steps.replyTimeout(context.inst),
  };
  /** The longest a call inside `asks` step i's callee lines may wait with its timeout and retries. */
  const nestedBudget = (i: number): number => {
    const end = plan.steps[i]?.opens?.end ?? i + 1;
    let most = 0;
    for (let k = i + 1; k < end; k++) {
      const c = plan.steps[k]?.step;
      if (c?.kind === 'ask' && c.call) most = Math.max(most, (c.call.retries + 1) * c.call.timeoutMs + c.call.retries * c.call.retryDelayMs);
    }
    return most;
  };
  const timeouts = (i: number): StateConfig['after'] => {
    const ps = plan.steps[i]!;
    const call = ps.step.kind === 'ask' ? ps.step.call : undefined;
    if (!call) {
      // The run's reply timeout, plus the time the calls inside its callee's lines may take with their own
      // timeouts and retries: an outer caller does not give up before an inner call has timed out.
      const budget = nestedBudget(i);
      if (budget === 0) return { replyTimeout: '#noReply' };
      delays[`wait${i}`] = ({ context }) => context.steps.replyTimeout(context.inst) + budget;
      return { [`wait${i}`]: '#noReply' };
    }
    const after: NonNullable<StateConfig['after']> = {};
    const period = call.timeoutMs + call.retryDelayMs;
    for (let k = 1; k <= call.retries; k++) after[k * period] = { actions: ({ context }) => context.steps.retry(context.inst, i, k) };
    const last = call.retries * period + call.timeoutMs;
    if (ps.onTimeout) {
      timedOut[`x${i}`] = { id: `x${i}`, type: 'final', entry: ({ context }) => context.steps.timedOut(context.inst, i) };
      after[last] = `#x${i}`;
    } else after[last] = '#noReply';
    return after;
  };
  const final = (id: string, how: InstanceEnd): StateConfig => ({
    id,
    type: 'final',
    entry: ({ context }) => context.steps.end(context.inst, how),
  });
  const config = {
    id: plan.scenario.id,
    initial: n > 0 ? 's0' : 'done',
    context: ({ input }: { input: Ctx }) => input,
    on: { CUT: '#cut' },
    states: {
      ...level(0, n, undefined),
      done: final('done', 'completed'),
      tooLate: final('tooLate', 'too-late'),
      noReply: final('noReply', 'no-reply'),
      cut: final('cut', 'cut'),
      ...timedOut,
    },
  };
  const machine = setup({
    types: {} as { context: Ctx; input: Ctx; events: ScenarioEvent },
    delays,
  });
  // The config is built from data, so its literal types are not known statically; its shape is checked by
  // the tests (every scenario of the examples and fixtures builds and runs).
  return machine.createMachine(config as unknown as Parameters<typeof machine.createMachine>[0]);
}

/** `s3.waiting.s4` style path of a snapshot's value, for reports. */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [k, v] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    if (k === undefined) return '';
    const rest = statePath(v);
    return rest ? `${k}.${rest}` : k;
  }
  return '';
}
