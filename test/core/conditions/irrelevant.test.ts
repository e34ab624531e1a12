import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, only, spanText } from '../../helpers/policy';

const bucketPolicy = (resource: unknown) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resource, Condition: { StringNotEquals: { 's3:ResourceAccount': '123456789012' } } }],
    },
    null,
    2,
  );

void test('s3:ResourceAccount in a policy on one bucket is irrelevant', () => {
  const text = bucketPolicy(['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*']);
  assert.equal(spanText(text, only(check(text, { kind: 'resource' }), 'IRRELEVANT_CONDITION_KEY_IN_POLICY')), '"s3:ResourceAccount"');
});

void test('it stays quiet for many buckets (a VPC endpoint policy) and in identity policies', () => {
  const irrelevant = (text: string, kind: 'resource' | 'identity') => codes(check(text, { kind })).filter((c) => c === 'IRRELEVANT_CONDITION_KEY_IN_POLICY');
  assert.deepEqual(irrelevant(bucketPolicy('*'), 'resource'), []);
  assert.deepEqual(irrelevant(bucketPolicy('arn:aws:s3:::*'), 'resource'), []);
  assert.deepEqual(irrelevant(bucketPolicy('arn:aws:s3:::logs'), 'identity'), []);
});
