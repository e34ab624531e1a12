import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

const statement = { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

function policy(s: object): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [s] }, null, 2);
}

void test('resource and trust policies without a principal get MISSING_PRINCIPAL on the statement Sid', () => {
  const text = policy(statement);
  assert.equal(spanText(text, only(check(text, { kind: 'resource' }), 'MISSING_PRINCIPAL')), '"Read"');
  const trust = policy({ Effect: 'Allow', Action: 'sts:AssumeRole' });
  assert.equal(spanText(trust, only(check(trust, { kind: 'trust' }), 'MISSING_PRINCIPAL')), '"Effect"');
  assert.ok(!codes(check(policy({ ...statement, Principal: '*' }), { kind: 'resource' })).includes('MISSING_PRINCIPAL'));
});

void test('a Principal in an identity policy gets UNSUPPORTED_PRINCIPAL; the fix removes it', () => {
  const text = policy({ ...statement, Principal: { AWS: 'arn:aws:iam::111122223333:root' } });
  const finding = only(check(text, { kind: 'identity' }), 'UNSUPPORTED_PRINCIPAL');
  assert.equal(spanText(text, finding), '"Principal"');
  assert.deepEqual(codes(check(applyFix(text, finding), { kind: 'identity' })), []);
});

void test('Principal or NotPrincipal in an SCP gets SCP_SYNTAX_ERROR_PRINCIPAL', () => {
  const text = policy({ Effect: 'Deny', Action: 's3:*', Resource: '*', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } });
  const finding = only(check(text, { kind: 'scp' }), 'SCP_SYNTAX_ERROR_PRINCIPAL');
  assert.equal(spanText(text, finding), '"NotPrincipal"');
  assert.ok(!codes(check(applyFix(text, finding), { kind: 'scp' })).includes('SCP_SYNTAX_ERROR_PRINCIPAL'));
});
