/**
 * Definition, references and rename over the symbol index. Rename covers contexts, actors, events and use
 * cases across every file; a new name that would not read back as the same kind of name (not a word, a
 * keyword, a name another declaration already has) is refused with the reason, and nothing is edited.
 */
import type { Model } from '../compiler/model.js';
import { scan } from '../parser/scanner.js';
import { Ident } from '../parser/tokens.js';
import type { Occurrence, SymbolIndex, SymbolKind } from './symbol-index.js';

/** Where a name is defined: its declarations; an undeclared event's publishers; else its first use. */
export function definitionsOf(index: SymbolIndex, o: Occurrence): Occurrence[] {
  const all = index.of(o.kind, o.id);
  const declarations = all.filter((x) => x.role === 'declaration');
  if (declarations.length > 0) return declarations;
  if (o.kind === 'event') {
    const publishers = all.filter((x) => x.role === 'publish');
    if (publishers.length > 0) return publishers;
  }
  return all.slice(0, 1);
}

export function referencesOf(index: SymbolIndex, o: Occurrence, includeDeclaration: boolean): Occurrence[] {
  return index.of(o.kind, o.id).filter((x) => includeDeclaration || x.role !== 'declaration');
}

export interface TextEditAt {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export type RenameResult = { ok: true; edits: TextEditAt[] } | { ok: false; message: string };

const renamable: ReadonlySet<SymbolKind> = new Set(['actor', 'context', 'event', 'useCase']);

/** Words that open a behaviour-language line: a participant by that name would read as one. */
const reservedWords = new Set(['if', 'else', 'on']);

/** A name that scans as one word (not a keyword): what an actor or context may be called unquoted. */
export function isPlainName(text: string): boolean {
  const tokens = scan(text).tokens;
  return tokens.length === 1 && tokens[0]!.tokenType === Ident && tokens[0]!.image === text && !reservedWords.has(text);
}

const kindWords: Record<SymbolKind, string> = {
  actor: 'actor', domain: 'domain', context: 'bounded context', service: 'service', datastore: 'data store', event: 'event', record: 'record', useCase: 'use case',
};

/** Can the name at `o` be renamed at all (prepareRename)? */
export function renameProblem(o: Occurrence): string | undefined {
  if (!renamable.has(o.kind)) return `a ${kindWords[o.kind]} cannot be renamed here: rename works on contexts, actors, events and use cases`;
  return undefined;
}

function newNameProblem(o: Occurrence, newName: string, model: Model): string | undefined {
  if (newName === '') return 'the new name is empty';
  if (/["\r\n]/.test(newName)) return `'${newName}' cannot be a name: names hold no '"' and no line break`;
  if (newName !== newName.trim()) return `'${newName}' cannot be a name: it starts or ends with a space`;
  switch (o.kind) {
    case 'actor':
    case 'context': {
      if (newName.includes('/')) return `'${newName}' is not a ${kindWords[o.kind]} name: '/' separates a domain from its context`;
      if (!isPlainName(newName)) return `'${newName}' is not a ${kindWords[o.kind]} name: use one word of letters, digits, '_' (joined by '-' or '.'), not a keyword`;
      const owner =
        model.actors.some((a) => a.name === newName) ? 'an actor'
        : model.contexts.some((c) => c.name === newName) ? 'a bounded context'
        : model.services.some((s) => s.name === newName) ? 'a service'
        : model.domains.some((d) => d.name === newName) ? 'a domain'
        : model.services.some((s) => s.dataStores.includes(newName)) ? 'a data store'
        : undefined;
      if (owner) return `'${newName}' already names ${owner}: the uses of both would be confused`;
      return undefined;
    }
    case 'event':
      if (model.events.some((e) => e.name === newName) || model.records.some((r) => r.name === newName)) return `'${newName}' already names an event: the two would merge`;
      return undefined;
    case 'useCase':
      if (model.useCases.some((u) => u.name === newName)) return `'${newName}' already names a use case`;
      return undefined;
    default:
      return renameProblem(o);
  }
}

export function rename(index: SymbolIndex, o: Occurrence, newName: string, model: Model): RenameResult {
  const problem = renameProblem(o) ?? newNameProblem(o, newName, model);
  if (problem) return { ok: false, message: problem };
  if (newName === o.id || (o.kind === 'context' && newName === o.id.split('/').pop())) return { ok: true, edits: [] };
  // An event or a title that is no plain name is quoted wherever it was written bare.
  const bareOk = o.kind === 'actor' || o.kind === 'context' || (isPlainName(newName) && !newName.includes('/'));
  const edits = index.of(o.kind, o.id).map((x): TextEditAt => {
    if (x.quoted || bareOk) return { file: x.file, start: x.nameStart, end: x.nameEnd, newText: newName };
    return { file: x.file, start: x.start, end: x.end, newText: `"${newName}"` };
  });
  return { ok: true, edits };
}
