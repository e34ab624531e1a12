import type { Rule } from '../rule';
import { bucketResourcesRule } from './bucketResources';
import { mismatchedActionRule } from './mismatchedAction';
import { principalElementRule } from './principalElement';
import { rcpRule } from './rcp';
import { trustPolicyRule } from './trustPolicy';

export const policyTypeRules: readonly Rule[] = [principalElementRule, rcpRule, trustPolicyRule, mismatchedActionRule, bucketResourcesRule];
