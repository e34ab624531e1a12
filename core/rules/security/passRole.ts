import { splitArn } from '../arns/arn';
import { broadGrantRule } from './broadGrant';

/**
 * A resource naming every resource of an IAM resource type under `prefix` (`role/`): `*`, or an IAM ARN of any
 * account whose resource part is only wildcards after the prefix (`arn:aws:iam::*:role/*`, `arn:aws:iam::*:*`).
 * A name pattern such as `role/service-role/Service*` is narrower and, as in Access Analyzer, not reported.
 */
export function coversAllOf(prefix: string): (resource: string) => boolean {
  return (resource) => {
    if (/^\*+$/.test(resource)) return true;
    const fields = splitArn(resource);
    const service = fields[2]?.text;
    const rest = fields[5]?.text;
    if (rest === undefined || !(service === 'iam' || /^\*+$/.test(service ?? ''))) return false;
    if (/^\*+$/.test(rest)) return true;
    return rest.toLowerCase().startsWith(prefix) && /^\*+$/.test(rest.slice(prefix.length));
  };
}

/** PASS_ROLE_WITH_*: iam:PassRole on every role lets the principal hand any role to any service. */
export const passRoleRule = broadGrantRule({
  name: 'passRole',
  action: 'iam:PassRole',
  scopingKey: 'iam:PassedToService',
  code: 'PASS_ROLE',
  coversAll: coversAllOf('role/'),
});
