/**
 * A content-addressed cache of rendered diagrams, so an unchanged diagram is written again without starting
 * a browser. Key: sha256 of the diagram text, mermaid's version, the output format and the render options.
 * One file per entry, written atomically (temporary file + rename), so concurrent runs and crashes never
 * leave a half-written entry behind; an unreadable entry is a miss.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Bump when the layout of cached entries or the rendering pipeline changes in a way the key cannot see. */
const CACHE_SCHEMA = 1;

export type RenderFormat = 'svg' | 'png';

let version: string | undefined;

/** The installed mermaid's version, from its package.json. */
export function mermaidVersion(): string {
  if (version === undefined) {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(require.resolve('mermaid/package.json'), 'utf8')) as { version?: unknown };
    version = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  }
  return version;
}

export function cacheKey(text: string, format: RenderFormat, options: object = {}): string {
  const input = stableJson({ schema: CACHE_SCHEMA, mermaid: mermaidVersion(), format, options, text });
  return createHash('sha256').update(input).digest('hex');
}

/** `<out dir>/.craft-cache`: beside the diagrams it speeds up, ignored by git. */
export function defaultCacheDir(outDir: string): string {
  return join(outDir, '.craft-cache');
}

export class RenderCache {
  private prepared = false;

  constructor(readonly dir: string) {}

  get(key: string): Buffer | undefined {
    try {
      const data = readFileSync(this.file(key));
      return data.length > 0 ? data : undefined;
    } catch {
      return undefined;
    }
  }

  set(key: string, data: Buffer): void {
    this.prepare();
    const file = this.file(key);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(tmp, data);
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }

  private file(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return join(this.dir, key);
  }

  private prepare(): void {
    if (this.prepared) return;
    mkdirSync(this.dir, { recursive: true });
    // The cache usually lives inside the output directory, which is often committed.
    try {
      writeFileSync(join(this.dir, '.gitignore'), '*\n', { flag: 'wx' });
    } catch {
      // already there
    }
    this.prepared = true;
  }
}

/** JSON with object keys sorted, so equal options always give equal keys. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
