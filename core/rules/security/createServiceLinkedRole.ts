import { broadGrantRule } from './broadGrant';
import { coversAllOf } from './passRole';

/** CREATE_SLR_WITH_*: iam:CreateServiceLinkedRole on every role lets the principal create any service's role. */
export const createServiceLinkedRoleRule = broadGrantRule({
  name: 'createServiceLinkedRole',
  action: 'iam:CreateServiceLinkedRole',
  scopingKey: 'iam:AWSServiceName',
  code: 'CREATE_SLR',
  coversAll: coversAllOf('role/'),
});
