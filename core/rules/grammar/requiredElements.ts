import type { Rule } from '../rule';
import { documentAnchor, statementAnchor } from './anchor';

/**
 * MISSING_STATEMENT, MISSING_EFFECT, MISSING_ACTION and MISSING_RESOURCE: the elements every statement needs.
 * Role trust policies name no resource (the role is the resource), so they are not asked for one.
 */
export const requiredElementsRule: Rule = {
  name: 'requiredElements',
  codes: ['MISSING_STATEMENT', 'MISSING_EFFECT', 'MISSING_ACTION', 'MISSING_RESOURCE'],
  check({ document, kind, report }) {
    const root = document.root;
    if (root?.type !== 'object') return;
    const statement = document.statementElement;
    if (!statement) {
      report('MISSING_STATEMENT', documentAnchor(root, undefined), 'Add a "Statement" with at least one statement; a policy without one grants and denies nothing.');
      return;
    }
    if (statement.value.type === 'array' && (statement.value.children ?? []).length === 0) {
      report('MISSING_STATEMENT', statement.value, '"Statement" is empty; add at least one statement.');
    }
    for (const s of document.statements) {
      const at = statementAnchor(s);
      const { Effect, Action, NotAction, Resource, NotResource } = s.elements;
      if (!Effect) report('MISSING_EFFECT', at, 'Add "Effect": "Allow" or "Effect": "Deny" to this statement.');
      if (!Action && !NotAction) report('MISSING_ACTION', at, 'Add an "Action" (or "NotAction") naming what this statement allows or denies.');
      if (kind !== 'trust' && !Resource && !NotResource) {
        report('MISSING_RESOURCE', at, 'Add a "Resource" (or "NotResource"); use "*" for every resource.');
      }
    }
  },
};
