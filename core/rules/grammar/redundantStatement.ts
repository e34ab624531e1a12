import type { Statement } from '../../policy/document';
import { stringValues } from '../../policy/values';
import { removeValue } from '../../fixes/edit';
import type { Rule } from '../rule';
import { statementAnchor } from './anchor';
import { canonicalJson } from './canonical';
import { Budget, PatternSet } from './patternSet';

/** Bounds the pairwise comparison; AWS's largest managed policies finish far below it. */
const WORK_LIMIT = 2_000_000;

/** One statement reduced to what decides whether another covers it. */
interface Shape {
  readonly statement: Statement;
  readonly actions: string[];
  readonly resources: string[];
  /** NotAction / NotResource: the statement covers what these do *not* list. */
  readonly notActions: boolean;
  readonly notResources: boolean;
  actionSet?: PatternSet;
  resourceSet?: PatternSet;
}

/**
 * REDUNDANT_STATEMENT: a statement another statement fully covers — same Effect, Principal, NotPrincipal and
 * Condition, and every action and resource it names covered by the other's (for NotAction/NotResource, the other
 * excludes no more than it does). Of two identical statements the later one is reported. The fix removes it.
 */
export const redundantStatementRule: Rule = {
  name: 'redundantStatement',
  codes: ['REDUNDANT_STATEMENT'],
  check({ document, report }) {
    if (document.statements.length < 2) return;
    const groups = new Map<string, Shape[]>();
    for (const s of document.statements) {
      const shape = shapeOf(s);
      if (!shape) continue;
      const key = groupKey(s, shape);
      const group = groups.get(key) ?? [];
      group.push(shape);
      groups.set(key, group);
    }
    const budget = new Budget(WORK_LIMIT);
    for (const group of groups.values()) {
      for (const [i, s] of group.entries()) {
        const cover = group.find((t, j) => j !== i && covers(t, s, budget) && (j < i || !covers(s, t, budget)));
        if (!cover) continue;
        const name = cover.statement.elements.Sid?.value.value;
        const which = typeof name === 'string' && name ? `"${name}"` : `number ${(cover.statement.index ?? 0) + 1}`;
        report('REDUNDANT_STATEMENT', statementAnchor(s.statement), `Statement ${which} already grants or denies everything this one does; remove this one.`, {
          statement: s.statement.index ?? 0,
        });
      }
    }
  },
  fixes({ document, data }) {
    const index = data?.statement;
    if (typeof index !== 'number' || document.statementElement?.value.type !== 'array') return [];
    return [{ title: 'Remove the redundant statement', edits: removeValue(document.text, [document.statementElement.key, index]), preferred: true }];
  },
};

function shapeOf(s: Statement): Shape | undefined {
  const { Effect, Action, NotAction, Resource, NotResource } = s.elements;
  if (Effect?.value.type !== 'string') return undefined;
  const action = Action ?? NotAction;
  const resource = Resource ?? NotResource;
  // Half-written or contradictory statements are other rules' business.
  if (!action || (Action && NotAction) || (Resource && NotResource)) return undefined;
  const actions = stringValues(action).map((v) => v.value);
  const resources = stringValues(resource).map((v) => v.value);
  if (actions.length === 0) return undefined;
  return { statement: s, actions, resources, notActions: !Action, notResources: !Resource && resource !== undefined };
}

function groupKey(s: Statement, shape: Shape): string {
  const e = s.elements;
  return [
    e.Effect?.value.value,
    canonicalJson(e.Principal?.value),
    canonicalJson(e.NotPrincipal?.value),
    canonicalJson(e.Condition?.value),
    shape.notActions,
    shape.notResources,
    e.Resource || e.NotResource ? 'r' : '-',
  ].join('\u0000');
}

/** True when `outer` matches every request `inner` matches (same group, so only actions and resources differ). */
function covers(outer: Shape, inner: Shape, budget: Budget): boolean {
  if (!budget.spend(1 + inner.actions.length + inner.resources.length)) return false;
  outer.actionSet ??= new PatternSet(outer.actions, true);
  inner.actionSet ??= new PatternSet(inner.actions, true);
  outer.resourceSet ??= new PatternSet(outer.resources, false);
  inner.resourceSet ??= new PatternSet(inner.resources, false);
  // Plain lists: each inner value must be covered by an outer one. Not-lists: the reverse.
  const actionsOk = outer.notActions
    ? outer.actions.every((a) => inner.actionSet!.coverOf(a, budget) !== undefined)
    : inner.actions.every((a) => outer.actionSet!.coverOf(a, budget) !== undefined);
  if (!actionsOk) return false;
  return outer.notResources
    ? outer.resources.every((r) => inner.resourceSet!.coverOf(r, budget) !== undefined)
    : inner.resources.every((r) => outer.resourceSet!.coverOf(r, budget) !== undefined);
}
