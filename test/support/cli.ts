/** Running the built CLI as users do (`node bin/craft.js ...`), and a temporary directory per test. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from 'vitest';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = join(root, 'bin', 'craft.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `craft <args>` in `cwd`, without colours (the global setup has built dist/ once). */
export function craft(args: readonly string[], cwd = root, env: NodeJS.ProcessEnv = {}): Run {
  const merged: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  delete merged['FORCE_COLOR'];
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: merged, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** vitest's `test` with a fresh temporary directory (`tmp`), removed afterwards. */
export const test = base.extend<{ tmp: string }>({
  // eslint-disable-next-line no-empty-pattern
  tmp: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'craft-test-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});
