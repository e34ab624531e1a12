import type { Node } from 'jsonc-parser';
import type { Rule } from '../rule';
import { hasWildcard } from '../../catalog/wildcard';
import { statementConditions, type ConditionEntry } from '../conditions/walk';
import { principalValues } from './entries';
import { WEB_IDENTITY_PROVIDERS } from './format';

const GITHUB = 'token.actions.githubusercontent.com';
const OIDC_ARN = /^arn:[\w-]+:iam::\d{12}:oidc-provider\/(.+)$/;

/** The provider a Federated principal names, as its condition keys spell it (`oidc.eks.../id/X`), if it is OIDC. */
function oidcProvider(value: string): string | undefined {
  if (WEB_IDENTITY_PROVIDERS.has(value)) return value;
  return OIDC_ARN.exec(value)?.[1];
}

/** Conditions that must hold when the key is present: negated and IfExists operators restrict nothing when it is not. */
function restricts(entry: ConditionEntry): boolean {
  const op = entry.operator;
  return op !== undefined && !op.ifExists && !/Not/.test(op.base.name) && op.base.name !== 'Null';
}

/** True when a :sub value lets repositories of any owner (or any repository name) in: `*`, `repo:*`, `repo:org/*`. */
function namesNoRepository(sub: string): boolean {
  const match = /^repo:([^:]*)/.exec(sub);
  return match ? hasWildcard(match[1] ?? '') : hasWildcard(sub);
}

/**
 * MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL (a role trusting an OIDC provider with no condition on the provider's
 * claims lets any identity of that provider in), MISSING_GITHUB_REPO_CONDITION_KEY (GitHub Actions without a
 * token.actions.githubusercontent.com:sub condition: any repository on GitHub could assume the role) and
 * SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED (a :sub condition with a wildcard in the owner or repository).
 */
export const oidcPrincipalRule: Rule = {
  name: 'oidcPrincipal',
  codes: ['MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', 'MISSING_GITHUB_REPO_CONDITION_KEY', 'SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED'],
  kinds: ['trust'],
  check({ document, report }) {
    for (const value of principalValues(document)) {
      const effect = value.statement.elements.Effect?.value;
      if (value.key?.key !== 'Federated' || value.node.type !== 'string' || effect?.type !== 'string' || effect.value !== 'Allow') continue;
      const provider = oidcProvider(value.node.value as string);
      if (!provider) continue;
      const prefix = `${provider.toLowerCase()}:`;
      const conditions = statementConditions(document, value.statement).filter((c) => c.keyElement.key.toLowerCase().startsWith(prefix) && restricts(c));
      if (provider.toLowerCase().startsWith(GITHUB)) {
        const subs = conditions.filter((c) => c.keyElement.key.toLowerCase() === `${prefix}sub`);
        if (subs.length === 0) {
          report('MISSING_GITHUB_REPO_CONDITION_KEY', value.node, `Any GitHub repository can get a token for this provider. Add a condition on "${provider}:sub", e.g. StringLike "repo:my-org/my-repo:ref:refs/heads/main".`);
          continue;
        }
        for (const node of subs.flatMap((c) => c.values as Node[])) {
          if (node.type === 'string' && namesNoRepository(node.value as string)) {
            report('SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED', node, `"${node.value as string}" admits repositories you may not control; name the owner and repository, e.g. "repo:my-org/my-repo:ref:refs/heads/main".`);
          }
        }
      } else if (conditions.length === 0) {
        report('MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', value.node, `Every identity of ${provider} could assume this role. Add a condition on its claims, e.g. "${provider}:aud" (or :sub).`);
      }
    }
  },
};
