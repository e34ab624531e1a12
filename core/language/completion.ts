import { getLocation } from 'jsonc-parser';
import type { Catalog } from '../catalog/catalog';
import type { PolicyDocument, Span } from '../policy/document';
import { stringValues } from '../policy/values';
import { CONDITION_OPERATORS } from '../rules/conditions/operators';
import { statementAt } from './locate';

/** One completion proposal in offsets: `insertText` replaces `span`. */
export interface CompletionEntry {
  readonly label: string;
  readonly kind: 'service' | 'action' | 'conditionKey' | 'operator';
  readonly detail?: string;
  readonly documentation?: string;
  readonly insertText: string;
  readonly span: Span;
  /** Ask for completion again after inserting (a service prefix is followed by its actions). */
  readonly retrigger?: boolean;
}

/** Bounds the work of collecting condition keys for `"Action": "*"` and similar wide patterns. */
const MAX_EXPANDED_ACTIONS = 2_000;

/**
 * Completions at an offset: service prefixes and actions inside Action/NotAction strings, condition keys for the
 * statement's actions inside a Condition operator, operators directly inside Condition. Works on half-typed text.
 */
export function completionsAt(document: PolicyDocument, offset: number, catalog: Catalog): CompletionEntry[] {
  const text = document.text;
  const location = getLocation(text, offset);
  const statementDepth = typeof location.path[1] === 'number' ? 2 : 1;
  if (String(location.path[0]).toLowerCase() !== 'statement') return [];
  const inner = location.path.slice(statementDepth).map((p) => String(p).toLowerCase());
  const node = location.previousNode;
  const literal = node && (node.type === 'string' || node.type === 'property') ? contentSpan(text, node.offset, node.length) : undefined;
  const span = literal && literal.offset <= offset && offset <= literal.offset + literal.length ? literal : undefined;

  if (!location.isAtPropertyKey && (inner[0] === 'action' || inner[0] === 'notaction') && inner.length <= 2 && span) {
    return actionCompletions(text.slice(span.offset, offset), span, catalog);
  }
  if (location.isAtPropertyKey && inner[0] === 'condition' && inner.length === 2) {
    const at = span ?? { offset, length: 0 };
    const quote = span ? '' : '"';
    return CONDITION_OPERATORS.map((operator) => ({
      label: operator.name,
      kind: 'operator' as const,
      detail: `${operator.family} operator`,
      documentation: operator.description,
      insertText: `${quote}${operator.name}${quote}`,
      span: at,
    }));
  }
  if (location.isAtPropertyKey && inner[0] === 'condition' && inner.length === 3) {
    const at = span ?? { offset, length: 0 };
    return conditionKeyCompletions(document, offset, catalog, at, span ? '' : '"');
  }
  return [];
}

function actionCompletions(typed: string, span: Span, catalog: Catalog): CompletionEntry[] {
  const colon = typed.indexOf(':');
  if (colon < 0) {
    return catalog.servicePrefixes().map((prefix) => ({
      label: prefix,
      kind: 'service' as const,
      detail: catalog.service(prefix)?.name,
      insertText: `${prefix}:`,
      span,
      retrigger: true,
    }));
  }
  const afterColon = { offset: span.offset + colon + 1, length: span.length - colon - 1 };
  return catalog.actionsOf(typed.slice(0, colon)).map((action) => ({
    label: action.name,
    kind: 'action' as const,
    detail: action.accessLevel,
    documentation: action.description,
    insertText: action.name,
    span: afterColon,
  }));
}

function conditionKeyCompletions(
  document: PolicyDocument,
  offset: number,
  catalog: Catalog,
  span: Span,
  quote: string,
): CompletionEntry[] {
  const statement = statementAt(document, offset);
  const keys = new Set<string>();
  let budget = MAX_EXPANDED_ACTIONS;
  for (const pattern of stringValues(statement?.elements.Action)) {
    for (const action of catalog.expand(pattern.value)) {
      if (budget-- <= 0) break;
      for (const key of action.conditionKeys) keys.add(key);
    }
  }
  const entries: CompletionEntry[] = [];
  for (const key of keys) {
    const info = /^aws:/i.test(key) ? catalog.globalConditionKey(key) : catalog.serviceConditionKey(key);
    entries.push({ label: key, kind: 'conditionKey', detail: info?.type, documentation: info?.description, insertText: `${quote}${key}${quote}`, span });
  }
  for (const info of catalog.globalConditionKeys()) {
    if (keys.has(info.key)) continue;
    entries.push({ label: info.key, kind: 'conditionKey', detail: info.type, documentation: info.description, insertText: `${quote}${info.key}${quote}`, span });
  }
  return entries;
}

/** The span between a string literal's quotes; an unterminated literal runs to its end. */
function contentSpan(text: string, offset: number, length: number): Span | undefined {
  if (text[offset] !== '"') return undefined;
  const closed = length >= 2 && text[offset + length - 1] === '"';
  return { offset: offset + 1, length: Math.max(0, length - (closed ? 2 : 1)) };
}
