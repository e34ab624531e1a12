import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, only, spanText } from '../../helpers/policy';

const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] }, null, 2);
const security = (text: string, prefix = 'PASS_ROLE') => codes(check(text)).filter((c) => c.startsWith(prefix));

void test('iam:PassRole on "*" gets PASS_ROLE_WITH_STAR_IN_RESOURCE on the action', () => {
  const text = policy({ Action: ['s3:GetObject', 'iam:PassRole'], Resource: '*' });
  assert.equal(spanText(text, only(check(text), 'PASS_ROLE_WITH_STAR_IN_RESOURCE')), '"iam:PassRole"');
  assert.deepEqual(security(policy({ Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/*' })), ['PASS_ROLE_WITH_STAR_IN_RESOURCE']);
});

void test('a named role, a role-name pattern, or an iam:PassedToService condition is not reported', () => {
  assert.deepEqual(security(policy({ Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/app' })), []);
  assert.deepEqual(security(policy({ Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/service-role/Service*' })), []);
  const scoped = policy({ Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } });
  assert.deepEqual(security(scoped), []);
  assert.deepEqual(security(JSON.stringify({ Statement: [{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }] })), []);
});

void test('a wildcard action granting iam:PassRole on "*" gets PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', () => {
  const text = policy({ Action: 'iam:*', Resource: '*' });
  assert.equal(spanText(text, only(check(text), 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE')), '"iam:*"');
  assert.deepEqual(security(policy({ Action: '*', Resource: '*' })), ['PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE']);
});

void test('NotAction that does not exclude iam:PassRole, with "*", gets PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION', () => {
  const text = policy({ NotAction: 's3:*', Resource: '*' });
  assert.equal(spanText(text, only(check(text), 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION')), '"NotAction"');
  assert.deepEqual(security(policy({ NotAction: 'iam:*', Resource: '*' })), []);
});

void test('the NotResource variants, which a condition does not silence', () => {
  const condition = { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } };
  assert.deepEqual(security(policy({ Action: 'iam:PassRole', NotResource: 'arn:aws:iam::*:role/admin', Condition: condition })), ['PASS_ROLE_WITH_NOT_RESOURCE']);
  assert.deepEqual(security(policy({ Action: 'iam:Pass*', NotResource: 'arn:aws:iam::*:role/admin' })), ['PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE']);
  const text = policy({ NotAction: 's3:*', NotResource: 'arn:aws:iam::*:role/admin' });
  assert.equal(spanText(text, only(check(text), 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE')), '"NotAction"');
  assert.deepEqual(security(policy({ Action: 'iam:PassRole', NotResource: 'arn:aws:iam::*:role/*' })), []);
});

void test('iam:CreateServiceLinkedRole gets the CREATE_SLR_WITH_* counterparts, silenced by iam:AWSServiceName', () => {
  const text = policy({ Action: 'iam:CreateServiceLinkedRole', Resource: '*' });
  assert.equal(spanText(text, only(check(text), 'CREATE_SLR_WITH_STAR_IN_RESOURCE')), '"iam:CreateServiceLinkedRole"');
  assert.deepEqual(security(policy({ Action: 'iam:*', Resource: '*' }), 'CREATE_SLR'), ['CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE']);
  assert.deepEqual(security(policy({ NotAction: 's3:*', Resource: '*' }), 'CREATE_SLR'), ['CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION']);
  assert.deepEqual(security(policy({ Action: 'iam:CreateServiceLinkedRole', NotResource: 'arn:aws:iam::*:role/x' }), 'CREATE_SLR'), ['CREATE_SLR_WITH_NOT_RESOURCE']);
  const scoped = policy({ Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringLike: { 'iam:AWSServiceName': 'ec2.amazonaws.com' } } });
  assert.deepEqual(security(scoped, 'CREATE_SLR'), []);
});

void test('half-typed statements never throw', () => {
  for (const s of [{ Action: null, Resource: '*' }, { NotAction: 3, NotResource: {} }, { Action: ['iam:PassRole', 1], Resource: [null] }, { Condition: 'x', Action: 'iam:PassRole', Resource: '*' }]) {
    check(policy(s));
  }
});
