import type { Element } from '../../policy/document';
import { stringValues } from '../../policy/values';
import { removeValue } from '../../fixes/edit';
import type { Rule } from '../rule';
import { patternCovers } from './patternCovers';
import { Budget, PatternSet } from './patternSet';

/** Enough for every statement of the largest AWS managed policy; beyond it the rule stops rather than stall. */
const WORK_LIMIT = 2_000_000;

/**
 * REDUNDANT_RESOURCE: a Resource (or NotResource) entry that another entry of the same statement already covers,
 * e.g. `arn:aws:s3:::b/logs/*` next to `arn:aws:s3:::b/*`, or the same ARN twice. ARNs compare case-sensitively,
 * as IAM matches them. The fix removes the redundant entry.
 */
export const redundantResourceRule: Rule = {
  name: 'redundantResource',
  codes: ['REDUNDANT_RESOURCE'],
  check({ document, report }) {
    const budget = new Budget(WORK_LIMIT);
    for (const s of document.statements) {
      for (const element of [s.elements.Resource, s.elements.NotResource]) {
        if (!checkElement(element, budget, report)) return;
      }
    }
  },
  fixes({ document, path }) {
    if (typeof path[path.length - 1] !== 'number') return [];
    return [{ title: 'Remove the redundant resource', edits: removeValue(document.text, path), preferred: true }];
  },
};

/** Reports the redundant entries of one element; false when the budget ran out. */
function checkElement(element: Element | undefined, budget: Budget, report: Parameters<Rule['check']>[0]['report']): boolean {
  const values = stringValues(element);
  if (values.length < 2) return true;
  const set = new PatternSet(values.map((v) => v.value), false);
  for (const [i, v] of values.entries()) {
    const j = set.coverOf(v.value, budget, i);
    if (j === undefined) continue;
    const cover = values[j]!.value;
    // Two entries that cover each other: only the later one is redundant.
    if (j > i && patternCovers(v.value, cover, false)) continue;
    report(
      'REDUNDANT_RESOURCE',
      v.node,
      cover === v.value ? `"${v.value}" is listed twice; remove one.` : `"${cover}" already covers "${v.value}"; remove it.`,
      { coveredBy: cover },
    );
  }
  return budget.spend(0);
}
