import type { Rule } from '../rule';
import { sizeQuotaRule } from './sizeQuota';

export const sizeRules: readonly Rule[] = [sizeQuotaRule];
