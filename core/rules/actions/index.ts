import type { Rule } from '../rule';
import { actionNamesRule } from './actionNames';
import { redundantActionRule } from './redundantAction';

export const actionRules: readonly Rule[] = [actionNamesRule, redundantActionRule];
