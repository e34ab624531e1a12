import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UsageRow, UsageSnapshot } from '../../core/trail/observation';
import { emptyCache } from '../../core/trail/cache';
import { TrailIndex } from '../../core/usage/trailIndex';
import { ACCOUNT, BENJAMIN, STEAL_ROLE, invictusIndex } from './helpers';

function snapshotOf(usage: UsageRow[]): UsageSnapshot {
  return { ...emptyCache().snapshot, usage };
}

function row(principal: string, action: string, lastSeen = 1000, count = 1, denied = 0): UsageRow {
  return { principal, action, firstSeen: lastSeen, lastSeen, count, denied, viaService: 0, regions: ['us-east-1'] };
}

void test('principals of the Invictus history with account, kind, name and last activity', async () => {
  const index = await invictusIndex();
  const principals = index.principals();
  assert.equal(principals.length, 9);
  const steal = principals.find((p) => p.arn === STEAL_ROLE);
  assert.deepEqual(steal, { arn: STEAL_ROLE, account: ACCOUNT, kind: 'role', name: 'stratus-red-team-ec2-steal-credentials-role', lastActivity: Date.parse('2023-07-10T12:07:39Z') });
  assert.equal(principals.find((p) => p.arn === BENJAMIN)?.kind, 'user');
  assert.deepEqual(index.coverage.accounts, [ACCOUNT]);
  assert.deepEqual(index.coverage.regions, ['us-east-1']);
  assert.deepEqual([index.coverage.readEvents, index.coverage.dataEvents], [true, {}]);
});

void test('lookup by ARN or role name; usage and lastSeen are case-insensitive on the action', async () => {
  const index = await invictusIndex();
  assert.equal(index.principal('stratus-red-team-ec2-steal-credentials-role').principal?.arn, STEAL_ROLE);
  assert.equal(index.principal(STEAL_ROLE).principal?.arn, STEAL_ROLE);
  assert.equal(index.usage(STEAL_ROLE, 'SSM:getdocument')?.count, 1);
  assert.equal(index.lastSeen(STEAL_ROLE, 'ssm:GetDocument'), Date.parse('2023-07-10T11:57:45Z'));
  assert.equal(index.lastSeen(STEAL_ROLE, 'ec2:TerminateInstances'), undefined);
});

void test('a denied-only action has no lastSeen', async () => {
  const index = await invictusIndex();
  const role = `arn:aws:iam::${ACCOUNT}:role/stratus-red-team-ec2-get-password-data-role`;
  assert.equal(index.usage(role, 'ec2:GetPasswordData')?.denied, 29);
  assert.equal(index.lastSeen(role, 'ec2:GetPasswordData'), undefined);
});

void test('a name shared by two roles is ambiguous and returns the candidates; a role wins over a user', () => {
  const index = TrailIndex.build(
    snapshotOf([
      row('arn:aws:iam::111111111111:role/App', 's3:ListAllMyBuckets'),
      row('arn:aws:iam::222222222222:role/team/App', 's3:ListAllMyBuckets'),
      row('arn:aws:iam::111111111111:user/Ops', 's3:ListAllMyBuckets'),
      row('arn:aws:iam::111111111111:role/Ops', 's3:ListAllMyBuckets'),
    ]),
  );
  const app = index.principal('app');
  assert.equal(app.principal, undefined);
  assert.deepEqual(app.candidates?.map((c) => c.arn).sort(), ['arn:aws:iam::111111111111:role/App', 'arn:aws:iam::222222222222:role/team/App']);
  assert.equal(index.principal('Ops').principal?.arn, 'arn:aws:iam::111111111111:role/Ops');
  assert.deepEqual(index.principal('Nobody').candidates, []);
});

void test('service summaries for the Last Accessed panel: most recent first, calls and denied', async () => {
  const index = await invictusIndex();
  const services = index.services(STEAL_ROLE);
  assert.deepEqual(
    services.map((s) => [s.service, new Date(s.lastAccessed).toISOString(), s.calls, s.denied, s.actions.length]),
    [
      ['ssm', '2023-07-10T12:07:39.000Z', 13, 0, 6],
      ['ec2', '2023-07-10T11:57:22.000Z', 1, 0, 1],
      ['sts', '2023-07-10T11:57:22.000Z', 1, 0, 1],
    ],
  );
  assert.ok(index.daily(STEAL_ROLE).every((d) => d.principal === STEAL_ROLE));
  assert.ok(index.daily(STEAL_ROLE).length > 0);
});

// Build time for 1,000,000 rows is measured by npm run bench:import, not asserted here.
void test('looks up every row of a large index', () => {
  const usage: UsageRow[] = [];
  const regions = ['us-east-1'];
  for (let p = 0; p < 100; p++) {
    const principal = `arn:aws:iam::111122223333:role/r${p}`;
    for (let a = 0; a < 100; a++) usage.push({ principal, action: `svc${a % 50}:Action${a}`, firstSeen: a, lastSeen: a, count: 1, denied: 0, viaService: 0, regions });
  }
  const index = TrailIndex.build(snapshotOf(usage));
  assert.equal(index.usage('arn:aws:iam::111122223333:role/r99', 'svc49:action99')?.lastSeen, 99);
  assert.equal(index.usage('arn:aws:iam::111122223333:role/r0', 'SVC0:ACTION0')?.lastSeen, 0);
});
