import type { Catalog, CatalogAction } from '../catalog/catalog';
import { hasWildcard, matchesWildcard } from '../catalog/wildcard';
import type { PolicyDocument, Statement, StringValue } from '../policy/document';
import { stringValues } from '../policy/values';
import { judgeAction, type CoveredWindow, type JudgeScope, type Observability, type UsageSettings } from './observability';
import type { TrailIndex } from './trailIndex';

/** What usage checks need besides the document: the index, the catalog, the settings and the clock. */
export interface UsageContext {
  readonly index: TrailIndex;
  readonly catalog: Catalog;
  readonly settings: UsageSettings;
  /** Epoch milliseconds; injected so core never reads the clock. */
  readonly now: number;
}

/** The verdicts on one `Action` string: one action, a wildcard's split, or unknown to the catalog. */
export type LiteralVerdict =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'single'; readonly verdict: Observability }
  | {
      readonly kind: 'wildcard';
      readonly used: readonly Observability[];
      readonly unused: readonly Observability[];
      readonly notObservable: readonly Observability[];
    };

/** The string value of a statement element, e.g. `Effect` or `Sid`. */
export function elementString(statement: Statement, name: 'Effect' | 'Sid'): string | undefined {
  const value = statement.elements[name]?.value;
  return value?.type === 'string' ? (value.value as string) : undefined;
}

/** True for an Allow statement with an `Action` element whose Sid does not start with the keep marker. */
export function isJudged(statement: Statement, keepMarker: string): boolean {
  if (elementString(statement, 'Effect') !== 'Allow' || !statement.elements.Action) return false;
  const sid = elementString(statement, 'Sid');
  return !(keepMarker !== '' && sid?.startsWith(keepMarker));
}

/** The statements usage findings and tightening may touch. */
export function judgedStatements(document: PolicyDocument, keepMarker: string): Statement[] {
  return document.statements.filter((s) => isJudged(s, keepMarker));
}

/** The action strings of a statement's `Action` element. */
export function actionLiterals(statement: Statement): readonly StringValue[] {
  return stringValues(statement.elements.Action);
}

/**
 * The Regions a statement is limited to through its resource ARNs, when every resource names one Region without
 * wildcards; undefined when that is not knowable.
 */
export function statementRegions(statement: Statement): string[] | undefined {
  const resources = stringValues(statement.elements.Resource);
  if (resources.length === 0) return undefined;
  const regions = new Set<string>();
  for (const r of resources) {
    const region = r.value.split(':')[3];
    if (!r.value.startsWith('arn:') || !region || hasWildcard(region) || region.includes('$')) return undefined;
    regions.add(region);
  }
  return [...regions].sort();
}

/** Judges one `Action` string for a scope. */
export function judgeLiteral(value: string, scope: JudgeScope, context: UsageContext, window: CoveredWindow): LiteralVerdict {
  const actions = context.catalog.expand(value);
  if (actions.length === 0) return { kind: 'unknown' };
  if (!hasWildcard(value)) {
    const only = actions[0] as CatalogAction;
    return { kind: 'single', verdict: judgeAction(only, scope, context.index, window) };
  }
  const used: Observability[] = [];
  const unused: Observability[] = [];
  const notObservable: Observability[] = [];
  for (const action of actions) {
    const verdict = judgeAction(action, scope, context.index, window);
    (verdict.state === 'used' ? used : verdict.state === 'unused' ? unused : notObservable).push(verdict);
  }
  return { kind: 'wildcard', used, unused, notObservable };
}

/** Sorted, de-duplicated action names of verdicts. */
export function namesOf(verdicts: readonly Observability[]): string[] {
  return [...new Set(verdicts.map((v) => v.action))].sort();
}

/** True when a statement's `Action` or `NotAction` covers an action (case-insensitive wildcards). */
export function statementMatches(statement: Statement, action: string): boolean {
  const { Action, NotAction } = statement.elements;
  if (Action) return stringValues(Action).some((v) => matchesWildcard(v.value, action));
  if (NotAction) return !stringValues(NotAction).some((v) => matchesWildcard(v.value, action));
  return false;
}

/** True when some Allow statement of the document grants the action (resources and conditions aside). */
export function documentGrants(document: PolicyDocument, action: string): boolean {
  return document.statements.some((s) => elementString(s, 'Effect') === 'Allow' && statementMatches(s, action));
}
