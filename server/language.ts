import {
  CompletionItemKind,
  MarkupKind,
  type CodeLens,
  type CompletionItem,
  type Hover,
  type Position,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../core/catalog/catalog';
import { completionsAt, type CompletionEntry } from '../core/language/completion';
import { hoverAt } from '../core/language/hover';
import { locate } from '../core/language/locate';
import { innerSpan } from '../core/policy/values';
import { kindLabel } from '../core/language/kindLabel';
import { inferKind, isPolicyFile } from '../core/policy/kind';
import { parsePolicy } from '../core/policy/parse';
import { MAX_ANALYZED_LENGTH } from '../core/validate';
import type { WorkspaceKinds } from './kinds';
import { SET_KIND_COMMAND } from './protocol';
import { offsetAt, spanToRange } from './ranges';

/**
 * Hover for the action, wildcard, condition key or operator under the cursor; `usageAt` adds the observed-usage
 * evidence of an action below the catalog's description.
 */
export function hover(document: TextDocument, position: Position, catalog: Catalog, usageAt?: (offset: number) => string | undefined): Hover | null {
  if (document.getText().length > MAX_ANALYZED_LENGTH) return null;
  const { document: policy } = parsePolicy(document.getText());
  const offset = offsetAt(document, position);
  const info = hoverAt(policy, offset, catalog);
  const location = locate(policy, offset);
  const evidence = location?.type === 'action' ? usageAt?.(offset) : undefined;
  if (!info && !evidence) return null;
  const value = [info?.markdown, evidence].filter((part): part is string => part !== undefined).join('\n\n---\n\n');
  const span = info?.span ?? (location ? innerSpan(location.node) : { offset, length: 0 });
  return { contents: { kind: MarkupKind.Markdown, value }, range: spanToRange(document, span) };
}

const ITEM_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  service: CompletionItemKind.Module,
  action: CompletionItemKind.Function,
  conditionKey: CompletionItemKind.Property,
  operator: CompletionItemKind.Operator,
};

/** Completion items for the position, from core's offset-based proposals. */
export function completion(document: TextDocument, position: Position, catalog: Catalog): CompletionItem[] {
  if (document.getText().length > MAX_ANALYZED_LENGTH) return [];
  const { document: policy } = parsePolicy(document.getText());
  return completionsAt(policy, offsetAt(document, position), catalog).map((entry) => ({
    label: entry.label,
    kind: ITEM_KIND[entry.kind],
    ...(entry.detail ? { detail: entry.detail } : {}),
    ...(entry.documentation ? { documentation: entry.documentation } : {}),
    textEdit: { range: spanToRange(document, entry.span), newText: entry.insertText },
    // VS Code reopens the list after a service prefix so its actions follow; other clients ignore the command.
    ...(entry.retrigger ? { command: { title: 'Suggest actions', command: 'editor.action.triggerSuggest' } } : {}),
  }));
}

/** The CodeLens on the first line of a policy: its kind, and a command to change it. */
export function kindLens(document: TextDocument, kinds: WorkspaceKinds): CodeLens[] {
  if (document.getText().length > MAX_ANALYZED_LENGTH) return [];
  const { document: policy } = parsePolicy(document.getText());
  const resolved = kinds.resolve(document.uri);
  if (!isPolicyFile(policy, resolved.fileName)) return [];
  const kind = resolved.kind ?? inferKind(policy, resolved.fileName);
  return [
    {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      command: { title: `Policy kind: ${kindLabel(kind, resolved.source)} · Change…`, command: SET_KIND_COMMAND, arguments: [document.uri] },
    },
  ];
}
