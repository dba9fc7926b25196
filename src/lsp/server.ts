/**
 * `craft lsp`: the language server's wiring. Documents are synchronised incrementally; every change
 * re-parses its file only and, after a short debounce, the workspace is re-checked from the cached parses
 * and the diagnostics of each file whose findings changed are published. Requests are answered from the
 * same compile. Nothing a client sends stops the server but `exit`.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import {
  createConnection, ProposedFeatures, ResponseError, ErrorCodes, TextDocuments, TextDocumentSyncKind, FileChangeType,
  type Connection, type InitializeParams, type InitializeResult, type Location, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Model } from '../compiler/model.js';
import { CraftfmtLookup } from '../format/config.js';
import { format } from '../format/format.js';
import { scan } from '../parser/scanner.js';
import { complete } from './completion.js';
import { toLspDiagnostic } from './diagnostics.js';
import { craftFilesBelow, readModelFile } from './files.js';
import { hoverText } from './hover.js';
import { documentSymbols, foldingRanges } from './outline.js';
import { definitionsOf, referencesOf, rename, renameProblem } from './rename.js';
import { legend, semanticTokens } from './semantic-tokens.js';
import type { Occurrence } from './symbol-index.js';
import { Workspace, type WorkspaceFile } from './workspace.js';

export interface ServerOptions {
  input: Readable;
  output: Writable;
  /** Views of the Model formatting must not change (the CLI passes the CraftDoc export, as `craft fmt` does). */
  projections?: readonly ((model: Model) => unknown)[];
  /** Milliseconds of quiet before the workspace is re-checked (default 10; `initializationOptions.debounceMs` overrides). */
  debounceMs?: number;
}

export const defaultDebounceMs = 10;

export function pathOfUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

export function startServer(options: ServerOptions): Connection {
  const connection = createConnection(ProposedFeatures.all, options.input, options.output);
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(pathOfUri);
  const projections = options.projections ?? [];
  let debounceMs = options.debounceMs ?? defaultDebounceMs;
  let folders: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  /** What was last published per URI (as JSON), so unchanged files are not sent again. */
  const published = new Map<string, string>();

  const uriOf = (path: string): string => workspace.fileAt(path)?.uri ?? (path.includes(':') && !path.startsWith('/') ? path : pathToFileURL(path).href);
  const link = (s: { file: string; line: number; column: number }): string => {
    const name = s.file.split(/[\\/]/).pop() ?? s.file;
    return `[${name}:${s.line}:${s.column}](${uriOf(s.file)}#L${s.line},${s.column})`;
  };

  const log = (message: string) => connection.console.log(message);

  function publish(): void {
    timer = undefined;
    try {
      const { byFile } = workspace.compile();
      const seen = new Set<string>();
      for (const file of workspace.list()) {
        seen.add(file.uri);
        const diagnostics = (byFile.get(file.path) ?? []).map((d) => toLspDiagnostic(d, uriOf));
        const json = JSON.stringify(diagnostics);
        if (published.get(file.uri) === json) continue;
        published.set(file.uri, json);
        void connection.sendDiagnostics({ uri: file.uri, diagnostics });
      }
      for (const uri of [...published.keys()]) {
        if (seen.has(uri)) continue;
        published.delete(uri);
        void connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    } catch (e) {
      log(`craft: checking the workspace failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(publish, debounceMs);
  }

  /** The file and occurrence at a position of a document, if any. */
  function occurrenceAt(uri: string, position: { line: number; character: number }): { file: WorkspaceFile; occurrence: Occurrence } | undefined {
    const file = workspace.get(uri);
    if (!file) return undefined;
    const offset = file.lines.offsetAt(position);
    const occurrence = workspace.index().at(file.path, offset);
    return occurrence ? { file, occurrence } : undefined;
  }

  function locationOf(o: Occurrence, part: 'whole' | 'name' = 'whole'): Location | undefined {
    const file = workspace.fileAt(o.file);
    if (!file) return undefined;
    return { uri: file.uri, range: part === 'whole' ? file.lines.rangeOf(o.start, o.end) : file.lines.rangeOf(o.nameStart, o.nameEnd) };
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = params.initializationOptions as { debounceMs?: unknown } | undefined;
    if (typeof init?.debounceMs === 'number' && Number.isFinite(init.debounceMs) && init.debounceMs >= 0) debounceMs = init.debounceMs;
    folders = (params.workspaceFolders ?? []).map((f) => pathOfUri(f.uri));
    if (folders.length === 0 && params.rootUri) folders = [pathOfUri(params.rootUri)];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend, full: true },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: [' ', '[', '"'] },
        documentFormattingProvider: true,
      },
      serverInfo: { name: 'craft' },
    };
  });

  connection.onInitialized(() => {
    for (const folder of folders) {
      for (const path of craftFilesBelow(folder)) {
        const uri = pathToFileURL(path).href;
        if (documents.get(uri)) continue;
        const text = readModelFile(path);
        if (text !== undefined) workspace.set(uri, text, false);
      }
    }
    schedule();
  });

  documents.onDidChangeContent((e) => {
    if (workspace.set(e.document.uri, e.document.getText(), true)) schedule();
  });

  documents.onDidClose((e) => {
    // A closed file is the disk's again: re-read it, or forget it when it is not (or no longer) there.
    const path = pathOfUri(e.document.uri);
    const onDisk = e.document.uri.startsWith('file:') && folders.some((f) => path.startsWith(f)) ? readModelFile(path) : undefined;
    const changed = onDisk === undefined ? workspace.delete(e.document.uri) : workspace.set(e.document.uri, onDisk, false);
    if (changed) schedule();
  });

  connection.onDidChangeWatchedFiles((params) => {
    let changed = false;
    for (const c of params.changes) {
      if (documents.get(c.uri) || !c.uri.endsWith('.craft')) continue;
      const text = c.type === FileChangeType.Deleted ? undefined : readModelFile(pathOfUri(c.uri));
      changed = (text === undefined ? workspace.delete(c.uri) : workspace.set(c.uri, text, false)) || changed;
    }
    if (changed) schedule();
  });

  connection.onDocumentSymbol((p) => {
    const file = workspace.get(p.textDocument.uri);
    return file ? documentSymbols(file.parsed.document) : [];
  });

  connection.onFoldingRanges((p) => {
    const file = workspace.get(p.textDocument.uri);
    return file ? foldingRanges(file.parsed.document, scan(file.text).comments) : [];
  });

  connection.languages.semanticTokens.on((p) => {
    const file = workspace.get(p.textDocument.uri);
    if (!file) return { data: [] };
    return semanticTokens(file.path, file.lines, file.parsed.tokens, scan(file.text).comments, workspace.index());
  });

  connection.onHover((p) => {
    const found = occurrenceAt(p.textDocument.uri, p.position);
    if (!found) return null;
    const value = hoverText(found.occurrence, workspace.compile().model, link);
    if (value === undefined) return null;
    return { contents: { kind: 'markdown', value }, range: found.file.lines.rangeOf(found.occurrence.start, found.occurrence.end) };
  });

  connection.onDefinition((p) => {
    const found = occurrenceAt(p.textDocument.uri, p.position);
    if (!found) return null;
    return definitionsOf(workspace.index(), found.occurrence).flatMap((o) => locationOf(o) ?? []);
  });

  connection.onReferences((p) => {
    const found = occurrenceAt(p.textDocument.uri, p.position);
    if (!found) return [];
    return referencesOf(workspace.index(), found.occurrence, p.context.includeDeclaration).flatMap((o) => locationOf(o) ?? []);
  });

  connection.onPrepareRename((p) => {
    const found = occurrenceAt(p.textDocument.uri, p.position);
    if (!found) return null;
    const problem = renameProblem(found.occurrence);
    if (problem) throw new ResponseError(ErrorCodes.InvalidRequest, problem);
    const o = found.occurrence;
    return { range: found.file.lines.rangeOf(o.nameStart, o.nameEnd), placeholder: found.file.text.slice(o.nameStart, o.nameEnd) };
  });

  connection.onRenameRequest((p): WorkspaceEdit | null => {
    const found = occurrenceAt(p.textDocument.uri, p.position);
    if (!found) return null;
    const result = rename(workspace.index(), found.occurrence, p.newName, workspace.compile().model);
    if (!result.ok) throw new ResponseError(ErrorCodes.InvalidRequest, result.message);
    const changes: Record<string, TextEdit[]> = {};
    for (const e of result.edits) {
      const file = workspace.fileAt(e.file);
      if (!file) continue;
      (changes[file.uri] ??= []).push({ range: file.lines.rangeOf(e.start, e.end), newText: e.newText });
    }
    return { changes };
  });

  connection.onCompletion((p) => {
    const file = workspace.get(p.textDocument.uri);
    if (!file) return [];
    const offset = file.lines.offsetAt(p.position);
    const before = file.lines.line(p.position.line).slice(0, p.position.character);
    return complete({ text: file.text, offset, before, model: workspace.compile().model, facts: workspace.index().facts() });
  });

  connection.onDocumentFormatting(async (p) => {
    const file = workspace.get(p.textDocument.uri);
    if (!file) return [];
    // The indent is `.craftfmt`'s, as for `craft fmt`, not the editor's tab size: the same bytes either way.
    const lookup = new CraftfmtLookup('/', (path) => readModelFile(path) ?? '');
    const setting = await lookup.indentFor(file.path);
    if (!setting.ok) throw new ResponseError(ErrorCodes.InvalidRequest, setting.message);
    const result = format(file.text, file.path, { ...(setting.indent === undefined ? {} : { indent: setting.indent }), projections });
    if (!result.ok) {
      const r = result.reason;
      const why = r.kind === 'syntax-error' ? `not formatted: ${r.message} [${r.code}] at line ${r.line}` : 'not formatted: formatting would have changed the model';
      void connection.window.showWarningMessage(`craft fmt: ${why}`);
      return [];
    }
    if (result.text === file.text) return [];
    return [{ range: file.lines.rangeOf(0, file.text.length), newText: result.text }];
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
