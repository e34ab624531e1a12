import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../helpers/policy';

const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

test('a policy without Version gets MISSING_VERSION and its fix adds it first, keeping the indent', () => {
  const text = '{\n    "Statement": [\n        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n    ]\n}';
  const finding = only(check(text), 'MISSING_VERSION');
  assert.equal(spanText(text, finding), '"Statement"');
  const fixed = applyFix(text, finding);
  assert.match(fixed, /^\{\n {4}"Version": "2012-10-17",\n {4}"Statement"/);
  assert.deepEqual(codes(check(fixed)), []);
});

test('an unknown Version value gets INVALID_VERSION on the value', () => {
  const text = JSON.stringify({ Version: '2012-10-18', Statement: [statement] });
  const finding = only(check(text), 'INVALID_VERSION');
  assert.equal(spanText(text, finding), '"2012-10-18"');
  assert.deepEqual(codes(check(applyFix(text, finding))), []);
});

test('both real versions are accepted', () => {
  assert.deepEqual(codes(check({ Version: '2012-10-17', Statement: [statement] })), []);
  assert.deepEqual(codes(check({ Version: '2008-10-17', Statement: [statement] })), []);
});
