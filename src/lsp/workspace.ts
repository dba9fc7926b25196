/**
 * The server's view of the workspace: every .craft file's text and its parse, kept per file, and the
 * workspace compile built from those cached parses. A change re-parses only the file that changed; the
 * compile (names resolve across files, so it is whole-workspace by nature) reuses every other file's tree.
 */
import { compileDocuments } from '../compiler/compile.js';
import type { Model } from '../compiler/model.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Document } from '../parser/ast.js';
import { parse, type ParseResult } from '../parser/parse.js';
import { LineIndex } from './positions.js';
import { buildIndex, type SymbolIndex } from './symbol-index.js';

export interface WorkspaceFile {
  /** The document's URI, as the client names it. */
  uri: string;
  /** The path diagnostics and the Model carry (a file system path for `file:` URIs, else the URI). */
  path: string;
  text: string;
  /** Open in the editor: its text is the editor's, not the disk's. */
  open: boolean;
  parsed: ParseResult;
  lines: LineIndex;
}

export interface WorkspaceCompilation {
  model: Model;
  /** Every diagnostic of the workspace, sorted as `craft check` sorts them. */
  diagnostics: Diagnostic[];
  /** By path. */
  byFile: Map<string, Diagnostic[]>;
  documents: Document[];
}

/** Counters the tests and the bench read: what the last changes cost. */
export interface WorkspaceStats {
  parses: number;
  compiles: number;
}

export class Workspace {
  readonly stats: WorkspaceStats = { parses: 0, compiles: 0 };
  private readonly files = new Map<string, WorkspaceFile>();
  private readonly byPath = new Map<string, WorkspaceFile>();
  private compiled: WorkspaceCompilation | undefined;
  private indexed: SymbolIndex | undefined;

  constructor(private readonly pathOf: (uri: string) => string) {}

  /** Sets a file's text; parses it only when the text changed. Returns whether it did. */
  set(uri: string, text: string, open: boolean): boolean {
    const known = this.files.get(uri);
    if (known && known.text === text) {
      known.open = open;
      return false;
    }
    const path = known?.path ?? this.pathOf(uri);
    this.stats.parses++;
    const file: WorkspaceFile = { uri, path, text, open, parsed: parse(text, path), lines: new LineIndex(text) };
    this.files.set(uri, file);
    this.byPath.set(path, file);
    this.invalidate();
    return true;
  }

  delete(uri: string): boolean {
    const file = this.files.get(uri);
    if (!file) return false;
    this.files.delete(uri);
    this.byPath.delete(file.path);
    this.invalidate();
    return true;
  }

  get(uri: string): WorkspaceFile | undefined {
    return this.files.get(uri);
  }

  fileAt(path: string): WorkspaceFile | undefined {
    return this.byPath.get(path);
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  /** The files in workspace order: sorted paths, as the compiler merges them. */
  list(): WorkspaceFile[] {
    return [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The workspace compile, from the cached parses; rebuilt only after a change. */
  compile(): WorkspaceCompilation {
    if (this.compiled) return this.compiled;
    const files = this.list();
    const documents = files.map((f) => f.parsed.document);
    this.stats.compiles++;
    const semantic = compileDocuments(documents);
    const diagnostics = sortDiagnostics([...files.flatMap((f) => f.parsed.diagnostics), ...semantic.diagnostics]);
    const byFile = new Map<string, Diagnostic[]>(files.map((f) => [f.path, []]));
    for (const d of diagnostics) byFile.get(d.file)?.push(d);
    this.compiled = { model: semantic.model, diagnostics, byFile, documents };
    return this.compiled;
  }

  /** Who names what, where: built on demand (hover, definition, references, rename, highlighting). */
  index(): SymbolIndex {
    if (this.indexed) return this.indexed;
    const { model, documents } = this.compile();
    this.indexed = buildIndex(documents, model);
    return this.indexed;
  }

  private invalidate(): void {
    this.compiled = undefined;
    this.indexed = undefined;
  }
}
