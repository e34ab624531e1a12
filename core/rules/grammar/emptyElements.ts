import type { Node } from 'jsonc-parser';
import type { Element, PolicyKind } from '../../policy/document';
import { removeValue } from '../../fixes/edit';
import type { Rule, RuleContext } from '../rule';

type Report = RuleContext['report'];

/** Kinds whose statements must name a principal, so removing an empty one would only trade one finding for another. */
const PRINCIPAL_REQUIRED: ReadonlySet<PolicyKind> = new Set(['resource', 'trust', 'rcp']);

/**
 * EMPTY_ARRAY_ACTION, EMPTY_ARRAY_RESOURCE, EMPTY_ARRAY_PRINCIPAL, EMPTY_ARRAY_CONDITION, EMPTY_OBJECT_CONDITION
 * and EMPTY_OBJECT_PRINCIPAL. The fix removes the empty element only when what remains is still complete: an
 * empty condition block goes (with the blocks it leaves empty), an empty Action only when NotAction is also there.
 * `data.removeUp` says how many path steps above the finding the removal starts.
 */
export const emptyElementsRule: Rule = {
  name: 'emptyElements',
  codes: [
    'EMPTY_ARRAY_ACTION',
    'EMPTY_ARRAY_RESOURCE',
    'EMPTY_ARRAY_PRINCIPAL',
    'EMPTY_ARRAY_CONDITION',
    'EMPTY_OBJECT_CONDITION',
    'EMPTY_OBJECT_PRINCIPAL',
  ],
  check({ document, kind, report }) {
    for (const s of document.statements) {
      const { Action, NotAction, Resource, NotResource, Principal, NotPrincipal, Condition } = s.elements;
      emptyList(Action, NotAction !== undefined, 'EMPTY_ARRAY_ACTION', report);
      emptyList(NotAction, Action !== undefined, 'EMPTY_ARRAY_ACTION', report);
      // Role trust policies take no resource at all, so an empty one can always go.
      emptyList(Resource, NotResource !== undefined || kind === 'trust', 'EMPTY_ARRAY_RESOURCE', report);
      emptyList(NotResource, Resource !== undefined || kind === 'trust', 'EMPTY_ARRAY_RESOURCE', report);
      const principalOptional = !PRINCIPAL_REQUIRED.has(kind);
      emptyPrincipal(Principal, principalOptional || NotPrincipal !== undefined, report);
      emptyPrincipal(NotPrincipal, principalOptional || Principal !== undefined, report);
      if (Condition) emptyCondition(Condition, report);
    }
  },
  fixes({ document, path, data }) {
    const up = data?.removeUp;
    if (typeof up !== 'number' || up > path.length) return [];
    return [{ title: 'Remove the empty element', edits: removeValue(document.text, path.slice(0, path.length - up)), preferred: true }];
  },
};

function isEmpty(node: Node): boolean {
  return (node.type === 'array' || node.type === 'object') && (node.children ?? []).length === 0;
}

function emptyList(element: Element | undefined, removable: boolean, code: string, report: Report): void {
  if (element?.value.type !== 'array' || !isEmpty(element.value)) return;
  report(code, element.value, `"${element.key}" is an empty list, so this statement matches nothing; add values${removable ? ' or remove it' : ''}.`, removable ? { removeUp: 0 } : undefined);
}

function emptyPrincipal(element: Element | undefined, removable: boolean, report: Report): void {
  const value = element?.value;
  if (!element || value?.type !== 'object') return;
  if (isEmpty(value)) {
    report('EMPTY_OBJECT_PRINCIPAL', value, `"${element.key}" is an empty object; name at least one principal.`, removable ? { removeUp: 0 } : undefined);
    return;
  }
  const entries = value.children ?? [];
  for (const prop of entries) {
    const [key, principals] = prop.children ?? [];
    if (key?.type !== 'string' || principals?.type !== 'array' || !isEmpty(principals)) continue;
    // Removing the empty type is safe when other types remain; otherwise the principal would become empty.
    const others = entries.some((p) => p !== prop && !isEmptyArray(p.children?.[1]));
    report('EMPTY_ARRAY_PRINCIPAL', principals, `"${key.value as string}" lists no principals; add one or remove it.`, others ? { removeUp: 0 } : undefined);
  }
}

function emptyCondition(element: Element, report: Report): void {
  const block = element.value;
  if (block.type !== 'object') return;
  if (isEmpty(block)) {
    report('EMPTY_OBJECT_CONDITION', block, 'The Condition block is empty; remove it or add a condition.', { removeUp: 0 });
    return;
  }
  const operators = block.children ?? [];
  const nonEmptyOperators = operators.filter((op) => !emptiesOut(op.children?.[1]));
  for (const op of operators) {
    const [operator, keys] = op.children ?? [];
    if (operator?.type !== 'string' || keys?.type !== 'object') continue;
    // When this operator is all there is, the fix removes the whole Condition rather than leave `{}` behind.
    const operatorUp = nonEmptyOperators.length === 0 ? 1 : 0;
    if (isEmpty(keys)) {
      report('EMPTY_OBJECT_CONDITION', keys, `The operator "${operator.value as string}" has no condition keys; remove it or add one.`, { removeUp: operatorUp });
      continue;
    }
    const keyProps = keys.children ?? [];
    const remaining = keyProps.filter((k) => !isEmptyArray(k.children?.[1]));
    for (const keyProp of keyProps) {
      const [key, values] = keyProp.children ?? [];
      if (key?.type !== 'string' || !isEmptyArray(values)) continue;
      const up = remaining.length > 0 ? 0 : 1 + operatorUp;
      report('EMPTY_ARRAY_CONDITION', values!, `"${key.value as string}" has no values; remove the key or add values.`, { removeUp: up });
    }
  }
}

function isEmptyArray(node: Node | undefined): boolean {
  return node?.type === 'array' && isEmpty(node);
}

/** True when an operator's keys are `{}` or every key's values are `[]`: fixing them removes the operator. */
function emptiesOut(keys: Node | undefined): boolean {
  if (keys?.type !== 'object') return false;
  return (keys.children ?? []).every((k) => isEmptyArray(k.children?.[1]));
}
