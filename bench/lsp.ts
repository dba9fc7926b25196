/**
 * The language server on a synthetic workspace of 1 MB in 50 files (bench/synthetic.ts, split at top-level
 * declarations): the time from a one-character change to the published diagnostics, measured as an editor
 * sees it (the built `craft lsp` as a child process, a protocol client over stdio, debounce included),
 * median of 50 edits (goal: under 50 ms); and `craft fmt --check` of the workspace against `craft check` of
 * it, both as commands (goal: at most 1.5×).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { generate } from './synthetic.js';
import { median, ms, ratio, table, verdict } from './timing.js';
import { defaultDebounceMs } from '../src/lsp/server.js';

const SEED = 20260101;
const FILES = 50;
const EDITS = 50;
const GOAL_KEYSTROKE_MS = 50;
const GOAL_FMT_VS_CHECK = 1.5;

/** The synthetic text cut into `count` files of about the same size, at top-level declarations. */
export function splitWorkspace(text: string, count: number): string[] {
  const lines = text.split('\n');
  let chunks: string[] = [];
  let current: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A blank line followed by a line at column 0 ends a top-level declaration.
    if (line === '' && current.length > 0 && /^\S/.test(lines[i + 1] ?? '') && !(lines[i + 1] ?? '').startsWith('}')) {
      chunks.push(current.join('\n') + '\n');
      current = [];
      continue;
    }
    current.push(line);
  }
  if (current.length > 0) chunks.push(current.join('\n') + '\n');
  const total = chunks.reduce((n, c) => n + c.length, 0);
  // A block bigger than a file (all the domains) becomes several blocks of the same kind: they merge.
  chunks = chunks.flatMap((c) => (c.length > total / count ? splitBlock(c, Math.ceil(c.length / (total / count))) : [c]));
  const files: string[] = [];
  let file = '';
  let left = total;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    file += (file === '' ? '' : '\n') + c;
    left -= c.length;
    const filesLeft = count - files.length - 1;
    if (filesLeft > 0 && (file.length >= (left + file.length) / (filesLeft + 1) || chunks.length - i - 1 <= filesLeft)) {
      files.push(file);
      file = '';
    }
  }
  if (file !== '') files.push(file);
  return files;
}

/** `head {` entries `}` as `parts` blocks with the same head, cut between entries (lines indented once). */
function splitBlock(chunk: string, parts: number): string[] {
  const lines = chunk.replace(/\n$/, '').split('\n');
  const open = lines.findIndex((l) => /^\S.*\{\s*$/.test(l));
  if (open < 0 || lines[lines.length - 1] !== '}') return [chunk];
  const head = lines.slice(0, open + 1);
  const body = lines.slice(open + 1, -1);
  const entries: string[][] = [];
  for (const l of body) {
    if (/^ {4}\S/.test(l) && !/^ {4}\}/.test(l)) entries.push([l]);
    else if (entries.length > 0) entries[entries.length - 1]!.push(l);
  }
  const per = Math.ceil(entries.length / parts);
  const out: string[] = [];
  for (let i = 0; i < entries.length; i += per) out.push([...head, ...entries.slice(i, i + per).flat(), '}'].join('\n') + '\n');
  return out.length > 0 ? out : [chunk];
}

function commandMs(root: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    spawnSync(process.execPath, [join(root, 'bin', 'craft.js'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    times.push(performance.now() - start);
  }
  return median(times);
}

export async function benchLsp(root: string): Promise<string[]> {
  const model = generate(1_000_000, SEED);
  const files = splitWorkspace(model.text, FILES);
  const dir = mkdtempSync(join(tmpdir(), 'craft-bench-lsp-'));
  const lines: string[] = [];
  const out = (s = '') => lines.push(s);
  try {
    const names = files.map((_, i) => `part-${String(i + 1).padStart(2, '0')}.craft`);
    files.forEach((text, i) => writeFileSync(join(dir, names[i]!), text));

    const child = spawn(process.execPath, [join(root, 'bin', 'craft.js'), 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const arrivals = new Map<string, number>();
    let waiting: { uri: string; resolve: (t: number) => void } | undefined;
    const published = new Set<string>();
    let allPublished: () => void = () => {};
    const initialDone = new Promise<void>((resolve) => (allPublished = resolve));
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => {
      const now = performance.now();
      arrivals.set(p.uri, now);
      published.add(p.uri);
      if (published.size === files.length) allPublished();
      if (waiting && waiting.uri === p.uri) {
        const w = waiting;
        waiting = undefined;
        w.resolve(now);
      }
    });
    connection.listen();
    const rootUri = pathToFileURL(dir).href;
    const startup = performance.now();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: {} });
    connection.sendNotification('initialized', {});
    await initialDone;
    const firstCheck = performance.now() - startup;

    // The file edited: the one with the most scenario lines; the edit toggles a step's subject between a
    // declared context and an undeclared one (one character each way), so every edit changes the findings.
    const target = files.reduce((best, t, i) => ((t.match(/\n {8}\S+ asks /g)?.length ?? 0) > (files[best]!.match(/\n {8}\S+ asks /g)?.length ?? 0) ? i : best), 0);
    const uri = pathToFileURL(join(dir, names[target]!)).href;
    const text = files[target]!;
    const at = text.search(/\n {8}\S+ asks /) + 9;
    const subject = /\S+/.exec(text.slice(at))![0];
    const position = { line: text.slice(0, at).split('\n').length - 1, character: 8 + subject.length };
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'craft', version: 1, text } });
    const samples: number[] = [];
    for (let i = 0; i < EDITS + 2; i++) {
      const insert = i % 2 === 0;
      const change = insert
        ? { range: { start: position, end: position }, text: 'x' }
        : { range: { start: position, end: { line: position.line, character: position.character + 1 } }, text: '' };
      const arrived = new Promise<number>((resolve) => (waiting = { uri, resolve }));
      const sent = performance.now();
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [change] });
      const t = await Promise.race([arrived, new Promise<number>((r) => setTimeout(() => r(NaN), 10_000))]);
      // Two warm-up edits.
      if (i >= 2) samples.push(t - sent);
      await new Promise((r) => setTimeout(r, 30));
    }
    await connection.sendRequest('shutdown');
    connection.sendNotification('exit');
    await new Promise((r) => child.once('exit', r));
    connection.dispose();

    const keystroke = median(samples.filter((x) => !Number.isNaN(x)));
    const lost = samples.filter((x) => Number.isNaN(x)).length;
    const check = commandMs(root, ['check', dir], 5);
    const fmt = commandMs(root, ['fmt', '--check', dir], 5);

    out(`language server (craft lsp over stdio, protocol client; ${FILES} files, ${(model.text.length / 1e6).toFixed(2)} MB, seed ${SEED}):`);
    out(
      table([
        ['measure', 'value', 'goal', 'verdict'],
        ['first check of the workspace (initialize → all diagnostics)', ms(firstCheck), '', ''],
        [`one-character change → publishDiagnostics (median of ${samples.length}, debounce ${defaultDebounceMs} ms included)`, ms(keystroke), `< ${GOAL_KEYSTROKE_MS} ms`, verdict(keystroke, GOAL_KEYSTROKE_MS)],
        ['craft check of the workspace (command, median of 5)', ms(check), '', ''],
        ['craft fmt --check of the workspace (command, median of 5)', ms(fmt), '', ''],
        ['fmt --check / check', ratio(fmt / check), `≤ ${GOAL_FMT_VS_CHECK}×`, verdict(fmt / check, GOAL_FMT_VS_CHECK)],
      ]),
    );
    if (lost > 0) out(`${lost} edit(s) got no diagnostics within 10 s (left out of the median)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
