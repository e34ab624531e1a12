import type { Rule } from '../rule';
import { familyFits, keyTypeOf, operatorsFor } from './keyType';
import { conditionEntries } from './walk';

/**
 * TYPE_MISMATCH (the operator cannot compare the key's type, e.g. StringEquals on aws:MultiFactorAuthPresent),
 * FORALLVALUES_WITH_SINGLE_VALUED_KEY (ForAllValues is also true when the key is absent, so on a single-valued key it
 * grants more than it seems) and INVALID_CONDITION_MULTIPLE_BOOLEAN (a Boolean key compared with several values).
 * Keys the catalog does not know are left to the key rules.
 */
export const operatorForKeyRule: Rule = {
  name: 'operatorForKey',
  codes: ['TYPE_MISMATCH', 'FORALLVALUES_WITH_SINGLE_VALUED_KEY', 'INVALID_CONDITION_MULTIPLE_BOOLEAN'],
  check({ document, catalog, report }) {
    for (const { operator, keyElement } of conditionEntries(document)) {
      if (!operator) continue;
      const type = keyTypeOf(catalog, keyElement.key);
      if (!type) continue;
      const family = operator.base.family;
      if (!familyFits(family, type, keyElement.key)) {
        report(
          'TYPE_MISMATCH',
          keyElement.keyNode,
          `${operator.base.name} compares ${family} values, but "${keyElement.key}" is of type ${type.scalar}. Use ${operatorsFor(type)}.`,
        );
      }
      if (operator.qualifier === 'ForAllValues' && !type.multivalued) {
        report(
          'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
          keyElement.keyNode,
          `"${keyElement.key}" is single-valued: ForAllValues is also true when the key is missing from the request. Drop the ForAllValues: prefix.`,
        );
      }
      const value = keyElement.value;
      if (family === 'Bool' && type.scalar === 'Bool' && value.type === 'array' && (value.children?.length ?? 0) > 1) {
        report(
          'INVALID_CONDITION_MULTIPLE_BOOLEAN',
          value,
          `"${keyElement.key}" holds one Boolean; comparing it with several values matches everything. Keep a single "true" or "false".`,
        );
      }
    }
  },
};
