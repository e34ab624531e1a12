import type { Rule } from '../rule';
import { arnFormatRule } from './arnFormat';
import { resourceMismatchRule } from './resourceMismatch';

export const arnRules: readonly Rule[] = [arnFormatRule, resourceMismatchRule];
