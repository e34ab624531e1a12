import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageBuilder } from '../../core/trail/usage';
import { emptyCache, encodeCacheParts } from '../../core/trail/cacheFormat';
import { apiCall, testMapper } from './helpers';

const FILES = { kind: 'files', id: '/logs' } as const;
const ALICE = 'arn:aws:iam::111122223333:user/alice';

void test('usage per (principal, action), per (principal, service, day) and coverage per source', () => {
  const builder = new UsageBuilder(testMapper());
  builder.addRecord(apiCall({ eventTime: '2026-08-24T10:00:00Z' }), FILES);
  builder.addRecord(apiCall({ eventTime: '2026-08-25T10:00:00Z', awsRegion: 'eu-west-1' }), FILES);
  builder.addRecord(apiCall({ eventTime: '2026-08-23T10:00:00Z', errorCode: 'AccessDenied' }), FILES);
  builder.addRecord(apiCall({ eventName: 'GetObject', eventCategory: 'Data', managementEvent: false }), FILES);
  builder.addRecord(apiCall({ userIdentity: { type: 'AWSService', invokedBy: 's3.amazonaws.com' } }), FILES);
  const s = builder.snapshot();
  const list = s.usage.find((r) => r.action === 's3:ListAllMyBuckets');
  assert.deepEqual(list, {
    principal: ALICE,
    action: 's3:ListAllMyBuckets',
    firstSeen: Date.parse('2026-08-23T10:00:00Z'),
    lastSeen: Date.parse('2026-08-25T10:00:00Z'),
    count: 2,
    denied: 1,
    viaService: 0,
    regions: ['eu-west-1', 'us-east-1'],
  });
  assert.equal(s.usage.length, 2);
  assert.deepEqual(s.daily.map((d) => [d.day, d.count, d.denied]), [['2026-08-23', 0, 1], ['2026-08-24', 2, 0], ['2026-08-25', 1, 0]]);
  const [coverage] = s.coverage;
  assert.deepEqual(coverage?.regions, ['eu-west-1', 'us-east-1']);
  assert.deepEqual(coverage?.dataEvents, { s3: 1 });
  assert.equal(coverage?.managementRead, 4);
  assert.deepEqual(s.totals, { records: 5, apiCalls: 5, mapped: 5, unmapped: 0, denied: 1, unattributed: 1 });
});

void test('merging snapshots gives the same aggregates as one builder', () => {
  const records = [apiCall(), apiCall({ eventName: 'HeadBucket', eventTime: '2026-09-01T00:00:00Z' }), apiCall({ awsRegion: 'eu-west-1' })];
  const whole = new UsageBuilder(testMapper());
  whole.addRecords(records, FILES);
  const a = new UsageBuilder(testMapper());
  a.addRecords(records.slice(0, 1), FILES);
  const b = new UsageBuilder(testMapper());
  b.addRecords(records.slice(1), FILES);
  a.addSnapshot(b.snapshot());
  assert.deepEqual(a.snapshot(), whole.snapshot());
});

void test('nothing identifying beyond the principal and the S3 bucket touched is kept', () => {
  const builder = new UsageBuilder(testMapper());
  const requestParameters = { bucketName: 'bucket', key: 'private/object', Host: 'private.example' };
  builder.addRecord(apiCall({ eventName: 'GetObject', sourceIPAddress: '203.0.113.9', userAgent: 'secret-agent', requestParameters }), FILES);
  const text = JSON.stringify(builder.snapshot());
  for (const leaked of ['203.0.113.9', 'secret-agent', 'private']) assert.ok(!text.includes(leaked), leaked);
  assert.deepEqual(builder.snapshot().bucketUsage.map((r) => r.bucket), ['bucket']);
});

void test('merging deltas gives the same snapshot as adding the records to one builder', () => {
  const BOB = 'arn:aws:iam::111122223333:role/bob';
  const bob = { type: 'AssumedRole', arn: `${BOB.replace(':iam:', ':sts:').replace(':role/', ':assumed-role/')}/session`, accountId: '111122223333', sessionContext: { sessionIssuer: { type: 'Role', arn: BOB } } };
  const records = [
    apiCall(),
    apiCall({ eventName: 'GetObject', eventCategory: 'Data', managementEvent: false, requestParameters: { bucketName: 'one' } }),
    apiCall({ userIdentity: bob, eventTime: '2026-08-25T10:00:00Z', awsRegion: 'eu-west-1' }),
    apiCall({ userIdentity: bob, eventName: 'PutObject', requestParameters: { bucketName: 'two' }, errorCode: 'AccessDenied' }),
    apiCall({ eventName: 'GetObject', eventCategory: 'Data', managementEvent: false, requestParameters: { bucketName: 'one' }, awsRegion: 'eu-west-1' }),
    apiCall({ eventTime: '2026-08-26T10:00:00Z', awsRegion: 'ap-south-1' }),
  ];
  const whole = new UsageBuilder(testMapper());
  whole.addRecords(records, FILES);
  const merged = new UsageBuilder(testMapper());
  for (const part of [records.slice(0, 2), records.slice(2, 5), records.slice(5)]) {
    const worker = new UsageBuilder(testMapper());
    worker.addRecords(part, FILES);
    merged.addDelta(structuredClone(worker.delta()));
  }
  assert.equal(new Set(whole.snapshot().usage.map((r) => r.principal)).size, 2);
  assert.equal(whole.snapshot().bucketUsage.length, 2);
  assert.deepEqual(merged.snapshot(), whole.snapshot());
});

void test('snapshot rows are in the collator order of their strings, ties in the order first added', () => {
  // 'é' and 'e\u0301' are canonically equivalent: the collator calls them equal, so their rows interleave by action.
  const principals = ['b', 'é', 'A', 'e\u0301', 'a', 'B'];
  const actions = ['s3:b', 's3:A', 's3:a', 's3:é'];
  const usage = principals.flatMap((principal, p) =>
    actions.map((action, a) => ({ principal, action, firstSeen: p, lastSeen: a, count: 1, denied: 0, viaService: 0, regions: [] })),
  );
  const daily = principals.flatMap((principal) =>
    ['sts', 'S3', 's3', 'iam'].flatMap((service) => ['2026-08-02', '2026-08-01'].map((day) => ({ principal, service, day, count: 1, denied: 0 }))),
  );
  const bucketUsage = principals.flatMap((principal) =>
    ['b2', 'B1', 'b1'].flatMap((bucket) => actions.map((action) => ({ principal, action, bucket, firstSeen: 0, lastSeen: 0, count: 1, denied: 0 }))),
  );
  const builder = new UsageBuilder(testMapper());
  builder.addSnapshot({ ...emptyCache().snapshot, usage, daily, bucketUsage });
  const s = builder.snapshot();
  const compare = new Intl.Collator().compare;
  const key = (...texts: string[]) => texts.join(' ');
  assert.deepEqual(
    s.usage.map((r) => key(r.principal, r.action)),
    [...usage].sort((x, y) => compare(x.principal, y.principal) || compare(x.action, y.action)).map((r) => key(r.principal, r.action)),
  );
  assert.deepEqual(
    s.daily.map((r) => key(r.principal, r.service, r.day)),
    [...daily].sort((x, y) => compare(x.principal, y.principal) || compare(x.service, y.service) || compare(x.day, y.day)).map((r) => key(r.principal, r.service, r.day)),
  );
  assert.deepEqual(
    s.bucketUsage.map((r) => key(r.principal, r.bucket, r.action)),
    [...bucketUsage]
      .sort((x, y) => compare(x.principal, y.principal) || compare(x.bucket, y.bucket) || compare(x.action, y.action))
      .map((r) => key(r.principal, r.bucket, r.action)),
  );
});

void test('collator-equal principals keep the order first met, and a principal\'s equal buckets the order first used', () => {
  // Alice (é) is met first, but Bob (e + combining accent, the same to the collator) adds his s3:A row first.
  const [alice, bob] = ['é', 'e\u0301'];
  const row = (principal: string, action: string) => ({ principal, action, firstSeen: 0, lastSeen: 0, count: 1, denied: 0, viaService: 0, regions: [] });
  const bucketRow = (bucket: string, action: string) => ({ principal: 'p', action, bucket, firstSeen: 0, lastSeen: 0, count: 1, denied: 0 });
  const builder = new UsageBuilder(testMapper());
  builder.addSnapshot({
    ...emptyCache().snapshot,
    usage: [row(alice, 's3:B'), row(bob, 's3:A'), row(alice, 's3:A')],
    bucketUsage: [bucketRow(bob, 's3:B'), bucketRow(alice, 's3:A'), bucketRow(bob, 's3:A')],
  });
  const s = builder.snapshot();
  assert.deepEqual(s.usage.map((r) => [r.principal, r.action]), [[alice, 's3:A'], [bob, 's3:A'], [alice, 's3:B']]);
  assert.deepEqual(s.bucketUsage.map((r) => [r.bucket, r.action]), [[bob, 's3:A'], [alice, 's3:A'], [bob, 's3:B']]);
});

void test('a usage row keeps Regions past the bit set through deltas, absorb and snapshots', () => {
  const regions = Array.from({ length: 40 }, (_, i) => `xx-test-${i + 1}`);
  const source = new UsageBuilder(testMapper());
  source.addRecords(regions.map((awsRegion) => apiCall({ awsRegion })), FILES);
  // A builder that numbered other Regions first: the source's bits and its overflow land in other places here.
  const prepared = () => {
    const builder = new UsageBuilder(testMapper());
    builder.addRecords([...regions].reverse().slice(0, 20).map((awsRegion) => apiCall({ awsRegion, eventName: 'HeadBucket' })), FILES);
    return builder;
  };
  const expected = [...regions].sort();
  const listRegions = (b: UsageBuilder) => b.snapshot().usage.find((r) => r.action === 's3:ListAllMyBuckets')?.regions;
  assert.deepEqual(listRegions(source), expected);
  const viaDelta = prepared();
  viaDelta.addDelta(structuredClone(source.delta()));
  const viaSnapshot = prepared();
  viaSnapshot.addSnapshot(source.snapshot());
  const viaAbsorb = prepared();
  const staged = viaAbsorb.fork();
  staged.addRecords(regions.map((awsRegion) => apiCall({ awsRegion })), FILES);
  viaAbsorb.absorb(staged);
  for (const merged of [viaDelta, viaSnapshot, viaAbsorb]) assert.deepEqual(listRegions(merged), expected);
  assert.deepEqual(viaDelta.snapshot(), viaSnapshot.snapshot());
  assert.deepEqual(viaAbsorb.snapshot(), viaSnapshot.snapshot());
});

void test('the same records in another order give the same cache: sources, unmapped ties and files in an order of their own', () => {
  const records = [
    [apiCall({ eventSource: 'example.amazonaws.com', eventName: 'DoThing' }), FILES],
    [apiCall({ eventSource: 'example.amazonaws.com', eventName: 'DoOther' }), { kind: 'files', id: '/more' }],
    [apiCall(), { kind: 'lookupEvents', id: 'lookupEvents:111122223333/us-east-1' }],
  ] as const;
  const cacheOf = (order: readonly (typeof records)[number][], files: readonly string[]): string => {
    const builder = new UsageBuilder(testMapper());
    for (const [record, source] of order) builder.addRecord(record, source);
    const file = { size: 1, mtimeMs: 1, hash: 'h' };
    return [...encodeCacheParts({ ...emptyCache(), files: Object.fromEntries(files.map((f) => [f, file])), usage: builder.ordered() })].join('');
  };
  const forward = cacheOf(records, ['/logs/a.json', '/logs/b.json']);
  assert.equal(cacheOf([...records].reverse(), ['/logs/b.json', '/logs/a.json']), forward);
  const body = JSON.parse(`{${forward.slice(forward.indexOf('\n') + 1)}`) as { coverage: { source: { id: string } }[]; unmapped: { event: string }[] };
  assert.deepEqual(body.coverage.map((c) => c.source.id), ['/logs', '/more', 'lookupEvents:111122223333/us-east-1']);
  assert.deepEqual(body.unmapped.map((u) => u.event), ['example.amazonaws.com:DoOther', 'example.amazonaws.com:DoThing']);
});
