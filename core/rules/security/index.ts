import type { Rule } from '../rule';
import { createServiceLinkedRoleRule } from './createServiceLinkedRole';
import { notActionNotResourceRule } from './notActionNotResource';
import { passRoleRule } from './passRole';

export const securityRules: readonly Rule[] = [passRoleRule, createServiceLinkedRoleRule, notActionNotResourceRule];
