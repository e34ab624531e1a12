import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributePrincipal, isViaService } from '../../core/trail/principal';
import { outcomeOf } from '../../core/trail/outcome';
import { observe } from '../../core/trail/observe';
import { apiCall, testMapper } from './helpers';

const ROLE = 'arn:aws:iam::111122223333:role/app/web';
const assumed = (issuer: string) => ({
  type: 'AssumedRole',
  arn: 'arn:aws:sts::111122223333:assumed-role/web/session',
  sessionContext: { sessionIssuer: { type: 'Role', arn: issuer } },
});

void test('principal attribution follows DESIGN.md', () => {
  assert.equal(attributePrincipal(assumed(ROLE)), ROLE);
  const sso = 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef';
  assert.equal(attributePrincipal(assumed(sso)), sso);
  assert.equal(attributePrincipal({ type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice' }), 'arn:aws:iam::111122223333:user/alice');
  assert.equal(attributePrincipal({ type: 'Root', accountId: '111122223333' }), 'arn:aws:iam::111122223333:root');
  assert.equal(attributePrincipal({ type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }), undefined);
  assert.equal(attributePrincipal(assumed('arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS')), undefined);
  assert.equal(attributePrincipal({ type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/web/s' }), undefined);
  assert.equal(attributePrincipal(undefined), undefined);
  assert.equal(attributePrincipal({ type: 'WebIdentityUser', userName: 'x' }), undefined);
});

void test('invokedBy on a user or role marks the call as made via a service', () => {
  assert.equal(isViaService({ ...assumed(ROLE), invokedBy: 'cloudformation.amazonaws.com' }), true);
  assert.equal(isViaService(assumed(ROLE)), false);
  assert.equal(isViaService({ type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }), false);
});

void test('outcomes: authorisation failures are denied, other errors are use', () => {
  assert.equal(outcomeOf({}), 'allowed');
  for (const code of ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation']) {
    assert.equal(outcomeOf({ errorCode: code }), 'denied', code);
  }
  for (const code of ['NoSuchBucketPolicy', 'ThrottlingException', 'ResourceNotFoundException']) {
    assert.equal(outcomeOf({ errorCode: code }), 'allowed', code);
  }
  const message = 'User: arn:aws:iam::1:user/a is not authorized to perform: iam:ListRoles on resource: *';
  assert.equal(outcomeOf({ errorCode: 'SomethingElse', errorMessage: message }), 'denied');
});

void test('a denial takes its action from the error message when it names one', () => {
  const message = 'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: s3:GetBucketPolicy because no identity-based policy allows it';
  const obs = observe(apiCall({ eventName: 'GetBucketPolicyStatus', errorCode: 'AccessDenied', errorMessage: message }), testMapper());
  assert.ok(!('reason' in obs));
  assert.equal(obs.outcome, 'denied');
  assert.deepEqual(obs.actions, ['s3:GetBucketPolicy']);
  const encoded = observe(apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation. Encoded authorization failure message: abc' }), testMapper());
  assert.ok(!('reason' in encoded));
  assert.deepEqual(encoded.actions, ['ec2:DescribeInstances']);
});

void test('a record without its essential fields is refused with a reason', () => {
  assert.ok('reason' in observe(apiCall({ eventTime: undefined }), testMapper()));
  assert.ok('reason' in observe(apiCall({ eventTime: 'yesterday' }), testMapper()));
  assert.ok('reason' in observe(apiCall({ eventName: undefined }), testMapper()));
});
