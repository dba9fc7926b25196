/**
 * What the parts of a run share. A run (simulation.ts) is split by what each part does: the run loop and
 * the wiring (simulation.ts), the flows' and instances' lifecycles (flows.ts), what a mailbox does with
 * each kind of message (dispatch.ts), the steps' work and effects (steps.ts), timers (timers.ts) and the
 * trace (recorder.ts). Each part reaches the others through this interface, which the run implements.
 */
import type { Agenda } from '../plan/agenda.js';
import type { Broker } from './broker.js';
import type { Catalog } from './catalog.js';
import type { Chooser } from './choice.js';
import type { VirtualClock } from './clock.js';
import type { Flow } from './flow.js';
import type { Flows } from './flows.js';
import type { LatencyModel } from './latency.js';
import type { Ledger } from './ledger.js';
import type { SimulationOptions } from './options.js';
import type { Random } from './random.js';
import type { Recorder } from './recorder.js';
import type { StepRunner } from './steps.js';
import type { Stimulus } from './stimulus.js';
import type { Timers } from './timers.js';

/** Totals of the run, for its verdict. */
export interface Tally {
  /** Steps performed, over every flow. */
  steps: number;
  /** Virtual time of the last thing that happened. */
  lastTime: number;
}

export interface Engine {
  readonly options: SimulationOptions;
  readonly agenda: Agenda;
  readonly clock: VirtualClock;
  readonly random: Random;
  readonly latency: LatencyModel;
  readonly chooser: Chooser;
  readonly catalog: Catalog;
  readonly record: Recorder;
  readonly ledger: Ledger;
  readonly broker: Broker;
  readonly stimulus: Stimulus;
  readonly flows: Flows;
  readonly steps: StepRunner;
  readonly timers: Timers;
  readonly tally: Tally;
  now(): number;
  /** A participant's display name. */
  name(id: string): string;
  /** Event (or timer) message `id` reached nobody. */
  deadLetter(flow: Flow, id: string, event: string, from: string): void;
}
