import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SelectiveTrailReader } from '../../core/trail/recordReader';
import { ingestFile, type IngestOptions } from '../../core/trail/fileIngest';
import { UsageBuilder } from '../../core/trail/usage';
import type { TrailRecord } from '../../core/trail/record';
import { INVICTUS, OTRF, apiCall, testMapper } from './helpers';

const mapper = testMapper();
const SHARED = join(__dirname, '..', '..', '..', 'shared', 'corpus');

/** Ingests `path` with `options`; the file's result and the aggregates it gave. */
async function ingest(path: string, options: IngestOptions) {
  const builder = new UsageBuilder(mapper);
  const size = readFileSync(path).length;
  const result = await ingestFile({ path, size, mtimeMs: 1, source: { kind: 'files', id: 'corpus' } }, builder, options);
  return { result, snapshot: builder.snapshot() };
}

/** The selective reader, in one piece and streamed in 64 KB chunks, gives what the exact way gives. */
async function assertSameAsExact(path: string): Promise<void> {
  const exact = await ingest(path, {});
  assert.deepEqual(await ingest(path, { selective: true }), exact, path);
  assert.deepEqual(await ingest(path, { selective: true, wholeBytes: 0 }), exact, `${path}, streamed`);
}

/** The records the reader hands over for `text` fed in pieces of `size`, or undefined when it refuses. */
function read(text: string, size: number): TrailRecord[] | undefined {
  const records: TrailRecord[] = [];
  const reader = new SelectiveTrailReader((r) => records.push(r));
  for (let i = 0; i < text.length; i += size) if (!reader.push(text.slice(i, i + size))) return undefined;
  return reader.end() ? records : undefined;
}

/** The members the aggregation reads, as plain data. */
function members(r: TrailRecord): Record<string, unknown> {
  const keys = ['eventTime', '@timestamp', 'eventSource', 'eventName', 'eventType', 'awsRegion', 'recipientAccountId', 'errorCode', 'errorMessage', 'readOnly', 'eventCategory', 'managementEvent', 'userIdentity', 'requestParameters', 'resources'] as const;
  return Object.fromEntries(keys.map((k) => [k, k === 'userIdentity' ? identity(r[k]) : r[k]]).filter(([, v]) => v !== undefined));
}

/** What principal attribution reads of a userIdentity (all the reader keeps), as plain data. */
function identity(value: unknown): unknown {
  const pick = (o: unknown, keys: readonly string[], inner?: (v: unknown) => unknown): unknown => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return o;
    const picked = keys.map((k, n) => [k, n === keys.length - 1 && inner ? inner((o as Record<string, unknown>)[k]) : (o as Record<string, unknown>)[k]]);
    return Object.fromEntries(picked.filter(([, v]) => v !== undefined));
  };
  const issuer = (v: unknown) => pick(v, ['arn']);
  return pick(value, ['type', 'arn', 'accountId', 'invokedBy', 'sessionContext'], (c) => pick(c, ['sessionIssuer'], issuer));
}

function expected(records: Record<string, unknown>[]): Record<string, unknown>[] {
  return records.map((r) => members(r as TrailRecord));
}

void test('differential: the real corpora give the same results and aggregates as JSON.parse of every record, gzipped or not', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-reader-'));
  const paths = [
    ...readdirSync(INVICTUS).filter((f) => f.endsWith('.json')).map((f) => join(INVICTUS, f)),
    ...readdirSync(OTRF).filter((f) => f.endsWith('.json')).map((f) => join(OTRF, f)),
  ];
  const shared = join(SHARED, 'cloudtrail-invictus', 'CloudTrail');
  if (existsSync(shared)) paths.push(...readdirSync(shared).filter((f) => f.endsWith('.json')).map((f) => join(shared, f)));
  assert.ok(paths.length >= 56);
  let records = 0;
  for (const [n, path] of paths.entries()) {
    await assertSameAsExact(path);
    const gz = join(dir, `${n}.json.gz`);
    await writeFile(gz, gzipSync(readFileSync(path)));
    await assertSameAsExact(gz);
    records += (await ingest(path, { selective: true })).result.records;
  }
  assert.ok(records >= 2900 + 103);
});

void test('the real Invictus records read in any chunking give the members JSON.parse gives', () => {
  for (const file of readdirSync(INVICTUS).filter((f) => f.endsWith('.json')).slice(0, 8)) {
    const text = readFileSync(join(INVICTUS, file), 'utf8');
    const want = expected((JSON.parse(text) as { Records: Record<string, unknown>[] }).Records);
    for (const size of [1, 7, 4096, text.length]) assert.deepEqual(read(text, size)?.map(members), want, `${file} in pieces of ${size}`);
  }
});

void test('escapes and non-ASCII text decode as JSON.parse decodes them', () => {
  const records = [
    apiCall({ eventName: 'Get"Quoted"\\Back\u00e9', errorMessage: 'tab\there "q" \\ \u2603 \ud83d\ude00' }),
    apiCall({ userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/jos\u00e9-\u00fc\u4e2d', accountId: '111122223333' } }),
    apiCall({ eventSource: 'iam.amazonaws.com', eventName: 'CreateRole', awsRegion: 'us-east-1' }),
    apiCall({ userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/r\u00e9/s', sessionContext: { attributes: { a: '}' }, sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::1:role/r\u00e9' } }, invokedBy: 'ec2.amazonaws.com' } }),
    apiCall({ userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: ['odd'] } } }),
    apiCall({ userIdentity: { type: 'AssumedRole', sessionContext: 'odd', accountId: 12 } }),
    apiCall({ userIdentity: 'odd' }),
  ];
  // Escaped in the file (\u00e9, \") and raw UTF-8 (é as two bytes): both forms of each.
  const escaped = JSON.stringify({ Records: records }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const raw = JSON.stringify({ Records: records });
  for (const text of [escaped, raw]) {
    for (const size of [1, 5, text.length]) assert.deepEqual(read(text, size)?.map(members), expected(records), `pieces of ${size}`);
  }
  // A value written with escapes right after the same value written plainly is still decoded, not taken as equal.
  const lookalike = `{"Records":[${JSON.stringify(apiCall({ eventType: 'a\\b' }))},${JSON.stringify(apiCall()).replace('"eventType":"AwsApiCall"', '"eventType":"a\\b"')}]}`;
  assert.deepEqual(read(lookalike, lookalike.length)?.map((r) => r.eventType), ['a\\b', 'a\b']);
});

void test('skipped members may hold anything JSON allows; taken members keep their JSON types', () => {
  const noisy = {
    responseElements: { a: [[[]], [{ b: [1, -2.5e-3, 0, 1E+2, true, false, null] }], '}]{["', '\\'], c: {} },
    additionalEventData: [],
    tlsDetails: { x: '\\"}' },
  };
  const records = [
    apiCall(noisy),
    apiCall({ readOnly: false, managementEvent: false, errorCode: null, eventCategory: 7, recipientAccountId: ['x'] }),
    apiCall({ requestParameters: { roleArn: 'arn:aws:iam::1:role/r', nested: [{ k: '"' }] }, resources: [{ ARN: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' }] }),
    apiCall({ requestParameters: null, resources: 'odd' }),
  ];
  const text = JSON.stringify({ Records: records }, null, 2);
  for (const size of [1, 13, text.length]) assert.deepEqual(read(text, size)?.map(members), expected(records));
});

void test('duplicate members: the last one counts, as with JSON.parse', () => {
  const text = '{"Records":[{"eventName":"A","eventSource":"s3.amazonaws.com","eventName":"B","requestParameters":{"a":1},"requestParameters":{"b":2}}]}';
  assert.deepEqual(read(text, text.length)?.map(members), expected((JSON.parse(text) as { Records: Record<string, unknown>[] }).Records));
});

void test('anything not plainly a trail file of bare records is refused, so the exact way reads it', () => {
  const good = JSON.stringify({ Records: [apiCall(), apiCall()] });
  const refused = [
    good.slice(0, -10), // truncated
    good.slice(0, good.indexOf('"eventSource"') + 5), // truncated inside a key
    `${good}}`, // trailing garbage
    good.replace('},{', '}{'), // missing comma
    good.replace('},{', '},,{'), // two commas
    good.replace('[{', '[,{'), // leading comma
    good.replace('}]}', '},]}'), // trailing comma
    good.replace('"readOnly":true', '"readOnly":tru'), // bad literal
    good.replace('"readOnly":true', '"readOnly":01'), // bad number
    good.replace('"readOnly":true', '"readOnly":1.'), // bad number
    good.replace('"readOnly":true', '"readOnly":[1 2]'), // missing comma in a skipped array
    good.replace('"readOnly":true', '"readOnly":{"a" 1}'), // missing colon in a skipped object
    good.replace('"eventName":"ListBuckets"', '"eventName":"bad \\x escape"'), // bad escape in a taken member
    good.replace('"eventVersion"', '"event\\u0056ersion"'), // a key with escapes
    '{"Records":[1,2]}', // elements that are not objects
    JSON.stringify({ Records: [{ eventSource: 's3.amazonaws.com' }] }), // no eventName: not a bare record
    JSON.stringify({ Records: [{ ...apiCall(), detail: {} }] }), // an EventBridge event
    '{"other":1,"Records":[]}',
    '{"Records":[],"other":1}',
    JSON.stringify({ Events: [] }),
    `${'['.repeat(20000)}${']'.repeat(20000)}`,
  ];
  for (const text of refused) for (const size of [1, 5, 1000]) assert.equal(read(text, size), undefined, `${text.slice(0, 80)} in pieces of ${size}`);
  const deep = good.replace('"readOnly":true', `"readOnly":true,"deep":${'['.repeat(20000)}${']'.repeat(20000)}`);
  assert.equal(read(deep, deep.length), undefined);
  assert.deepEqual(read('{"Records":[]}', 3), []);
  assert.deepEqual(read(' \n{ "Records" : [ ] } \n', 2), []);
});

void test('bad files give the same results as the exact way, in one piece and streamed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-reader-bad-'));
  const good = JSON.stringify({ Records: [apiCall(), apiCall({ eventName: 'GetObject' }), apiCall({ eventTime: undefined })] });
  const files: Record<string, string | Buffer> = {
    'truncated.json': good.slice(0, -30),
    'truncated.json.gz': gzipSync(good.slice(0, -30)),
    'cut.json.gz': gzipSync(good).subarray(0, 40),
    'garbage.json': good.replace('"readOnly":true', '"readOnly":tru'),
    'empty.json': '{"Records":[]}',
    'lines.jsonl': `${JSON.stringify(apiCall())}\n{"eventName": "trunc\n`,
    'bridge.json': JSON.stringify({ Records: [{ 'detail-type': 'AWS API Call via CloudTrail', detail: apiCall() }] }),
    'partial.json': good,
    'bom.json': `\ufeff${good}`,
  };
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), content);
    await assertSameAsExact(join(dir, name));
  }
  const cut = await ingest(join(dir, 'truncated.json.gz'), { selective: true });
  assert.deepEqual([cut.result.read, cut.result.records], [false, 0]);
  assert.match(cut.result.problems[0]?.reason ?? '', /invalid or truncated JSON/);
});

void test('request parameters and resources are parsed only when read', () => {
  const text = JSON.stringify({ Records: [apiCall({ requestParameters: { bucketName: 'b' }, resources: [{ ARN: 'arn:aws:s3:::b' }] })] });
  const [record] = read(text, text.length) ?? [];
  assert.ok(record);
  assert.deepEqual(Object.keys(record).includes('requestParameters'), false);
  assert.deepEqual(record.requestParameters, { bucketName: 'b' });
  assert.equal(record.requestParameters, record.requestParameters);
  assert.deepEqual(record.resources, [{ ARN: 'arn:aws:s3:::b' }]);
});
