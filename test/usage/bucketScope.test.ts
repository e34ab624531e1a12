import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyCache } from '../../core/trail/cache';
import { importFiles } from '../../core/trail/localFiles';
import { parsePolicy } from '../../core/policy/parse';
import { applyTextEdits } from '../../core/fixes/edit';
import { bucketEvidence } from '../../core/usage/bucketScope';
import type { UsageContext } from '../../core/usage/statements';
import { TrailIndex } from '../../core/usage/trailIndex';
import { tightenPolicy } from '../../core/usage/tighten';
import { testCatalog } from '../helpers/policy';
import { INVICTUS, OTRF, testMapper } from '../trail/helpers';
import { ACCOUNT, BENJAMIN, NOW, SETTINGS, findingsOf, located } from './helpers';

const BERT = `arn:aws:iam::${ACCOUNT}:user/bert-jan`;
/** The OTRF role that listed and read objects of EXFIL (S3 data events, 2020). */
const WAF_ROLE = 'arn:aws:iam::123456789123:role/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0';
const EXFIL = 'mordors3stack-s3bucket-llp2yingx64a';
/** A bucket of the Invictus history: management events only. */
const CONFIG = `config-bucket-${ACCOUNT}`;

let context: Promise<UsageContext> | undefined;
/** Invictus (2023, management events) and OTRF (2020, S3 data events) in one history, judged over ten years. */
function bothContext(): Promise<UsageContext> {
  context ??= (async () => {
    const { cache } = await importFiles([INVICTUS, OTRF], { cache: emptyCache(), mapper: testMapper() });
    return { index: TrailIndex.build(cache.snapshot), catalog: testCatalog(), settings: { ...SETTINGS, windowDays: 3650 }, now: NOW };
  })();
  return context;
}

const policy = (resource: string, statements: { principal: string; actions: string[] }[]) => `{
  "Version": "2012-10-17",
  "Statement": [${statements
    .map(
      (s) => `
    {
      "Effect": "Allow",
      "Principal": { "AWS": "${s.principal}" },
      "Action": [${s.actions.map((a) => `"${a}"`).join(', ')}],
      "Resource": "${resource}"
    }`,
    )
    .join(',')}
  ]
}`;

void test('bucket-level actions are judged on the policy bucket: use on other buckets is not use', async () => {
  const text = policy(`arn:aws:s3:::${CONFIG}`, [
    { principal: BENJAMIN, actions: ['s3:GetBucketAcl', 's3:PutBucketPolicy'] },
    { principal: BERT, actions: ['s3:GetBucketPolicyStatus', 's3:GetBucketTagging'] },
  ]);
  const findings = findingsOf(text, 'resource', undefined, await bothContext());
  // bert-jan read the tagging of five stratus-red-team buckets, never of this one.
  assert.deepEqual(located(text, findings), ['UNUSED_ACTION@7:"s3:PutBucketPolicy"', 'UNUSED_ACTION@13:"s3:GetBucketTagging"']);
  assert.match(findings[1]?.message ?? '', new RegExp(`user/bert-jan on bucket ${CONFIG}`));
});

void test('object-level actions: used on the bucket, unused only where its data events were seen, else not observable', async () => {
  const actions = ['s3:GetObject', 's3:ListBucket', 's3:GetObjectTagging', 's3:PutObject'];
  const onExfil = policy(`arn:aws:s3:::${EXFIL}/*`, [{ principal: WAF_ROLE, actions }]);
  const findings = findingsOf(onExfil, 'resource', undefined, await bothContext());
  assert.deepEqual(located(onExfil, findings), ['UNUSED_ACTION@7:"s3:GetObjectTagging"', 'NOT_OBSERVABLE@7:"s3:PutObject"']);
  assert.equal(findings[1]?.data?.reason, 'data-events-missing');
  // The same role read objects of EXFIL only: on another bucket, whose data events were never loaded, nothing is used.
  const onConfig = policy(`arn:aws:s3:::${CONFIG}/*`, [{ principal: WAF_ROLE, actions: ['s3:GetObject', 's3:ListBucket'] }]);
  const elsewhere = findingsOf(onConfig, 'resource', undefined, await bothContext());
  assert.deepEqual(located(onConfig, elsewhere), ['NOT_OBSERVABLE@7:"s3:GetObject"', 'NOT_OBSERVABLE@7:"s3:ListBucket"']);
  assert.deepEqual(elsewhere.map((f) => f.data?.reason), ['data-events-missing', 'data-events-missing']);
});

void test("the binding's bucket is the one judged; without any bucket, use on any resource counts", async () => {
  const text = policy('*', [{ principal: WAF_ROLE, actions: ['s3:GetObject', 's3:GetObjectTagging'] }]);
  const bound = findingsOf(text, 'resource', { path: 'p.json', bucket: `arn:aws:s3:::${EXFIL}` }, await bothContext());
  assert.deepEqual(located(text, bound), ['UNUSED_ACTION@7:"s3:GetObjectTagging"']);
  // bert-jan read the tagging of five other buckets: use anywhere, but not on config-bucket.
  const tagging = policy('*', [{ principal: BERT, actions: ['s3:GetBucketTagging'] }]);
  assert.deepEqual(findingsOf(tagging, 'resource', undefined, await bothContext()), []);
  const onConfig = findingsOf(tagging, 'resource', { path: 'p.json', bucket: CONFIG }, await bothContext());
  assert.deepEqual(located(tagging, onConfig), ['UNUSED_ACTION@7:"s3:GetBucketTagging"']);
});

void test('hover evidence: last seen on the bucket, count and principals, or why it is not observable', async () => {
  const ctx = await bothContext();
  const text = policy(`arn:aws:s3:::${EXFIL}/*`, [{ principal: WAF_ROLE, actions: ['s3:GetObject', 's3:PutObject'] }]);
  const { document } = parsePolicy(text);
  const statement = document.statements[0]!;
  const used = bucketEvidence(document, statement, 's3:GetObject', undefined, ctx) ?? '';
  assert.match(used, new RegExp(`last seen on bucket ${EXFIL} 2020-09-14T01:13:20Z`));
  assert.match(used, /- 2 calls allowed/);
  assert.match(used, /- by role\/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0/);
  assert.match(bucketEvidence(document, statement, 's3:PutObject', undefined, ctx) ?? '', /not observable \(data-events-missing\)[^]*no S3 data write events for bucket/);
});

void test('Tighten keeps what was used on the bucket and what cannot be observed there', async () => {
  const text = policy(`arn:aws:s3:::${EXFIL}/*`, [{ principal: WAF_ROLE, actions: ['s3:GetObject', 's3:GetObjectTagging', 's3:PutObject'] }]);
  const result = tightenPolicy(text, 'resource', undefined, await bothContext(), { keepNotObservable: true });
  const expected = policy(`arn:aws:s3:::${EXFIL}/*`, [{ principal: WAF_ROLE, actions: ['s3:GetObject', 's3:PutObject'] }]);
  assert.equal(applyTextEdits(text, result.edits), expected);
});
