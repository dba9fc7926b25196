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
import fc from 'fast-check';
import type { Guard, GuardArm, Step } from '../src/compiler/model.js';
import { armLabel, armsDrawn, BranchWriter, fragmentLabel } from '../src/diagrams/branches.js';

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
  ['behaviour', './fixtures/behaviour.craft'],
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

/** The sequence diagram of the first use case of an inline model that compiles without errors. */
function sequenceOf(text: string, kind: 'sequence' | 'domain' | 'c4-container' = 'sequence'): string {
  const r = compile([{ path: 'inline.craft', text }]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return diagrams(r.model, [kind])[0]!.text;
}

/** The diagram without its header (title and participants). */
function body(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !/^(sequenceDiagram|\s+title |\s+(participant|actor) )/.test(l));
}

const decode = (s: string) => s.replace(/#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)));

describe('sequence branches', () => {
  it('draws if / else as alt / else, a lone if as opt, nested, and an arm after an empty one by its tests', () => {
    const text = sequenceOf(`use_case "Branches" {
  when Buyer orders
    Shop decides size: small | large
    Shop decides colour: red | blue | green
    if size is small {
      Shop packs a small box
      Shop weighs it
      if colour is red {
        Shop adds a red ribbon
      }
    } else {
      Shop packs a large box
    }
    if colour is blue {
    } else if colour is green {
      Shop paints it green
    } else {
      Shop leaves it
    }
    Shop ships it
}
`);
    expect(body(text)).toEqual([
      '  p_Buyer->>p_Shop: orders',
      '  Note over p_Shop: decides size: small #124; large',
      '  Note over p_Shop: decides colour: red #124; blue #124; green',
      '  alt size is small',
      '    Note over p_Shop: packs a small box',
      '    Note over p_Shop: weighs it',
      '    opt colour is red',
      '      Note over p_Shop: adds a red ribbon',
      '    end',
      '  else size is large',
      '    Note over p_Shop: packs a large box',
      '  end',
      // The `blue` arm is empty: the Model has no step to show it, so the next arm says what it really needs.
      '  alt colour is green',
      '    Note over p_Shop: paints it green',
      '  else colour is red',
      '    Note over p_Shop: leaves it',
      '  end',
      '  Note over p_Shop: ships it',
    ]);
  });

  it('draws an else arm alone as an opt labelled with its tests', () => {
    const text = sequenceOf(`use_case "Only else" {
  when Buyer orders
    Shop decides stock: in | out
    if stock is in {
    } else {
      Shop apologises
    }
}
`);
    expect(body(text).slice(2)).toEqual(['  opt stock is out', '    Note over Shop_x: apologises'.replace('Shop_x', 'p_Shop'), '  end']);
  });

  it('escapes hostile conditions, outcomes and facts in every fragment and note', () => {
    const text = sequenceOf(`use_case "Hostile" {
  when Buyer orders
    Shop decides pay #1; <b>: "a" %% | (b) & c | d\`e
    if pay #1; <b> is "a" %% {
      Shop asks Bank to charge [timeout 5s]
      on timeout {
        Shop notifies "Late; <x>" [at-least-once, redeliver 2s]
      }
      Bank returns to Shop answer; <x>: ok | no #2
    } else if pay #1; <b> is (b) & c {
      Shop notes it
    } else {
      Shop drops it
    }
}
`);
    const fragments = body(text).filter((l) => /^\s*(alt|else|opt|break) /.test(l));
    expect(fragments.map((l) => decode(l.trim()))).toEqual([
      'alt pay #1; <b> is "a" %%',
      'break timeout after 5s',
      'else pay #1; <b> is (b) & c',
      'else pay #1; <b> is d`e',
    ]);
    expect(text).toContain(`Note over p_Shop: ${label('decides pay #1; <b>: "a" %% | (b) & c | d`e')}`);
    expect(text).toContain(`p_Bank-->>p_Shop: ${label('answer; <x>')}`);
    expect(text).toContain(`Note over p_Bank,p_Shop: ${label('ok | no #2')}`);
    for (const line of body(text)) {
      // Mermaid reads ; as a line end, # and % as comments or entities, <> as HTML, and ",| as syntax.
      const rest = line.replace(/^\s*(alt|else|opt|break|end|Note over [\w,]+:|\w+(?:->>|-->>|-\))\w+:)/, '');
      expect(rest.replace(/#\d+;/g, ''), line).not.toMatch(/[;#%<>"|{}[\]`]/);
    }
  });

  it('keeps a label that starts like a mermaid wrap directive', () => {
    expect(fragmentLabel('wrap: it is x')).toBe('wrap#58; it is x');
    expect(fragmentLabel('NoWrap:x; y')).toBe('NoWrap#58;x#59; y');
    expect(fragmentLabel('unwrap: x')).toBe('unwrap: x');
  });

  it('draws decisions, reply alternatives, call policies, on timeout, delivery and consumer retries as notes', () => {
    const text = sequenceOf(`use_case "Notes" {
  when Buyer pays
    Shop decides method: card | cash
    Shop asks Bank to charge [retry 2]
    on timeout {
      Shop notifies Expired [outbox]
    }
    Bank returns to Shop charge: ok | declined
    Shop notifies Paid [at-least-once, redeliver 1500ms]
  when Mail listens Paid [idempotent, retry 3]
    Mail sends a receipt
  when Mail listens Expired [retry 1]
    Mail sends a warning
}
`);
    expect(body(text)).toEqual([
      '  p_Buyer->>p_Shop: pays',
      '  Note over p_Shop: decides method: card #124; cash',
      '  p_Shop->>p_Bank: to charge',
      '  Note over p_Shop,p_Bank: timeout 30s, retry 2',
      '  break timeout after 30s and 2 retries',
      '    p_Shop-)p_Mail: Expired',
      '    Note over p_Shop: outbox',
      '  end',
      '  p_Bank-->>p_Shop: charge',
      '  Note over p_Bank,p_Shop: ok #124; declined',
      '  p_Shop-)p_Mail: Paid',
      '  Note over p_Shop: at-least-once, redelivered after 1.5s',
      '  Note over p_Mail: on Paid',
      '  Note over p_Mail: idempotent, retry 3, then dead-letter',
      '  Note over p_Mail: sends a receipt',
      '  Note over p_Mail: on Expired',
      '  Note over p_Mail: retry 1, then dead-letter',
      '  Note over p_Mail: sends a warning',
    ]);
  });

  it('nests the blocks of an on timeout inside its break, under the arms of its asks', () => {
    const text = sequenceOf(`use_case "Nested timeout" {
  when Buyer pays
    Shop decides method: card | cash
    if method is card {
      Shop asks Bank to charge [timeout 10s]
      on timeout {
        if method is card {
          Shop refunds
        }
      }
      Bank returns to Shop done
    }
}
`);
    expect(body(text).slice(2)).toEqual([
      '  opt method is card',
      '    p_Shop->>p_Bank: to charge',
      '    Note over p_Shop,p_Bank: timeout 10s',
      '    break timeout after 10s',
      '      opt method is card',
      '        Note over p_Shop: refunds',
      '      end',
      '    end',
      '    p_Bank-->>p_Shop: done',
      '  end',
    ]);
  });

  it('keeps blocks balanced and every step under exactly its arms, for any nesting of if blocks', () => {
    type Item = { leaf: true } | { leaf: false; arms: Item[][] };
    const { tree } = fc.letrec<{ tree: Item; item: Item }>((tie) => ({
      item: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant<Item>({ leaf: true }), tie('tree')),
      tree: fc.record({ leaf: fc.constant(false as const), arms: fc.array(fc.array(tie('item'), { maxLength: 3 }), { minLength: 1, maxLength: 3 }) }),
    }));
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 3 }), (blocks) => {
        const steps: Step[] = [];
        let n = 0;
        const walk = (item: Item, arms: GuardArm[]): void => {
          if (item.leaf) {
            const guard: Guard | undefined = arms.length > 0 ? { arms } : undefined;
            steps.push({ kind: 'internal', verb: `s${steps.length}`, from: { name: 'A', kind: 'context', id: 'A' }, line: 1, column: 1, ...(guard ? { guard } : {}) });
            return;
          }
          const block = `u/1#${++n}`;
          item.arms.forEach((items, arm) => {
            const a: GuardArm = { block, arm, tests: [{ fact: `f${n}`, outcomes: [`o${arm}`] }], text: arm === item.arms.length - 1 && arm > 0 ? 'else' : `f${n} is o${arm}` };
            for (const i of items) walk(i, [...arms, a]);
          });
        };
        for (const b of blocks) walk(b, []);
        const drawn = armsDrawn(steps);
        const out: string[] = [];
        const writer = new BranchWriter(out, drawn, '  ');
        for (const step of steps) out.push(`${writer.enter(step.guard)}${step.kind === 'internal' ? step.verb : ''}`);
        writer.close();
        // Read the fragments back as mermaid would, and compare each step's enclosing labels with its guard.
        const stack: string[] = [];
        let seen = 0;
        for (const line of out) {
          const indent = line.length - line.trimStart().length;
          const m = /^\s*(alt|opt|else|end)(?: (.*))?$/.exec(line);
          if (m?.[1] === 'end') stack.pop();
          else if (m?.[1] === 'else') stack[stack.length - 1] = m[2]!;
          else if (m) stack.push(m[2]!);
          if (m && m[1] !== 'end') expect(indent).toBe(2 + 2 * (stack.length - 1));
          if (m) continue;
          const step = steps[seen++]!;
          expect(indent).toBe(2 + 2 * stack.length);
          expect(stack).toEqual((step.guard?.arms ?? []).map((a) => fragmentLabel(armLabel(a, drawn))));
        }
        expect(seen).toBe(steps.length);
        expect(stack).toEqual([]);
        // `opt` exactly for the blocks drawn with one arm.
        expect(out.filter((l) => /^\s*opt /.test(l)).length).toBe([...drawn.values()].filter((arms) => arms.length === 1).length);
      }),
      { numRuns: 300, seed: 10 },
    );
  });
});

describe('other diagrams with behaviour', () => {
  const model = `services {
  ShopApi {
    contexts: Shop
  }
  BankApi {
    contexts: Bank
  }
  AuditApi {
    contexts: Audit
  }
}
use_case "Pay" {
  when Buyer pays
    Shop asks Ledger to record
    Shop decides method: card | cash
    if method is card {
      Shop asks Bank to charge [timeout 5s]
      on timeout {
        Shop asks Audit to log the timeout
      }
    }
}
`;

  it('labels an ask made only on a branch or on timeout as conditional in the domain flow', () => {
    const lines = sequenceOf(model, 'domain').split('\n');
    expect(lines).toContain('  ctx_Shop --> ctx_Ledger');
    expect(lines).toContain('  ctx_Shop -->|"conditional"| ctx_Bank');
    expect(lines).toContain('  ctx_Shop -->|"conditional"| ctx_Audit');
  });

  it('draws the calls of on timeout blocks in the container diagram', () => {
    const text = sequenceOf(model, 'c4-container');
    expect(text).toContain('Rel(c_ShopApi, c_BankApi, "to charge")');
    expect(text).toContain('Rel(c_ShopApi, c_AuditApi, "to log the timeout")');
  });
});
