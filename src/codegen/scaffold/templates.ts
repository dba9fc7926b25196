/**
 * The handlebars templates of the generated project (`templates/gen/**.hbs` in the craft package),
 * compiled once per process with `noEscape` (they write code, not HTML). Partials are the files under
 * `partials/`, named by file name (`{{> effects}}`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

export type Template = (view: object) => string;

export interface Templates {
  get(name: string): Template;
}

let cached: { dir: string; templates: Templates } | undefined;

/** The folder of the templates: `templates/gen` in the package root (found from this module, in src or dist). */
export function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'templates', 'gen');
    if (existsSync(join(candidate, 'partials'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find templates/gen above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function loadTemplates(dir = templatesDir()): Templates {
  if (cached?.dir === dir) return cached.templates;
  const hb = Handlebars.create();
  const sources = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.hbs')) sources.set(relative(dir, p).split(sep).join('/').replace(/\.hbs$/, ''), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  for (const [name, text] of sources) if (name.startsWith('partials/')) hb.registerPartial(name.slice('partials/'.length), text);
  const compiled = new Map<string, Template>();
  const templates: Templates = {
    get(name) {
      let t = compiled.get(name);
      if (!t) {
        const text = sources.get(name);
        if (text === undefined) throw new Error(`no template ${name}.hbs in ${dir}`);
        const fn = hb.compile(text, { noEscape: true, strict: true, preventIndent: false });
        t = (view) => fn(view);
        compiled.set(name, t);
      }
      return t;
    },
  };
  cached = { dir, templates };
  return templates;
}
