import { stringValues } from '../../policy/values';
import { removeValue } from '../../fixes/edit';
import type { Rule } from '../rule';

/**
 * ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE, ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL and UNSUPPORTED_ACTION_IN_POLICY
 * for role trust policies: the role itself is the resource, NotPrincipal is not supported, and only AWS STS actions
 * (sts:AssumeRole*, sts:TagSession, sts:SetSourceIdentity, sts:SetContext) can be granted. The fix removes a
 * Resource or NotResource, which a trust policy ignores at best.
 */
export const trustPolicyRule: Rule = {
  name: 'trustPolicy',
  codes: ['ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', 'UNSUPPORTED_ACTION_IN_POLICY'],
  kinds: ['trust'],
  check({ document, report }) {
    for (const s of document.statements) {
      for (const e of [s.elements.Resource, s.elements.NotResource]) {
        if (!e) continue;
        report('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', { span: { offset: e.keyNode.offset, length: e.keyNode.length }, path: e.path }, `A role trust policy cannot have "${e.key}": the role it is attached to is the resource. Remove it.`);
      }
      const notPrincipal = s.elements.NotPrincipal;
      if (notPrincipal) {
        report(
          'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL',
          { span: { offset: notPrincipal.keyNode.offset, length: notPrincipal.keyNode.length }, path: notPrincipal.path },
          'A role trust policy cannot use "NotPrincipal"; name the principals allowed to assume the role in "Principal", or deny others with a condition on aws:PrincipalArn.',
        );
      }
      for (const action of [...stringValues(s.elements.Action), ...stringValues(s.elements.NotAction)]) {
        const colon = action.value.indexOf(':');
        if (colon < 0) continue;
        const service = action.value.slice(0, colon);
        // `*` or a wildcard service may match sts; only a service that is clearly not sts is wrong.
        if (service.toLowerCase() === 'sts' || /[*?]/.test(service)) continue;
        report('UNSUPPORTED_ACTION_IN_POLICY', action.node, `A role trust policy grants only AWS STS actions such as sts:AssumeRole; "${action.value}" belongs in the role's permissions policy.`);
      }
    }
  },
  fixes({ document, code, path }) {
    if (code !== 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE') return [];
    return [{ title: `Remove "${String(path[path.length - 1])}"`, edits: removeValue(document.text, path), preferred: true }];
  },
};
