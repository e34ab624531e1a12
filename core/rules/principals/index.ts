import type { Rule } from '../rule';
import { principalFormatRule } from './format';
import { allowWithNotPrincipalRule } from './notPrincipal';
import { redundantPrincipalRule } from './redundantPrincipal';
import { publicAccessRule } from './publicAccess';
import { oidcPrincipalRule } from './oidc';

export const principalRules: readonly Rule[] = [
  principalFormatRule,
  allowWithNotPrincipalRule,
  redundantPrincipalRule,
  publicAccessRule,
  oidcPrincipalRule,
];
