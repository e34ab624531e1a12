import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

void test('a statement covered by another gets REDUNDANT_STATEMENT on its Sid; the fix removes it', () => {
  const text = policy(
    { Sid: 'Narrow', Effect: 'Allow', Action: ['s3:GetObject', 's3:getobjectversion'], Resource: 'arn:aws:s3:::b/logs/*' },
    { Sid: 'Broad', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' },
  );
  const finding = only(check(text), 'REDUNDANT_STATEMENT');
  assert.equal(spanText(text, finding), '"Narrow"');
  const fixed = applyFix(text, finding);
  assert.doesNotMatch(fixed, /Narrow/);
  assert.deepEqual(codes(check(fixed)), []);
});

void test('of two identical statements only the later one is redundant', () => {
  const s = { Effect: 'Deny', Action: 'iam:*', Resource: '*' };
  const text = policy(s, s);
  const finding = only(check(text), 'REDUNDANT_STATEMENT');
  assert.equal(spanText(text, finding), '"Effect"');
  assert.equal(finding.span.offset, text.lastIndexOf('"Effect"'));
});

void test('a different Effect, Condition or an uncovered resource keeps both statements', () => {
  const get = { Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
  const cases = [
    policy({ Effect: 'Allow', ...get }, { Effect: 'Deny', ...get }),
    policy({ Effect: 'Allow', ...get }, { Effect: 'Allow', ...get, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
    policy({ Effect: 'Allow', ...get }, { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::other/*' }),
  ];
  for (const text of cases) assert.ok(!codes(check(text)).includes('REDUNDANT_STATEMENT'), text);
});

void test('NotAction: the statement excluding more is covered by the one excluding less', () => {
  const text = policy({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' }, { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' });
  const finding = only(check(text), 'REDUNDANT_STATEMENT');
  assert.equal(finding.span.offset, text.indexOf('"Effect"'));
});
