/**
 * What the page shows, as plain data: the live server sends it over its event channel, the static site and
 * the simulation report inline it. Every string here may come from a model and is treated as text, never
 * as markup (the shell escapes it, the client script sets it with textContent).
 */

/** One diagram in the view list. */
export interface PageView {
  /** Stable and unique in the page: `c4-context`, `sequence-order-placement`. */
  id: string;
  /** The group it is listed under: `Architecture`, `Use cases`, `Stories`, `Explored paths`. */
  group: string;
  title: string;
  /** Mermaid source. */
  mermaid: string;
  /** The SVG, when rendered ahead of time (static site); the live page renders `mermaid` itself. */
  svg?: string;
}

/** A participant that can be clicked in a diagram: where it is declared, and what it does. */
export interface PageParticipant {
  name: string;
  /** `context`, `service`, `actor (user)`, `domain`, `data store`... */
  kind: string;
  /** `file:line`, when it is declared. */
  declared?: string;
  /** Other facts as label and values: `asks`, `publishes`, `listens to`, `contexts`... in a fixed order. */
  facts: { label: string; values: string[] }[];
}

/** A diagnostic as the overlay shows it. */
export interface PageDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
  /** The source line and the caret underline, as `craft check` prints them. */
  excerpt: string;
}

/** What one simulation showed: the same sections in the live panel, the site and `craft simulate --html`. */
export interface PageSimulation {
  /** Unique in the page. */
  id: string;
  title: string;
  ok: boolean;
  /** What ran: model, use cases, seed, runs, faults. */
  summary: string[];
  verdicts: string[];
  timeline: string[];
  /** Mermaid sequence diagram of what happened (the first run). */
  diagram: string;
  /** The diagram as SVG, when rendered ahead of time. */
  svg?: string;
  /** End-to-end latency of every completed flow of every run, in virtual ms (the histogram); none for a story. */
  latencies?: number[];
}

/** What the simulation panel may offer to run. */
export interface PageUseCase {
  slug: string;
  name: string;
  /** Why it cannot run alone (a listener-only use case), if so. */
  problem?: string;
}

/** Everything the page shows about a model at one moment. */
export interface PageState {
  /** Increases with every reload (live page); 0 elsewhere. */
  version: number;
  title: string;
  files: string[];
  views: PageView[];
  participants: PageParticipant[];
  useCases: PageUseCase[];
  simulations: PageSimulation[];
  /** Errors (and warnings) of the last check; the views are then the last good ones. */
  diagnostics: PageDiagnostic[];
}

/**
 * How the page is used: `live` (craft serve: renders with mermaid, listens for reloads, runs simulations
 * on the server), `static` (craft build: everything rendered ahead, opened from disk), `report` (craft
 * simulate --html: one simulation, mermaid inlined).
 */
export type PageMode = 'live' | 'static' | 'report';
