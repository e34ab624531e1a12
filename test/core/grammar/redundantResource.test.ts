import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

function policy(resources: string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }] }, null, 2);
}

void test('a resource covered by a wildcard of the same statement gets REDUNDANT_RESOURCE; the fix removes it', () => {
  const text = policy(['arn:aws:s3:::b/logs/*', 'arn:aws:s3:::b/*']);
  const finding = only(check(text), 'REDUNDANT_RESOURCE');
  assert.equal(spanText(text, finding), '"arn:aws:s3:::b/logs/*"');
  const fixed = applyFix(text, finding);
  assert.deepEqual(codes(check(fixed)), []);
  assert.match(fixed, /"arn:aws:s3:::b\/\*"/);
});

void test('the same ARN twice: only the second is redundant', () => {
  const text = policy(['arn:aws:s3:::b/x', 'arn:aws:s3:::b/x']);
  assert.equal(only(check(text), 'REDUNDANT_RESOURCE').span.offset, text.lastIndexOf('"arn:aws:s3:::b/x"'));
});

void test('"*" covers everything; "?" does not cover "*"; ARNs compare case-sensitively', () => {
  const star = policy(['*', 'arn:aws:s3:::b']);
  assert.equal(spanText(star, only(check(star), 'REDUNDANT_RESOURCE')), '"arn:aws:s3:::b"');
  const question = check(policy(['arn:aws:s3:::b?', 'arn:aws:s3:::b*'])).filter((f) => f.code === 'REDUNDANT_RESOURCE');
  assert.equal(question.length, 1);
  assert.equal(question[0]!.data?.coveredBy, 'arn:aws:s3:::b*');
  assert.ok(!codes(check(policy(['arn:aws:s3:::B/*', 'arn:aws:s3:::b/x']))).includes('REDUNDANT_RESOURCE'));
});

// Work is bounded (npm run bench measures it); the timeout only guards against a hang.
void test('thousands of resources are all compared with a covering wildcard', { timeout: 30_000 }, () => {
  const many = Array.from({ length: 5000 }, (_, i) => `arn:aws:s3:::bucket-${i}/prefix-${i % 97}/*`);
  const findings = check(policy([...many, 'arn:aws:s3:::bucket-*'])).filter((f) => f.code === 'REDUNDANT_RESOURCE');
  assert.equal(findings.length, 5000);
});
