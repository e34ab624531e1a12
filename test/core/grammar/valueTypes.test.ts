import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, spanText } from '../../helpers/policy';

function invalid(policy: unknown): string[] {
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy);
  return check(text).filter((f) => f.code === 'INVALID_VALUE_TYPE').map((f) => spanText(text, f));
}

const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

void test('wrong JSON types of statement elements are reported on the value', () => {
  assert.deepEqual(invalid({ Version: '2012-10-17', Statement: [{ ...ok, Effect: 1 }] }), ['1']);
  assert.deepEqual(invalid({ Version: '2012-10-17', Statement: [{ ...ok, Action: { a: 1 } }] }), ['{"a":1}']);
  assert.deepEqual(invalid({ Version: '2012-10-17', Statement: [{ ...ok, Resource: ['*', 3, null] }] }), ['3', 'null']);
  assert.deepEqual(invalid({ Version: '2012-10-17', Statement: [{ ...ok, Sid: true }] }), ['true']);
  assert.deepEqual(invalid({ Version: '2012-10-17', Statement: [{ ...ok, Condition: ['x'] }] }), ['["x"]']);
  assert.deepEqual(invalid({ Version: '2012-10-17', Statement: [{ ...ok, Condition: { StringEquals: 'x' } }] }), ['"x"']);
  assert.deepEqual(invalid({ Version: '2012-10-17', Statement: [{ ...ok, Condition: { StringEquals: { 'aws:username': [{}] } } }] }), ['{}']);
  assert.deepEqual(invalid({ Version: '2012-10-17', Statement: [{ ...ok, Principal: { AWS: 12 } }] }), ['12']);
  assert.deepEqual(invalid({ Version: '2012-10-17', Statement: [{ ...ok, Principal: ['*'] }] }), ['["*"]']);
});

void test('Statement must be an object or an array of objects; the root must be an object', () => {
  assert.deepEqual(invalid({ Version: '2012-10-17', Statement: 'x' }), ['"x"']);
  assert.deepEqual(invalid({ Version: '2012-10-17', Statement: [ok, 'x'] }), ['"x"']);
  assert.deepEqual(invalid('[1]'), ['[1]']);
  assert.deepEqual(invalid({ Version: '2012-10-17', Id: 5, Statement: ok }), ['5']);
});

void test('well-typed values, including numbers and Booleans in conditions, pass', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: { ...ok, Principal: { AWS: ['arn:aws:iam::111122223333:root'] }, Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': [10] } } },
  };
  assert.ok(!codes(check(policy, { kind: 'resource' })).includes('INVALID_VALUE_TYPE'));
});

void test('half-typed statements do not throw', () => {
  for (const text of ['{"Statement": [{"Effect": }]}', '{"Statement": [{"Condition": {"StringEquals": {"a": ', '{"Statement": {"Action": [1,', '"x"', '{"Statement": [null, {}]}']) {
    check(text);
    check(text, { kind: 'trust' });
    check(text, { kind: 'rcp' });
    check(text, { kind: 'scp' });
    check(text, { kind: 'resource' });
  }
});
