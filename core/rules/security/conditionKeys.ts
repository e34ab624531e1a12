import { propertiesOf } from '../../policy/parse';
import type { Statement } from '../../policy/document';

/** The condition keys a statement's Condition tests, lower-cased, under any operator. */
export function conditionKeysOf(statement: Statement): Set<string> {
  const keys = new Set<string>();
  const condition = statement.elements.Condition;
  if (!condition) return keys;
  for (const operator of propertiesOf(condition.value, condition.path)) {
    for (const key of propertiesOf(operator.value, operator.path)) keys.add(key.key.toLowerCase());
  }
  return keys;
}
