/**
 * Where the generated project's files go: through the guarded output directory of src/output (paths
 * checked to stay inside, no symbolic links followed, strangers' files refused unless forced, stubs kept,
 * everything checked before the first file is written). What is particular to craft gen is here: the
 * folders each part owns (stale generated files there are removed) and where handler stubs live.
 */
import type { Part } from './project-files.js';

export { OutputDir, OutputError, OutsideError, type Status, type Written } from '../../output/index.js';

/** The folders (and root files) each part owns, for removing its stale generated files. */
const areas: Record<Part, string[]> = {
  contracts: ['src/contracts', 'schemas'],
  services: ['src/transport', 'src/services', 'test', 'scripts', 'package.json', 'tsconfig.json', 'vitest.config.ts', 'README.md', '.gitignore'],
  asyncapi: ['asyncapi.yaml'],
};

/** The areas of `parts`, in order. */
export function areasOf(parts: readonly Part[]): string[] {
  return parts.flatMap((p) => areas[p]);
}

/** A handler stub's path: `src/services/<service>/handlers/<unit>.<message>.ts`. */
export function isHandlerStub(rel: string): boolean {
  return /^src\/services\/[^/]+\/handlers\/[^/]+\.ts$/.test(rel);
}
