import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';
import { withPrincipal } from './policy';

const FORMAT_CODES = new Set(['INVALID_PRINCIPAL_KEY', 'INVALID_PRINCIPAL_FORMAT', 'INVALID_SERVICE_PRINCIPAL_FORMAT', 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL']);
const formatCodes = (text: string) => codes(check(text)).filter((c) => FORMAT_CODES.has(c));

void test('valid principals of every key pass', () => {
  const text = withPrincipal({
    AWS: [
      '123456789012',
      'arn:aws:iam::123456789012:root',
      'arn:aws:iam::123456789012:role/path/to/app-role',
      'arn:aws-cn:iam::123456789012:user/alice',
      'arn:aws:sts::123456789012:assumed-role/app-role/session-1',
      'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL',
      'AROAEXAMPLEID12345678',
    ],
    Service: ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn', 'codedeploy.us-east-1.amazonaws.com'],
    CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
  });
  assert.deepEqual(formatCodes(text), []);
  assert.deepEqual(formatCodes(withPrincipal('*')), []);
  assert.deepEqual(formatCodes(withPrincipal({ Federated: ['arn:aws:iam::123456789012:saml-provider/Okta', 'accounts.google.com'] })), []);
});

void test('an unknown principal key is INVALID_PRINCIPAL_KEY; a miscased one gets a fix', () => {
  const text = withPrincipal({ aws: '123456789012' });
  const finding = only(check(text), 'INVALID_PRINCIPAL_KEY');
  assert.equal(spanText(text, finding), '"aws"');
  assert.deepEqual(formatCodes(applyFix(text, finding)), []);
  const unknown = withPrincipal({ User: ['a', 'b'] });
  assert.equal(spanText(unknown, only(check(unknown), 'INVALID_PRINCIPAL_KEY')), '"User"');
});

void test('malformed values are INVALID_PRINCIPAL_FORMAT on the value', () => {
  const cases: [unknown, string][] = [
    [{ AWS: '12345' }, '"12345"'],
    [{ AWS: 'arn:aws:iam::123456789012:group/admins' }, '"arn:aws:iam::123456789012:group/admins"'],
    [{ Federated: 'okta.example.com' }, '"okta.example.com"'],
    [{ CanonicalUser: 'abc' }, '"abc"'],
    [{ AWS: 123456789012 }, '123456789012'],
    ['123456789012', '"123456789012"'],
  ];
  for (const [principal, span] of cases) {
    const text = withPrincipal(principal);
    assert.equal(spanText(text, only(check(text), 'INVALID_PRINCIPAL_FORMAT')), span, JSON.stringify(principal));
  }
});

void test('a malformed service principal is INVALID_SERVICE_PRINCIPAL_FORMAT', () => {
  for (const service of ['ec2', 'EC2.amazonaws.com', 'ec2.amazon.com']) {
    const text = withPrincipal({ Service: service });
    assert.equal(spanText(text, only(check(text), 'INVALID_SERVICE_PRINCIPAL_FORMAT')), JSON.stringify(service));
  }
});

void test('wildcards inside principal values are UNSUPPORTED_WILDCARD_IN_PRINCIPAL; "*" alone is fine', () => {
  for (const principal of [{ AWS: 'arn:aws:iam::*:role/x' }, { AWS: 'arn:aws:iam::123456789012:role/app-*' }, { Service: '*.amazonaws.com' }]) {
    const text = withPrincipal(principal);
    assert.equal(spanText(text, only(check(text), 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL')), JSON.stringify(Object.values(principal)[0]));
  }
  assert.deepEqual(formatCodes(withPrincipal({ AWS: '*' })), []);
});

void test('half-typed principals do not throw', () => {
  assert.doesNotThrow(() => check('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ['));
  assert.doesNotThrow(() => check(withPrincipal({ AWS: null, Service: {} })));
});
