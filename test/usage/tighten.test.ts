import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTextEdits } from '../../core/fixes/edit';
import { parsePolicy } from '../../core/policy/parse';
import { validatePolicy } from '../../core/validate';
import { usageFixes } from '../../core/usage/fixes';
import { tightenPolicy } from '../../core/usage/tighten';
import { generatePolicy } from '../../core/usage/generate';
import { testCatalog } from '../helpers/policy';
import { ROLE_POLICY, STEAL_ROLE, TIGHTENED, findingsOf, invictusContext, invictusIndex } from './helpers';

const binding = { path: 'policies/steal.json', principal: STEAL_ROLE };

const errors = (text: string) => validatePolicy(text, { catalog: testCatalog(), kind: 'identity' }).findings.filter((f) => f.severity === 'error');

void test('tighten: wildcard narrowed, unused removed, empty statement removed, the rest untouched; valid and idempotent', async () => {
  const context = await invictusContext();
  const result = tightenPolicy(ROLE_POLICY, 'identity', binding, context);
  assert.equal(result.text, TIGHTENED);
  assert.equal(applyTextEdits(ROLE_POLICY, result.edits), TIGHTENED);
  // One edit per statement, each with what it does, for the refactor preview.
  assert.deepEqual(result.labels, [
    'Statement "Ec2": remove ec2:DescribeVolumes; narrow ssm:Get* to ssm:GetDocument',
    'Statement "Unused": remove the statement, nothing it grants was used (ec2:TerminateInstances)',
  ]);
  assert.ok(result.notes.some((n) => n.includes('NotAction')));
  assert.deepEqual(errors(result.text), []);
  const again = tightenPolicy(result.text, 'identity', binding, context);
  assert.deepEqual([again.edits, again.text], [[], result.text]);
});

void test('tighten keeps a one-line policy on one line and valid, whichever items go', async () => {
  const context = await invictusContext();
  const oneLine = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes"], "Resource": "*"}, {"Effect": "Allow", "Action": ["ec2:TerminateInstances", "ssm:Get*"], "Resource": "*"}]}';
  const result = tightenPolicy(oneLine, 'identity', binding, context);
  assert.equal(
    result.text,
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:DescribeInstances"], "Resource": "*"}, {"Effect": "Allow", "Action": "ssm:GetDocument", "Resource": "*"}]}',
  );
  assert.deepEqual(errors(result.text), []);
});

void test('tighten can drop not-observable actions when asked; and does nothing on insufficient history', async () => {
  const dropped = tightenPolicy(ROLE_POLICY, 'identity', binding, await invictusContext(), { keepNotObservable: false });
  assert.match(dropped.text, /"Action": \[\n {8}"ec2:DescribeInstances",\n {8}"ssm:GetDocument"\n {6}\]/);
  const short = tightenPolicy(ROLE_POLICY, 'identity', binding, await invictusContext({ minCoverageDays: 30 }), { keepNotObservable: false });
  assert.deepEqual([short.edits, short.text], [[], ROLE_POLICY]);
  assert.match(short.notes[0] ?? '', /less than the 30 days/);
});

void test('fixes: remove one action, all in the statement, all in the document; narrow a wildcard', async () => {
  const context = await invictusContext();
  const { document } = parsePolicy(ROLE_POLICY);
  const findings = findingsOf(ROLE_POLICY, 'identity', binding, context);
  const unused = findings.find((f) => f.data?.action === 'ec2:DescribeVolumes')!;
  const fixes = usageFixes(document, unused, findings);
  assert.deepEqual(fixes.map((f) => f.title), ['Remove unused action ec2:DescribeVolumes', 'Remove all 2 unused actions in this document']);
  const one = applyTextEdits(ROLE_POLICY, fixes[0]!.edits);
  assert.equal(one, ROLE_POLICY.replace('        "ec2:DescribeVolumes",\n', ''));
  const all = applyTextEdits(ROLE_POLICY, fixes[1]!.edits);
  assert.equal(all, one.replace(/ {4}\{\n {6}"Sid": "Unused",[^}]*\},\n/, ''));
  const wildcard = findings.find((f) => f.code === 'UNUSED_WILDCARD')!;
  const [narrow] = usageFixes(document, wildcard, findings);
  assert.equal(narrow?.title, 'Narrow ssm:Get* to the 1 observed actions');
  const narrowed = applyTextEdits(ROLE_POLICY, narrow!.edits);
  assert.match(narrowed, /"ec2:DescribeVolumes",\n {8}"ssm:GetDocument",\n {8}"s3:GetObject"/);
  assert.ok(!findingsOf(narrowed, 'identity', binding, context).some((f) => f.code === 'UNUSED_WILDCARD'));
});

void test('fixes: removing the only action of a statement removes the statement', async () => {
  const context = await invictusContext();
  const findings = findingsOf(ROLE_POLICY, 'identity', binding, context);
  const terminate = findings.find((f) => f.data?.action === 'ec2:TerminateInstances')!;
  const [fix] = usageFixes(parsePolicy(ROLE_POLICY).document, terminate, findings);
  const text = applyTextEdits(ROLE_POLICY, fix!.edits);
  assert.ok(!text.includes('"Unused"') && !text.includes('TerminateInstances'));
  assert.deepEqual(errors(text), []);
});

void test('generate: one statement per service granting exactly the observed allowed actions', async () => {
  const index = await invictusIndex();
  const generated = generatePolicy(STEAL_ROLE, index);
  const policy = JSON.parse(generated.text) as { Statement: { Sid: string; Action: string[]; Resource: string }[] };
  assert.deepEqual(policy.Statement.map((s) => s.Sid), ['Ec2', 'Ssm', 'Sts']);
  const observed = [...index.usageOf(STEAL_ROLE).values()].filter((r) => r.count > 0).map((r) => r.action).sort();
  assert.deepEqual(policy.Statement.flatMap((s) => s.Action).sort(), observed);
  assert.ok(policy.Statement.every((s) => s.Resource === '*'));
  assert.ok(generated.notes.some((n) => n.includes('"Resource": "*"')));
  assert.deepEqual(errors(generated.text), []);
  const denied = JSON.parse(generatePolicy(`arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role`, index).text) as { Statement: unknown[] };
  assert.deepEqual(denied.Statement, []);
});

void test('generate: Sids are alphanumeric for hyphenated services', async () => {
  const index = await invictusIndex();
  const text = generatePolicy('arn:aws:iam::123837392027:user/bert-jan', index).text;
  assert.match(text, /"Sid": "DevopsGuru"/);
  assert.deepEqual(errors(text), []);
});
