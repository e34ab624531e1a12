import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, spanText } from '../../helpers/policy';

function rcp(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

function findings(text: string, code: string): string[] {
  return check(text, { kind: 'rcp' }).filter((f) => f.code === code).map((f) => spanText(text, f));
}

const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } } };

void test('RCPFullAWSAccess and a Deny with Principal "*" are valid RCPs', () => {
  const full = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
  assert.deepEqual(codes(check(rcp(full, deny), { kind: 'rcp' })), []);
});

void test('any other Allow gets RCP_SYNTAX_ERROR on the Effect', () => {
  assert.deepEqual(findings(rcp({ ...deny, Effect: 'Allow' }), 'RCP_SYNTAX_ERROR'), ['"Allow"']);
});

void test('a Principal other than "*", NotPrincipal and NotAction get RCP_SYNTAX_ERROR', () => {
  assert.deepEqual(findings(rcp({ ...deny, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }), 'RCP_SYNTAX_ERROR'), ['{"AWS":"arn:aws:iam::111122223333:root"}']);
  const negated = { Effect: 'Deny', NotPrincipal: { AWS: '*' }, NotAction: 's3:GetObject', Resource: '*' };
  assert.deepEqual(findings(rcp(negated), 'RCP_SYNTAX_ERROR'), ['"NotPrincipal"', '"NotAction"']);
});

void test('an action of a service RCPs do not cover gets RCP_UNSUPPORTED_SERVICE', () => {
  assert.deepEqual(findings(rcp({ ...deny, Action: ['s3:GetObject', 'ec2:RunInstances', 'sts:AssumeRole', '*'] }), 'RCP_UNSUPPORTED_SERVICE'), ['"ec2:RunInstances"']);
});
