/**
 * What the live preview is handed by whoever starts it (the CLI): how to check the files, draw the views
 * and run a simulation. The server never imports the diagram or simulator back ends; it only calls these.
 */
import type { Model } from '../compiler/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PageSimulation, PageUseCase, PageView } from '../page/index.js';

/** The files read and compiled once. `failure` is set when they could not even be read (a file deleted). */
export type Checked =
  | { ok: true; files: string[]; sources: ReadonlyMap<string, string>; model: Model; diagnostics: Diagnostic[] }
  | { ok: false; files: string[]; failure: string };

/** A simulation as the panel asks for it: option text, checked like the command line's. */
export interface SimulationRequest {
  useCases: string[];
  seed?: string;
  flows?: string;
  runs?: string;
  faults?: string[];
}

export type SimulationAnswer =
  | { ok: true; simulation: PageSimulation; /** The `craft simulate --json` document of the same request. */ json: string }
  | { ok: false; error: string };

export interface Workbench {
  /** The page's title. */
  title: string;
  check(): Promise<Checked>;
  /** The views: diagrams of the model and, when it has stories, what each story's run did. */
  views(model: Model): Promise<PageView[]>;
  useCases(model: Model): PageUseCase[];
  simulate(model: Model, request: SimulationRequest): Promise<SimulationAnswer>;
}
