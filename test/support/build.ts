/**
 * vitest global setup: compile the project once before any test runs, so every end-to-end test runs the
 * CLI that the sources describe (a stale dist/ would test yesterday's craft), and type-check the tests.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function build(): void {
  // Unit tests alone, while another part of the tree is being edited and does not compile yet: the CLI's
  // end-to-end tests then run a stale dist/, so CI never sets this.
  if (process.env['CRAFT_TEST_NO_BUILD'] === '1' && process.env['CI'] === undefined) return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  // The sources, built; then the tests too, type-checked (vitest itself only strips their types).
  for (const project of ['tsconfig.json', 'tsconfig.test.json']) {
    const r = spawnSync(process.execPath, [tsc, '-p', join(root, project)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tsc -p ${project} failed:\n${r.stdout}${r.stderr}`);
  }
}
