import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

function trust(s: object): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', ...s }] }, null, 2);
}

void test('a Resource in a trust policy gets ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE; the fix removes it', () => {
  const text = trust({ Resource: '*' });
  const finding = only(check(text, { kind: 'trust' }), 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE');
  assert.equal(spanText(text, finding), '"Resource"');
  assert.deepEqual(codes(check(applyFix(text, finding), { kind: 'trust' })), []);
});

void test('NotPrincipal in a trust policy gets ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] });
  assert.equal(spanText(text, only(check(text, { kind: 'trust' }), 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL')), '"NotPrincipal"');
});

void test('a non-STS action in a trust policy gets UNSUPPORTED_ACTION_IN_POLICY; sts:* and "*" do not', () => {
  const text = trust({ Action: ['sts:AssumeRole', 's3:GetObject'] });
  assert.equal(spanText(text, only(check(text, { kind: 'trust' }), 'UNSUPPORTED_ACTION_IN_POLICY')), '"s3:GetObject"');
  assert.ok(!codes(check(trust({ Action: ['sts:*', '*'] }), { kind: 'trust' })).includes('UNSUPPORTED_ACTION_IN_POLICY'));
});
