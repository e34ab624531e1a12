import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, spanText } from '../../helpers/policy';

const SAML = 'arn:aws:iam::111122223333:saml-provider/Okta';
const OIDC = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

function mismatches(principal: object, action: string | string[]): string[] {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: action }] });
  return check(text, { kind: 'trust' }).filter((f) => f.code === 'MISMATCHED_ACTION_FOR_PRINCIPAL').map((f) => spanText(text, f));
}

void test('a Federated principal with sts:AssumeRole gets MISMATCHED_ACTION_FOR_PRINCIPAL on the action', () => {
  assert.deepEqual(mismatches({ Federated: SAML }, 'sts:AssumeRole'), ['"sts:AssumeRole"']);
  assert.deepEqual(mismatches({ Federated: OIDC }, ['sts:AssumeRole', 'sts:TagSession']), ['"sts:AssumeRole"']);
});

void test('SAML and OIDC actions need the matching provider', () => {
  assert.deepEqual(mismatches({ Federated: OIDC }, 'sts:AssumeRoleWithSAML'), ['"sts:AssumeRoleWithSAML"']);
  assert.deepEqual(mismatches({ Federated: SAML }, 'sts:AssumeRoleWithWebIdentity'), ['"sts:AssumeRoleWithWebIdentity"']);
  assert.deepEqual(mismatches({ AWS: 'arn:aws:iam::111122223333:root' }, 'sts:AssumeRoleWithWebIdentity'), ['"sts:AssumeRoleWithWebIdentity"']);
});

void test('matching pairs, "*" principals and wildcard actions pass', () => {
  assert.deepEqual(mismatches({ Federated: SAML }, 'sts:AssumeRoleWithSAML'), []);
  assert.deepEqual(mismatches({ Federated: 'cognito-identity.amazonaws.com' }, 'sts:AssumeRoleWithWebIdentity'), []);
  assert.deepEqual(mismatches({ AWS: 'arn:aws:iam::111122223333:root', Federated: SAML }, ['sts:AssumeRole', 'sts:AssumeRoleWithSAML']), []);
  assert.deepEqual(mismatches({ AWS: '*' }, 'sts:AssumeRoleWithSAML'), []);
  assert.deepEqual(mismatches({ Federated: SAML }, 'sts:AssumeRole*'), []);
  assert.ok(!codes(check(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }), { kind: 'trust' })).length);
});
