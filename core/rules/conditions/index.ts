import type { Rule } from '../rule';
import { conditionOperatorRule } from './operator';
import { conditionKeyRule } from './keys';
import { operatorForKeyRule } from './operatorForKey';
import { conditionValueTypeRule } from './valueType';
import { wildcardWithoutLikeRule } from './wildcard';
import { irrelevantConditionKeyRule } from './irrelevant';

export const conditionRules: readonly Rule[] = [
  conditionOperatorRule,
  conditionKeyRule,
  operatorForKeyRule,
  conditionValueTypeRule,
  wildcardWithoutLikeRule,
  irrelevantConditionKeyRule,
];
