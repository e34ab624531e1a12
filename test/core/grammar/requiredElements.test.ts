import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, only, spanText } from '../../helpers/policy';

void test('a policy without Statement gets MISSING_STATEMENT on its first key', () => {
  const text = '{"Version": "2012-10-17"}';
  assert.equal(spanText(text, only(check(text), 'MISSING_STATEMENT')), '"Version"');
});

void test('an empty Statement array gets MISSING_STATEMENT on the array', () => {
  const text = '{"Version": "2012-10-17", "Statement": []}';
  assert.equal(spanText(text, only(check(text), 'MISSING_STATEMENT')), '[]');
});

void test('missing Effect, Action and Resource are reported on the Sid, or the first key', () => {
  const text = '{"Version": "2012-10-17", "Statement": [{"Sid": "Read"}, {"Condition": {}}]}';
  const findings = check(text);
  for (const code of ['MISSING_EFFECT', 'MISSING_ACTION', 'MISSING_RESOURCE']) {
    const spans = findings.filter((f) => f.code === code).map((f) => spanText(text, f));
    assert.deepEqual(spans, ['"Read"', '"Condition"'], code);
  }
});

void test('NotAction and NotResource satisfy the requirement; trust policies need no Resource', () => {
  const notForms = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:iam::*:role/x' }] };
  const found = codes(check(notForms));
  assert.ok(!found.includes('MISSING_ACTION') && !found.includes('MISSING_RESOURCE'));
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  assert.ok(!codes(check(trust, { kind: 'trust' })).includes('MISSING_RESOURCE'));
  assert.ok(codes(check(trust, { kind: 'resource' })).includes('MISSING_RESOURCE'));
});
