/** Diagram generators: golden Mermaid text for the example and for focused models, and escaping. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../src/compiler/compile.js';
import { diagrams, diagramKinds, type Diagram } from '../src/diagrams/index.js';
import { mermaidLabel as label } from '../src/text/escape.js';
import { relationText, shapeText } from '../src/diagrams/c4-text.js';
import { expectGolden } from './support/golden.js';

const goldenDir = new URL('./golden/diagrams/', import.meta.url);

function modelOf(path: string) {
  const text = readFileSync(new URL(path, import.meta.url), 'utf8');
  const r = compile([{ path, text }]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.model;
}

function goldenName(model: string, d: Diagram): string {
  return `${model}-${d.kind}${d.useCase ? `-${d.useCase}` : ''}.mmd`;
}


const models: [string, string][] = [
  ['ecommerce', '../examples/ecommerce.craft'],
  ['hostile', './fixtures/hostile.craft'],
  ['constructs', './fixtures/constructs.craft'],
];

describe.each(models)('%s', (name, path) => {
  const model = modelOf(path);
  const all = diagrams(model, diagramKinds);

  it('draws every kind and every use case', () => {
    expect(all.filter((d) => d.kind === 'sequence').map((d) => d.useCase)).toEqual(model.useCases.map((u) => u.slug));
    expect(new Set(all.map((d) => d.kind))).toEqual(new Set(diagramKinds));
  });

  it.each(all.map((d) => [goldenName(name, d), d]))('%s matches its golden', (file, d) => {
    expectGolden(fileURLToPath(new URL(file, goldenDir)), d.text);
  });

  it('is deterministic', () => {
    expect(diagrams(modelOf(path), diagramKinds)).toEqual(all);
  });

  it('never lets a raw special character into a label', () => {
    for (const d of all) {
      for (const line of d.text.split('\n')) {
        // C4 element text is never decoded from #NN; codes: see c4-text.ts.
        const element = /^\s*(Person|System|System_Ext|Container|Container_Ext|ContainerDb|ContainerQueue)\(/.test(line);
        for (const m of line.matchAll(/"([^"]*)"/g)) {
          if (element) {
            expect(m[1]).not.toMatch(/[<>]|#\w+;|%%/);
          } else {
            expect(m[1]!.replace(/#\d+;/g, '').replace(/<br\/>/g, '')).not.toMatch(/[<>;%#]/);
          }
        }
      }
      expect(d.text).not.toContain('<script>');
    }
  });
});

describe('sequence lifelines', () => {
  it('draws a service and its context of the same name as one participant', () => {
    const { model } = compile([{ path: 'b.craft', text: 'services {\n  Basket {\n    contexts: Basket\n  }\n}\nuse_case "Checkout" {\n  when Buyer checks out\n    Basket notifies Checked\n  when Basket listens Checked\n    Basket empties\n}\n' }]);
    const text = diagrams(model, ['sequence'])[0]!.text;
    expect(text.split('\n').filter((l) => /^\s+(participant|actor) /.test(l))).toEqual(['  actor p_Buyer as Buyer', '  participant p_Basket as Basket']);
  });
});

describe('labels', () => {
  it('encodes what Mermaid would read as syntax and keeps unicode', () => {
    expect(label('a "b" [c] #d; %%e <f> & Straße')).toBe('a #34;b#34; #91;c#93; #35;d#59; #37;#37;e #60;f#62; #38; Straße');
    expect(label('two\nlines')).toBe('two lines');
  });

  it('writes C4 element text the way mermaid shows it', () => {
    expect(shapeText('Pay#Gate; %%evil <b>"x"</b> & c#')).toBe('Pay#\u2060Gate; %\u2060%evil &lt;b&gt;\u201cx\u201d&lt;/b&gt; &amp; c#');
    expect(relationText(['a <b>', 'b', 'c', 'd'])).toBe('a #60;b#62;<br/>b<br/>c<br/>+1 more');
  });
});

describe('options', () => {
  const model = modelOf('../examples/ecommerce.craft');

  it('draws the other services as external with --focus', () => {
    const [d] = diagrams(model, ['c4-container'], { focus: 'OrderService' });
    expect(d!.text).toContain('Container(c_OrderService,');
    expect(d!.text).toContain('Container_Ext(c_CatalogService,');
    expect(d!.text).not.toContain('db_product_db');
  });

  it('groups contexts by service and turns the flow top to bottom', () => {
    const [d] = diagrams(model, ['domain'], { group: 'service', direction: 'TB' });
    expect(d!.text.split('\n')[0]).toBe('flowchart TB');
    expect(d!.text).toContain('subgraph svc_OrderService["OrderService"]');
  });

  it('draws only the selected use cases', () => {
    expect(diagrams(model, ['sequence'], { useCases: ['order-cancellation'] }).map((d) => d.useCase)).toEqual(['order-cancellation']);
  });
});

describe('goldens', () => {
  it('a missing golden fails, unless the run is asked to write goldens', () => {
    const dir = mkdtempSync(join(tmpdir(), 'craft-golden-'));
    try {
      const file = join(dir, 'new.mmd');
      expect(() => expectGolden(file, 'graph TD', false)).toThrow(/missing: run UPDATE_GOLDENS=1/);
      expectGolden(file, 'graph TD', true);
      expect(() => expectGolden(file, 'graph LR', false)).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
