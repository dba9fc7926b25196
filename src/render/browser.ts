/**
 * Finding a Chromium to render with, and the typed errors for "no browser" and "it would not start".
 * Nothing here loads puppeteer: `craft check` and friends may import this module for free.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Flags for the system Chromium; the machine may run as root, so `--no-sandbox` is required. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Absolute paths tried after the environment variables, before searching PATH. */
export const WELL_KNOWN_CHROMIUM: readonly string[] = ['/usr/bin/chromium'];

/** Names searched for on PATH, in order. */
export const CHROMIUM_NAMES: readonly string[] = ['chromium-browser', 'chromium', 'google-chrome'];

export type Env = Record<string, string | undefined>;

/**
 * The Chromium to launch: `CHROME_PATH`, `PUPPETEER_EXECUTABLE_PATH`, then /usr/bin/chromium, then
 * `chromium-browser`, `chromium` or `google-chrome` on PATH. Only executable files count; when a variable
 * names something that is not one, the search stops there (`chromiumSearch` says why).
 */
export function findChromium(env: Env = process.env, wellKnown: readonly string[] = WELL_KNOWN_CHROMIUM): string | undefined {
  return chromiumSearch(env, wellKnown).found;
}

export interface ChromiumSearch {
  found?: string;
  /** Why explicitly configured candidates were skipped, e.g. "CHROME_PATH=/x is not an executable file". */
  skipped: string[];
}

export function chromiumSearch(env: Env = process.env, wellKnown: readonly string[] = WELL_KNOWN_CHROMIUM): ChromiumSearch {
  const skipped: string[] = [];
  for (const name of ['CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH']) {
    const value = env[name];
    if (!value) continue;
    if (isExecutableFile(value)) return { found: value, skipped };
    skipped.push(`${name}=${value} is not an executable file`);
  }
  // A browser named explicitly and missing is a mistake to report, not a reason to quietly use another.
  if (skipped.length > 0) return { skipped };
  for (const path of wellKnown) if (isExecutableFile(path)) return { found: path, skipped };
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutableFile(path)) return { found: path, skipped };
    }
  }
  return { skipped };
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type BrowserErrorCode = 'no-browser' | 'launch-failed';

/** Rendering cannot start: the CLI reports `message` and exits; no diagram was rendered. */
export class BrowserError extends Error {
  constructor(
    readonly code: BrowserErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export const NO_BROWSER_HINT =
  'install it (apt-get install -y chromium) or set CHROME_PATH; or use --format md / mmd, which need no browser';

export class NoBrowserError extends BrowserError {
  constructor(skipped: readonly string[] = []) {
    super('no-browser', `no Chromium found: ${NO_BROWSER_HINT}${skipped.length ? ` (${skipped.join('; ')})` : ''}`);
  }
}

export class BrowserLaunchError extends BrowserError {
  constructor(
    readonly executablePath: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('launch-failed', `could not start Chromium at ${executablePath}: ${firstLines(reason, 6)}`, { cause });
  }
}

function firstLines(text: string, n: number): string {
  const lines = text.trim().split('\n');
  return lines.length <= n ? lines.join('\n') : `${lines.slice(0, n).join('\n')}\n...`;
}
