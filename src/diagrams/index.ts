/** Model → Mermaid text: pure, deterministic generators, one per diagram kind. */
import type { Model } from '../compiler/model.js';
import { c4Context } from './c4-context.js';
import { c4Container, type ContainerOptions } from './c4-container.js';
import { domainFlow, type DomainOptions } from './domain.js';
import { sequence } from './sequence.js';

export const diagramKinds = ['c4-context', 'c4-container', 'domain', 'sequence'] as const;
export type DiagramKind = (typeof diagramKinds)[number];

export interface Diagram {
  kind: DiagramKind;
  /** The use case's slug, for sequence diagrams. */
  useCase?: string;
  title: string;
  text: string;
}

export interface DiagramOptions extends ContainerOptions, DomainOptions {
  /** Use-case slugs to draw sequences for; all when absent. */
  useCases?: string[];
}

export function diagrams(model: Model, kinds: readonly DiagramKind[], options: DiagramOptions = {}): Diagram[] {
  const out: Diagram[] = [];
  for (const kind of kinds) {
    switch (kind) {
      case 'c4-context':
        out.push({ kind, title: 'System context', text: c4Context(model) });
        break;
      case 'c4-container':
        out.push({ kind, title: 'Containers', text: c4Container(model, options) });
        break;
      case 'domain':
        out.push({ kind, title: 'Domain flow', text: domainFlow(model, options) });
        break;
      case 'sequence':
        for (const u of model.useCases) {
          if (options.useCases && !options.useCases.includes(u.slug)) continue;
          out.push({ kind, useCase: u.slug, title: u.name, text: sequence(model, u) });
        }
        break;
    }
  }
  return out;
}

export { c4Context, c4Container, domainFlow, sequence };
