/**
 * `craft lsp`: a real client drives the built server over stdio (diagnostics as `craft check` gives them,
 * hover, definition, rename across files, completion, formatting as `craft fmt` formats, an edit into an
 * error and back, malformed input, a clean shutdown), and unit tests of what it stands on: UTF-16
 * positions with unicode names, rename refusals, and a change re-parsing only its file.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
  type CompletionItem, type Diagnostic as LspDiagnostic, type Hover, type Location, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, toRange } from '../src/lsp/positions.js';
import { Workspace } from '../src/lsp/workspace.js';
import { rename, isPlainName } from '../src/lsp/rename.js';
import { hoverText } from '../src/lsp/hover.js';
import { complete } from '../src/lsp/completion.js';
import { bin, craft, root, test } from './support/cli.js';

// ─────────────────────────────── a client over stdio ───────────────────────────────

interface Client {
  child: ChildProcessWithoutNullStreams;
  connection: ProtocolConnection;
  /** The latest diagnostics published per URI. */
  diagnostics: Map<string, LspDiagnostic[]>;
  /** Resolves when `uri` gets diagnostics that satisfy `ok` (checked on every publication, the latest first). */
  waitFor(uri: string, ok: (d: LspDiagnostic[]) => boolean): Promise<LspDiagnostic[]>;
  exited: Promise<number | null>;
}

async function startClient(dir: string): Promise<Client> {
  const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Drained, so a chatty stderr can never fill its pipe and stall the server.
  child.stderr.resume();
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const diagnostics = new Map<string, LspDiagnostic[]>();
  const waiters: { uri: string; ok: (d: LspDiagnostic[]) => boolean; resolve: (d: LspDiagnostic[]) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: LspDiagnostic[] }) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.ok(p.diagnostics)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  connection.listen();
  const uri = pathToFileURL(dir).href;
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'ws' }], capabilities: {} });
  connection.sendNotification('initialized', {});
  const waitFor = (u: string, ok: (d: LspDiagnostic[]) => boolean) =>
    new Promise<LspDiagnostic[]>((resolve, reject) => {
      const known = diagnostics.get(u);
      if (known && ok(known)) return resolve(known);
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${u}; last: ${JSON.stringify(diagnostics.get(u))}`)), 20_000);
      waiters.push({ uri: u, ok, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  return { child, connection, diagnostics, waitFor, exited };
}

/** `craft check --format json` of the folder, as the protocol would carry it, by file. */
function checkDiagnostics(dir: string, files: string[]): Map<string, unknown[]> {
  const run = craft(['check', '--format', 'json', ...files], dir);
  const report = JSON.parse(run.stdout) as { diagnostics: { file: string; code: string; severity: string; message: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } }[] };
  const byFile = new Map<string, unknown[]>(files.map((f) => [f, []]));
  for (const d of report.diagnostics) byFile.get(d.file)!.push({ code: d.code, severity: d.severity, message: d.message, range: toRange(d.range as never) });
  return byFile;
}

const severityWord = ['', 'error', 'warning', 'info', 'hint'];
const comparable = (list: LspDiagnostic[]) => list.map((d) => ({ code: d.code, severity: severityWord[d.severity ?? 0], message: d.message, range: d.range }));

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'craft', 0, text), [...edits]);
}

const example = readFileSync(join(root, 'examples', 'ecommerce.craft'), 'utf8');
/** A second file that listens to the example's event and uses one of its contexts. */
const refunds = `use_case "Refunds" {
  when RefundManagement listens "Payment Processed"
    RefundManagement asks PaymentProcessing to reverse the charge
    RefundManagement notifies "Refund Issued"
}
`;

function lineOf(text: string, needle: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`no line with ${needle}`);
  return { line, character: lines[line]!.indexOf(needle) };
}

describe('craft lsp over stdio', () => {
  test('initialize, diagnostics as craft check, hover, definition, rename across files, completion, edits, shutdown', async ({ tmp }) => {
    writeFileSync(join(tmp, 'a.craft'), example);
    writeFileSync(join(tmp, 'b.craft'), refunds);
    const a = pathToFileURL(join(tmp, 'a.craft')).href;
    const b = pathToFileURL(join(tmp, 'b.craft')).href;
    const client = await startClient(tmp);
    const { connection } = client;
    try {
      // Diagnostics of both files, the same codes, severities, messages and ranges as `craft check` of the folder.
      const expected = checkDiagnostics(tmp, ['a.craft', 'b.craft']);
      expect(expected.get('a.craft')!.length).toBeGreaterThan(3);
      const gotA = await client.waitFor(a, () => true);
      const gotB = await client.waitFor(b, () => true);
      expect(comparable(gotA)).toEqual(expected.get('a.craft'));
      expect(comparable(gotB)).toEqual(expected.get('b.craft'));
      // "Refund Issued" is published but heard by nobody: the check spans files, and so does the server.
      expect(gotB.map((d) => d.code)).toContain('craft/lint/dead-event');

      connection.sendNotification('textDocument/didOpen', { textDocument: { uri: a, languageId: 'craft', version: 1, text: example } });
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri: b, languageId: 'craft', version: 1, text: refunds } });

      // Hover on a context: its domain, service, asks, publishes and listens, with locations.
      const at = lineOf(example, 'OrderManagement asks StockManagement to check');
      const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri: a }, position: at })) as Hover;
      const text = (hover.contents as { value: string }).value;
      expect(text).toContain('**bounded context** `OrderManagement`');
      expect(text).toContain('domain: `Order`');
      expect(text).toContain('service: `OrderService`');
      expect(text).toMatch(/\*\*asks\*\*[\s\S]*`StockManagement` to check availability/);
      expect(text).toMatch(/\*\*publishes\*\*[\s\S]*`Order Confirmed`/);
      expect(text).toMatch(/\*\*listens to\*\*[\s\S]*`Payment Processed` — \[a\.craft:117:32\]/);

      // Hover on an event: publishers, listeners in both files.
      const event = lineOf(refunds, '"Payment Processed"');
      const eventHover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri: b }, position: { line: event.line, character: event.character + 3 } })) as Hover;
      const eventText = (eventHover.contents as { value: string }).value;
      expect(eventText).toMatch(/\*\*published by\*\*[\s\S]*`Payment\/PaymentProcessing`/);
      expect(eventText).toMatch(/\*\*listened to by\*\*[\s\S]*`Order\/OrderManagement`[\s\S]*`Payment\/RefundManagement` — refunds, \[b\.craft:2:33\]/);

      // Go to definition of a context used in b.craft: its declaration in a.craft.
      const use = lineOf(refunds, 'PaymentProcessing to reverse');
      const definition = (await connection.sendRequest('textDocument/definition', { textDocument: { uri: b }, position: { line: use.line, character: use.character + 2 } })) as Location[];
      const declared = lineOf(example, '    PaymentProcessing');
      expect(definition).toEqual([{ uri: a, range: { start: { line: declared.line, character: 4 }, end: { line: declared.line, character: 4 + 'PaymentProcessing'.length } } }]);

      // Rename the event across both files; applying the edits gives a workspace that still checks clean of errors.
      const edit = (await connection.sendRequest('textDocument/rename', { textDocument: { uri: b }, position: { line: event.line, character: event.character + 1 }, newName: 'Payment Settled' })) as WorkspaceEdit;
      expect(Object.keys(edit.changes!).sort()).toEqual([a, b].sort());
      const renamedA = applyEdits(example, edit.changes![a]!);
      const renamedB = applyEdits(refunds, edit.changes![b]!);
      expect(renamedA).toContain('PaymentProcessing notifies "Payment Settled"');
      expect(renamedA).toContain('when OrderManagement listens "Payment Settled"');
      expect(renamedA).not.toContain('Payment Processed');
      expect(renamedB).toContain('when RefundManagement listens "Payment Settled"');

      // A rename to a name that is not one is refused, with the reason.
      const refused = connection.sendRequest('textDocument/rename', { textDocument: { uri: b }, position: { line: use.line, character: use.character + 2 }, newName: 'two words' });
      await expect(refused).rejects.toThrow(/'two words' is not a bounded context name/);

      // Completion after `notifies `: the workspace's events, quoted as they must be written.
      const typed = refunds.replace('    RefundManagement notifies "Refund Issued"\n', '    RefundManagement notifies "Refund Issued"\n    RefundManagement notifies \n');
      connection.sendNotification('textDocument/didChange', { textDocument: { uri: b, version: 2 }, contentChanges: [{ text: typed }] });
      const cursor = lineOf(typed, 'RefundManagement notifies \n'.trimEnd() + ' ');
      const items = (await connection.sendRequest('textDocument/completion', { textDocument: { uri: b }, position: { line: cursor.line + 1, character: '    RefundManagement notifies '.length } })) as CompletionItem[];
      const labels = items.map((i) => i.label);
      expect(labels).toEqual(expect.arrayContaining(['Payment Processed', 'Order Confirmed', 'Refund Issued']));
      expect(items.find((i) => i.label === 'Order Confirmed')!.insertText).toBe('"Order Confirmed"');
      connection.sendNotification('textDocument/didChange', { textDocument: { uri: b, version: 3 }, contentChanges: [{ text: refunds }] });

      // Edit a line into an error (incrementally) and back: the syntax error comes, then the first findings again.
      const brace = lineOf(example, 'actors {');
      connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: a, version: 2 },
        contentChanges: [{ range: { start: { line: brace.line, character: 7 }, end: { line: brace.line, character: 8 } }, text: '' }],
      });
      const broken = await client.waitFor(a, (d) => d.some((x) => x.code === 'craft/syntax/unexpected-token'));
      expect(broken.find((x) => x.code === 'craft/syntax/unexpected-token')!.range.start.line).toBeGreaterThanOrEqual(brace.line);
      connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: a, version: 3 },
        contentChanges: [{ range: { start: { line: brace.line, character: 7 }, end: { line: brace.line, character: 7 } }, text: '{' }],
      });
      const healed = await client.waitFor(a, (d) => !d.some((x) => x.severity === 1));
      expect(comparable(healed)).toEqual(expected.get('a.craft'));

      await connection.sendRequest('shutdown');
      connection.sendNotification('exit');
      expect(await client.exited).toBe(0);
    } finally {
      client.child.kill();
      connection.dispose();
    }
  });

  test('formatting gives the bytes craft fmt gives, with the same .craftfmt', async ({ tmp }) => {
    const messy = 'actors {\nuser   Customer\n     system Bank\n}\nuse_case "Pay" {\nwhen Customer pays\nPayments asks Bank to charge   [POST /charges]\n}\n';
    writeFileSync(join(tmp, 'm.craft'), messy);
    writeFileSync(join(tmp, '.craftfmt'), 'indent = 2\n');
    const uri = pathToFileURL(join(tmp, 'm.craft')).href;
    const client = await startClient(tmp);
    try {
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'craft', version: 1, text: messy } });
      const edits = (await client.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 8, insertSpaces: true } })) as TextEdit[];
      const fmt = craft(['fmt', '--stdout', 'm.craft'], tmp);
      expect(fmt.status).toBe(0);
      expect(fmt.stdout).toContain('\n  user Customer\n');
      expect(applyEdits(messy, edits)).toBe(fmt.stdout);
    } finally {
      client.child.kill();
      client.connection.dispose();
    }
  });

  test('a malformed message and an unknown method do not stop the server', async ({ tmp }) => {
    copyFileSync(join(root, 'examples', 'ecommerce.craft'), join(tmp, 'a.craft'));
    const uri = pathToFileURL(join(tmp, 'a.craft')).href;
    const client = await startClient(tmp);
    try {
      await client.waitFor(uri, () => true);
      // A body that is not JSON, then a header that is not a header.
      client.child.stdin.write('Content-Length: 9\r\n\r\n{"bad": }');
      client.child.stdin.write('Content-Length: 2\r\n\r\n[]');
      await expect(client.connection.sendRequest('craft/noSuchMethod', {})).rejects.toThrow(/Unhandled method|not found/i);
      const definition = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: lineOf(example, 'StockManagement updates inventory') })) as Location[];
      expect(definition).toHaveLength(1);
      expect(definition[0]!.range.start.line).toBe(lineOf(example, '    StockManagement').line);
      // Requests about files it does not know, and positions far outside a file, are answered, not fatal.
      expect(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere.craft' }, position: { line: 0, character: 0 } })).toBeNull();
      expect(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 99999, character: 99999 } })).toBeNull();
      await client.connection.sendRequest('shutdown');
      client.connection.sendNotification('exit');
      expect(await client.exited).toBe(0);
    } finally {
      client.child.kill();
      client.connection.dispose();
    }
  });
});

// ─────────────────────────────── in process ───────────────────────────────

/** A workspace of in-memory files (URIs are their own paths). */
function workspaceOf(files: Record<string, string>): Workspace {
  const ws = new Workspace((uri) => uri);
  for (const [uri, text] of Object.entries(files)) ws.set(uri, text, true);
  return ws;
}

const unicode = `actors {
    user Kundin
}

domains {
    Zahlung {
        Zahlungsprüfung
        支払い
    }
}

use_case "Bezahlen 💶" {
    when Kundin bezahlt 🧾 die Rechnung
        Zahlungsprüfung notifies "Geprüft ✅" or "Abgelehnt 🚫"
        支払い notifies "完了"
}
`;

describe('positions: UTF-16 code units, as the protocol counts', () => {
  it('maps offsets and positions both ways, across \\n, \\r\\n and \\r, and clamps what lies outside', () => {
    const lines = new LineIndex('ab\r\nc💶d\re\n');
    expect(lines.lineCount).toBe(4);
    expect(lines.positionAt(4)).toEqual({ line: 1, character: 0 });
    // 💶 is two code units: `d` is at character 3.
    expect(lines.offsetAt({ line: 1, character: 3 })).toBe(7);
    expect(lines.line(1)).toBe('c💶d');
    expect(lines.positionAt(9)).toEqual({ line: 2, character: 0 });
    expect(lines.offsetAt({ line: 1, character: 99 })).toBe(8);
    expect(lines.offsetAt({ line: 99, character: 0 })).toBe(11);
    for (let o = 0; o <= 11; o++) if (o !== 3) expect(lines.offsetAt(lines.positionAt(o))).toBe(o);
  });

  it('finds names after emoji and in any script, with diagnostics in UTF-16 columns', () => {
    const ws = workspaceOf({ 'u.craft': unicode });
    const file = ws.get('u.craft')!;
    const index = ws.index();
    // The second outcome, after an emoji of two code units on the same line.
    const line = unicode.split('\n').findIndex((l) => l.includes('Abgelehnt'));
    const character = unicode.split('\n')[line]!.indexOf('Abgelehnt');
    const o = index.at('u.craft', file.lines.offsetAt({ line, character }))!;
    expect(o).toMatchObject({ kind: 'event', id: 'Abgelehnt 🚫', role: 'publish' });
    expect(file.lines.rangeOf(o.start, o.end)).toEqual({ start: { line, character: character - 1 }, end: { line, character: character - 1 + '"Abgelehnt 🚫"'.length } });
    // A CJK context resolves to its declaration; its hover names its domain.
    const cjk = unicode.split('\n').findIndex((l) => l.includes('支払い notifies'));
    const use = index.at('u.craft', file.lines.offsetAt({ line: cjk, character: 9 }))!;
    expect(use).toMatchObject({ kind: 'context', id: 'Zahlung/支払い' });
    expect(hoverText(use, ws.compile().model, (s) => `${s.line}:${s.column}`)).toContain('domain: `Zahlung`');
    // The dead-event warning on "Abgelehnt 🚫" ends where the string ends, in code units.
    const dead = ws.compile().diagnostics.find((d) => d.code === 'craft/lint/unhandled-outcome' && d.message.includes('Abgelehnt'))!;
    expect(toRange(dead.range)).toEqual(file.lines.rangeOf(o.start, o.end));
  });

  it('renames a unicode context everywhere, and refuses names that are not names', () => {
    const ws = workspaceOf({ 'u.craft': unicode });
    const file = ws.get('u.craft')!;
    const index = ws.index();
    const model = ws.compile().model;
    const o = index.of('context', 'Zahlung/Zahlungsprüfung')[0]!;
    const result = rename(index, o, 'Prüfstelle', model);
    if (!result.ok) throw new Error(result.message);
    expect(result.edits).toHaveLength(2);
    const edits = result.edits.map((e) => ({ range: file.lines.rangeOf(e.start, e.end), newText: e.newText }));
    const renamed = applyEdits(unicode, edits);
    expect(renamed).toContain('        Prüfstelle\n');
    expect(renamed).toContain('        Prüfstelle notifies "Geprüft ✅"');
    const refusal = (name: string) => {
      const r = rename(index, o, name, model);
      return r.ok ? 'accepted' : r.message;
    };
    expect(refusal('when')).toMatch(/not a bounded context name/);
    expect(refusal('if')).toMatch(/not a bounded context name/);
    expect(refusal('two words')).toMatch(/not a bounded context name/);
    expect(refusal('Zahlung/X')).toMatch(/'\/' separates a domain/);
    expect(refusal('say "hi"')).toMatch(/no '"'/);
    expect(refusal('')).toMatch(/empty/);
    expect(refusal('Kundin')).toMatch(/already names an actor/);
    expect(refusal('支払い')).toMatch(/already names a bounded context/);
    // An event may be renamed to any text without quotes; a use case title likewise, but not onto another.
    const event = index.of('event', 'Geprüft ✅')[0]!;
    expect(rename(index, event, 'Abgelehnt 🚫', model)).toMatchObject({ ok: false });
    const renamedEvent = rename(index, event, 'Freigegeben', model);
    expect(renamedEvent.ok && renamedEvent.edits.map((e) => e.newText)).toEqual(['Freigegeben']);
    expect(rename(index, index.of('domain', 'Zahlung')[0]!, 'Geld', model)).toMatchObject({ ok: false, message: expect.stringMatching(/cannot be renamed/) });
    expect(isPlainName('Bezahlung')).toBe(true);
    expect(isPlainName('notifies')).toBe(false);
  });
});

describe('the workspace: incremental, and checked across files', () => {
  const domains = 'domains {\n    Sales {\n        Orders\n        Billing\n    }\n}\n';
  const flows = 'use_case "Sell" {\n    when Customer buys\n        Orders asks Billing to charge\n}\n';

  it('a change re-parses only the changed file and re-checks from the cached parses', () => {
    const ws = workspaceOf({ 'a.craft': domains, 'b.craft': flows, 'c.craft': 'actors {\n    user Customer\n}\n' });
    expect(ws.stats.parses).toBe(3);
    ws.compile();
    expect(ws.stats.compiles).toBe(1);
    ws.compile();
    expect(ws.stats.compiles).toBe(1);
    ws.set('b.craft', flows.replace('charge', 'charge the card'), true);
    expect(ws.stats.parses).toBe(4);
    ws.compile();
    expect(ws.stats.compiles).toBe(2);
    // The same text again is no change at all.
    expect(ws.set('b.craft', flows.replace('charge', 'charge the card'), true)).toBe(false);
    expect(ws.stats.parses).toBe(4);
  });

  it('a context renamed in one file flags its uses in another', () => {
    const ws = workspaceOf({ 'a.craft': domains, 'b.craft': flows, 'c.craft': 'actors {\n    user Customer\n}\n' });
    expect(ws.compile().byFile.get('b.craft')).toEqual([]);
    ws.set('a.craft', domains.replace('Billing', 'Invoicing'), true);
    const inB = ws.compile().byFile.get('b.craft')!;
    expect(inB.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.column}`)).toEqual(['craft/lint/undeclared-context 3:21']);
  });

  it('completes participants, verbs, events, annotation verbs and facts where they fit', () => {
    const text = 'actors {\n    user Customer\n}\ndomains {\n    Sales {\n        Orders\n    }\n}\nuse_case "Sell" {\n    when Customer buys\n        Orders notifies "Sold"\n        \n}\n';
    const ws = workspaceOf({ 'a.craft': text });
    const lines = ws.get('a.craft')!.lines;
    const at = (line: number, before: string) => {
      const offset = lines.offsetAt({ line, character: before.length });
      return complete({ text: text.slice(0, offset) + before.trimStart().slice(0, 0) + text.slice(offset), offset, before, model: ws.compile().model, facts: [{ name: 'payment type', outcomes: ['card', 'cash'] }] }).map((i) => i.label);
    };
    expect(at(11, '        ')).toEqual(expect.arrayContaining(['when', 'Orders', 'Customer']));
    expect(at(11, '        Orders ')).toEqual(expect.arrayContaining(['asks', 'notifies', 'returns']));
    expect(at(11, '        Orders notifies ')).toEqual(['Sold']);
    expect(at(11, '        Orders asks Billing [')).toEqual(expect.arrayContaining(['POST', 'GET', 'idempotent']));
    expect(at(11, '        if ')).toEqual(['payment type']);
    expect(at(11, '        if payment type is ')).toEqual(['card', 'cash']);
    expect(at(8, '')).toEqual(expect.arrayContaining(['actors', 'domains', 'use_case', 'events']));
    expect(at(1, '    ')).toEqual(['user', 'system', 'service']);
  });
});
