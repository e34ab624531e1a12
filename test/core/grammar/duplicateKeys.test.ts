import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, only, spanText } from '../../helpers/policy';

void test('the same key twice in a statement gets DUPLICATE_KEY on the second key', () => {
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Action": "s3:PutObject"}]}';
  const finding = only(check(text), 'DUPLICATE_KEY');
  assert.equal(spanText(text, finding), '"Action"');
  assert.equal(finding.span.offset, text.lastIndexOf('"Action"'));
});

void test('keys differing only in case get DUPLICATE_KEYS_WITH_DIFFERENT_CASE, also inside a condition', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8', 'aws:sourceip': '10.1.0.0/16' } } }],
  });
  const finding = only(check(text), 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE');
  assert.equal(spanText(text, finding), '"aws:sourceip"');
});

void test('distinct keys are not duplicates', () => {
  const found = codes(check({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }));
  assert.ok(!found.includes('DUPLICATE_KEY') && !found.includes('DUPLICATE_KEYS_WITH_DIFFERENT_CASE'));
});
