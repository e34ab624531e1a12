import type { Rule } from '../rule';
import { propertiesOf } from '../../policy/parse';
import { conditionEntries, renameKeyEdit } from './walk';

/** Exact-match operators and the pattern-matching operator that replaces each. */
const LIKE_VERSION: Readonly<Record<string, string>> = {
  StringEquals: 'StringLike',
  StringNotEquals: 'StringNotLike',
};
const EXACT = new Set(['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase']);

/** True when the text has a * or ? outside policy variables (`${*}` and `${aws:username}` do not count). */
export function hasLiteralWildcard(text: string): boolean {
  return /[*?]/.test(text.replace(/\$\{[^}]*\}/g, ''));
}

/**
 * WILDCARD_WITHOUT_LIKE_OPERATOR: StringEquals compares `*` and `?` literally, so a value like "admin-*" never
 * matches what its author meant. (ArnEquals does match wildcards, as ArnLike; only string operators are reported.)
 */
export const wildcardWithoutLikeRule: Rule = {
  name: 'wildcardWithoutLike',
  codes: ['WILDCARD_WITHOUT_LIKE_OPERATOR'],
  check({ document, report }) {
    for (const { operator, operatorElement, values } of conditionEntries(document)) {
      if (!operator || !EXACT.has(operator.base.name)) continue;
      for (const node of values) {
        if (node.type !== 'string' || !hasLiteralWildcard(node.value as string)) continue;
        const like = LIKE_VERSION[operator.base.name];
        const suggestion = like ? `use ${operatorElement.key.replace(operator.base.name, like)}` : 'use StringLike (which is case-sensitive)';
        report(
          'WILDCARD_WITHOUT_LIKE_OPERATOR',
          node,
          `${operator.base.name} treats * and ? as literal characters; to match a pattern, ${suggestion}.`,
          like ? { operatorPath: JSON.stringify(operatorElement.path), fixed: operatorElement.key.replace(operator.base.name, like) } : undefined,
        );
      }
    }
  },
  fixes({ document, data }) {
    const fixed = data?.fixed;
    const operatorPath = data?.operatorPath;
    if (typeof fixed !== 'string' || typeof operatorPath !== 'string') return [];
    const path = JSON.parse(operatorPath) as (string | number)[];
    // Renaming into an operator the block already has would create a duplicate key.
    const condition = document.statements.find((s) => JSON.stringify(s.elements.Condition?.path) === JSON.stringify(path.slice(0, -1)))?.elements.Condition;
    if (!condition || propertiesOf(condition.value, condition.path).some((p) => p.key === fixed)) return [];
    const edits = renameKeyEdit(document, path, fixed);
    return edits.length ? [{ title: `Change the operator to "${fixed}"`, edits, preferred: true }] : [];
  },
};
