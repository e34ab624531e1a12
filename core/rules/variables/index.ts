import type { Rule } from '../rule';
import { policyVariableRule } from './variables';

export const variableRules: readonly Rule[] = [policyVariableRule];
