/**
 * Writing the generated project. Every write goes through `OutputDir.write`, which resolves the path
 * inside the output directory and refuses anything that would land outside it: absolute paths, `..`,
 * and symbolic links (an existing link on the way, or as the file itself, is never followed).
 *
 * Handler stubs are created once and then kept; other files are written when their content changed,
 * unless the file exists without the generated-file marker (someone else's file: only with `force`).
 * Generated files of the written parts that this run did not produce are removed.
 */
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep, win32 } from 'node:path';
import { marker, type OutputFile, type Part } from './project-files.js';

export type Status = 'created' | 'regenerated' | 'unchanged' | 'kept' | 'unused' | 'removed' | 'refused';

export interface Written {
  path: string;
  status: Status;
}

export class OutsideError extends Error {
  override name = 'OutsideError';
}

/** The folders (and root files) each part owns, for removing its stale generated files. */
const areas: Record<Part, string[]> = {
  contracts: ['src/contracts', 'schemas'],
  services: ['src/transport', 'src/services', 'test', 'package.json', 'tsconfig.json', 'vitest.config.ts', 'README.md', '.gitignore'],
  asyncapi: ['asyncapi.yaml'],
};

export class OutputDir {
  readonly root: string;
  private readonly safeDirs = new Set<string>();
  private readonly madeDirs = new Set<string>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.root = realpathSync(dir);
    this.safeDirs.add(this.root);
  }

  /**
   * The absolute path of `rel` inside the directory. Throws OutsideError for a path that is absolute,
   * empty, contains NUL, climbs out (`..`), or passes through a symbolic link that leads outside; the file
   * itself may not be a symbolic link.
   */
  resolve(rel: string): string {
    return this.locate(rel).abs;
  }

  /** `resolve`, and what is at the path now (from the same lstat that checked it is no link). */
  private locate(rel: string): { abs: string; stat: Stats | undefined } {
    if (rel === '' || rel.includes('\0') || isAbsolute(rel) || win32.isAbsolute(rel)) throw new OutsideError(`${JSON.stringify(rel)}: not a path inside the output directory`);
    const abs = resolve(this.root, rel);
    const inside = relative(this.root, abs);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) throw new OutsideError(`${JSON.stringify(rel)}: outside the output directory`);
    const parts = inside.split(sep);
    let dir = this.root;
    let stat: Stats | undefined;
    for (let i = 0; i < parts.length; i++) {
      const next = join(dir, parts[i]!);
      const last = i === parts.length - 1;
      if (!last && this.safeDirs.has(next)) {
        dir = next;
        continue;
      }
      const st = lstatOrUndefined(next);
      if (last) stat = st;
      if (!st) break; // the rest does not exist yet: mkdir makes real folders
      if (st.isSymbolicLink()) {
        if (last) throw new OutsideError(`${JSON.stringify(rel)}: is a symbolic link; craft gen does not write through links`);
        const real = realpathSync(next);
        const r = relative(this.root, real);
        if (r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)) throw new OutsideError(`${JSON.stringify(rel)}: ${parts.slice(0, i + 1).join('/')} links outside the output directory`);
      }
      if (!last) this.safeDirs.add(next);
      dir = next;
    }
    return { abs, stat };
  }

  /** Writes one file (see the module comment for when); returns what happened. */
  write(file: OutputFile, force: boolean): Status {
    const { abs, stat: st } = this.locate(file.path);
    if (st) {
      if (!st.isFile()) throw new OutsideError(`${JSON.stringify(file.path)}: exists and is not a file`);
      if (file.stub) return 'kept';
      const content = Buffer.from(file.content);
      const old = readFileSync(abs);
      if (old.equals(content)) return 'unchanged';
      if (!force && !isGenerated(old)) return 'refused';
      writeFileSync(abs, content);
      return 'regenerated';
    }
    const dir = dirname(abs);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    writeFileSync(abs, file.content, { flag: 'wx' });
    return 'created';
  }

  /**
   * Generated files of `parts` that are not in `keep` are removed; handler stubs that are not in `keep`
   * (the model no longer needs them) are reported as unused and left alone.
   */
  sweep(parts: readonly Part[], keep: ReadonlySet<string>): Written[] {
    const out: Written[] = [];
    for (const part of parts) {
      for (const area of areas[part]) {
        for (const rel of this.filesBelow(area)) {
          if (keep.has(rel)) continue;
          const abs = this.resolve(rel);
          const head = readHead(abs);
          if (isGenerated(head)) {
            rmSync(abs);
            out.push({ path: rel, status: 'removed' });
          } else if (/^src\/services\/[^/]+\/handlers\/[^/]+\.ts$/.test(rel)) out.push({ path: rel, status: 'unused' });
        }
      }
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Files below `area` (a folder or a file), `/`-separated and relative to the root; links are not followed. */
  private filesBelow(area: string): string[] {
    const start = join(this.root, area);
    const st = lstatOrUndefined(start);
    if (!st) return [];
    if (st.isFile()) return [area];
    if (!st.isDirectory()) return [];
    const out: string[] = [];
    const walk = (abs: string, rel: string) => {
      for (const e of readdirSync(abs, { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
        const r = `${rel}/${e.name}`;
        if (e.isDirectory()) walk(join(abs, e.name), r);
        else if (e.isFile()) out.push(r);
      }
    };
    walk(start, area);
    return out;
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false });
}

/** The first bytes of a file: where the marker is, if it is ours. */
function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(512);
    return b.subarray(0, readSync(fd, b, 0, 512, 0));
  } finally {
    closeSync(fd);
  }
}

function isGenerated(content: Buffer): boolean {
  return content.subarray(0, 512).includes(marker, 0, 'utf8');
}
