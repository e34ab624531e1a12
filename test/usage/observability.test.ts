import { test } from 'node:test';
import assert from 'node:assert/strict';
import dataEvents from '../../data/dataEvents.json';
import notObservable from '../../data/notObservable.json';
import { actionObservability, coveredWindow } from '../../core/usage/observability';
import { testCatalog } from '../helpers/policy';
import { NOW, SETTINGS, STEAL_ROLE, invictusIndex } from './helpers';

const DAY = 86_400_000;
const action = (name: string) => {
  const [service = '', act = ''] = name.split(':');
  const found = testCatalog().action(service, act);
  assert.ok(found, `${name} is in the catalog`);
  return found;
};

void test('every action and pattern of the data/ tables exists in the catalog', () => {
  for (const name of [...Object.keys(notObservable.permissionOnly), ...Object.values(dataEvents).flat()]) action(name);
  for (const pattern of Object.keys(notObservable.notLogged)) assert.ok(testCatalog().expand(pattern).length > 0, pattern);
  for (const [service, actions] of Object.entries(dataEvents)) assert.ok(actions.every((a) => a.startsWith(`${service}:`)), service);
});

void test('used, unused and each not-observable reason', async () => {
  const index = await invictusIndex();
  const judge = (name: string, settings = SETTINGS, now = NOW, principal = STEAL_ROLE) => {
    const v = actionObservability(principal, action(name), index, settings, now);
    return v.state === 'notObservable' ? v.reason : v.state;
  };
  assert.equal(judge('ssm:GetDocument'), 'used');
  assert.equal(judge('ec2:DescribeVolumes'), 'unused');
  assert.equal(judge('iam:PassRole'), 'permission-only');
  assert.equal(judge('s3:GetObject'), 'data-events-missing');
  assert.equal(judge('lambda:InvokeFunction'), 'data-events-missing');
  assert.equal(judge('execute-api:Invoke'), 'not-logged');
  assert.equal(judge('es:ESHttpGet'), 'not-logged');
  assert.equal(judge('rds-db:connect'), 'not-logged');
  assert.equal(judge('ec2:DescribeVolumes', SETTINGS, NOW, 'arn:aws:iam::999999999999:role/Elsewhere'), 'account-not-covered');
  assert.equal(judge('ec2:DescribeVolumes', { ...SETTINGS, minCoverageDays: 30 }), 'insufficient-history');
  assert.equal(judge('ec2:DescribeVolumes', SETTINGS, NOW + 8 * DAY), 'insufficient-history');
  assert.equal(judge('ssm:GetDocument', SETTINGS, NOW + 200 * DAY), 'insufficient-history');
});

void test('the covered window says why it is insufficient', async () => {
  const index = await invictusIndex();
  assert.equal(coveredWindow(index, SETTINGS, NOW).insufficient, undefined);
  assert.match(coveredWindow(index, { ...SETTINGS, minCoverageDays: 30 }, NOW).insufficient ?? '', /less than the 30 days/);
  assert.match(coveredWindow(index, SETTINGS, NOW + 8 * DAY).insufficient ?? '', /more than 7 days old/);
});
