import type { TextEdit } from '../findings/finding';
import { applyTextEdits, removeValue, setValue } from '../fixes/edit';
import type { JsonPath, PolicyDocument, Statement } from '../policy/document';
import { parsePolicy } from '../policy/parse';
import { stringsOf } from '../policy/values';

/** A change to one statement's `Action`: remove some items, or replace the whole value. */
export type ActionChange =
  | { readonly statement: JsonPath; readonly remove: readonly number[]; readonly label?: string }
  | { readonly statement: JsonPath; readonly replace: readonly string[]; readonly label?: string };

/**
 * The edits that apply action changes to a policy, keeping its formatting: array items are removed one by one,
 * a replaced `Action` is written as a string (one action) or an array, and a statement left without actions is
 * removed (unless it is the only statement, which is kept so the document stays valid). Changes are applied from the
 * end of the document backwards on freshly parsed text; each yields one edit spanning what it changed, in the
 * original text's offsets (everything before it is still as it was), so a preview can show and apply them one by
 * one. `labels[i]` is the label of the change behind `edits[i]`; edits are in document order.
 */
export function actionChangeEdits(text: string, changes: readonly ActionChange[]): { edits: TextEdit[]; labels: string[]; text: string } {
  const ordered = [...changes].sort((a, b) => comparePaths(b.statement, a.statement));
  let current = text;
  const edits: TextEdit[] = [];
  const labels: string[] = [];
  for (const change of ordered) {
    const { document } = parsePolicy(current);
    const statement = document.statements.find((s) => samePath(s.path, change.statement));
    if (!statement?.elements.Action) continue;
    const next = applyTextEdits(current, editsFor(document, statement, change));
    if (next === current) continue;
    edits.unshift(diffEdit(current, next));
    labels.unshift(change.label ?? '');
    current = next;
  }
  return { edits, labels, text: current };
}

function editsFor(document: PolicyDocument, statement: Statement, change: ActionChange): TextEdit[] {
  const action = statement.elements.Action!;
  const items = stringsOf(action.value, action.path);
  const remaining =
    'replace' in change ? [...change.replace] : items.filter((_, i) => !change.remove.includes(i)).map((s) => s.value);
  if (remaining.length === 0) {
    if (document.statements.length > 1) return removeValue(document.text, statement.path);
    return setValue(document.text, action.path, []);
  }
  if ('replace' in change || action.value.type !== 'array') {
    return setValue(document.text, action.path, remaining.length === 1 ? remaining[0] : remaining);
  }
  let current = document.text;
  for (const index of [...change.remove].sort((a, b) => b - a)) current = applyTextEdits(current, removeValue(current, [...action.path, index]));
  return [diffEdit(document.text, current)];
}

/** One edit turning `before` into `after`: the span between their common prefix and suffix. */
export function diffEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { offset: start, length: before.length - start - end, content: after.slice(start, after.length - end) };
}

function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function comparePaths(a: JsonPath, b: JsonPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
  }
  return a.length - b.length;
}

/** The statement path and item index of an `Action` item path (`[..., 'Action', 2]`), or of a string `Action`. */
export function splitActionPath(path: JsonPath): { statement: JsonPath; index: number } {
  const last = path[path.length - 1];
  if (typeof last === 'number') return { statement: path.slice(0, -2), index: last };
  return { statement: path.slice(0, -1), index: 0 };
}
