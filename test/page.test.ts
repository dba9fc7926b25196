/**
 * The page components (src/page) without a browser: every name from the model is escaped (the hostile
 * model), data inlined as JSON cannot end its <script> element, the same state gives the same bytes, and
 * the server's reading of a simulation request refuses what it should.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compiler/compile.js';
import * as diagrams from '../src/diagrams/index.js';
import * as sim from '../src/simulator/index.js';
import { pageStories, pageUseCases, pageViews } from '../src/cli/page-model.js';
import { clientScript, clientState, histogramSvg, overlayHtml, pageHtml, scriptJson, simulationHtml, type PageState } from '../src/page/index.js';
import { pageDiagnostics, participantsOf, simulationRequest } from '../src/server/index.js';
import { root } from './support/cli.js';

function stateOf(file: string): PageState {
  const path = join(root, file);
  const { model, diagnostics } = compile([{ path: file, text: readFileSync(path, 'utf8') }]);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return {
    version: 3,
    title: `craft: ${model.useCases[0]?.name ?? 'model'}`,
    files: model.files,
    views: pageViews(diagrams, model),
    participants: participantsOf(model),
    useCases: pageUseCases(sim, model),
    simulations: [],
    diagnostics: [],
  };
}

/** The `<script>` elements of a page: their opening tags. */
const scriptTags = (html: string) => [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);

describe('the page escapes every name from the model (test/fixtures/hostile.craft)', () => {
  const state = stateOf('test/fixtures/hostile.craft');
  const simulation = { id: 'checkout', title: state.useCases[0]!.name, ok: false, summary: ['on <b>x</b>'], verdicts: ['"Paid <fast>" ×1'], timeline: ['Straße asks <script>'], diagram: 'sequenceDiagram\n  A->>B: </pre><script>alert(1)</script>', latencies: [10, 20] };

  for (const mode of ['live', 'static', 'report'] as const) {
    it(`in ${mode} mode: no markup from the model, and only the page's own scripts`, () => {
      const html = pageHtml({ ...state, simulations: [simulation] }, mode, { mermaid: { kind: 'src', src: '/mermaid.min.js' }, client: { kind: 'inline', source: clientScript } });
      expect(html).not.toMatch(/<script>alert|<b>the boss|<fast>|<script>alert\('x'\)/);
      // The state (JSON), mermaid and the client: nothing else opens a script element.
      expect(scriptTags(html)).toEqual(mode === 'report' ? ['<script src="/mermaid.min.js">', '<script>'] : ['<script type="application/json" id="craft-state">', '<script src="/mermaid.min.js">', '<script>']);
      if (mode !== 'report') {
        expect(html).toContain('Checkout: &lt;script&gt;alert(\'x\')&lt;/script&gt; &amp; more');
        const json = /<script type="application\/json" id="craft-state">([^<]*)<\/script>/.exec(html);
        expect(json, 'the inlined state ends at its own </script>').not.toBeNull();
        expect(JSON.parse(json![1]!)).toEqual(JSON.parse(JSON.stringify(clientState({ ...state, simulations: [simulation] }, mode))));
      } else {
        expect(html).toContain('A-&gt;&gt;B: &lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
      }
    });
  }

  it('participants carry their names as text, with where they are declared', () => {
    const ann = state.participants.find((p) => p.name === 'Ann <b>the boss</b>');
    expect(ann).toMatchObject({ kind: 'actor (user)', declared: 'test/fixtures/hostile.craft:3' });
    const strasse = state.participants.find((p) => p.name === 'Straße' && p.kind.startsWith('bounded context'));
    expect(strasse?.facts).toContainEqual({ label: 'asks', values: ['Pay#Gate; %%evil'] });
    expect(strasse?.facts).toContainEqual({ label: 'publishes', values: ['Failed; retry', 'Paid <fast>'] });
  });
});

describe('JSON inlined in a <script> element', () => {
  it('cannot end the element, open a comment or break a string, and reads back the same', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!-- x -->', c: 'line\u2028sep\u2029', d: 'a & b > c' };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('determinism', () => {
  it('the same state gives the same bytes, and a different state different ones', () => {
    const state = stateOf('examples/ecommerce.craft');
    const assets = { client: { kind: 'inline', source: clientScript } } as const;
    expect(pageHtml(state, 'static', assets)).toBe(pageHtml(stateOf('examples/ecommerce.craft'), 'static', assets));
    expect(pageHtml({ ...state, version: 4 }, 'static', assets)).not.toBe(pageHtml(state, 'static', assets));
  });

  it('the histogram is the same SVG for the same latencies, with one bar per bin and every flow counted', () => {
    const svg = histogramSvg([120, 130, 480, 950, 955]);
    expect(svg).toBe(histogramSvg([120, 130, 480, 950, 955]));
    const bars = [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!);
    const counted = bars.map((b) => Number(/: (\d+) flow/.exec(b)![1]));
    expect(counted.reduce((a, b) => a + b, 0)).toBe(5);
    expect(svg).toContain('5 flows');
    expect(histogramSvg([])).toContain('No flow completed');
  });
});

describe('the overlay and a simulation', () => {
  it('the overlay shows file:line:col, code, message and the caret excerpt, escaped; nothing without errors', () => {
    const text = 'actors {\n  user <b>\n}\n';
    const d = { code: 'craft/syntax/unexpected-token', severity: 'error', message: "unexpected '<'", file: 'm.craft', range: { start: { line: 2, column: 8, offset: 16 }, end: { line: 2, column: 11, offset: 19 } } } as const;
    const shown = pageDiagnostics([d], new Map([['m.craft', text]]));
    expect(shown[0]!.excerpt).toBe(' 2 |   user <b>\n   |        ^^^');
    const html = overlayHtml(shown);
    expect(html).toContain('m.craft:2:8');
    expect(html).toContain('craft/syntax/unexpected-token');
    expect(html).toContain('unexpected \'&lt;\'');
    expect(html).toContain('user &lt;b&gt;');
    expect(overlayHtml([{ ...shown[0]!, severity: 'warning' }])).toBe('');
  });

  it('a simulation shows its badge, verdicts, histogram, diagram and timeline', () => {
    const html = simulationHtml({ id: 'x', title: 'T', ok: true, summary: ['s'], verdicts: ['1 completed'], timeline: ['t'], diagram: 'sequenceDiagram', latencies: [5] });
    expect(html).toMatch(/<span class="badge ok">PASS<\/span>[\s\S]*class="verdicts">1 completed[\s\S]*class="histogram"><svg[\s\S]*<pre class="mermaid">sequenceDiagram<\/pre>[\s\S]*class="timeline">t</);
    expect(simulationHtml({ id: 'x', title: 'T', ok: false, summary: [], verdicts: [], timeline: [], diagram: '', latencies: [] })).toContain('badge fail">FAIL');
  });
});

describe('a simulation request from the page', () => {
  it('takes use cases, numbers and faults, and refuses anything else with a reason', () => {
    expect(simulationRequest('{"useCases":["order-placement"],"seed":"7","flows":3,"runs":"","faults":["drop=0.1",""]}')).toEqual({ useCases: ['order-placement'], seed: '7', flows: '3', faults: ['drop=0.1'] });
    expect(simulationRequest('nope')).toBe('the request is not JSON');
    expect(simulationRequest('[]')).toBe('the request is not a JSON object');
    expect(simulationRequest('{"useCases":[]}')).toBe('choose at least one use case');
    expect(simulationRequest('{"useCases":["a"],"seed":{}}')).toBe('seed: expected a whole number');
    expect(simulationRequest('{"useCases":["a"],"faults":"drop"}')).toBe('faults: expected a list of fault specifications');
    expect(simulationRequest('{"useCases":["a"],"flows":"999999"}')).toMatch(/^flows: at most \d+ here/);
  });
});

describe('stories', () => {
  it('each story of the model is a view (what its run did) and a result, as craft test runs it', async () => {
    const files = ['examples/ecommerce.craft', 'examples/ecommerce.stories.craft'];
    const { model } = compile(files.map((f) => ({ path: f, text: readFileSync(join(root, f), 'utf8') })));
    const io = { cwd: root, stdout: { write: () => true }, stderr: { write: () => true } };
    const stories = await pageStories(model, io);
    expect(stories.map((s) => s.view.group)).toEqual(model.stories.map(() => 'Stories'));
    expect(stories.length).toBeGreaterThan(0);
    for (const s of stories) {
      expect(s.view.title).toMatch(/: PASS$/);
      expect(s.view.mermaid).toMatch(/^sequenceDiagram/);
      expect(s.result).toMatchObject({ id: s.view.id, ok: true, verdicts: ['every expectation held'] });
      expect(simulationHtml(s.result)).not.toContain('Latency');
    }
  });
});
