import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, spanText } from '../../helpers/policy';

function unsupported(resources: string[]): string[] {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: resources }] });
  return check(text, { kind: 'resource' }).filter((f) => f.code === 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY').map((f) => spanText(text, f));
}

void test('the bucket and its objects are valid bucket-policy resources', () => {
  assert.deepEqual(unsupported(['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*', 'arn:aws:s3:::my-bucket/logs/a.txt']), []);
});

void test('a second bucket gets UNSUPPORTED_RESOURCE_ARN_IN_POLICY', () => {
  assert.deepEqual(unsupported(['arn:aws:s3:::my-bucket/*', 'arn:aws:s3:::other-bucket/*']), ['"arn:aws:s3:::other-bucket/*"']);
});

void test('a non-bucket ARN in a bucket policy gets UNSUPPORTED_RESOURCE_ARN_IN_POLICY', () => {
  assert.deepEqual(unsupported(['arn:aws:s3:::my-bucket/*', 'arn:aws:sqs:us-east-1:111122223333:q', 'arn:aws:s3:us-east-1:111122223333:accesspoint/ap']), [
    '"arn:aws:sqs:us-east-1:111122223333:q"',
    '"arn:aws:s3:us-east-1:111122223333:accesspoint/ap"',
  ]);
});

void test('resource policies of other services are not bucket policies', () => {
  assert.deepEqual(unsupported(['arn:aws:sqs:us-east-1:111122223333:q']), []);
});
