import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, only, spanText } from '../../helpers/policy';
import { policySize } from '../../../core/rules/size/policySize';

/** An identity policy with `n` distinct actions, formatted with indentation (whitespace IAM does not count). */
function identityWith(n: number, extra: object = {}): string {
  const actions = Array.from({ length: n }, (_, i) => `s3:GetObject${String(i).padStart(4, '0')}`);
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*', ...extra }] }, null, 4);
}

function sizeCodes(text: string, options: Parameters<typeof check>[1]): string[] {
  return codes(check(text, options)).filter((c) => c.startsWith('POLICY_SIZE_EXCEEDS'));
}

void test('a managed policy is measured without whitespace against 6,144', () => {
  const under = identityWith(290);
  assert.ok(policySize(under, 'characters') > 6_144 && policySize(under, 'non-whitespace characters') <= 6_144);
  assert.deepEqual(sizeCodes(under, { kind: 'identity' }), []);
  const over = identityWith(330);
  const finding = only(check(over, { kind: 'identity' }), 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA');
  assert.equal(spanText(over, finding), '"Statement"');
  assert.equal(finding.data?.limit, 6_144);
});

void test('inline quotas follow what the policy is attached to', () => {
  const text = identityWith(110);
  assert.deepEqual(sizeCodes(text, { kind: 'identity', attachedTo: 'user' }), ['POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA']);
  assert.deepEqual(sizeCodes(text, { kind: 'identity', attachedTo: 'role' }), []);
  assert.deepEqual(sizeCodes(identityWith(270), { kind: 'identity', attachedTo: 'group' }), ['POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA']);
});

void test('an SCP counts whitespace against 5,120', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: Array.from({ length: 200 }, (_, i) => `s3:Put${i}`), Resource: '*' }] }, null, 8);
  assert.ok(policySize(text, 'non-whitespace characters') < 5_120 && text.length > 5_120);
  assert.deepEqual(sizeCodes(text, { kind: 'scp' }), ['POLICY_SIZE_EXCEEDS_SCP_QUOTA']);
  assert.deepEqual(sizeCodes(text, { kind: 'rcp' }), ['POLICY_SIZE_EXCEEDS_RCP_QUOTA']);
});

void test('a role trust policy is measured against 2,048 non-whitespace characters', () => {
  const accounts = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:root`);
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: accounts }, Action: 'sts:AssumeRole' }] });
  assert.deepEqual(sizeCodes(text, { kind: 'trust' }), ['POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA']);
});

void test('an S3 bucket policy is measured against 20 KB; other resource policies are not measured', () => {
  const objects = Array.from({ length: 700 }, (_, i) => `arn:aws:s3:::my-bucket/prefix-${i}/*`);
  const bucket = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: objects }] });
  assert.ok(Buffer.byteLength(bucket) > 20_480);
  assert.deepEqual(sizeCodes(bucket, { kind: 'resource' }), ['POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA']);
  const queue = bucket.replaceAll('arn:aws:s3:::my-bucket/', 'arn:aws:sqs:us-east-1:111122223333:q');
  assert.deepEqual(sizeCodes(queue, { kind: 'resource' }), []);
});

void test('documents over 1 MB still get the size check, and only size checks run', () => {
  const text = identityWith(60_000, { Sid: 'not alphanumeric!' });
  assert.ok(text.length > 1_000_000);
  const found = codes(check(text, { kind: 'identity' }));
  assert.ok(found.includes('POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA'));
  assert.ok(!found.includes('UNSUPPORTED_SID'));
});
