import type { Node } from 'jsonc-parser';
import type { Element, Statement } from '../../policy/document';
import type { Rule, RuleContext } from '../rule';

type Report = RuleContext['report'];

/** JSON types of the values the policy grammar expects, for messages. */
const STRING_LIST = 'a string or an array of strings';

/**
 * INVALID_VALUE_TYPE: an element whose JSON type the policy grammar does not allow (Effect a number, Action an
 * object, Statement a string, an array item of the wrong type, Condition not an object, ...). Reported on the
 * offending value so the other rules can keep reading the rest of the policy.
 */
export const valueTypesRule: Rule = {
  name: 'valueTypes',
  codes: ['INVALID_VALUE_TYPE'],
  check({ document, report }) {
    const root = document.root;
    if (!root) return;
    if (root.type !== 'object') {
      report('INVALID_VALUE_TYPE', root, 'A policy is a JSON object with "Version" and "Statement".');
      return;
    }
    if (document.id && document.id.value.type !== 'string') expect(report, document.id, 'a string');
    const statement = document.statementElement?.value;
    if (statement && statement.type !== 'object' && statement.type !== 'array') {
      expect(report, document.statementElement!, 'an object or an array of objects');
    } else if (statement?.type === 'array') {
      for (const item of statement.children ?? []) {
        if (item.type !== 'object') report('INVALID_VALUE_TYPE', item, 'Each item of "Statement" must be an object.');
      }
    }
    for (const s of document.statements) checkStatement(s, report);
  },
};

function checkStatement(statement: Statement, report: Report): void {
  const { Sid, Effect, Action, NotAction, Resource, NotResource, Principal, NotPrincipal, Condition } = statement.elements;
  for (const e of [Sid, Effect]) if (e && e.value.type !== 'string') expect(report, e, 'a string');
  for (const e of [Action, NotAction, Resource, NotResource]) if (e) checkStringList(e.key, e.value, report);
  for (const e of [Principal, NotPrincipal]) if (e) checkPrincipal(e, report);
  if (Condition) checkCondition(Condition, report);
}

function expect(report: Report, element: Element, what: string): void {
  report('INVALID_VALUE_TYPE', element.value, `"${element.key}" must be ${what}, not ${describe(element.value)}.`);
}

function describe(node: Node): string {
  return node.type === 'null' ? 'null' : `a${node.type === 'array' || node.type === 'object' ? 'n' : ''} ${node.type}`;
}

function checkStringList(name: string, value: Node, report: Report): void {
  if (value.type === 'string') return;
  if (value.type !== 'array') {
    report('INVALID_VALUE_TYPE', value, `"${name}" must be ${STRING_LIST}, not ${describe(value)}.`);
    return;
  }
  for (const item of value.children ?? []) {
    if (item.type !== 'string') report('INVALID_VALUE_TYPE', item, `Items of "${name}" must be strings, not ${describe(item)}.`);
  }
}

function checkPrincipal(element: Element, report: Report): void {
  const value = element.value;
  if (value.type === 'string') return;
  if (value.type !== 'object') {
    expect(report, element, `"*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}`);
    return;
  }
  for (const prop of value.children ?? []) {
    const [key, principals] = prop.children ?? [];
    if (key?.type === 'string' && principals) checkStringList(`${element.key}.${key.value as string}`, principals, report);
  }
}

function checkCondition(element: Element, report: Report): void {
  if (element.value.type !== 'object') {
    expect(report, element, 'an object of condition operators, e.g. {"StringEquals": {"aws:PrincipalTag/team": "dev"}}');
    return;
  }
  for (const operatorProp of element.value.children ?? []) {
    const [operator, keys] = operatorProp.children ?? [];
    if (operator?.type !== 'string' || !keys) continue;
    if (keys.type !== 'object') {
      report('INVALID_VALUE_TYPE', keys, `The condition operator "${operator.value as string}" takes an object of condition keys, not ${describe(keys)}.`);
      continue;
    }
    for (const keyProp of keys.children ?? []) {
      const [key, values] = keyProp.children ?? [];
      if (key?.type === 'string' && values) checkConditionValues(key.value as string, values, report);
    }
  }
}

function isScalar(node: Node): boolean {
  return node.type === 'string' || node.type === 'number' || node.type === 'boolean';
}

function checkConditionValues(key: string, values: Node, report: Report): void {
  if (isScalar(values)) return;
  if (values.type !== 'array') {
    report('INVALID_VALUE_TYPE', values, `The values of "${key}" must be a string, number, Boolean or an array of them, not ${describe(values)}.`);
    return;
  }
  for (const item of values.children ?? []) {
    if (!isScalar(item)) report('INVALID_VALUE_TYPE', item, `Values of "${key}" must be strings, numbers or Booleans, not ${describe(item)}.`);
  }
}
