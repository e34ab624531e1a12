import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

void test('a case variant of Allow gets INVALID_EFFECT and a fix to "Allow"', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }] });
  const finding = only(check(text), 'INVALID_EFFECT');
  assert.equal(spanText(text, finding), '"allow"');
  assert.deepEqual(codes(check(applyFix(text, finding))), []);
});

void test('an unknown effect gets INVALID_EFFECT without a fix', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }] });
  const finding = only(check(text), 'INVALID_EFFECT');
  assert.equal(spanText(text, finding), '"Permit"');
  assert.throws(() => applyFix(text, finding), /no fix/);
});
