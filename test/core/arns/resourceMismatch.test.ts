import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, only, spanText } from '../../helpers/policy';

const policy = (action: unknown, resource: unknown, effect = 'Allow') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: resource }] }, null, 2);
const mismatches = (text: string) => codes(check(text)).filter((c) => c === 'RESOURCE_MISMATCH');

void test('s3:GetObject on a bucket ARN gets RESOURCE_MISMATCH on that resource only', () => {
  const text = policy('s3:GetObject', ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*']);
  const finding = only(check(text), 'RESOURCE_MISMATCH');
  assert.equal(finding.severity, 'warning');
  assert.equal(spanText(text, finding), '"arn:aws:s3:::bucket"');
});

void test('every resource matched by some action passes', () => {
  assert.deepEqual(mismatches(policy(['s3:ListBucket', 's3:GetObject'], ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*'])), []);
  assert.deepEqual(mismatches(policy('s3:GetObject', 'arn:aws:s3:::bucket*')), []);
});

void test('no finding when in doubt: unknown actions, actions taking only "*", several services, Deny, NotAction', () => {
  assert.deepEqual(mismatches(policy(['s3:GetObject', 's3:NoSuchAction'], 'arn:aws:s3:::bucket')), []);
  assert.deepEqual(mismatches(policy(['s3:GetObject', 's3:ListAllMyBuckets'], 'arn:aws:s3:::bucket')), []);
  assert.deepEqual(mismatches(policy('s3:*', 'arn:aws:s3:::bucket')), []);
  assert.deepEqual(mismatches(policy(['s3:GetObject', 'dynamodb:GetItem'], 'arn:aws:s3:::bucket')), []);
  assert.deepEqual(mismatches(policy('s3:GetObject', 'arn:aws:s3:::bucket', 'Deny')), []);
});

void test('a wildcard action is judged by every action it expands to', () => {
  const text = policy('s3:GetObjectV*', 'arn:aws:s3:::bucket');
  assert.equal(spanText(text, only(check(text), 'RESOURCE_MISMATCH')), '"arn:aws:s3:::bucket"');
});
