import type { Node } from 'jsonc-parser';
import type { Statement } from '../../policy/document';
import { stringValues } from '../../policy/values';
import type { Rule, RuleContext } from '../rule';

/**
 * RCP_SYNTAX_ERROR and RCP_UNSUPPORTED_SERVICE, as AWS Organizations documents resource control policies: Allow
 * exists only in the AWS-managed RCPFullAWSAccess policy, Principal must be "*" (narrow it with conditions),
 * NotPrincipal and NotAction are not supported, and only actions of the services RCPs apply to take effect.
 */
export const rcpRule: Rule = {
  name: 'rcp',
  codes: ['RCP_SYNTAX_ERROR', 'RCP_UNSUPPORTED_SERVICE'],
  kinds: ['rcp'],
  check({ document, catalog, report }) {
    for (const s of document.statements) {
      const effect = s.elements.Effect?.value;
      if (effect?.type === 'string' && effect.value === 'Allow' && !isFullAccess(s)) {
        report('RCP_SYNTAX_ERROR', effect, 'RCPs only deny: "Allow" is supported only in the AWS-managed RCPFullAWSAccess policy (Principal, Action and Resource "*", no Condition). Write a Deny statement instead.');
      }
      const principal = s.elements.Principal?.value;
      if (principal && !(principal.type === 'string' && principal.value === '*')) {
        report('RCP_SYNTAX_ERROR', principal, 'In an RCP, "Principal" must be "*"; narrow who is denied with conditions such as aws:PrincipalOrgID or aws:PrincipalArn.');
      }
      for (const e of [s.elements.NotPrincipal, s.elements.NotAction]) {
        if (!e) continue;
        const instead = e.key.toLowerCase() === 'notaction' ? '"Action"' : '"Principal": "*" with a condition';
        report('RCP_SYNTAX_ERROR', { span: { offset: e.keyNode.offset, length: e.keyNode.length }, path: e.path }, `RCPs do not support "${e.key}"; use ${instead}.`);
      }
      checkServices(s, catalog, report);
    }
  },
};

function isFullAccess(s: Statement): boolean {
  const { Principal, Action, Resource, Condition, NotAction, NotResource, NotPrincipal } = s.elements;
  const star = (node: Node | undefined) => node?.type === 'string' && node.value === '*';
  return star(Principal?.value) && star(Action?.value) && star(Resource?.value) && !Condition && !NotAction && !NotResource && !NotPrincipal;
}

function checkServices(s: Statement, catalog: RuleContext['catalog'], report: RuleContext['report']): void {
  for (const action of stringValues(s.elements.Action)) {
    const colon = action.value.indexOf(':');
    if (colon < 0) continue;
    const service = action.value.slice(0, colon);
    // Wildcard services may match supported ones; unknown services are the actions rules' business.
    if (/[*?]/.test(service) || !catalog.service(service) || catalog.supportsRcp(service)) continue;
    report('RCP_UNSUPPORTED_SERVICE', action.node, `RCPs do not apply to ${service}, so this action has no effect here; RCPs cover services such as s3, sts, kms, sqs and secretsmanager.`);
  }
}
