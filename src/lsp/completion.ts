/**
 * Completion from where the cursor is: top-level keywords between blocks, actor types in `actors {}`,
 * property keys in services and exposures, participants at the start of a use-case line, actors after
 * `when`, verbs after a subject, event names after `notifies`/`listens`/`schedules`/`cancels`, annotation
 * verbs inside `[...]`, and the facts and outcomes of the behaviour language after `if` / `given` and `is`.
 * It reads the text itself (the tree of a line being typed is rarely whole).
 */
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import type { Model } from '../compiler/model.js';
import { operationVerbs } from '../parser/operation.js';
import { scan } from '../parser/scanner.js';
import { LBrace, RBrace, topLevelKeywords } from '../parser/tokens.js';
import { isPlainName } from './rename.js';
import type { Fact } from './symbol-index.js';

type Block = 'top' | 'actors' | 'domains' | 'domain' | 'services' | 'service' | 'useCase' | 'events' | 'fields' | 'exposure' | 'other';

const keywordOf = (t: { PATTERN?: unknown }): string => (t.PATTERN instanceof RegExp ? t.PATTERN.source.replace(/\\/g, '') : String(t.PATTERN));

/** The block the offset is in, from the braces before it and the word that opened each. */
export function blockAt(text: string, offset: number): Block {
  const { tokens } = scan(text.slice(0, offset));
  const stack: Block[] = [];
  let lineFirst = '';
  let line = -1;
  for (const t of tokens) {
    if (t.startLine !== line) {
      line = t.startLine ?? -1;
      lineFirst = t.image;
    }
    if (t.tokenType === LBrace) {
      const parent = stack[stack.length - 1] ?? 'top';
      stack.push(opened(lineFirst, parent));
    } else if (t.tokenType === RBrace) stack.pop();
  }
  return stack[stack.length - 1] ?? 'top';
}

function opened(word: string, parent: Block): Block {
  switch (word) {
    case 'actors':
      return 'actors';
    case 'domains':
      return 'domains';
    case 'domain':
      return 'domain';
    case 'services':
      return 'services';
    case 'use_case':
      return 'useCase';
    case 'events':
      return 'events';
    case 'event':
      return 'fields';
    case 'exposure':
      return 'exposure';
    // `if ... {`, `else {`, `on timeout {` nest inside a use case and hold its lines.
    case 'if':
    case 'else':
    case 'on':
    case '}':
      return parent === 'useCase' ? 'useCase' : 'other';
    default:
      if (parent === 'domains') return 'domain';
      if (parent === 'services') return 'service';
      if (parent === 'events') return 'fields';
      return 'other';
  }
}

const serviceKeys = ['contexts', 'language', 'data-stores', 'deployment', 'catalog_ref', 'repo'];
const exposureKeys = ['to', 'contexts', 'through'];
const primitives = ['string', 'integer', 'number', 'boolean', 'uuid', 'datetime', 'money'];
const stepVerbs = ['asks', 'returns', 'notifies', 'schedules', 'cancels', 'decides'];
const eventVerbs = new Set(['notifies', 'listens', 'schedules', 'cancels']);

const item = (label: string, kind: CompletionItemKind, detail?: string): CompletionItem => (detail === undefined ? { label, kind } : { label, kind, detail });

export interface CompletionContext {
  text: string;
  offset: number;
  /** The text of the cursor's line before the cursor. */
  before: string;
  model: Model;
  facts: readonly Fact[];
}

export function complete(c: CompletionContext): CompletionItem[] {
  const { before, model } = c;
  // Inside an annotation: `[` not yet closed on this line.
  const bracket = before.lastIndexOf('[');
  if (bracket >= 0 && before.indexOf(']', bracket) < 0) {
    return [...operationVerbs, 'idempotent', 'timeout'].map((v) => item(v, CompletionItemKind.Keyword, 'annotation'));
  }
  const inString = (before.match(/"/g)?.length ?? 0) % 2 === 1;
  const head = inString ? before.slice(0, before.lastIndexOf('"')) : before.replace(/[^\s"]*$/, '');
  const words = head.trim().split(/\s+/).filter(Boolean);
  const previous = words[words.length - 1];
  const block = blockAt(c.text, c.offset);

  const events = () =>
    model.events.map((e): CompletionItem => {
      const quote = inString || !isPlainName(e.name);
      const insertText = inString ? `${e.name}"` : quote ? `"${e.name}"` : e.name;
      return { label: e.name, kind: CompletionItemKind.Event, detail: e.schema ? 'event with a contract' : 'event', insertText, filterText: inString ? e.name : insertText };
    });
  const actors = () => model.actors.filter((a) => !a.implicit).map((a) => item(a.name, CompletionItemKind.Class, `actor (${a.type})`));
  const contexts = () => model.contexts.filter((x) => x.declared).map((x) => item(x.name, CompletionItemKind.Module, x.domain ? `context of ${x.domain}` : 'context'));
  const services = () => model.services.map((s) => item(s.name, CompletionItemKind.Struct, 'service'));
  const keywords = (list: readonly string[], detail?: string) => list.map((k) => item(k, CompletionItemKind.Keyword, detail));
  const dedupe = (list: CompletionItem[]) => list.filter((x, i) => list.findIndex((y) => y.label === x.label) === i);

  switch (block) {
    case 'top':
      return words.length === 0 ? keywords(topLevelKeywords.map(keywordOf)) : [];
    case 'actors':
      return words.length === 0 ? keywords(['user', 'system', 'service'], 'actor type') : [];
    case 'service':
      if (words.length === 0) return keywords(serviceKeys.map((k) => `${k}:`), 'service property');
      if (words[0] === 'contexts:' || words[0] === 'domains:') return dedupe([...contexts(), ...model.domains.map((d) => item(d.name, CompletionItemKind.Folder, 'domain'))]);
      return [];
    case 'exposure':
      if (words.length === 0) return keywords(exposureKeys.map((k) => `${k}:`), 'exposure property');
      if (words[0] === 'to:') return actors();
      if (words[0] === 'contexts:' || words[0] === 'of:') return dedupe([...contexts(), ...model.domains.map((d) => item(d.name, CompletionItemKind.Folder, 'domain'))]);
      return [];
    case 'fields':
      return previous?.endsWith(':') ? [...keywords(primitives, 'type'), ...model.records.map((r) => item(r.name, CompletionItemKind.Struct, 'record'))] : [];
    case 'useCase':
      return useCaseLine(words, previous, { events, actors, contexts, services, keywords, dedupe }, c.facts);
    default:
      return [];
  }
}

interface Sources {
  events(): CompletionItem[];
  actors(): CompletionItem[];
  contexts(): CompletionItem[];
  services(): CompletionItem[];
  keywords(list: readonly string[], detail?: string): CompletionItem[];
  dedupe(list: CompletionItem[]): CompletionItem[];
}

function useCaseLine(words: string[], previous: string | undefined, s: Sources, facts: readonly Fact[]): CompletionItem[] {
  if (words.length === 0) return s.dedupe([...s.keywords(['when', 'if', 'else', 'on timeout']), ...s.contexts(), ...s.services(), ...s.actors()]);
  const first = words[0]!;
  if (previous !== undefined && eventVerbs.has(previous)) return s.events();
  if (previous === 'or' && words.includes('notifies')) return s.events();
  if (first === 'when') {
    if (words.length === 1) return s.dedupe([...s.actors(), ...s.contexts(), ...s.keywords(['every', 'cron'])]);
    if (words.length === 2) return s.keywords(['listens']);
    return [];
  }
  if (first === 'if' || (first === 'else' && words[1] === 'if') || first === 'given') {
    const factWords = words.slice(first === 'else' ? 2 : 1);
    const is = factWords.indexOf('is');
    if (is < 0) return facts.map((f) => item(f.name, CompletionItemKind.Property, `fact: ${f.outcomes.join(' | ')}`));
    if (previous === 'is' || previous === 'or') {
      const fact = factWords.slice(0, is).join(' ');
      return (facts.find((f) => f.name === fact)?.outcomes ?? []).map((o) => item(o, CompletionItemKind.EnumMember, `outcome of ${fact}`));
    }
    return [];
  }
  if (words.length === 1) return s.keywords(stepVerbs);
  if (previous === 'asks' || (previous === 'to' && words[1] === 'returns')) return s.dedupe([...s.contexts(), ...s.services(), ...s.actors()]);
  return [];
}
