import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

void test('an unknown top-level key gets INVALID_POLICY_ELEMENT on the key', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Comment: 'x', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  assert.equal(spanText(text, only(check(text), 'INVALID_POLICY_ELEMENT')), '"Comment"');
});

void test('a near miss of a statement element is renamed by the fix', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resources: '*' }] });
  const finding = only(check(text), 'INVALID_POLICY_ELEMENT');
  assert.equal(spanText(text, finding), '"Resources"');
  assert.deepEqual(codes(check(applyFix(text, finding))), []);
});

void test('a near miss of an element already present gets no rename', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Actions: 's3:PutObject', Resource: '*' }] });
  const finding = only(check(text), 'INVALID_POLICY_ELEMENT');
  assert.throws(() => applyFix(text, finding), /no fix/);
});
