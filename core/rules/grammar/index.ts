import type { Rule } from '../rule';
import { combinationsRule } from './combinations';
import { duplicateKeysRule } from './duplicateKeys';
import { effectRule } from './effect';
import { emptyElementsRule } from './emptyElements';
import { policyElementsRule } from './policyElements';
import { redundantResourceRule } from './redundantResource';
import { redundantStatementRule } from './redundantStatement';
import { requiredElementsRule } from './requiredElements';
import { sidsRule } from './sids';
import { valueTypesRule } from './valueTypes';
import { versionRule } from './version';

export const grammarRules: readonly Rule[] = [
  versionRule,
  duplicateKeysRule,
  valueTypesRule,
  requiredElementsRule,
  effectRule,
  policyElementsRule,
  combinationsRule,
  sidsRule,
  emptyElementsRule,
  redundantResourceRule,
  redundantStatementRule,
];
