/**
 * An agenda: what happens next on a virtual clock, for the simulator's engine and for code generation's
 * replay of the generated runtime (both order timers the same way). A binary heap ordered by (time, insertion
 * order), so that two things due at the same instant happen in the order they were scheduled: the run is
 * deterministic without relying on sort stability. Kept in parallel arrays, so scheduling allocates nothing.
 * Index reads are asserted (`!`) where the heap's size checks guarantee them: this is the run's hot loop.
 */
export interface Task {
  run(now: number): void;
  /** A cancelled task stays in the heap but is skipped (lazy deletion). */
  cancelled?: boolean;
}

export class Agenda {
  private times: number[] = [];
  private seqs: number[] = [];
  private tasks: Task[] = [];
  private seq = 0;

  get size(): number {
    return this.times.length;
  }

  /** The time of the next task that is not cancelled, or Infinity when nothing is due. */
  peekTime(): number {
    while (this.tasks.length > 0 && this.tasks[0]!.cancelled === true) this.pop();
    return this.times.length > 0 ? this.times[0]! : Infinity;
  }

  schedule(time: number, task: Task): void {
    const times = this.times;
    const seqs = this.seqs;
    const tasks = this.tasks;
    const seq = this.seq++;
    let i = times.length;
    times.push(time);
    seqs.push(seq);
    tasks.push(task);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      tasks[i] = tasks[parent]!;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    tasks[i] = task;
  }

  /** Removes and returns the next task (its time is `peekTime()` before the call). */
  pop(): Task | undefined {
    const times = this.times;
    const seqs = this.seqs;
    const tasks = this.tasks;
    const n = times.length;
    if (n === 0) return undefined;
    const top = tasks[0]!;
    const lastTime = times.pop()!;
    const lastSeq = seqs.pop()!;
    const lastTask = tasks.pop()!;
    const size = n - 1;
    if (size > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        let c = l;
        if (r < size && (times[r]! < times[l]! || (times[r] === times[l] && seqs[r]! < seqs[l]!))) c = r;
        const ct = times[c]!;
        if (ct > lastTime || (ct === lastTime && seqs[c]! > lastSeq)) break;
        times[i] = ct;
        seqs[i] = seqs[c]!;
        tasks[i] = tasks[c]!;
        i = c;
      }
      times[i] = lastTime;
      seqs[i] = lastSeq;
      tasks[i] = lastTask;
    }
    return top;
  }
}
