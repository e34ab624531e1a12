import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../../core/policy/parse';
import { applyTextEdits } from '../../core/fixes/edit';
import { usageFixes } from '../../core/usage/fixes';
import { usageEvidence } from '../../core/usage/evidence';
import { PASSWORD_ROLE, ROLE_POLICY, STEAL_ROLE, findingsOf, invictusContext, located } from './helpers';

const binding = { path: 'policies/steal.json', principal: 'stratus-red-team-ec2-steal-credentials-role' };

void test('used / unused / not observable split on the exact literals; KEEP, Deny and NotAction statements are never flagged', async () => {
  const findings = findingsOf(ROLE_POLICY, 'identity', binding, await invictusContext());
  assert.deepEqual(located(ROLE_POLICY, findings), [
    'UNUSED_ACTION@9:"ec2:DescribeVolumes"',
    'UNUSED_WILDCARD@10:"ssm:Get*"',
    'NOT_OBSERVABLE@11:"s3:GetObject"',
    'NOT_OBSERVABLE@12:"iam:PassRole"',
    'UNUSED_ACTION@19:"ec2:TerminateInstances"',
  ]);
  assert.deepEqual(findings[1]?.data?.actions, ['ssm:GetDocument']);
  assert.deepEqual(findings.map((f) => f.data?.reason).filter(Boolean), ['data-events-missing', 'permission-only']);
  assert.deepEqual(findings.map((f) => f.severity), ['warning', 'warning', 'hint', 'hint', 'warning']);
});

void test('a configurable keep marker; severities follow overrides, off drops the code', async () => {
  const marked = ROLE_POLICY.replace('"Sid": "Unused"', '"Sid": "HoldUnused"');
  const context = await invictusContext({ keepMarker: 'Hold', severity: { NOT_OBSERVABLE: 'off', UNUSED_ACTION: 'error' } });
  assert.deepEqual(located(marked, findingsOf(marked, 'identity', binding, context)).map((l) => l.split(':"')[0]), [
    'UNUSED_ACTION@9',
    'UNUSED_WILDCARD@10',
    'UNUSED_ACTION@25',
  ]);
  assert.equal(findingsOf(marked, 'identity', binding, context)[0]?.severity, 'error');
});

void test('insufficient history: nothing is unused, the actions are not observable', async () => {
  const findings = findingsOf(ROLE_POLICY, 'identity', binding, await invictusContext({ minCoverageDays: 30 }));
  assert.ok(!findings.some((f) => f.code === 'UNUSED_ACTION' || f.code === 'UNUSED_WILDCARD'));
  assert.deepEqual(findings.filter((f) => f.data?.reason === 'insufficient-history').map((f) => f.data?.action), ['ec2:DescribeVolumes', 'ec2:TerminateInstances']);
});

void test('an unbound or unknown principal gives no usage findings', async () => {
  const context = await invictusContext();
  assert.deepEqual(findingsOf(ROLE_POLICY, 'identity', undefined, context), []);
  assert.deepEqual(findingsOf(ROLE_POLICY, 'identity', { path: 'x', principal: 'NoSuchRole' }, context), []);
});

void test('DENIED_IN_TRAIL on the Action of the statement of the same service, and its fix adds the action', async () => {
  const text = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*" },
    { "Effect": "Allow", "Action": ["ec2:DescribeInstances"], "Resource": "*" }
  ]
}`;
  const findings = findingsOf(text, 'identity', { path: 'p', principal: PASSWORD_ROLE }, await invictusContext());
  const denied = findings.filter((f) => f.code === 'DENIED_IN_TRAIL');
  assert.deepEqual(located(text, denied), ['DENIED_IN_TRAIL@5:["ec2:DescribeInstances"]']);
  assert.equal(denied[0]?.data?.action, 'ec2:GetPasswordData');
  const [fix] = usageFixes(parsePolicy(text).document, denied[0]!, findings);
  const fixed = applyTextEdits(text, fix?.edits ?? []);
  assert.equal(findingsOf(fixed, 'identity', { path: 'p', principal: PASSWORD_ROLE }, await invictusContext()).filter((f) => f.code === 'DENIED_IN_TRAIL').length, 0);
  assert.match(fixed, /"ec2:DescribeInstances",\s*"ec2:GetPasswordData"/);
});

void test('SCP Deny statements matching observed allowed calls; aws:RequestedRegion evaluated, other conditions may block', async () => {
  const scp = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "OnlyEu", "Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*",
      "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1"] } } },
    { "Sid": "NotEu", "Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*",
      "Condition": { "StringEquals": { "aws:RequestedRegion": "eu-west-1" } } },
    { "Sid": "NoIam", "Effect": "Deny", "Action": "iam:Create*", "Resource": "*",
      "Condition": { "ArnNotLike": { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin" } } },
    { "Sid": "AllButSsm", "Effect": "Deny", "NotAction": ["ssm:*"], "Resource": "*" },
    { "Effect": "Allow", "Action": "*", "Resource": "*" }
  ]
}`;
  const findings = findingsOf(scp, 'scp', undefined, await invictusContext());
  assert.deepEqual(located(scp, findings).map((l) => l.slice(0, 30)), ['SCP_BLOCKS_OBSERVED@4:"ec2:Run', 'SCP_BLOCKS_OBSERVED@8:"iam:Cre', 'SCP_BLOCKS_OBSERVED@10:["ssm:*']);
  assert.deepEqual([findings[0]?.data?.count, findings[0]?.data?.may], [8, false]);
  assert.equal(findings[0]?.data?.principals?.toString().split(',')[0], 'arn:aws:iam::123837392027:user/bert-jan');
  assert.deepEqual([findings[1]?.data?.count, findings[1]?.data?.may], [26, true]);
  const index = (await invictusContext()).index;
  const notSsm = index.principals().flatMap((p) => [...index.usageOf(p.arn).values()]).filter((r) => !r.action.startsWith('ssm:'));
  assert.equal(findings[2]?.data?.count, notSsm.reduce((n, r) => n + r.count, 0));
});

void test('hover evidence for a used, an unused and a not-observable action', async () => {
  const context = await invictusContext();
  const used = usageEvidence('ssm:GetDocument', { path: 'p', principal: STEAL_ROLE }, context) ?? '';
  assert.match(used, /last seen 2023-07-10T11:57:45Z/);
  assert.match(used, /1 call allowed/);
  assert.match(used, /Regions: us-east-1/);
  assert.match(usageEvidence('ec2:DescribeVolumes', binding, context) ?? '', /never allowed between 2023-07-10 and 2023-07-10/);
  assert.match(usageEvidence('iam:PassRole', binding, context) ?? '', /not observable \(permission-only\)/);
  assert.equal(usageEvidence('ec2:DescribeVolumes', undefined, context), undefined);
});
