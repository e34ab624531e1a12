import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, only, spanText } from '../../helpers/policy';

void test('Allow with NotAction and with NotResource get warnings on the element keys', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 's3:DeleteBucket', NotResource: 'arn:aws:s3:::logs' }] }, null, 2);
  const found = check(text);
  assert.equal(spanText(text, only(found, 'ALLOW_WITH_NOT_ACTION')), '"NotAction"');
  assert.equal(spanText(text, only(found, 'ALLOW_WITH_NOT_RESOURCE')), '"NotResource"');
});

void test('Deny statements and SCPs are not reported', () => {
  const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: 's3:*', NotResource: 'arn:aws:s3:::logs' }] };
  assert.deepEqual(codes(check(deny)).filter((c) => c.startsWith('ALLOW_WITH')), []);
  const scp = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: '*' }] };
  assert.deepEqual(codes(check(scp, { kind: 'scp' })).filter((c) => c.startsWith('ALLOW_WITH')), []);
});
