import { obj, str } from './record';

const SERVICE_LINKED = ':role/aws-service-role/';

/**
 * The principal a record's usage belongs to (DESIGN.md): the session issuer's role ARN for assumed roles (never the
 * STS session ARN), the IAM user, or root; federated-user sessions count for the IAM user that issued them.
 * Service principals, service-linked roles, identities without an IAM principal and records without an identity
 * give undefined.
 */
export function attributePrincipal(userIdentity: unknown): string | undefined {
  const identity = obj(userIdentity);
  if (!identity) return undefined;
  const type = str(identity.type);
  if (type === 'IAMUser') return str(identity.arn);
  if (type === 'Root') return rootPrincipal(str(identity.arn), str(identity.accountId));
  if (type === 'AssumedRole' || type === 'FederatedUser') return issuerPrincipal(str(obj(obj(identity.sessionContext)?.sessionIssuer)?.arn));
  return undefined;
}

/** The principal of a Root identity: its ARN, else the account's root ARN. */
export function rootPrincipal(arn: string | undefined, account: string | undefined): string | undefined {
  return arn ?? (account ? `arn:aws:iam::${account}:root` : undefined);
}

/** The principal of a role session (or federated user) by its issuer's ARN: none for a service-linked role. */
export function issuerPrincipal(issuer: string | undefined): string | undefined {
  if (!issuer || issuer.includes(SERVICE_LINKED)) return undefined;
  return issuer;
}

/** True when a service (`invokedBy`) made the call with a user's or role's permissions. */
export function isViaService(userIdentity: unknown): boolean {
  const identity = obj(userIdentity);
  return identity !== undefined && str(identity.type) !== 'AWSService' && str(identity.invokedBy) !== undefined;
}
