import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

function policy(statement: object): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
}

void test('an empty Action array gets EMPTY_ARRAY_ACTION with no fix, since removing it leaves no action', () => {
  const text = policy({ ...base, Action: [] });
  const finding = only(check(text), 'EMPTY_ARRAY_ACTION');
  assert.equal(spanText(text, finding), '[]');
  assert.throws(() => applyFix(text, finding), /no fix/);
});

void test('an empty Resource array gets EMPTY_ARRAY_RESOURCE', () => {
  const text = policy({ ...base, Resource: [] });
  assert.equal(spanText(text, only(check(text), 'EMPTY_ARRAY_RESOURCE')), '[]');
});

void test('an empty Condition block gets EMPTY_OBJECT_CONDITION and the fix removes it', () => {
  const text = policy({ ...base, Condition: {} });
  const finding = only(check(text), 'EMPTY_OBJECT_CONDITION');
  assert.equal(spanText(text, finding), '{}');
  assert.deepEqual(codes(check(applyFix(text, finding))), []);
});

void test('an empty operator gets EMPTY_OBJECT_CONDITION; the fix removes only it when other operators remain', () => {
  const text = policy({ ...base, Condition: { StringEquals: {}, Bool: { 'aws:SecureTransport': 'true' } } });
  const finding = only(check(text), 'EMPTY_OBJECT_CONDITION');
  const fixed = applyFix(text, finding);
  assert.deepEqual(codes(check(fixed)), []);
  assert.match(fixed, /"Bool"/);
});

void test('a condition key without values gets EMPTY_ARRAY_CONDITION; the fix removes the block it would leave empty', () => {
  const text = policy({ ...base, Condition: { StringEquals: { 'aws:PrincipalTag/team': [] } } });
  const finding = only(check(text), 'EMPTY_ARRAY_CONDITION');
  assert.equal(spanText(text, finding), '[]');
  const fixed = applyFix(text, finding);
  assert.doesNotMatch(fixed, /Condition/);
  assert.deepEqual(codes(check(fixed)), []);
});

void test('empty principals get EMPTY_OBJECT_PRINCIPAL and EMPTY_ARRAY_PRINCIPAL; an empty type is removed when others remain', () => {
  const objectText = policy({ ...base, Principal: {} });
  assert.equal(spanText(objectText, only(check(objectText, { kind: 'resource' }), 'EMPTY_OBJECT_PRINCIPAL')), '{}');
  const arrayText = policy({ ...base, Principal: { AWS: [], Service: 'logs.amazonaws.com' } });
  const finding = only(check(arrayText, { kind: 'resource' }), 'EMPTY_ARRAY_PRINCIPAL');
  assert.equal(spanText(arrayText, finding), '[]');
  const fixed = applyFix(arrayText, finding);
  assert.doesNotMatch(fixed, /"AWS"/);
  assert.ok(!codes(check(fixed, { kind: 'resource' })).includes('EMPTY_ARRAY_PRINCIPAL'));
});
