/**
 * Timers: `Sales schedules E in 20s` sets a timeout for the flow on the virtual clock; when it fires, E is
 * delivered to Sales itself (the scenarios that handle E there), with no transit and no faults. `Sales
 * cancels E` clears the flow's pending timers named E. A flow's pending timers keep it from being over.
 */
import type { Engine } from './engine.js';
import type { Flow, Instance } from './flow.js';

export class Timers {
  constructor(private readonly e: Engine) {}

  set(inst: Instance, at: string, event: string, delay: number): void {
    const flow = inst.flow;
    const cause = inst.cause;
    const origin = inst.origin;
    let id = -1;
    id = this.e.clock.setTimeout(() => {
      const list = flow.timers.get(event);
      if (list) {
        const i = list.indexOf(id);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) flow.timers.delete(event);
      }
      if (flow.finished || flow.cut) return;
      this.fire(flow, at, event, cause, origin);
      if (flow.busy === 0) this.e.flows.idle(flow);
    }, delay);
    const list = flow.timers.get(event);
    if (list) list.push(id);
    else flow.timers.set(event, [id]);
    this.e.record.timerSet(inst, cause, at, event, delay);
  }

  cancel(inst: Instance, at: string, event: string): void {
    const flow = inst.flow;
    for (const id of flow.timers.get(event) ?? []) this.e.clock.clearTimeout(id);
    flow.timers.delete(event);
    this.e.record.timerCancel(inst, at, event);
  }

  private fire(flow: Flow, at: string, event: string, cause: string, origin: string | undefined): void {
    const id = this.e.broker.nextId();
    this.e.record.timerFire(flow, id, cause, at, event);
    flow.events?.note(id, event, origin);
    // A timer is delivered to the participant that set it: the scenarios it handles there.
    const handlers = (this.e.catalog.subscriptions.get(event) ?? []).filter((p) => p.entry === at || p.listener === at);
    if (handlers.length === 0) return this.e.deadLetter(flow, id, event, at);
    for (const plan of handlers) this.e.broker.local({ id, kind: 'timer', flow, cause, from: at, to: plan.entry, plan, event });
  }
}
