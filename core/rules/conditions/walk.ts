import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { TextEdit } from '../../findings/finding';
import type { Element, JsonPath, PolicyDocument, Statement } from '../../policy/document';
import { propertiesOf } from '../../policy/parse';
import { parseOperator, type ParsedOperator } from './operators';

/** One `"key": value(s)` pair inside one operator block of a statement's Condition. */
export interface ConditionEntry {
  readonly statement: Statement;
  /** The operator property (`"StringEquals": {...}`); its keyNode is the operator literal. */
  readonly operatorElement: Element;
  /** Undefined when the operator is not a valid name. */
  readonly operator: ParsedOperator | undefined;
  /** The condition key property; its keyNode is the key literal. */
  readonly keyElement: Element;
  /** The value nodes: the value itself, or the items of an array. */
  readonly values: readonly Node[];
}

const cache = new WeakMap<PolicyDocument, ConditionEntry[]>();

/** Every condition entry of a document, in source order; computed once per document and shared by the rules. */
export function conditionEntries(document: PolicyDocument): readonly ConditionEntry[] {
  let entries = cache.get(document);
  if (!entries) {
    entries = document.statements.flatMap((s) => entriesOf(s));
    cache.set(document, entries);
  }
  return entries;
}

function entriesOf(statement: Statement): ConditionEntry[] {
  const condition = statement.elements.Condition;
  if (condition?.value.type !== 'object') return [];
  const out: ConditionEntry[] = [];
  for (const operatorElement of propertiesOf(condition.value, condition.path)) {
    const operator = parseOperator(operatorElement.key);
    for (const keyElement of propertiesOf(operatorElement.value, operatorElement.path)) {
      const value = keyElement.value;
      const values = value.type === 'array' ? (value.children ?? []) : [value];
      out.push({ statement, operatorElement, operator, keyElement, values });
    }
  }
  return out;
}

/** The condition entries of one statement. */
export function statementConditions(document: PolicyDocument, statement: Statement): ConditionEntry[] {
  return conditionEntries(document).filter((e) => e.statement === statement);
}

/** A scalar condition value as IAM reads it (JSON numbers and booleans compare as their text). */
export function scalarText(node: Node): string | undefined {
  if (node.type === 'string') return node.value as string;
  if (node.type === 'number' || node.type === 'boolean') return String(node.value);
  return undefined;
}

/** An edit that renames the property at `path` (its key literal only), keeping its value and formatting. */
export function renameKeyEdit(document: PolicyDocument, path: JsonPath, newKey: string): TextEdit[] {
  const value = document.root ? findNodeAtLocation(document.root, path) : undefined;
  const keyNode = value?.parent?.type === 'property' ? value.parent.children?.[0] : undefined;
  if (!keyNode) return [];
  return [{ offset: keyNode.offset, length: keyNode.length, content: JSON.stringify(newKey) }];
}
