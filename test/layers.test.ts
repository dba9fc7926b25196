/**
 * The layers of src/ only look down (README, "How it is built"): every import of every module is read and
 * checked against the table below. There is no exception list: an import that runs against the layers
 * fails here, whatever its reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './support/cli.js';

type Layer = 'text' | 'diagnostics' | 'parser' | 'compiler' | 'plan' | 'render' | 'output' | 'page' | 'diagrams' | 'simulator' | 'verify' | 'codegen' | 'export' | 'server' | 'format' | 'lsp' | 'cli';

/** What each layer may import (besides itself). Back ends see the Model (compiler/model.ts only), never each other. */
const allowed: Record<Layer, readonly Layer[]> = {
  text: [],
  diagnostics: ['text'],
  parser: ['text', 'diagnostics'],
  compiler: ['text', 'diagnostics', 'parser'],
  plan: ['text', 'diagnostics', 'compiler'],
  // Infrastructure: what any back end or command may use.
  render: ['text'],
  output: ['text', 'diagnostics'],
  // HTML page components shared by the simulator's report and the served site.
  page: ['text'],
  // Back ends.
  diagrams: ['text', 'diagnostics', 'compiler', 'plan'],
  simulator: ['text', 'diagnostics', 'compiler', 'plan'],
  // The model checker runs its own twin of the simulator's semantics: it never imports the simulator.
  verify: ['text', 'diagnostics', 'compiler', 'plan'],
  codegen: ['text', 'diagnostics', 'compiler', 'plan', 'output'],
  export: ['text', 'diagnostics', 'compiler'],
  // The live preview: the CLI hands it what draws and what simulates, it never imports them.
  server: ['text', 'diagnostics', 'compiler', 'plan', 'render', 'output', 'page'],
  // Tooling on the text: the formatter re-parses and recompiles what it produces.
  format: ['text', 'diagnostics', 'parser', 'compiler'],
  // The language server works on the text as the formatter does, and formats with it.
  lsp: ['text', 'diagnostics', 'parser', 'compiler', 'plan', 'format'],
  // The CLI composes.
  cli: ['text', 'diagnostics', 'parser', 'compiler', 'plan', 'render', 'output', 'page', 'diagrams', 'simulator', 'verify', 'codegen', 'export', 'server', 'format', 'lsp'],
};
const backEnds: readonly Layer[] = ['diagrams', 'simulator', 'verify', 'codegen', 'export', 'server', 'plan'];

const src = join(root, 'src');

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
    .sort();
}

/** Relative specifiers of static imports, re-exports, `import type`, dynamic `import()` and `import('x').T` types. */
export function importsOf(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:^|[^\w.])(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.add(m[1]!);
  for (const m of text.matchAll(/(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]\s*\)/gm)) found.add(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.add(m[1]!);
  return [...found].filter((s) => s.startsWith('.'));
}

function layerOf(file: string): Layer {
  const top = relative(src, file).split(/[\\/]/)[0]!;
  if (!(top in allowed)) throw new Error(`src/${top} is in no layer: add it to the table in test/layers.test.ts`);
  return top as Layer;
}

describe('layers', () => {
  const files = modules(src);

  it('reads every module of src/ (and finds the imports the check depends on)', () => {
    expect(files.length).toBeGreaterThan(80);
    expect(importsOf("import { a } from './a.js';\nexport { b } from '../b.js';\nimport type { C } from './c.js';\nconst d = await import('../d.js');\nlet e: import('./e.js').E;\nimport './f.js';")).toEqual(['./a.js', '../b.js', './c.js', '../d.js', './e.js', './f.js']);
  });

  it('has no import that runs against the layers', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
        if (!target.startsWith(src)) {
          wrong.push(`${relative(root, file)} imports ${spec}, outside src/`);
          continue;
        }
        const to = layerOf(target);
        if (to === from) continue;
        const where = `${relative(root, file)} (${from}) imports ${relative(root, target)} (${to})`;
        if (!allowed[from].includes(to)) wrong.push(where);
        else if (backEnds.includes(from) && to === 'compiler' && relative(src, target) !== join('compiler', 'model.ts')) wrong.push(`${where}: back ends read the Model, not the compiler`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('fails on an import against the layers', () => {
    // The check itself, on a made-up module: a back end importing another back end.
    const from = layerOf(join(src, 'simulator', 'x.ts'));
    const to = layerOf(join(src, 'diagrams', 'index.ts'));
    expect(allowed[from].includes(to)).toBe(false);
    expect(() => layerOf(join(src, 'nowhere', 'x.ts'))).toThrow(/in no layer/);
  });
});
