import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix, check, codes, only, spanText } from '../../helpers/policy';

const policy = (action: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }, null, 2);

void test('known actions pass in any case, and "*" passes', () => {
  assert.deepEqual(codes(check(policy(['s3:getobject', 'S3:PutObject', 'ec2:Describe*']))), []);
  assert.deepEqual(codes(check(policy('*'))).filter((c) => /SERVICE|ACTION$|NO_ACTION/.test(c)), []);
});

void test('an unknown action of a known service gets INVALID_ACTION with a did-you-mean fix', () => {
  const text = policy(['s3:GetObjekt']);
  const finding = only(check(text), 'INVALID_ACTION');
  assert.equal(spanText(text, finding), '"s3:GetObjekt"');
  assert.equal(finding.severity, 'warning');
  assert.equal(finding.data?.suggestion, 's3:GetObject');
  assert.deepEqual(codes(check(applyFix(text, finding))), []);
});

void test('a name cut short is completed from the catalog', () => {
  const finding = only(check(policy('dynamodb:BatchWriteIt')), 'INVALID_ACTION');
  assert.equal(finding.data?.suggestion, 'dynamodb:BatchWriteItem');
});

void test('an action with nothing close gets INVALID_ACTION without a suggestion or fix', () => {
  const finding = only(check(policy('s3:Zzzzzzzzzzzzzzzz')), 'INVALID_ACTION');
  assert.equal(finding.data, undefined);
});

void test('an unknown service prefix gets INVALID_SERVICE_IN_ACTION, with a fix when the action exists in the close service', () => {
  const text = policy('sqs3:GetObject');
  const near = check(policy('s4:GetObject'));
  const finding = only(near, 'INVALID_SERVICE_IN_ACTION');
  assert.equal(finding.data?.suggestion, 's3:GetObject');
  const far = only(check(text), 'INVALID_SERVICE_IN_ACTION');
  assert.equal(spanText(text, far), '"sqs3:GetObject"');
});

void test('malformed actions get INVALID_SERVICE (no colon, bad prefix) or INVALID_ACTION (empty or spaced name)', () => {
  const text = policy(['s3GetObject', 's 3:GetObject', 's3:', 's3:Get Object']);
  const found = check(text);
  assert.deepEqual(codes(found), ['INVALID_SERVICE', 'INVALID_SERVICE', 'INVALID_ACTION', 'INVALID_ACTION']);
  assert.deepEqual(found.map((f) => spanText(text, f)), ['"s3GetObject"', '"s 3:GetObject"', '"s3:"', '"s3:Get Object"']);
  assert.equal(found[3]!.data?.suggestion, 's3:GetObject');
});

void test('a wildcard in the service prefix gets WILDCARD_IN_SERVICE_NAME', () => {
  const text = policy('s*:GetObject');
  assert.equal(spanText(text, only(check(text), 'WILDCARD_IN_SERVICE_NAME')), '"s*:GetObject"');
});

void test('a wildcard that matches no action gets WILDCARD_MATCHES_NO_ACTION; one that matches passes', () => {
  const text = policy(['s3:Gett*', 's3:Get*', 's3:?etObject']);
  const finding = only(check(text), 'WILDCARD_MATCHES_NO_ACTION');
  assert.equal(spanText(text, finding), '"s3:Gett*"');
});

void test('NotAction values are checked too', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: 's3:GetObjekt', Resource: '*' }] });
  assert.equal(spanText(text, only(check(text), 'INVALID_ACTION')), '"s3:GetObjekt"');
});

void test('half-typed actions never throw', () => {
  for (const action of [null, 3, {}, [1, null], '', ':', 's3:*', '::']) check(policy(action));
  check('{"Statement": [{"Effect": "Allow", "Action": ["s3:Get');
});
