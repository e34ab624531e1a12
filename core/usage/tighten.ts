import type { Binding } from '../config/bindings';
import type { TextEdit } from '../findings/finding';
import type { PolicyKind, Statement } from '../policy/document';
import { parsePolicy } from '../policy/parse';
import { coveredWindow, type CoveredWindow, type JudgeScope } from './observability';
import { actionChangeEdits, type ActionChange } from './actionEdits';
import { bucketPolicyScopes } from './bucketScope';
import { boundPrincipal } from './evidence';
import { actionLiterals, elementString, judgeLiteral, judgedStatements, namesOf, statementRegions, type UsageContext } from './statements';

/** Options of {@link tightenPolicy}. */
export interface TightenOptions {
  /** Keep actions whose use cannot be observed (default true): removing them could break the principal. */
  readonly keepNotObservable?: boolean;
}

/** A tightened policy: edits to the original text, the new text, and what was done or left alone and why. */
export interface TightenResult {
  readonly edits: TextEdit[];
  readonly text: string;
  readonly notes: string[];
}

/**
 * Rewrites a policy to its observed usage: in Allow statements with `Action`, wildcards become the observed actions
 * (catalog spelling, sorted), unused actions go, not-observable actions stay unless opted out, and statements left
 * empty are removed. Deny statements, `NotAction` statements (noted), Resources, Conditions and statements whose Sid
 * starts with the keep marker are untouched; formatting is kept. Nothing changes when the history is insufficient.
 */
export function tightenPolicy(text: string, kind: PolicyKind, binding: Binding | undefined, context: UsageContext, options: TightenOptions = {}): TightenResult {
  const { document } = parsePolicy(text);
  const window = coveredWindow(context.index, context.settings, context.now);
  const notes: string[] = [];
  const unchanged = (note: string): TightenResult => ({ edits: [], text, notes: [...notes, note] });
  if (window.insufficient) return unchanged(`Nothing was tightened: ${window.insufficient}.`);
  const targets = tightenTargets(document, kind, binding, context);
  if (typeof targets === 'string') return unchanged(targets);
  for (const s of document.statements) {
    if (elementString(s, 'Effect') === 'Allow' && s.elements.NotAction) notes.push(`${label(s)} uses NotAction and was left as it is; review it by hand.`);
  }
  const changes: ActionChange[] = [];
  for (const { statement, scope } of targets) {
    const change = tightenStatement(statement, scope, context, window, options.keepNotObservable ?? true, notes);
    if (change) changes.push(change);
  }
  const result = actionChangeEdits(text, changes);
  if (result.edits.length === 0) notes.push('Every granted action was used or cannot be observed; nothing to tighten.');
  return { ...result, notes };
}

function tightenTargets(
  document: ReturnType<typeof parsePolicy>['document'],
  kind: PolicyKind,
  binding: Binding | undefined,
  context: UsageContext,
): { statement: Statement; scope: JudgeScope }[] | string {
  if (kind === 'resource') return bucketPolicyScopes(document, context);
  if (kind !== 'identity') return `Tightening applies to identity and bucket policies, not to ${kind} policies.`;
  const principal = boundPrincipal(binding, context);
  if (!principal) return 'Nothing was tightened: the policy is not bound to a principal in the usage history.';
  return judgedStatements(document, context.settings.keepMarker).map((statement) => {
    const regions = statementRegions(statement);
    return { statement, scope: { principals: [principal.arn], accounts: [principal.account], ...(regions ? { regions } : {}) } };
  });
}

function tightenStatement(
  statement: Statement,
  scope: JudgeScope,
  context: UsageContext,
  window: CoveredWindow,
  keepNotObservable: boolean,
  notes: string[],
): ActionChange | undefined {
  const literals = actionLiterals(statement);
  const result: string[] = [];
  const removed: number[] = [];
  let expanded = false;
  literals.forEach((literal, i) => {
    const verdict = judgeLiteral(literal.value, scope, context, window);
    if (verdict.kind === 'unknown') {
      notes.push(`${literal.value} is not in the catalog and was kept.`);
      result.push(literal.value);
    } else if (verdict.kind === 'single') {
      const keep = verdict.verdict.state === 'used' || (verdict.verdict.state === 'notObservable' && keepNotObservable);
      if (keep) result.push(literal.value);
      else removed.push(i);
    } else {
      const kept = [...verdict.used, ...(keepNotObservable ? verdict.notObservable : [])];
      const total = verdict.used.length + verdict.unused.length + verdict.notObservable.length;
      if (kept.length === total) result.push(literal.value);
      else {
        expanded = true;
        result.push(...namesOf(kept));
        if (kept.length > verdict.used.length) notes.push(`${literal.value}: kept ${kept.length - verdict.used.length} actions that cannot be observed.`);
      }
    }
  });
  if (!expanded && removed.length === 0) return undefined;
  if (removed.length === literals.length && !expanded) notes.push(`${label(statement)} granted nothing that was used and was removed.`);
  if (!expanded) return { statement: statement.path, remove: removed };
  const unique = result.filter((a, i) => result.findIndex((b) => b.toLowerCase() === a.toLowerCase()) === i);
  if (unique.length === 0) notes.push(`${label(statement)} granted nothing that was used and was removed.`);
  return { statement: statement.path, replace: unique };
}

function label(statement: Statement): string {
  const sid = elementString(statement, 'Sid');
  return sid ? `Statement "${sid}"` : `Statement ${statement.index === undefined ? '' : statement.index + 1}`.trim();
}
