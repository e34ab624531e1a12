import { test } from 'node:test';
import { POLICY_KINDS } from '../../../core/policy/document';
import { check } from '../../helpers/policy';

// Every element the grammar, policy-type and size rules read, so each prefix cuts one of them half-way.
const policy = JSON.stringify(
  {
    Version: '2012-10-17',
    Id: 'x',
    Statement: [
      {
        Sid: 'A 1',
        Effect: 'allow',
        Principal: { AWS: ['arn:aws:iam::111122223333:root', []], Federated: 'arn:aws:iam::1:saml-provider/x' },
        NotPrincipal: {},
        Action: ['sts:AssumeRole', 's3:Get*', 'ec2:*', []],
        NotAction: [],
        Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x', 'arn:aws:s3:::c', 3],
        Condition: { StringEquals: { 'aws:username': [], 'aws:UserName': 'x' }, Bool: {} },
        Extra: 1,
      },
      { Sid: 'A 1', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: {} },
      { Sid: '', Effect: 'Deny', Action: 's3:*', Resource: '*' },
    ],
  },
  null,
  1,
);

void test('every prefix of a policy, as every kind, validates without a rule throwing', () => {
  // check() turns a rule's exception into a test failure.
  for (let end = 0; end <= policy.length; end += 3) {
    for (const kind of POLICY_KINDS) check(policy.slice(0, end), { kind, attachedTo: 'user' });
  }
});
