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
  /** One edit per changed statement, in document order. */
  readonly edits: TextEdit[];
  /** What each edit does, e.g. `Statement "Ec2": remove ec2:DescribeVolumes` (parallel to `edits`). */
  readonly labels: string[];
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
  const unchanged = (note: string): TightenResult => ({ edits: [], labels: [], text, notes: [...notes, note] });
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
  if (kind === 'resource') return bucketPolicyScopes(document, binding, context);
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
  const narrowed: string[] = [];
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
        narrowed.push(kept.length === 0 ? `remove ${literal.value}` : `narrow ${literal.value} to ${listed(namesOf(kept))}`);
        if (kept.length > verdict.used.length) notes.push(`${literal.value}: kept ${kept.length - verdict.used.length} actions that cannot be observed.`);
      }
    }
  });
  if (!expanded && removed.length === 0) return undefined;
  const what = [...(removed.length > 0 ? [`remove ${listed(removed.map((i) => literals[i]!.value))}`] : []), ...narrowed].join('; ');
  const emptied = `${label(statement)} granted nothing that was used and was removed.`;
  const removal = `${label(statement)}: remove the statement, nothing it grants was used (${listed(literals.map((l) => l.value))})`;
  if (removed.length === literals.length && !expanded) {
    notes.push(emptied);
    return { statement: statement.path, remove: removed, label: removal };
  }
  if (!expanded) return { statement: statement.path, remove: removed, label: `${label(statement)}: ${what}` };
  const unique = result.filter((a, i) => result.findIndex((b) => b.toLowerCase() === a.toLowerCase()) === i);
  if (unique.length === 0) notes.push(emptied);
  const changeLabel = unique.length === 0 ? removal : `${label(statement)}: ${what}`;
  return { statement: statement.path, replace: unique, label: changeLabel };
}

/** `a, b and 3 more`: a list short enough for one line of the preview. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

function label(statement: Statement): string {
  const sid = elementString(statement, 'Sid');
  return sid ? `Statement "${sid}"` : `Statement ${statement.index === undefined ? '' : statement.index + 1}`.trim();
}
