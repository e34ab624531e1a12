import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { check, codes, only, spanText } from '../../helpers/policy';

const GITHUB = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
const trust = (federated: string, condition?: unknown) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Federated: federated }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) }],
    },
    null,
    2,
  );
const OIDC_CODES = new Set(['MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', 'MISSING_GITHUB_REPO_CONDITION_KEY', 'SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED']);
const oidcCodes = (text: string) => codes(check(text, { kind: 'trust' })).filter((c) => OIDC_CODES.has(c));

void test('GitHub without a :sub condition gets MISSING_GITHUB_REPO_CONDITION_KEY on the provider', () => {
  const text = trust(GITHUB, { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } });
  assert.equal(spanText(text, only(check(text, { kind: 'trust' }), 'MISSING_GITHUB_REPO_CONDITION_KEY')), JSON.stringify(GITHUB));
  assert.deepEqual(oidcCodes(trust(GITHUB, { StringNotLike: { 'token.actions.githubusercontent.com:sub': 'repo:evil/*' } })), ['MISSING_GITHUB_REPO_CONDITION_KEY']);
});

void test('a :sub that admits any owner or repository gets SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED on the value', () => {
  for (const sub of ['*', 'repo:*', 'repo:my-org/*']) {
    const text = trust(GITHUB, { StringLike: { 'token.actions.githubusercontent.com:sub': sub } });
    assert.equal(spanText(text, only(check(text, { kind: 'trust' }), 'SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED')), JSON.stringify(sub), sub);
  }
  const specific = trust(GITHUB, { StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:my-org/app:ref:refs/heads/main', 'repo:my-org/app:*'] } });
  assert.deepEqual(oidcCodes(specific), []);
});

void test('another OIDC provider without a condition on its claims gets MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', () => {
  const eks = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC';
  const text = trust(eks);
  assert.equal(spanText(text, only(check(text, { kind: 'trust' }), 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL')), JSON.stringify(eks));
  assert.deepEqual(oidcCodes(trust(eks, { StringEquals: { 'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:ns:sa' } })), []);
  assert.deepEqual(oidcCodes(trust('accounts.google.com')), ['MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL']);
  assert.deepEqual(oidcCodes(trust('arn:aws:iam::123456789012:saml-provider/Okta')), []);
});
