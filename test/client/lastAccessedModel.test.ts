import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyCache } from '../../core/trail/cache';
import { importFiles } from '../../core/trail/localFiles';
import type { UsageRow } from '../../core/trail/observation';
import {
  actionDescription,
  filterLastAccessed,
  lastAccessedFromUsage,
  parsePrincipalArn,
  relativeTime,
  serviceDescription,
} from '../../core/usage/lastAccessedModel';
import { INVICTUS, testMapper } from '../trail/helpers';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-21T12:00:00Z');
const APP = 'arn:aws:iam::111122223333:role/service/App';
const ALICE = 'arn:aws:iam::111122223333:user/alice';
const OTHER = 'arn:aws:iam::444455556666:root';

function row(principal: string, action: string, lastSeen: number, count: number, denied = 0): UsageRow {
  return { principal, action, firstSeen: lastSeen - DAY, lastSeen, count, denied, viaService: 0, regions: ['us-east-1'] };
}

const rows: UsageRow[] = [
  row(APP, 's3:GetObject', NOW - 3 * DAY, 1000),
  row(APP, 's3:PutObject', NOW - 5 * DAY, 204),
  row(APP, 'sqs:SendMessage', NOW - 1 * DAY, 7),
  row(APP, 'kms:Decrypt', NOW - 2 * DAY, 0, 4),
  row(ALICE, 'iam:ListRoles', NOW - 10 * DAY, 2),
  row(OTHER, 'ec2:DescribeInstances', NOW - 30 * DAY, 1),
];

void test('groups account -> principal -> service -> action, newest first at every level', () => {
  const tree = lastAccessedFromUsage(rows);
  assert.deepEqual(tree.map((a) => a.account), ['111122223333', '444455556666']);
  const [app, alice] = tree[0]?.principals ?? [];
  assert.deepEqual([app?.arn, alice?.arn], [APP, ALICE]);
  assert.deepEqual(app?.services.map((s) => s.service), ['sqs', 'kms', 's3']);
  const s3 = app?.services.find((s) => s.service === 's3');
  assert.deepEqual(s3?.actions.map((a) => a.action), ['s3:GetObject', 's3:PutObject']);
  assert.deepEqual([s3?.calls, s3?.lastAccessed], [1204, NOW - 3 * DAY]);
  assert.deepEqual([app?.name, app?.kind, app?.calls, app?.denied], ['App', 'role', 1211, 4]);
});

void test('the same principal and action from two folders\' caches is one row: counts add up, the newest call wins', () => {
  const tree = lastAccessedFromUsage([row(APP, 's3:GetObject', NOW - 3 * DAY, 10, 1), row(APP, 's3:GetObject', NOW - DAY, 5)]);
  const s3 = tree[0]?.principals[0]?.services[0];
  assert.deepEqual(s3?.actions, [{ action: 's3:GetObject', lastSeen: NOW - DAY, count: 15, denied: 1 }]);
  assert.equal(s3?.calls, 15);
});

void test('a service only ever denied has no last access', () => {
  const kms = lastAccessedFromUsage(rows)[0]?.principals[0]?.services.find((s) => s.service === 'kms');
  assert.equal(kms?.lastAccessed, undefined);
  assert.equal(serviceDescription(kms!, NOW), 'never allowed · 4 denied');
});

void test('descriptions: relative time and counts', () => {
  const s3 = lastAccessedFromUsage(rows)[0]?.principals[0]?.services.find((s) => s.service === 's3');
  assert.equal(serviceDescription(s3!, NOW), '3 days ago · 1,204 calls');
  assert.equal(actionDescription({ action: 'kms:Decrypt', lastSeen: NOW - DAY, count: 12, denied: 3 }, NOW), 'yesterday · 12 calls, 3 denied');
  assert.deepEqual(
    [0, 30_000, 5 * 60_000, 3 * 3_600_000, 1.5 * DAY, 12 * DAY, 120 * DAY, 800 * DAY].map((ago) => relativeTime(NOW - ago, NOW)),
    ['just now', 'just now', '5 minutes ago', '3 hours ago', 'yesterday', '12 days ago', '4 months ago', '2 years ago'],
  );
});

void test('principal ARNs: account, kind and name without the path', () => {
  assert.deepEqual(parsePrincipalArn(APP), { account: '111122223333', kind: 'role', name: 'App' });
  assert.deepEqual(parsePrincipalArn(ALICE), { account: '111122223333', kind: 'user', name: 'alice' });
  assert.deepEqual(parsePrincipalArn(OTHER), { account: '444455556666', kind: 'root', name: 'root' });
});

void test('filter: principal match keeps the principal whole, service match keeps the service, else matching actions', () => {
  const tree = lastAccessedFromUsage(rows);
  const byPrincipal = filterLastAccessed(tree, 'alice');
  assert.deepEqual(byPrincipal.flatMap((a) => a.principals.map((p) => p.arn)), [ALICE]);
  const byService = filterLastAccessed(tree, 'S3');
  assert.deepEqual(byService[0]?.principals[0]?.services.map((s) => s.actions.length), [2]);
  const byAction = filterLastAccessed(tree, 'putobj');
  const s3 = byAction[0]?.principals[0]?.services[0];
  assert.deepEqual([s3?.service, s3?.actions.map((a) => a.action), s3?.calls], ['s3', ['s3:PutObject'], 204]);
  assert.equal(byAction[0]?.principals[0]?.calls, 204);
  assert.deepEqual(filterLastAccessed(tree, 'nothing-like-this'), []);
  assert.equal(filterLastAccessed(tree, '  ').length, 2);
});

void test('on the real Invictus logs: the expected principals and services, denied calls counted', async () => {
  const { cache } = await importFiles([INVICTUS], { cache: emptyCache(), mapper: testMapper() });
  const tree = lastAccessedFromUsage(cache.snapshot.usage);
  assert.deepEqual(tree.map((a) => a.account), ['123837392027']);
  const principals = tree[0]?.principals ?? [];
  assert.equal(principals.length, 9);
  const bertJan = principals.find((p) => p.name === 'bert-jan');
  assert.ok(bertJan);
  assert.deepEqual([bertJan.calls, bertJan.denied], [2635, 15]);
  const sts = bertJan.services.find((s) => s.service === 'sts');
  assert.deepEqual([sts?.calls, sts?.denied], [24, 13]);
  const getUserData = principals.find((p) => p.name === 'stratus-red-team-get-usr-data-role');
  assert.deepEqual(getUserData?.services.map((s) => [s.service, s.calls, s.denied, s.lastAccessed]), [['ec2', 0, 15, undefined]]);
  // Sorted by recency at every level (a service only ever denied by its newest denied call).
  for (const p of principals) {
    const times = p.services.map((s) => s.lastAccessed ?? Math.max(...s.actions.map((a) => a.lastSeen)));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), p.arn);
  }
});
