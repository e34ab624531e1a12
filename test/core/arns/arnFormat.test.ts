import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

const policy = (resource: unknown, action: unknown = 's3:GetObject') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] }, null, 2);
const arnCodes = (text: string) => codes(check(text)).filter((c) => /ARN|PARTITION/.test(c));

void test('well-formed ARNs, wildcards and policy variables pass', () => {
  for (const arn of [
    '*',
    'arn:aws:s3:::bucket/key',
    'arn:aws-cn:s3:::bucket/*',
    'arn:aws:s3:::${aws:username}/*',
    'arn:*:s3:::bucket/*',
    'arn:aws:iam::*',
  ]) {
    assert.deepEqual(arnCodes(policy(arn)), [], arn);
  }
  assert.deepEqual(arnCodes(policy('arn:aws:dynamodb:${aws:RequestedRegion}:123456789012:table/t', 'dynamodb:GetItem')), []);
  assert.deepEqual(arnCodes(policy('arn:aws:iam::aws:policy/ReadOnlyAccess', 'iam:GetPolicy')), []);
  assert.deepEqual(arnCodes(policy('arn:aws-eusc:dynamodb:eusc-de-east-1:123456789012:table/t', 'dynamodb:GetItem')), []);
});

void test('a resource that is not an ARN gets INVALID_ARN_PREFIX on the literal', () => {
  const text = policy('s3:::bucket/key');
  assert.equal(spanText(text, only(check(text), 'INVALID_ARN_PREFIX')), '"s3:::bucket/key"');
});

void test('an ARN with too few fields gets MISSING_ARN_FIELD', () => {
  const text = policy('arn:aws:s3:bucket');
  assert.equal(spanText(text, only(check(text), 'MISSING_ARN_FIELD')), '"arn:aws:s3:bucket"');
});

void test('an unknown partition gets INVALID_PARTITION on the partition', () => {
  const text = policy('arn:amazon:s3:::bucket/key');
  assert.equal(spanText(text, only(check(text), 'INVALID_PARTITION')), 'amazon');
});

void test('an upper-case service gets INVALID_ARN_SERVICE_CASE; the fix lowercases it', () => {
  const text = policy('arn:aws:S3:::bucket/key');
  const finding = only(check(text), 'INVALID_ARN_SERVICE_CASE');
  assert.equal(spanText(text, finding), 'S3');
  assert.deepEqual(arnCodes(applyFix(text, finding)), []);
  assert.match(applyFix(text, finding), /"arn:aws:s3:::bucket\/key"/);
});

void test('a malformed Region gets INVALID_ARN_REGION; a service whose ARNs all have one gets MISSING_ARN_REGION', () => {
  const bad = policy('arn:aws:dynamodb:useast1:123456789012:table/t', 'dynamodb:GetItem');
  assert.equal(spanText(bad, only(check(bad), 'INVALID_ARN_REGION')), 'useast1');
  const missing = policy('arn:aws:dynamodb::123456789012:table/t', 'dynamodb:GetItem');
  assert.equal(spanText(missing, only(check(missing), 'MISSING_ARN_REGION')), '"arn:aws:dynamodb::123456789012:table/t"');
});

void test('S3 bucket and IAM ARNs carry no Region; S3 buckets no account', () => {
  const s3 = policy('arn:aws:s3:us-east-1:123456789012:bucket');
  const found = check(s3);
  assert.equal(spanText(s3, only(found, 'ARN_REGION_NOT_ALLOWED')), 'us-east-1');
  const iam = policy('arn:aws:iam:us-east-1:123456789012:role/r', 'iam:GetRole');
  assert.equal(spanText(iam, only(check(iam), 'ARN_REGION_NOT_ALLOWED')), 'us-east-1');
  const account = policy('arn:aws:s3:::bucket', 's3:ListBucket');
  assert.deepEqual(arnCodes(account), []);
});

void test('an account that is not 12 digits gets INVALID_ARN_ACCOUNT', () => {
  const text = policy('arn:aws:dynamodb:us-east-1:12345:table/t', 'dynamodb:GetItem');
  assert.equal(spanText(text, only(check(text), 'INVALID_ARN_ACCOUNT')), '12345');
  assert.deepEqual(arnCodes(policy('arn:aws:dynamodb:us-east-1:*:table/t', 'dynamodb:GetItem')), []);
  assert.deepEqual(arnCodes(policy('arn:aws:dynamodb:us-east-1:${aws:PrincipalAccount}:table/t', 'dynamodb:GetItem')), []);
});

void test('a resource part that matches no resource type of the service gets INVALID_ARN_RESOURCE', () => {
  const text = policy('arn:aws:dynamodb:us-east-1:123456789012:tabel/t', 'dynamodb:GetItem');
  assert.equal(spanText(text, only(check(text), 'INVALID_ARN_RESOURCE')), 'tabel/t');
  assert.deepEqual(arnCodes(policy('arn:aws:dynamodb:us-east-1:123456789012:*', 'dynamodb:GetItem')), []);
});

void test('half-typed resources never throw', () => {
  for (const r of [null, 1, {}, [null, 2], '', 'arn', 'arn:', 'arn:aws:', 'arn:aws:s3:::', 'arn:aws:${aws:x']) check(policy(r));
});
