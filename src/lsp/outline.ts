/**
 * The outline of a file (document symbols) and its folding ranges, from its syntax tree alone: blocks,
 * declarations, use cases and their scenarios. Node kinds this does not know are left out.
 */
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import type * as A from '../parser/ast.js';
import type { IToken } from 'chevrotain';
import { toRange } from './positions.js';

function symbol(name: string, detail: string, kind: SymbolKind, span: A.Span, selection: A.Span, children: DocumentSymbol[] = []): DocumentSymbol {
  // A name may be empty while being typed; the protocol wants one.
  return { name: name === '' ? '?' : name, detail, kind, range: toRange(span), selectionRange: toRange(selection), children };
}

function triggerText(t: A.Trigger): string {
  switch (t.kind) {
    case 'external':
      return `when ${t.actor.text} ${t.verb.text}${t.phrase ? ` ${t.phrase.text}` : ''}`;
    case 'listen':
      return `when ${t.context.text} listens ${t.event.name}`;
    case 'event':
      return `when ${t.event.name}`;
    case 'every':
      return `when every ${t.interval.text}`;
    case 'cron':
      return `when cron ${t.expression.text}`;
    default:
      return 'when';
  }
}

export function documentSymbols(doc: A.Document): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const item of doc.items) {
    switch (item.kind) {
      case 'actor':
        out.push(symbol(item.name.text, item.type.text, SymbolKind.Class, item.span, item.name.span));
        break;
      case 'domain':
        out.push(symbol(item.name.text, 'domain', SymbolKind.Namespace, item.span, item.name.span, item.contexts.map((c) => symbol(c.text, 'bounded context', SymbolKind.Module, c.span, c.span))));
        break;
      case 'service':
        out.push(symbol(item.name.text, 'service', SymbolKind.Struct, item.span, item.name.span));
        break;
      case 'useCase':
        out.push(symbol(item.title.text, 'use case', SymbolKind.Function, item.span, item.title.span, item.scenarios.map((s) => symbol(triggerText(s.trigger), 'scenario', SymbolKind.Event, s.span, s.trigger.span))));
        break;
      case 'event':
        out.push(symbol(item.name.name, 'event', SymbolKind.Event, item.span, item.name.span, item.fields.map((f) => symbol(f.name.text, f.type.name + (f.type.list ? '[]' : ''), SymbolKind.Field, f.span, f.name.span))));
        break;
      case 'exposure':
        out.push(symbol(item.name.text, 'exposure', SymbolKind.Interface, item.span, item.name.span));
        break;
      case 'arch':
        out.push(symbol(item.name?.text ?? 'arch', 'arch', SymbolKind.Package, item.span, item.name?.span ?? item.span));
        break;
      case 'contextMap':
        out.push(symbol(item.scope ? `context_map ${item.scope.text}` : 'context_map', `${item.relations.length} relationships`, SymbolKind.Package, item.span, item.scope?.span ?? item.span));
        break;
      case 'glossary':
        out.push(symbol(item.scope ? `glossary ${item.scope.text}` : 'glossary', `${item.relations.length} relations`, SymbolKind.Package, item.span, item.scope?.span ?? item.span));
        break;
      default:
        break;
    }
  }
  return out;
}

/** Blocks and scenarios that span lines, and block comments. Lines are 0-based, as the protocol counts. */
export function foldingRanges(doc: A.Document, comments: readonly IToken[]): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (span: A.Span, kind?: FoldingRangeKind) => {
    const start = span.start.line - 1;
    // The closing line stays visible for blocks; a scenario ends at its last step.
    const end = span.end.line - 1;
    if (end > start) out.push(kind ? { startLine: start, endLine: end, kind } : { startLine: start, endLine: end });
  };
  const statements = (list: readonly A.Statement[]) => {
    for (const s of list) {
      if (s.kind === 'if') {
        for (const arm of s.arms) {
          add(arm.span);
          statements(arm.statements);
        }
      } else if (s.kind === 'onTimeout') {
        add(s.span);
        statements(s.statements);
      }
    }
  };
  for (const item of doc.items) {
    add(item.span);
    if (item.kind === 'useCase') {
      for (const s of item.scenarios) {
        add(s.span);
        statements(s.steps);
      }
    }
  }
  for (const c of comments) {
    if (c.endLine !== undefined && c.startLine !== undefined && c.endLine > c.startLine) out.push({ startLine: c.startLine - 1, endLine: c.endLine - 1, kind: FoldingRangeKind.Comment });
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
