/**
 * Seed models for the back-end fuzz: the examples, the conformance corpus (its valid files; `broken/` is
 * left out), and the craft files of the tests' fixtures and goldens. Only seeds that compile without errors
 * are kept: the mutants start from sound models.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileText } from './backends.js';

export interface Seed {
  /** Path relative to the project root (or to the conformance folder). */
  name: string;
  text: string;
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'broken' || e.name === 'node_modules') continue;
      walk(p, out);
    } else if (e.isFile() && e.name.endsWith('.craft')) out.push(p);
  }
  return out;
}

/** The conformance corpus next to the checkout (`../shared/conformance/craft`), or `CRAFT_CONFORMANCE`. */
export function conformanceDir(root: string): string {
  return process.env['CRAFT_CONFORMANCE'] ?? join(root, '..', 'shared', 'conformance', 'craft');
}

export interface SeedSet {
  seeds: Seed[];
  /** Files that did not compile without errors (not used as seeds). */
  skipped: string[];
  /** How many seeds came from the conformance corpus. */
  corpus: number;
}

export function loadSeeds(root: string): SeedSet {
  const corpusRoot = conformanceDir(root);
  const local = [join(root, 'examples'), join(root, 'test', 'fixtures'), join(root, 'test', 'golden')].flatMap((d) => walk(d)).sort();
  const corpus = walk(corpusRoot).sort();
  const seeds: Seed[] = [];
  const skipped: string[] = [];
  let fromCorpus = 0;
  for (const [paths, base] of [[local, root], [corpus, join(corpusRoot, '..', '..')]] as const) {
    for (const p of paths) {
      // A companion file of stories (`x.stories.craft`) is a model only together with `x.craft`.
      const companion = p.endsWith('.stories.craft') ? p.replace(/\.stories\.craft$/, '.craft') : undefined;
      const text = companion && existsSync(companion) ? `${readFileSync(companion, 'utf8')}\n${readFileSync(p, 'utf8')}` : readFileSync(p, 'utf8');
      const name = relative(base, p).split('\\').join('/');
      if (compileText(text).errors.length > 0) {
        skipped.push(name);
        continue;
      }
      seeds.push({ name, text });
      if (paths === corpus) fromCorpus++;
    }
  }
  return { seeds, skipped, corpus: fromCorpus };
}
