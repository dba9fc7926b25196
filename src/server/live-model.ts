/**
 * The model as the open pages see it: re-checked on every save, the last good views kept while the files
 * have errors (the overlay says so). Reloads run one at a time; saves that arrive during one are folded
 * into a single next reload.
 */
import type { Model } from '../compiler/model.js';
import { clientState, type ClientState, type PageState } from '../page/index.js';
import { pageDiagnostics } from './diagnostics.js';
import { participantsOf } from './participants.js';
import type { Workbench } from './workbench.js';

export interface Reload {
  version: number;
  /** Wall-clock milliseconds the check and the views took. */
  ms: number;
  errors: number;
  warnings: number;
  files: number;
}

export class LiveModel {
  private state: PageState;
  private good: Model | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly listeners = new Set<(state: ClientState) => void>();

  constructor(
    private readonly workbench: Workbench,
    private readonly onReload: (reload: Reload) => void = () => undefined,
  ) {
    this.state = { version: 0, title: workbench.title, files: [], views: [], participants: [], useCases: [], simulations: [], diagnostics: [] };
  }

  /** The last model without errors, if there was one. */
  get model(): Model | undefined {
    return this.good;
  }

  get page(): PageState {
    return this.state;
  }

  client(): ClientState {
    return clientState(this.state, 'live');
  }

  subscribe(listener: (state: ClientState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-checks the files (now, or right after the reload under way) and tells every open page. */
  reload(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    });
    return this.running;
  }

  private async run(): Promise<void> {
    const started = performance.now();
    const checked = await this.workbench.check();
    const version = this.state.version + 1;
    if (!checked.ok) {
      const diagnostics = [{ file: checked.files.join(', ') || '(no file)', line: 1, column: 1, severity: 'error', code: 'craft/io', message: checked.failure, excerpt: '' }];
      this.state = { ...this.state, version, diagnostics };
    } else {
      const diagnostics = pageDiagnostics(checked.diagnostics, checked.sources);
      const errors = checked.diagnostics.some((d) => d.severity === 'error');
      if (errors) this.state = { ...this.state, version, files: checked.files, diagnostics };
      else {
        this.good = checked.model;
        this.state = {
          ...this.state,
          version,
          files: checked.files,
          views: await this.workbench.views(checked.model),
          participants: participantsOf(checked.model),
          useCases: this.workbench.useCases(checked.model),
          diagnostics,
        };
      }
    }
    const count = (s: string) => this.state.diagnostics.filter((d) => d.severity === s).length;
    this.onReload({ version, ms: performance.now() - started, errors: count('error'), warnings: count('warning'), files: this.state.files.length });
    const client = this.client();
    for (const l of this.listeners) l(client);
  }
}
