import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { s3BucketOf, s3CopySourceBucket } from '../../core/trail/s3Bucket';
import { UsageBuilder } from '../../core/trail/usage';
import { INVICTUS, OTRF, apiCall, testMapper } from './helpers';

type Rec = Record<string, unknown> & { eventName?: string; eventSource?: string };

const otrf: Rec[] = readdirSync(OTRF)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => readFileSync(join(OTRF, f), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Rec));
const invictus: Rec[] = readdirSync(INVICTUS).flatMap((f) => (JSON.parse(readFileSync(join(INVICTUS, f), 'utf8')) as { Records: Rec[] }).Records);
const s3 = [...otrf, ...invictus].filter((r) => r.eventSource === 's3.amazonaws.com');
const first = (name: string): Rec => {
  const found = s3.find((r) => r.eventName === name);
  assert.ok(found, name);
  return found;
};

const EXFIL = 'mordors3stack-s3bucket-llp2yingx64a';
const ROLE = 'arn:aws:iam::123456789123:role/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0';

void test('the bucket of real S3 records: bucketName, else the Bucket or Object resource; none for ListBuckets', () => {
  const getObject = first('GetObject');
  assert.equal(s3BucketOf(getObject), EXFIL);
  assert.equal(s3BucketOf({ ...getObject, requestParameters: undefined }), EXFIL);
  const objectOnly = (getObject.resources as Rec[]).filter((r) => r.type === 'AWS::S3::Object');
  assert.equal(s3BucketOf({ ...getObject, requestParameters: null, resources: objectOnly }), EXFIL);
  const listing = first('ListObjects');
  const prefixOnly = (listing.resources as Rec[]).filter((r) => r.type === 'AWS::S3::Object');
  assert.equal(s3BucketOf({ ...listing, requestParameters: {}, resources: prefixOnly }), EXFIL);
  assert.equal(s3BucketOf(first('GetBucketPolicy')), 'baker221b-bucketsevidenceeeedc25d-1q9cl0tuy4gbm');
  assert.equal(s3BucketOf(first('ListBuckets')), undefined);
  assert.equal(s3BucketOf(first('ListAccessPoints')), undefined);
});

void test('on every real S3 record that names both, the resources agree with bucketName', () => {
  let compared = 0;
  for (const record of s3) {
    const named = (record.requestParameters as Rec | null)?.bucketName;
    if (typeof named !== 'string' || !Array.isArray(record.resources)) continue;
    assert.equal(s3BucketOf({ ...record, requestParameters: null }), named, `${String(record.eventName)} ${named}`);
    compared++;
  }
  assert.ok(compared >= 200, `${compared} records compared`);
});

void test("a copy's source bucket, from x-amz-copy-source in its encodings", () => {
  const copy = (source: unknown) => apiCall({ eventName: 'CopyObject', requestParameters: { bucketName: 'dst', 'x-amz-copy-source': source } });
  assert.equal(s3CopySourceBucket(copy('src/a/b.txt')), 'src');
  assert.equal(s3CopySourceBucket(copy('/src/a.txt?versionId=1')), 'src');
  assert.equal(s3CopySourceBucket(copy('src%2Fa%20b.txt')), 'src');
  assert.equal(s3CopySourceBucket(copy(undefined)), undefined);
});

void test('S3 usage per (principal, action, bucket) and data-event coverage per bucket, from the OTRF records', () => {
  const builder = new UsageBuilder(testMapper());
  assert.deepEqual(builder.addRecords(otrf, { kind: 'files', id: OTRF }), []);
  const { bucketUsage, coverage } = builder.snapshot();
  assert.deepEqual(
    bucketUsage.map((r) => [r.principal, r.bucket, r.action, r.count, r.denied]),
    [
      [ROLE, EXFIL, 's3:GetObject', 2, 0],
      [ROLE, EXFIL, 's3:ListBucket', 7, 0],
    ],
  );
  assert.deepEqual(coverage[0]?.s3DataEvents, { [EXFIL]: { read: 9, write: 0 } });
});

void test("a copy's GetObject counts on the source bucket, its PutObject on the destination; keys are never kept", () => {
  const builder = new UsageBuilder(testMapper());
  const copy = apiCall({
    eventName: 'CopyObject',
    eventCategory: 'Data',
    managementEvent: false,
    readOnly: false,
    requestParameters: { bucketName: 'dst', key: 'secret/key.txt', 'x-amz-copy-source': 'src/secret/key.txt' },
  });
  builder.addRecords([copy], { kind: 'files', id: '/logs' });
  const snapshot = builder.snapshot();
  assert.deepEqual(snapshot.bucketUsage.map((r) => `${r.action}@${r.bucket}`), ['s3:PutObject@dst', 's3:GetObject@src']);
  assert.deepEqual(snapshot.coverage[0]?.s3DataEvents, { dst: { read: 0, write: 1 } });
  assert.ok(!JSON.stringify(snapshot).includes('secret'));
});
