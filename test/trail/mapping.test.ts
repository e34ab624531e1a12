import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import eventSources from '../../data/eventSources.json';
import renames from '../../data/renames.json';
import passRole from '../../data/passRole.json';
import { stripVersionSuffix } from '../../core/trail/suffix';
import { observe } from '../../core/trail/observe';
import { testCatalog } from '../helpers/policy';
import { INVICTUS, apiCall, testMapper } from './helpers';

void test('at least 98% of the Invictus AwsApiCall records map to catalog actions', () => {
  const mapper = testMapper();
  let calls = 0;
  let mapped = 0;
  for (const file of readdirSync(INVICTUS)) {
    const { Records } = JSON.parse(readFileSync(join(INVICTUS, file), 'utf8')) as { Records: Record<string, unknown>[] };
    for (const record of Records) {
      if (record.eventType !== 'AwsApiCall') continue;
      calls++;
      const obs = observe(record, mapper);
      if (!('reason' in obs) && obs.actions.length > 0) mapped++;
    }
  }
  const share = mapped / calls;
  console.log(`mapping coverage on Invictus: ${mapped}/${calls} AwsApiCall records = ${(share * 100).toFixed(2)}%`);
  assert.ok(calls > 2800);
  assert.ok(share >= 0.98);
});

void test('every target in data/ exists in the catalog, spelled as the catalog spells it', () => {
  const catalog = testCatalog();
  const prefixes = new Set(catalog.servicePrefixes());
  for (const prefix of Object.values(eventSources)) assert.ok(prefixes.has(prefix), prefix);
  const spelled = (target: string): string => {
    const [service = '', name = ''] = target.split(':');
    const action = catalog.action(service, name);
    return `${action?.service}:${action?.name}`;
  };
  for (const target of [...Object.values(renames).flat(), 'iam:PassRole']) assert.equal(spelled(target), target);
  // passRole.json is keyed by event (before renames): each must be a catalog action or a renamed event.
  for (const event of Object.keys(passRole)) assert.ok(spelled(event) === event || event in renames, event);
});

void test('suffix stripping changes no catalog action ending in a digit, v or _', () => {
  const catalog = testCatalog();
  const risky = catalog.servicePrefixes().flatMap((p) => catalog.actionsOf(p)).filter((a) => /[\dvV_]$/.test(a.name));
  assert.ok(risky.length >= 60, `only ${risky.length} risky names`);
  for (const action of risky) assert.equal(stripVersionSuffix(action.name), action.name, `${action.service}:${action.name}`);
  assert.equal(stripVersionSuffix('ListFunctions20150331'), 'ListFunctions');
  assert.equal(stripVersionSuffix('GetFunction20150331v2'), 'GetFunction');
  assert.equal(stripVersionSuffix('CreateDistribution2020_05_31'), 'CreateDistribution');
});

function actionsOf(overrides: Record<string, unknown>): readonly string[] {
  const obs = observe(apiCall(overrides), testMapper());
  assert.ok(!('reason' in obs));
  return obs.actions;
}

void test('sources, versions, renames and multi-action events map to catalog spellings', () => {
  assert.deepEqual(actionsOf({ eventSource: 'lambda.amazonaws.com', eventName: 'ListFunctions20150331' }), ['lambda:ListFunctions']);
  assert.deepEqual(actionsOf({ eventSource: 'monitoring.amazonaws.com', eventName: 'DescribeAlarms' }), ['cloudwatch:DescribeAlarms']);
  assert.deepEqual(actionsOf({ eventSource: 'kafka.amazonaws.com', eventName: 'CreateClusterV2' }), ['kafka:CreateClusterV2']);
  assert.deepEqual(actionsOf({ eventName: 'ListBuckets' }), ['s3:ListAllMyBuckets']);
  assert.deepEqual(actionsOf({ eventName: 'GetBucketCors' }), ['s3:GetBucketCORS']);
  assert.deepEqual(actionsOf({ eventName: 'CopyObject' }), ['s3:PutObject', 's3:GetObject']);
  assert.deepEqual(actionsOf({ eventSource: 'kms.amazonaws.com', eventName: 'ReEncrypt' }), ['kms:ReEncryptFrom', 'kms:ReEncryptTo']);
  assert.deepEqual(actionsOf({ eventName: 'CreateSession' }), ['s3express:CreateSession']);
});

void test('a role in the request parameters adds iam:PassRole', () => {
  const ec2 = { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' };
  assert.deepEqual(actionsOf(ec2), ['ec2:RunInstances']);
  assert.deepEqual(actionsOf({ ...ec2, requestParameters: { iamInstanceProfile: { name: 'web' } } }), ['ec2:RunInstances', 'iam:PassRole']);
  const lambda = { eventSource: 'lambda.amazonaws.com', eventName: 'UpdateFunctionConfiguration20150331v2' };
  assert.deepEqual(actionsOf({ ...lambda, requestParameters: { role: 'arn:aws:iam::1:role/r' } }), ['lambda:UpdateFunctionConfiguration', 'iam:PassRole']);
  const cfn = { eventSource: 'cloudformation.amazonaws.com', eventName: 'CreateStack', requestParameters: { roleARN: 'arn:aws:iam::1:role/r' } };
  assert.deepEqual(actionsOf(cfn), ['cloudformation:CreateStack', 'iam:PassRole']);
  const replication = { eventName: 'PutBucketReplication', requestParameters: { ReplicationConfiguration: { Role: 'arn:aws:iam::1:role/r' } } };
  assert.deepEqual(actionsOf(replication), ['s3:PutReplicationConfiguration', 'iam:PassRole']);
});

void test('unknown events are unmapped, never guessed; non-API events map to nothing', () => {
  const obs = observe(apiCall({ eventSource: 'example.amazonaws.com', eventName: 'DoThing' }), testMapper());
  assert.ok(!('reason' in obs) && obs.unmapped && obs.actions.length === 0);
  assert.equal(obs.unmappedName, 'example.amazonaws.com:DoThing');
  const signIn = observe(apiCall({ eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn' }), testMapper());
  assert.ok(!('reason' in signIn) && !signIn.unmapped && signIn.actions.length === 0);
});
