import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

const policy = (action: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }, null, 4);

void test('an action a wildcard of the same list covers gets REDUNDANT_ACTION; the fix removes it and keeps the indent', () => {
  const text = policy(['s3:Get*', 's3:GetObject', 's3:PutObject']);
  const finding = only(check(text), 'REDUNDANT_ACTION');
  assert.equal(spanText(text, finding), '"s3:GetObject"');
  const fixed = applyFix(text, finding);
  assert.equal(fixed, policy(['s3:Get*', 's3:PutObject']));
  assert.deepEqual(codes(check(fixed)), []);
});

void test('a duplicate in another case is redundant; the first one stays', () => {
  const text = policy(['s3:GetObject', 's3:getobject']);
  assert.equal(spanText(text, only(check(text), 'REDUNDANT_ACTION')), '"s3:getobject"');
});

void test('"*" and service-wildcards cover across services; a narrower wildcard is covered by a wider one', () => {
  const text = policy(['s3:*', 's3:Get*', 'ec2:DescribeInstances', '*']);
  const found = check(text).filter((f) => f.code === 'REDUNDANT_ACTION');
  assert.deepEqual(found.map((f) => spanText(text, f)), ['"s3:*"', '"s3:Get*"', '"ec2:DescribeInstances"']);
});

void test('overlapping wildcards that do not contain each other are both kept', () => {
  assert.deepEqual(codes(check(policy(['s3:Get*', 's3:*Object']))), []);
});

void test('actions of different statements are not compared', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' },
    ],
  });
  assert.deepEqual(codes(check(text)).filter((c) => c === 'REDUNDANT_ACTION'), []);
});
