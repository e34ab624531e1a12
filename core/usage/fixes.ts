import type { Finding, Fix } from '../findings/finding';
import { setValue } from '../fixes/edit';
import type { JsonPath, PolicyDocument } from '../policy/document';
import { stringsOf } from '../policy/values';
import { actionChangeEdits, splitActionPath, type ActionChange } from './actionEdits';

/** What a usage fix needs of a finding: its code, path and data (never its message). */
export type UsageFindingRef = Pick<Finding, 'code' | 'path' | 'data'>;

/**
 * Quick fixes for a usage finding, recomputed from the document and the finding's path and data. `siblings` are the
 * document's current usage findings, for "remove all unused actions in the statement / document".
 */
export function usageFixes(document: PolicyDocument, finding: UsageFindingRef, siblings: readonly UsageFindingRef[]): Fix[] {
  if (finding.code === 'UNUSED_ACTION') return removeFixes(document, finding, siblings);
  if (finding.code === 'UNUSED_WILDCARD') return narrowFix(document, finding);
  if (finding.code === 'DENIED_IN_TRAIL') return addFix(document, finding);
  return [];
}

function removeFixes(document: PolicyDocument, finding: UsageFindingRef, siblings: readonly UsageFindingRef[]): Fix[] {
  const action = String(finding.data?.action ?? '');
  const fixes: Fix[] = [{ title: `Remove unused action ${action}`, edits: removalEdits(document, [finding.path]), preferred: true }];
  const unused = siblings.filter((s) => s.code === 'UNUSED_ACTION');
  const statement = splitActionPath(finding.path).statement;
  const inStatement = unused.filter((s) => samePath(splitActionPath(s.path).statement, statement));
  if (inStatement.length > 1) {
    fixes.push({ title: `Remove all ${inStatement.length} unused actions in this statement`, edits: removalEdits(document, inStatement.map((s) => s.path)) });
  }
  if (unused.length > inStatement.length) {
    fixes.push({ title: `Remove all ${unused.length} unused actions in this document`, edits: removalEdits(document, unused.map((s) => s.path)) });
  }
  return fixes;
}

/** Edits removing the `Action` items at these paths; a statement left empty is removed. */
export function removalEdits(document: PolicyDocument, paths: readonly JsonPath[]) {
  const byStatement = new Map<string, { statement: JsonPath; remove: number[] }>();
  for (const path of paths) {
    const { statement, index } = splitActionPath(path);
    const key = JSON.stringify(statement);
    const entry = byStatement.get(key) ?? { statement, remove: [] };
    entry.remove.push(index);
    byStatement.set(key, entry);
  }
  return actionChangeEdits(document.text, [...byStatement.values()]).edits;
}

function narrowFix(document: PolicyDocument, finding: UsageFindingRef): Fix[] {
  const used = stringList(finding.data?.actions);
  const kept = stringList(finding.data?.notObservable);
  const { statement, index } = splitActionPath(finding.path);
  const current = actionStrings(document, statement);
  if (used.length === 0 || !current) return [];
  const replacement = [...current.slice(0, index), ...used, ...kept, ...current.slice(index + 1)];
  const unique = replacement.filter((a, i) => replacement.findIndex((b) => b.toLowerCase() === a.toLowerCase()) === i);
  const change: ActionChange = { statement, replace: unique };
  const wildcard = String(finding.data?.action ?? 'the wildcard');
  const keptText = kept.length > 0 ? ` (keeping ${kept.length} not observable)` : '';
  return [{ title: `Narrow ${wildcard} to the ${used.length} observed actions${keptText}`, edits: actionChangeEdits(document.text, [change]).edits, preferred: true }];
}

function addFix(document: PolicyDocument, finding: UsageFindingRef): Fix[] {
  const action = String(finding.data?.action ?? '');
  const last = finding.path[finding.path.length - 1];
  if (!action || typeof last !== 'string' || last.toLowerCase() !== 'action') return [];
  const current = actionStrings(document, finding.path.slice(0, -1));
  if (!current) return [];
  const statement = document.statements.find((s) => samePath(s.path, finding.path.slice(0, -1)));
  const isArray = statement?.elements.Action?.value.type === 'array';
  const edits = isArray ? setValue(document.text, [...finding.path, current.length], action) : setValue(document.text, finding.path, [...current, action]);
  return [{ title: `Add ${action} to this statement`, edits }];
}

function actionStrings(document: PolicyDocument, statementPath: JsonPath): string[] | undefined {
  const statement = document.statements.find((s) => samePath(s.path, statementPath));
  const action = statement?.elements.Action;
  return action ? stringsOf(action.value, action.path).map((s) => s.value) : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
