import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanBegin, scanEnd, scannedFile, scannedRecords, scanRelease, scanWrite, setInternLimits } from '../../core/trail/trailScan';
import { aggregateScanned } from '../../core/trail/scanAggregate';
import { UsageBuilder } from '../../core/trail/usage';
import type { SourceInfo } from '../../core/trail/observation';
import { INVICTUS, apiCall, testMapper } from './helpers';

const mapper = testMapper();
const SOURCE: SourceInfo = { kind: 'files', id: 'scanned' };

/** What one way of aggregating gave: the builder's snapshot and delta, records used and reasons per file. */
interface Outcome {
  readonly snapshot: ReturnType<UsageBuilder['snapshot']>;
  readonly delta: ReturnType<UsageBuilder['delta']>;
  readonly used: number[];
  readonly reasons: string[][];
}

/**
 * Scans each text and aggregates it both ways into a builder per way: the fast way (aggregateScanned, from the
 * scanner's ids) and the exact way (scannedRecords + addRecord). Returns both, and how many records the fast way
 * took from their ids and the interning epochs the files were scanned in.
 */
function bothWays(texts: readonly (string | Buffer)[]): { fast: Outcome; exact: Outcome; byIds: number; epochs: number[] } {
  const fastBuilder = new UsageBuilder(mapper);
  const exactBuilder = new UsageBuilder(mapper);
  const fast: Outcome = { snapshot: fastBuilder.snapshot(), delta: fastBuilder.delta(), used: [], reasons: [] };
  const exact: Outcome = { snapshot: exactBuilder.snapshot(), delta: exactBuilder.delta(), used: [], reasons: [] };
  const epochs: number[] = [];
  let byIds = 0;
  for (const text of texts) {
    const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
    assert.ok(scanBegin(bytes.length));
    try {
      assert.ok(scanWrite(bytes));
      const count = scanEnd();
      assert.ok(count >= 0, `refused (${count}): ${bytes.subarray(0, 80).toString()}`);
      const file = scannedFile(count);
      assert.ok(file);
      epochs.push(file.epoch);
      const aggregate = aggregateScanned(file, fastBuilder, SOURCE);
      byIds += aggregate.fast;
      fast.used.push(aggregate.used);
      fast.reasons.push(aggregate.reasons);
      const reasons: string[] = [];
      let used = 0;
      for (const record of scannedRecords(count)) {
        const reason = exactBuilder.addRecord(record, SOURCE);
        if (reason === undefined) used++;
        else reasons.push(reason);
      }
      exact.used.push(used);
      exact.reasons.push(reasons);
    } finally {
      scanRelease();
    }
  }
  return {
    fast: { ...fast, snapshot: fastBuilder.snapshot(), delta: fastBuilder.delta() },
    exact: { ...exact, snapshot: exactBuilder.snapshot(), delta: exactBuilder.delta() },
    byIds,
    epochs,
  };
}

/** Asserts both ways agree on `texts`; returns how many records the fast way took from their ids. */
function assertSame(texts: readonly (string | Buffer)[], label: string): { byIds: number; epochs: number[] } {
  const { fast, exact, byIds, epochs } = bothWays(texts);
  assert.deepEqual(fast.reasons, exact.reasons, `${label}: reasons`);
  assert.deepEqual(fast.used, exact.used, `${label}: records used`);
  assert.deepEqual(fast.snapshot, exact.snapshot, `${label}: snapshot`);
  assert.deepEqual(fast.delta, exact.delta, `${label}: delta`);
  return { byIds, epochs };
}

/** A trail file of these records. */
function trail(records: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ Records: records });
}

const ALICE = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' };
const ROLE = 'arn:aws:iam::111122223333:role/deploy';
const session = (issuer: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'AssumedRole',
  arn: 'arn:aws:sts::111122223333:assumed-role/deploy/s1',
  accountId: '111122223333',
  sessionContext: { sessionIssuer: { type: 'Role', arn: issuer } },
  ...extra,
});

/** Records of every case the fast way decides, or must leave to the exact way. */
function cases(): Record<string, unknown>[] {
  const identities: unknown[] = [
    ALICE,
    { ...ALICE, arn: '' },
    { type: 'IAMUser', accountId: '111122223333' },
    { ...ALICE, invokedBy: 'cloudformation.amazonaws.com' },
    { ...ALICE, invokedBy: 7 },
    session(ROLE),
    session(ROLE, { type: 'FederatedUser' }),
    session('arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS'),
    session(''),
    session(5),
    session(null),
    session(['x']),
    session({ arn: ROLE }),
    { ...session(ROLE), sessionContext: 'odd' },
    { ...session(ROLE), sessionContext: { sessionIssuer: 'odd' } },
    { ...session(ROLE), sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::1:role/r\u00e9' } } },
    { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
    { type: 'Root', accountId: '444455556666' },
    { type: 'Root', accountId: '' },
    { type: 'Root' },
    { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
    { type: 'AWSAccount', accountId: '777788889999', invokedBy: 'x' },
    { type: 7, arn: ROLE },
    { type: null },
    { type: ['IAMUser'], arn: ROLE },
    'odd',
    null,
    7,
    [ALICE],
    {},
  ];
  const errors: Record<string, unknown>[] = [
    {},
    { errorCode: 'AccessDenied', errorMessage: 'User: x is not authorized to perform: iam:ListUsers on resource: y' },
    { errorCode: 'AccessDenied' },
    { errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.' },
    { errorCode: 'AccessDeniedException', errorMessage: 'not authorized to perform: ec2:NoSuchAction because' },
    { errorCode: 'ValidationError', errorMessage: 'User: x is not authorized to perform: sts:AssumeRole on y' },
    { errorCode: 'ValidationError', errorMessage: 'bad input' },
    { errorCode: 'ThrottlingException' },
    { errorCode: 'NoSuchEntity', errorMessage: 5 },
    { errorCode: 5, errorMessage: 'not authorized to perform: iam:ListUsers' },
    { errorCode: null },
    { errorCode: 'AccessDenied\u00e9' },
    { errorCode: 'AuthorizationError', errorMessage: 'not authorized to perform: s3:GetObject' },
    { errorCode: ['AccessDenied'] },
    { errorCode: 'SomeError', errorMessage: { text: 'not authorized to perform: iam:ListUsers' } },
  ];
  const events: Record<string, unknown>[] = [
    { eventSource: 'iam.amazonaws.com', eventName: 'ListUsers' },
    { eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', awsRegion: 'eu-west-1' },
    { eventSource: 'lambda.amazonaws.com', eventName: 'ListFunctions20150331' },
    { eventSource: 'lambda.amazonaws.com', eventName: 'CreateFunction20150331', requestParameters: { functionName: 'f', role: ROLE } },
    { eventSource: 'lambda.amazonaws.com', eventName: 'CreateFunction20150331', requestParameters: { functionName: 'f' } },
    { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', requestParameters: { iamInstanceProfile: { arn: 'p' } } },
    { eventSource: 'example.amazonaws.com', eventName: 'DoThing' },
    { eventSource: 'iam.amazonaws.com', eventName: 'NoSuchIamAction' },
    { eventSource: 's3.amazonaws.com', eventName: 'GetObject', requestParameters: { bucketName: 'logs', key: 'k' }, eventCategory: 'Data', managementEvent: false, readOnly: true },
    { eventSource: 's3.amazonaws.com', eventName: 'PutObject', resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::data/k' }], eventCategory: 'Data', readOnly: false },
    { eventSource: 's3.amazonaws.com', eventName: 'CopyObject', requestParameters: { bucketName: 'dst', 'x-amz-copy-source': '/src%2Dbucket/k' } },
    { eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' },
    { eventSource: 's3.amazonaws.com', eventName: 'UploadPartCopy', requestParameters: { bucketName: 'dst', 'x-amz-copy-source': 'src/k' }, eventCategory: 'Data', readOnly: false },
    { eventSource: 's3.amazonaws.com', eventName: 'GetBucketPolicy', requestParameters: { bucketName: 5 }, resources: [{ type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::fallback' }] },
    { eventSource: 's3.amazonaws.com', eventName: 'ListObjects', requestParameters: { bucketName: '' }, resources: 'odd', eventCategory: 'Data' },
    { eventSource: 's3.amazonaws.com', eventName: 'GetObject', requestParameters: { bucketName: 'b\u00e9', bucketName2: 'x' }, eventCategory: 'Data', readOnly: 'yes' },
    { eventSource: 's3.amazonaws.com', eventName: 'DeleteObject', resources: [{ type: 'AWS::S3::Object', ARNPrefix: 'arn:aws:s3:::pre/' }], eventCategory: 'Data', managementEvent: false, readOnly: false },
    { eventSource: 's3.amazonaws.com', eventName: 'HeadObject', requestParameters: [1], resources: [null, { type: 'AWS::S3::Object' }, { type: 'AWS::S3::Bucket', ARN: 'arn:aws-cn:s3:::cn-b' }], eventCategory: 'Data', readOnly: true },
    { eventSource: 's3.amazonaws.com', eventName: 'PutBucketReplication', requestParameters: { bucketName: 'b', ReplicationConfiguration: { Role: ROLE } } },
    { eventSource: 'dynamodb.amazonaws.com', eventName: 'GetItem', eventCategory: 'Data', managementEvent: false },
    { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', eventType: 'AwsApiCall', readOnly: 'true' },
    { eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn' },
    { eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', eventType: 'AwsServiceEvent' },
    { eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', eventType: '' },
    { eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', eventType: 5 },
    { eventSource: '', eventName: 'ListUsers' },
    { eventSource: 'iam.amazonaws.com', eventName: '' },
    { eventSource: 7, eventName: 'ListUsers' },
    { eventSource: { s: 1 }, eventName: 'ListUsers' },
    { eventSource: 'iam.amazonaws.com', eventName: 'Get"Quoted"\\Back\u00e9' },
    { eventSource: 'iam.amazonaws.com', eventName: 'List\u0055sers' },
    { eventSource: 'i\u00e4m.amazonaws.com', eventName: 'ListUsers' },
  ];
  const context: Record<string, unknown>[] = [
    {},
    // Events of their own, so the rows' Regions tell an unknown Region from a default.
    { awsRegion: 'unknown', recipientAccountId: 'unknown', eventSource: 'ec2.amazonaws.com', eventName: 'DescribeAccountAttributes' },
    { awsRegion: undefined, recipientAccountId: undefined, eventSource: 'ec2.amazonaws.com', eventName: 'DescribeRegions' },
    { awsRegion: 5, recipientAccountId: null },
    { awsRegion: ['us-east-1'], recipientAccountId: { id: 1 } },
    { awsRegion: 'ap-south-\u00e91', recipientAccountId: '999900001111' },
    { eventCategory: 'Insight', readOnly: false },
    { eventCategory: 'Management', readOnly: false, managementEvent: true },
    { eventCategory: undefined, readOnly: true, managementEvent: false },
    { eventCategory: 5, readOnly: null, managementEvent: 'false' },
    { eventCategory: undefined, readOnly: undefined, managementEvent: undefined },
    { eventTime: '2026-08-24T23:59:59Z' },
    { eventTime: '2026-08-24T10:00:00.123Z' },
    { eventTime: '2026-13-00T99:99:99Z' },
    { eventTime: '0050-02-30T00:00:00Z' },
    { eventTime: '0000-00-00T00:00:00Z' },
    { eventTime: '9999-12-31T23:59:59Z' },
    { eventTime: '2026-08-24 10:00:00Z' },
    { eventTime: '2026-08-24T10:00:0\u00e9Z' },
    { eventTime: 'yesterday' },
    { eventTime: 1_700_000_000 },
    { eventTime: undefined, '@timestamp': '2026-08-20T10:00:00Z' },
    { eventTime: undefined, '@timestamp': 5 },
    { eventTime: undefined },
    { eventTime: null, '@timestamp': '2026-08-20T10:00:00.5Z' },
  ];
  const lists = [identities.map((userIdentity) => ({ userIdentity })), errors, events, context];
  const record = (pick: (list: readonly Record<string, unknown>[]) => Record<string, unknown>) => apiCall(Object.assign({}, ...lists.map(pick)));
  // Every case of every list at least once, then cases of each list drawn at random (a fixed seed) to meet others.
  const records: Record<string, unknown>[] = [];
  const longest = Math.max(...lists.map((list) => list.length));
  for (let i = 0; i < longest; i++) records.push(record((list) => list[i % list.length]!));
  // mulberry32
  let seed = 12345;
  const random = (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  for (let i = 0; i < 400; i++) records.push(record((list) => list[random(list.length)]!));
  // Accounts and Regions only these records have: coverage must see them as the exact way does.
  records.push(apiCall({ recipientAccountId: undefined, eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', userIdentity: { type: 'Root', accountId: '444455556666' } }));
  records.push(apiCall({ recipientAccountId: undefined, eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', userIdentity: { type: 'AWSService', accountId: 5 } }));
  records.push(apiCall({ awsRegion: 'me-central-1', eventSource: 'iam.amazonaws.com', eventName: 'ListRoles', userIdentity: null }));
  return records;
}

/** The cases with the same members escaped (`\u00e9` for é, `\/` for /): other bytes, the same values. */
function escaped(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/arn:aws/g, 'arn:aw\\u0073').replace(/\//g, '\\/');
}

void test('differential: the Invictus trail files aggregate the same from the scanner\'s ids as record by record', () => {
  const texts = readdirSync(INVICTUS)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readFileSync(join(INVICTUS, f)));
  assert.ok(texts.length >= 55);
  const { byIds } = assertSame(texts, 'invictus');
  assert.ok(byIds > 2000, `${byIds} records taken from their ids`);
});

void test('differential: generated records (odd values in every member, identities, errors, S3, passed roles, times) aggregate the same', () => {
  const records = cases();
  const text = trail(records);
  const { byIds } = assertSame([text, escaped(text), text], 'cases');
  // The fast way decides a good part of them (the others are S3 calls, passed roles, values without ids, odd times
  // and refused records: random picks meet one of those more often than not).
  assert.ok(byIds > records.length / 2, `${byIds} of ${3 * records.length} records taken from their ids`);
  // Each record alone, in builders of its own: what it adds is not hidden by what others added (coverage is sets).
  for (const [i, r] of records.entries()) assertSame([trail([r])], `record ${i}: ${JSON.stringify(r)}`);
});

void test('differential: the same when the interning table is emptied between files and fills up within one', () => {
  try {
    // A table of 24 ids: emptied before most files, and full part-way through each (values without ids).
    setInternLimits(24, 1 << 20);
    const records = cases();
    const files = [0, 1, 2, 3, 4, 5].map((k) => trail(records.slice(k * 40, k * 40 + 60)));
    const small = assertSame(files, 'small table');
    assert.ok(new Set(small.epochs).size >= 3, `epochs ${small.epochs.join(',')}`);
    assert.ok(small.byIds > 0);
    // A table of few bytes: full after a handful of values.
    setInternLimits(1 << 20, 200);
    const bytes = assertSame(files, 'few bytes');
    assert.ok(new Set(bytes.epochs).size >= 3, `epochs ${bytes.epochs.join(',')}`);
  } finally {
    setInternLimits(1 << 30, 1 << 30);
  }
  // Back to its full size, across the reset: the same.
  const texts = readdirSync(INVICTUS)
    .filter((f) => f.endsWith('.json'))
    .slice(0, 10)
    .map((f) => readFileSync(join(INVICTUS, f)));
  assertSame([...texts, trail(cases())], 'after the limits');
});
