import type { Statement } from '../../policy/document';
import { stringsOf, stringValues } from '../../policy/values';
import type { Rule } from '../rule';

/** How a principal of a trust policy signs in, which decides the one AssumeRole* action it can call. */
type PrincipalType = 'saml' | 'oidc' | 'aws';

const SAML_PROVIDER = /^arn:[^:]+:iam::[^:]*:saml-provider\//i;

/** The AssumeRole* actions and the principal type each serves; other sts actions go with any principal. */
const ACTION_FOR: Record<string, { type: PrincipalType; advice: string }> = {
  'sts:assumerole': { type: 'aws', advice: 'federated principals call sts:AssumeRoleWithSAML (SAML providers) or sts:AssumeRoleWithWebIdentity (OIDC providers)' },
  'sts:assumerolewithsaml': { type: 'saml', advice: 'it needs a "Federated" SAML provider principal (arn:aws:iam::ACCOUNT:saml-provider/NAME)' },
  'sts:assumerolewithwebidentity': { type: 'oidc', advice: 'it needs a "Federated" OIDC provider principal (an oidc-provider ARN, or a provider such as cognito-identity.amazonaws.com)' },
};

/**
 * MISMATCHED_ACTION_FOR_PRINCIPAL: a trust policy statement whose AssumeRole* action none of its principals can
 * call — sts:AssumeRole for a Federated principal, sts:AssumeRoleWithSAML without a SAML provider, or
 * sts:AssumeRoleWithWebIdentity without an OIDC provider. Statements with `"Principal": "*"` or wildcard actions
 * are left alone: any principal could match them.
 */
export const mismatchedActionRule: Rule = {
  name: 'mismatchedAction',
  codes: ['MISMATCHED_ACTION_FOR_PRINCIPAL'],
  kinds: ['trust'],
  check({ document, report }) {
    for (const s of document.statements) {
      const types = principalTypes(s);
      if (!types || types.size === 0) continue;
      for (const action of stringValues(s.elements.Action)) {
        const expected = ACTION_FOR[action.value.toLowerCase()];
        if (!expected || types.has(expected.type)) continue;
        report('MISMATCHED_ACTION_FOR_PRINCIPAL', action.node, `No principal of this statement can call ${action.value}: ${expected.advice}.`, {
          principals: [...types],
        });
      }
    }
  },
};

/** The types of the statement's principals; undefined when it names every principal (`"*"`) or none readable. */
function principalTypes(s: Statement): Set<PrincipalType> | undefined {
  const principal = s.elements.Principal;
  if (principal?.value.type !== 'object') return undefined;
  const types = new Set<PrincipalType>();
  for (const prop of principal.value.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (key?.type !== 'string' || !value) continue;
    const values = stringsOf(value, []).map((v) => v.value);
    if (values.includes('*')) return undefined;
    if ((key.value as string).toLowerCase() === 'federated') {
      for (const v of values) types.add(SAML_PROVIDER.test(v) ? 'saml' : 'oidc');
    } else if (values.length > 0) {
      types.add('aws');
    }
  }
  return types;
}
