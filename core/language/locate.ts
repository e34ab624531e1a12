import { findNodeAtOffset, getNodePath, type Node } from 'jsonc-parser';
import type { JsonPath, PolicyDocument, Statement } from '../policy/document';

/** What a position in a policy points at, in policy terms. */
export type PolicyLocation =
  | { readonly type: 'action'; readonly node: Node; readonly statement: Statement }
  | { readonly type: 'operator'; readonly node: Node; readonly statement: Statement }
  | { readonly type: 'conditionKey'; readonly node: Node; readonly statement: Statement; readonly operator: string };

/** The statement whose object spans an offset. */
export function statementAt(document: PolicyDocument, offset: number): Statement | undefined {
  return document.statements.find((s) => s.node.offset <= offset && offset <= s.node.offset + s.node.length);
}

/** Classifies the string literal at an offset: an action, a condition operator, or a condition key. */
export function locate(document: PolicyDocument, offset: number): PolicyLocation | undefined {
  if (!document.root) return undefined;
  const node = findNodeAtOffset(document.root, offset, true);
  if (node?.type !== 'string') return undefined;
  const statement = statementAt(document, offset);
  if (!statement) return undefined;
  const inner = elementPath(getNodePath(node), statement.path);
  const element = String(inner[0] ?? '').toLowerCase();
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  if ((element === 'action' || element === 'notaction') && !isKey && inner.length <= 2) {
    return { type: 'action', node, statement };
  }
  if (element === 'condition' && isKey && inner.length === 2) return { type: 'operator', node, statement };
  if (element === 'condition' && isKey && inner.length === 3) {
    return { type: 'conditionKey', node, statement, operator: String(inner[1]) };
  }
  return undefined;
}

/** The part of a node's path below its statement, e.g. `['Condition', 'StringEquals', 'aws:SourceIp']`. */
export function elementPath(path: JsonPath, statementPath: JsonPath): JsonPath {
  return path.slice(statementPath.length);
}
