import type { Rule } from '../rule';
import { statementConditions } from '../conditions/walk';
import { isPublicPrincipal } from './entries';

/**
 * Keys that restrict who or where a request comes from. aws:SecureTransport, aws:UserAgent or aws:Referer do not:
 * anyone on the internet can satisfy them.
 */
const LIMITING_KEYS = new Set(
  [
    'aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOwner', 'aws:SourceOrgID', 'aws:SourceOrgPaths',
    'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:PrincipalServiceName',
    'aws:PrincipalIsAWSService', 'aws:userid', 'aws:username', 'aws:SourceVpce', 'aws:SourceVpc', 'aws:SourceVpcArn',
    'aws:SourceIp', 'aws:VpcSourceIp', 'aws:VpceAccount', 'aws:VpceOrgID', 'aws:VpceOrgPaths',
    'kms:CallerAccount', 's3:DataAccessPointAccount', 's3:DataAccessPointArn', 'lambda:FunctionUrlAuthType',
  ].map((k) => k.toLowerCase()),
);

/**
 * PUBLIC_ACCESS_WITHOUT_CONDITION: a resource policy that allows "*" (or {"AWS": "*"}) with no condition limiting
 * who or where from makes the resource public. IfExists operators do not count: they pass when the key is absent.
 */
export const publicAccessRule: Rule = {
  name: 'publicAccess',
  codes: ['PUBLIC_ACCESS_WITHOUT_CONDITION'],
  kinds: ['resource'],
  check({ document, report }) {
    for (const statement of document.statements) {
      const effect = statement.elements.Effect?.value;
      if (effect?.type !== 'string' || effect.value !== 'Allow') continue;
      const star = isPublicPrincipal(document, statement);
      if (!star) continue;
      const limited = statementConditions(document, statement).some(
        (c) => c.operator !== undefined && !c.operator.ifExists && c.operator.base.name !== 'Null' && LIMITING_KEYS.has(c.keyElement.key.toLowerCase()),
      );
      if (limited) continue;
      report(
        'PUBLIC_ACCESS_WITHOUT_CONDITION',
        star,
        'This statement allows anyone, anonymous users included. Name the principals, or add a condition on who may call, e.g. aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount or aws:SourceVpce.',
      );
    }
  },
};
