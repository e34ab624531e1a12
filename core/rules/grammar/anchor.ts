import type { Node } from 'jsonc-parser';
import type { Statement } from '../../policy/document';

/**
 * Where to report a problem that concerns a whole statement: its Sid when it has a string one (the statement's
 * name), else its first key, else the statement itself. A short span is easier to read than a whole statement.
 */
export function statementAnchor(statement: Statement): Node {
  const sid = statement.elements.Sid?.value;
  if (sid?.type === 'string') return sid;
  return statement.properties[0]?.keyNode ?? statement.node;
}

/** Where to report a problem that concerns the whole document: the `Statement` key, else the first key, else the root. */
export function documentAnchor(root: Node, statementKey: Node | undefined): Node {
  return statementKey ?? root.children?.[0]?.children?.[0] ?? root;
}
