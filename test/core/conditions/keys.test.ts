import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';
import { withCondition } from './policy';

const KEY_CODES = new Set(['INVALID_CONDITION_KEY_FORMAT', 'INVALID_GLOBAL_CONDITION_KEY', 'INVALID_SERVICE_CONDITION_KEY', 'DEPRECATED_GLOBAL_CONDITION_KEY']);
const keyCodes = (text: string) => codes(check(text)).filter((c) => KEY_CODES.has(c));

void test('an unknown aws: key gets INVALID_GLOBAL_CONDITION_KEY on the key', () => {
  const text = withCondition({ StringEquals: { 'aws:SourceAcount': '123456789012' } });
  assert.equal(spanText(text, only(check(text), 'INVALID_GLOBAL_CONDITION_KEY')), '"aws:SourceAcount"');
});

void test('an unknown key of a known service gets INVALID_SERVICE_CONDITION_KEY', () => {
  const text = withCondition({ StringEquals: { 's3:prefixx': 'home/' } });
  assert.equal(spanText(text, only(check(text), 'INVALID_SERVICE_CONDITION_KEY')), '"s3:prefixx"');
});

void test('a key without a prefix, with a space or with an empty tag is badly formatted', () => {
  for (const key of ['SourceIp', 'aws:Source Ip', 'aws:RequestTag/', ':x']) {
    const text = withCondition({ StringEquals: { [key]: 'v' } });
    assert.equal(spanText(text, only(check(text), 'INVALID_CONDITION_KEY_FORMAT')), JSON.stringify(key));
  }
});

void test('aws:ARN is deprecated and the fix renames it to aws:PrincipalArn', () => {
  const text = withCondition({ ArnLike: { 'aws:ARN': 'arn:aws:iam::123456789012:role/x' } });
  const finding = only(check(text), 'DEPRECATED_GLOBAL_CONDITION_KEY');
  assert.equal(spanText(text, finding), '"aws:ARN"');
  assert.deepEqual(keyCodes(applyFix(text, finding)), []);
});

void test('known keys pass in any case, including tag templates, cross-service keys and identity-provider keys', () => {
  const text = withCondition({
    StringEquals: {
      'AWS:sourceip': '1',
      'aws:PrincipalTag/team': 'a',
      'aws:RequestTag/env': 'b',
      's3:ExistingObjectTag/owner': 'c',
      's3:RequestObjectTag/owner': 'c',
      'ec2:SourceInstanceARN': 'arn:aws:ec2:us-east-1:123456789012:instance/i-1',
      'accounts.google.com:aud': 'x',
      'token.actions.githubusercontent.com:sub': 'repo:o/r:*',
      'saml:aud': 'https://signin.aws.amazon.com/saml',
    },
  });
  assert.deepEqual(keyCodes(text), []);
});
