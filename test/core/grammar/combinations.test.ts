import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, spanText } from '../../helpers/policy';

void test('an element with its Not- form gets UNSUPPORTED_ELEMENT_COMBINATION on the later key', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', NotAction: 'iam:*', Action: 's3:*', Resource: '*', NotResource: 'arn:aws:s3:::b', Principal: '*', NotPrincipal: { AWS: '*' } }],
  });
  const spans = check(text, { kind: 'resource' }).filter((f) => f.code === 'UNSUPPORTED_ELEMENT_COMBINATION').map((f) => spanText(text, f));
  assert.deepEqual(spans, ['"Action"', '"NotResource"', '"NotPrincipal"']);
});
