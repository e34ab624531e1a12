import { matchesWildcard } from '../../catalog/wildcard';
import type { Statement, StringValue } from '../../policy/document';
import { stringValues } from '../../policy/values';
import { conditionKeysOf } from './conditionKeys';
import type { Rule } from '../rule';
import { isAllow } from './allowStatement';

/** What makes one sensitive action's grant too broad, and the codes for each shape of statement. */
export interface SensitiveAction {
  readonly name: string;
  /** e.g. `iam:PassRole`. */
  readonly action: string;
  /** The condition key that scopes a `*` resource (`iam:PassedToService`). */
  readonly scopingKey: string;
  /** Code prefix: PASS_ROLE or CREATE_SLR. */
  readonly code: string;
  /** A resource that names every resource the action can act on (`arn:aws:iam::*:role/*`). */
  readonly coversAll: (resource: string) => boolean;
}

/**
 * The six Access Analyzer security warnings of one sensitive action in an Allow statement: a `*` resource granted
 * by name (STAR_IN_RESOURCE) or through a wildcard action (STAR_IN_ACTION_AND_RESOURCE) or NotAction
 * (STAR_IN_RESOURCE_AND_NOT_ACTION), each silenced by the scoping condition key as AWS recommends; and the same
 * three with NotResource, which the key does not silence because AWS's fix for those is to list resources.
 */
export function broadGrantRule(sensitive: SensitiveAction): Rule {
  const c = (suffix: string) => `${sensitive.code}_WITH_${suffix}`;
  return {
    name: sensitive.name,
    codes: ['STAR_IN_RESOURCE', 'STAR_IN_ACTION_AND_RESOURCE', 'STAR_IN_RESOURCE_AND_NOT_ACTION', 'NOT_RESOURCE', 'STAR_IN_ACTION_AND_NOT_RESOURCE', 'NOT_ACTION_AND_NOT_RESOURCE'].map(c),
    kinds: ['identity'],
    check({ document, report }) {
      for (const statement of document.statements) {
        if (!isAllow(statement)) continue;
        const grant = grantOf(statement, sensitive.action);
        if (!grant) continue;
        const { Resource, NotResource } = statement.elements;
        const at = grant.via === 'NotAction' ? statement.elements.NotAction!.keyNode : grant.node;
        const what = grant.via === 'name' ? sensitive.action : `${sensitive.action} (through ${grant.via === 'NotAction' ? 'NotAction' : `"${grant.value}"`})`;
        if (NotResource) {
          if (stringValues(NotResource).some((r) => sensitive.coversAll(r.value))) continue;
          const code = grant.via === 'name' ? 'NOT_RESOURCE' : grant.via === 'NotAction' ? 'NOT_ACTION_AND_NOT_RESOURCE' : 'STAR_IN_ACTION_AND_NOT_RESOURCE';
          report(c(code), at, `This statement allows ${what} on every resource NotResource does not list: name the allowed ARNs in Resource instead.`);
          continue;
        }
        const star = stringValues(Resource).find((r) => sensitive.coversAll(r.value));
        if (!star || conditionKeysOf(statement).has(sensitive.scopingKey.toLowerCase())) continue;
        const code = grant.via === 'name' ? 'STAR_IN_RESOURCE' : grant.via === 'NotAction' ? 'STAR_IN_RESOURCE_AND_NOT_ACTION' : 'STAR_IN_ACTION_AND_RESOURCE';
        report(c(code), at, `This statement allows ${what} on "${star.value}": name the allowed ARNs, or add a ${sensitive.scopingKey} condition.`);
      }
    },
  };
}

/** How a statement grants the action: by its exact name, through a wildcard, or through NotAction. */
function grantOf(statement: Statement, action: string): (StringValue & { via: 'name' | 'wildcard' }) | { via: 'NotAction' } | undefined {
  const { Action, NotAction } = statement.elements;
  if (NotAction) {
    const excluded = stringValues(NotAction).some((a) => grants(a.value, action));
    return excluded || NotAction.value.type === 'null' ? undefined : { via: 'NotAction' };
  }
  const actions = stringValues(Action);
  const lower = action.toLowerCase();
  const named = actions.find((a) => a.value.length === action.length && a.value.toLowerCase() === lower);
  if (named) return { ...named, via: 'name' };
  const wildcard = actions.find((a) => grants(a.value, action));
  return wildcard ? { ...wildcard, via: 'wildcard' } : undefined;
}

/** Whether an action pattern matches the action; the first-character test spares a regex for nearly every entry. */
function grants(pattern: string, action: string): boolean {
  const first = pattern.charAt(0).toLowerCase();
  return (first === action.charAt(0).toLowerCase() || first === '*' || first === '?') && matchesWildcard(pattern, action);
}
