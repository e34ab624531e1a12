import { findNodeAtLocation } from 'jsonc-parser';
import type { Element } from '../../policy/document';
import { STATEMENT_ELEMENTS } from '../../policy/document';
import type { Rule, RuleContext } from '../rule';

const TOP_LEVEL = ['Version', 'Id', 'Statement'];

/**
 * INVALID_POLICY_ELEMENT: a key AWS does not know, at the top level (only Version, Id and Statement) or in a
 * statement. When it is a near miss of a known element not already present ("Resources", "Efect") the fix renames it.
 */
export const policyElementsRule: Rule = {
  name: 'policyElements',
  codes: ['INVALID_POLICY_ELEMENT'],
  check({ document, report }) {
    if (document.root?.type !== 'object') return;
    checkKeys(document.properties, TOP_LEVEL, 'at the top of a policy', report);
    for (const s of document.statements) checkKeys(s.properties, STATEMENT_ELEMENTS, 'in a statement', report);
  },
  fixes({ document, path, data }) {
    const rename = data?.rename;
    if (typeof rename !== 'string') return [];
    const key = document.root && findNodeAtLocation(document.root, path)?.parent?.children?.[0];
    if (!key) return [];
    return [{ title: `Rename to "${rename}"`, edits: [{ offset: key.offset, length: key.length, content: JSON.stringify(rename) }], preferred: true }];
  },
};

function checkKeys(
  properties: readonly Element[],
  known: readonly string[],
  where: string,
  report: RuleContext['report'],
): void {
  const present = new Set(properties.map((p) => p.key.toLowerCase()));
  for (const prop of properties) {
    if (known.some((k) => k.toLowerCase() === prop.key.toLowerCase())) continue;
    const near = known.find((k) => !present.has(k.toLowerCase()) && editDistance(k.toLowerCase(), prop.key.toLowerCase()) <= 2);
    const list = known.join(', ');
    report(
      'INVALID_POLICY_ELEMENT',
      { span: { offset: prop.keyNode.offset, length: prop.keyNode.length }, path: prop.path },
      near ? `"${prop.key}" is not a policy element; did you mean "${near}"?` : `"${prop.key}" is not a policy element ${where}; use one of ${list}.`,
      near ? { rename: near } : undefined,
    );
  }
}

/** Levenshtein distance of two short strings (element names), for "did you mean". */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
