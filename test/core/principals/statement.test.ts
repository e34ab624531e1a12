import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';
import { withPrincipal } from './policy';

const has = (text: string, code: string, kind?: 'resource' | 'trust') => codes(check(text, kind ? { kind } : {})).includes(code);

void test('Allow with NotPrincipal is reported on NotPrincipal; Deny with NotPrincipal is not', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: '123456789012' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }, null, 2);
  assert.equal(spanText(text, only(check(text), 'ALLOW_WITH_NOT_PRINCIPAL')), '"NotPrincipal"');
  assert.equal(has(text.replace('"Allow"', '"Deny"'), 'ALLOW_WITH_NOT_PRINCIPAL'), false);
});

void test('an assumed-role session next to its role is redundant; the fix removes the session', () => {
  const session = 'arn:aws:sts::123456789012:assumed-role/app/s1';
  const text = withPrincipal({ AWS: ['arn:aws:iam::123456789012:role/app', session] }, { Action: 'sts:AssumeRole', Resource: undefined });
  const finding = only(check(text), 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY');
  assert.equal(spanText(text, finding), JSON.stringify(session));
  const fixed = applyFix(text, finding);
  assert.equal(fixed.includes(session), false);
  assert.equal(has(fixed, 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY'), false);
  assert.equal(has(withPrincipal({ AWS: ['arn:aws:iam::123456789012:role/other', session] }), 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY'), false);
});

void test('a public Allow without a limiting condition is reported on the "*"', () => {
  for (const principal of ['*', { AWS: '*' }, { AWS: ['123456789012', '*'] }]) {
    const text = withPrincipal(principal);
    assert.equal(spanText(text, only(check(text, { kind: 'resource' }), 'PUBLIC_ACCESS_WITHOUT_CONDITION')), '"*"');
  }
  const secureOnly = withPrincipal('*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } });
  assert.equal(has(secureOnly, 'PUBLIC_ACCESS_WITHOUT_CONDITION', 'resource'), true);
  const ifExists = withPrincipal('*', { Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } });
  assert.equal(has(ifExists, 'PUBLIC_ACCESS_WITHOUT_CONDITION', 'resource'), true);
});

void test('a public Allow limited by organization, source or network passes, and so does a public Deny', () => {
  for (const condition of [
    { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
    { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:t' } },
    { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  ]) {
    assert.equal(has(withPrincipal('*', { Condition: condition }), 'PUBLIC_ACCESS_WITHOUT_CONDITION', 'resource'), false, JSON.stringify(condition));
  }
  assert.equal(has(withPrincipal('*', { Effect: 'Deny' }), 'PUBLIC_ACCESS_WITHOUT_CONDITION', 'resource'), false);
});
