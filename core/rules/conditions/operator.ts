import type { Rule } from '../rule';
import { propertiesOf } from '../../policy/parse';
import { correctOperatorCase, parseOperator } from './operators';
import { renameKeyEdit } from './walk';

/**
 * INVALID_CONDITION_OPERATOR, NULL_WITH_IF_EXISTS and NULL_WITH_QUALIFIER: the operator names of a Condition block.
 * IAM rejects unknown or wrongly cased operators; `Null` takes neither `IfExists` nor a set qualifier.
 */
export const conditionOperatorRule: Rule = {
  name: 'conditionOperator',
  codes: ['INVALID_CONDITION_OPERATOR', 'NULL_WITH_IF_EXISTS', 'NULL_WITH_QUALIFIER'],
  check({ document, report }) {
    for (const statement of document.statements) {
      const condition = statement.elements.Condition;
      if (condition?.value.type !== 'object') continue;
      for (const op of propertiesOf(condition.value, condition.path)) {
        const parsed = parseOperator(op.key);
        if (!parsed) {
          const fixed = correctOperatorCase(op.key);
          const hint = fixed
            ? `Operator names are case-sensitive: write "${fixed}".`
            : 'Use an operator such as StringEquals, StringLike, ArnLike, NumericLessThan, DateGreaterThan, Bool, IpAddress or Null, optionally with IfExists or a ForAllValues:/ForAnyValue: prefix.';
          report('INVALID_CONDITION_OPERATOR', op.keyNode, `"${op.key}" is not a condition operator. ${hint}`, fixed ? { fixed } : undefined);
          continue;
        }
        if (parsed.base.name !== 'Null') continue;
        if (parsed.ifExists) {
          report('NULL_WITH_IF_EXISTS', op.keyNode, 'Null cannot take IfExists: Null already tests whether the key exists. Use "Null".', { fixed: op.key.replace(/IfExists$/, '') });
        }
        if (parsed.qualifier) {
          const always = parsed.qualifier === 'ForAllValues' ? 'always true' : 'always false';
          report('NULL_WITH_QUALIFIER', op.keyNode, `${parsed.qualifier}:Null is ${always}. Use "Null" alone, or a set operator with StringLike.`, { fixed: op.key.slice(op.key.indexOf(':') + 1) });
        }
      }
    }
  },
  fixes({ document, path, data }) {
    const fixed = data?.fixed;
    if (typeof fixed !== 'string') return [];
    const edits = renameKeyEdit(document, path, fixed);
    return edits.length ? [{ title: `Change the operator to "${fixed}"`, edits, preferred: true }] : [];
  },
};
