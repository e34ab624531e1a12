import type { Rule } from './rule';
import { grammarRules } from './grammar';
import { actionRules } from './actions';
import { arnRules } from './arns';
import { conditionRules } from './conditions';
import { variableRules } from './variables';
import { principalRules } from './principals';
import { policyTypeRules } from './policyTypes';
import { sizeRules } from './size';
import { securityRules } from './security';

/** Every validation rule, in the order their findings are usually read. */
export const RULES: readonly Rule[] = [
  ...grammarRules,
  ...actionRules,
  ...arnRules,
  ...conditionRules,
  ...variableRules,
  ...principalRules,
  ...policyTypeRules,
  ...sizeRules,
  ...securityRules,
];
