import type { Node } from 'jsonc-parser';
import type { Element, PolicyDocument, Statement } from '../../policy/document';
import { propertiesOf } from '../../policy/parse';

/** One value of a Principal or NotPrincipal: `"*"` itself, or an item under a key such as `AWS` or `Service`. */
export interface PrincipalValue {
  readonly statement: Statement;
  readonly element: Element;
  /** The key (`AWS`, `Service`, ...) as written; undefined for a bare `"Principal": "*"`. */
  readonly key: Element | undefined;
  readonly node: Node;
}

const cache = new WeakMap<PolicyDocument, PrincipalValue[]>();

/** Every principal value of the document, in source order; computed once per document. */
export function principalValues(document: PolicyDocument): readonly PrincipalValue[] {
  let values = cache.get(document);
  if (!values) {
    values = [];
    for (const statement of document.statements) {
      for (const element of [statement.elements.Principal, statement.elements.NotPrincipal]) {
        if (element) collect(statement, element, values);
      }
    }
    cache.set(document, values);
  }
  return values;
}

function collect(statement: Statement, element: Element, out: PrincipalValue[]): void {
  if (element.value.type !== 'object') {
    out.push({ statement, element, key: undefined, node: element.value });
    return;
  }
  for (const key of propertiesOf(element.value, element.path)) {
    const items = key.value.type === 'array' ? (key.value.children ?? []) : [key.value];
    for (const node of items) out.push({ statement, element, key, node });
  }
}

/** True when a statement's Principal lets anyone in: `"*"` or `{"AWS": "*"}` (alone or in a list). */
export function isPublicPrincipal(document: PolicyDocument, statement: Statement): Node | undefined {
  return principalValues(document).find(
    (v) => v.statement === statement && v.element === statement.elements.Principal && v.node.type === 'string' && v.node.value === '*' && (!v.key || v.key.key === 'AWS'),
  )?.node;
}
