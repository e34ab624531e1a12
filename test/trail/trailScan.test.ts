import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanBegin, scanRelease, scanTrail, trailScanAvailable } from '../../core/trail/trailScan';
import { ingestFile, type IngestOptions } from '../../core/trail/fileIngest';
import { useGunzipInto } from '../../core/trail/gunzipInto';
import { UsageBuilder } from '../../core/trail/usage';
import type { TrailRecord } from '../../core/trail/record';
import { INVICTUS, OTRF, apiCall, testMapper } from './helpers';

const mapper = testMapper();
const SHARED = join(__dirname, '..', '..', '..', 'shared', 'corpus');

/** Ingests `path`; the file's result and the aggregates it gave. */
async function ingest(path: string, options: IngestOptions) {
  const builder = new UsageBuilder(mapper);
  const size = readFileSync(path).length;
  const result = await ingestFile({ path, size, mtimeMs: 1, source: { kind: 'files', id: 'corpus' } }, builder, options);
  return { result, snapshot: builder.snapshot() };
}

/** The scanner's way gives what the exact way (TrailSplitter + JSON.parse) gives: results and aggregates. */
async function assertSameAsExact(path: string): Promise<void> {
  assert.deepEqual(await ingest(path, { scan: true }), await ingest(path, { scan: false }), path);
}

/** The records the scanner finds in `text`, or its (negative) reason for refusing it. */
function read(text: string | Buffer): TrailRecord[] | number {
  return scanTrail(Buffer.isBuffer(text) ? text : Buffer.from(text));
}

const KEYS = ['eventTime', '@timestamp', 'eventSource', 'eventName', 'eventType', 'awsRegion', 'recipientAccountId', 'errorCode', 'errorMessage', 'readOnly', 'eventCategory', 'managementEvent', 'userIdentity', 'requestParameters', 'resources'] as const;

/** The members the aggregation reads, as plain data. */
function members(r: TrailRecord): Record<string, unknown> {
  return Object.fromEntries(KEYS.map((k) => [k, k === 'userIdentity' ? identity(r[k]) : r[k]]).filter(([, v]) => v !== undefined));
}

/** What principal attribution reads of a userIdentity, as plain data. */
function identity(value: unknown): unknown {
  const pick = (o: unknown, keys: readonly string[], inner?: (v: unknown) => unknown): unknown => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return o;
    const picked = keys.map((k, n) => [k, n === keys.length - 1 && inner ? inner((o as Record<string, unknown>)[k]) : (o as Record<string, unknown>)[k]]);
    return Object.fromEntries(picked.filter(([, v]) => v !== undefined));
  };
  const issuer = (v: unknown) => pick(v, ['arn']);
  return pick(value, ['type', 'arn', 'accountId', 'invokedBy', 'sessionContext'], (c) => pick(c, ['sessionIssuer'], issuer));
}

/** What JSON.parse gives for the same records. */
function expected(text: string): Record<string, unknown>[] {
  return (JSON.parse(text) as { Records: TrailRecord[] }).Records.map(members);
}

/** The scanned members of `text`, asserting the scanner took it. */
function scanned(text: string | Buffer): Record<string, unknown>[] {
  const records = read(text);
  assert.ok(Array.isArray(records), `refused (${String(records)}): ${text.slice(0, 80).toString()}`);
  return records.map(members);
}

void test('the scanner is built (npm run build) and runs here', () => {
  assert.equal(trailScanAvailable(), true);
});

void test('differential: the real corpora give the same results and aggregates as the exact way, gzipped or not', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-scan-'));
  const paths = [
    ...readdirSync(INVICTUS).filter((f) => f.endsWith('.json')).map((f) => join(INVICTUS, f)),
    ...readdirSync(OTRF).filter((f) => f.endsWith('.json')).map((f) => join(OTRF, f)),
  ];
  const shared = join(SHARED, 'cloudtrail-invictus', 'CloudTrail');
  if (existsSync(shared)) paths.push(...readdirSync(shared).filter((f) => f.endsWith('.json')).map((f) => join(shared, f)));
  assert.ok(paths.length >= 56);
  let taken = 0;
  for (const [n, path] of paths.entries()) {
    await assertSameAsExact(path);
    const gz = join(dir, `${n}.json.gz`);
    await writeFile(gz, gzipSync(readFileSync(path)));
    await assertSameAsExact(gz);
    const text = readFileSync(path, 'utf8');
    if (text.startsWith('{"Records"')) {
      assert.deepEqual(scanned(text), expected(text), path);
      taken++;
    }
  }
  // The Invictus trail files are all taken by the scanner (the OTRF file is JSON lines: refused, read the exact way).
  assert.ok(taken >= 55, `${taken} trail files scanned`);
});

void test('one file at a time holds the scanner: another read meanwhile in the same thread is refused it', () => {
  // The scanner has one memory per thread; a file whose text streams in while another's does would overwrite it.
  assert.ok(scanBegin(100));
  assert.equal(scanBegin(100), false);
  assert.equal(scanTrail(Buffer.from('{"Records":[]}')), -100);
  scanRelease();
  assert.deepEqual(scanTrail(Buffer.from('{"Records":[]}')), []);
  assert.ok(scanBegin(100));
  scanRelease();
});

void test('every member at every alignment to the 64-byte blocks reads as JSON.parse reads it', () => {
  const file = readdirSync(INVICTUS).find((f) => f.endsWith('.json'));
  assert.ok(file);
  const text = readFileSync(join(INVICTUS, file), 'utf8');
  const want = expected(text);
  for (let shift = 0; shift < 64; shift++) assert.deepEqual(scanned(' '.repeat(shift) + text), want, `shifted by ${shift}`);
});

void test('escapes and non-ASCII text decode as JSON.parse decodes them, wherever they fall in a block', () => {
  const records = [
    apiCall({ eventName: 'Get"Quoted"\\Back\u00e9', errorMessage: 'tab\there "q" \\ \u2603 \ud83d\ude00 \\\\"x' }),
    apiCall({ userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/jos\u00e9-\u00fc\u4e2d', accountId: '111122223333' } }),
    apiCall({ eventSource: 'iam.amazonaws.com', eventName: 'CreateRole', awsRegion: 'us-east-1', errorCode: '\\' }),
    apiCall({ userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/r\u00e9/s', sessionContext: { attributes: { a: '}' }, sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::1:role/r\u00e9' } }, invokedBy: 'ec2.amazonaws.com' } }),
    apiCall({ userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: ['odd'] } } }),
    apiCall({ userIdentity: { type: 'AssumedRole', sessionContext: 'odd', accountId: 12 } }),
    apiCall({ userIdentity: 'odd', eventCategory: `${'\\"'.repeat(40)}${'x'.repeat(70)}\u00e9` }),
    apiCall({ userIdentity: null, awsRegion: 'a'.repeat(130), eventType: `${'é'.repeat(70)}"` }),
  ];
  const raw = JSON.stringify({ Records: records });
  // Escaped in the file (\u00e9) and raw UTF-8 (é as two bytes): both forms of each.
  const escaped = raw.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  for (const text of [escaped, raw]) {
    for (let shift = 0; shift < 64; shift++) assert.deepEqual(scanned(' '.repeat(shift) + text), expected(text), `shifted by ${shift}`);
  }
});

void test('skipped members may hold anything JSON allows; taken members keep their JSON types', () => {
  const noisy = {
    responseElements: { a: [[[]], [{ b: [1, -2.5e-3, 0, 1e100, -0, true, false, null] }], '}]{["', '\\', '\\"', 'x'.repeat(100)], c: {} },
    additionalEventData: [],
    tlsDetails: { x: '\\"}' },
  };
  const records = [
    apiCall(noisy),
    apiCall({ readOnly: false, managementEvent: false, errorCode: null, eventCategory: 7, recipientAccountId: ['x'], errorMessage: -1.5e-7 }),
    apiCall({ requestParameters: { roleArn: 'arn:aws:iam::1:role/r', nested: [{ k: '"' }] }, resources: [{ ARN: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' }] }),
    apiCall({ requestParameters: null, resources: 'odd', readOnly: 0, managementEvent: 12.5e3 }),
    apiCall({ userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { arn: 5, type: 'Role' }, webIdFederationData: {} } } }),
  ];
  const compact = JSON.stringify({ Records: records });
  const pretty = JSON.stringify({ Records: records }, null, 2);
  const tabs = `\r\n\t${JSON.stringify({ Records: records }, null, '\t').replace(/\n/g, '\r\n')}\n\n`;
  for (const text of [compact, pretty, tabs]) assert.deepEqual(scanned(text), expected(text));
  // Numbers straddling block ends.
  for (let shift = 0; shift < 64; shift++) assert.deepEqual(scanned(' '.repeat(shift) + compact), expected(compact), `shifted by ${shift}`);
  assert.deepEqual(scanned('{"Records":[]}'), []);
  assert.deepEqual(scanned(' \n{ "Records" : [ ] } \n'), []);
});

void test('a member whose name is a read one\'s but for one byte is not read', () => {
  // Every byte of a name counts: these differ from requestParameters, recipientAccountId and eventName in one byte.
  const text = JSON.stringify({ Records: [{ ...apiCall(), requestPXrameters: { bucketName: 'b' }, recipienXAccountId: '9', eventNamf: 'X' }] });
  assert.deepEqual(scanned(text), expected(text));
});

void test('anything not plainly a valid trail file of bare records is refused, so the exact way reads it', () => {
  const good = JSON.stringify({ Records: [apiCall(), apiCall()] });
  assert.ok(Array.isArray(read(good)));
  const refused = [
    good.slice(0, -10), // truncated
    good.slice(0, good.indexOf('"eventSource"') + 5), // truncated inside a key
    good.slice(0, -1), // the last brace missing
    `${good}}`, // trailing garbage
    `${good}x`,
    good.replace('},{', '}{'), // missing comma
    good.replace('},{', '},,{'), // two commas
    good.replace('[{', '[,{'), // leading comma
    good.replace('}]}', '},]}'), // trailing comma
    good.replace('"readOnly":true', '"readOnly":tru'), // bad literal
    good.replace('"readOnly":true', '"readOnly":truex'),
    good.replace('"readOnly":true', '"readOnly":01'), // bad number
    good.replace('"readOnly":true', '"readOnly":1.'),
    good.replace('"readOnly":true', '"readOnly":-'),
    good.replace('"readOnly":true', '"readOnly":1e'),
    good.replace('"readOnly":true', '"readOnly":+1'),
    good.replace('"readOnly":true', '"readOnly":[1 2]'), // missing comma in a skipped array
    good.replace('"readOnly":true', '"readOnly":{"a" 1}'), // missing colon in a skipped object
    good.replace('"readOnly":true', '"readOnly":{"a":1,}'),
    good.replace('"readOnly":true', '"readOnly":{"a":1]'), // mismatched brackets
    good.replace('"readOnly":true', '"readOnly":{1:2}'), // a key that is not a string
    good.replace('"readOnly":true', '"readOnly":"a"b'), // garbage after a string
    good.replace('"readOnly":true', '"readOnly" "a"'),
    good.replace('"readOnly":true', '"readOnly"::true'),
    good.replace('"readOnly":true', '"readOnly":\'a\''), // not JSON quotes
    good.replace('"readOnly":true', '"readOnly":"a\tb"'), // a raw control character in a string
    good.replace('"readOnly":true', '"readOnly":\ftrue'), // a form feed is not JSON whitespace
    good.replace('"readOnly":true', '"readOnly":"\\u12G4"'), // bad \u escape
    good.replace('"eventName":"ListBuckets"', '"eventName":"bad \\x escape"'), // bad escape in a taken member
    good.replace('"eventVersion":"1.08"', '"eventVersion":"\\x"'), // bad escape in a skipped member
    good.replace('"eventVersion"', '"event\\u0056ersion"'), // a key with escapes
    good.replace('"eventName":"ListBuckets"', '"eventName":"ListBuckets","eventName":"B"'), // a member read twice
    '{"Records":[1,2]}', // elements that are not objects
    '{"Records":[[]]}',
    '{"Records":[null]}',
    '{"Records":{}}',
    '{"Records":"x"}',
    JSON.stringify({ Records: [{ eventSource: 's3.amazonaws.com' }] }), // no eventName: not a bare record
    JSON.stringify({ Records: [{ eventName: 5 }] }),
    JSON.stringify({ Records: [{ ...apiCall(), detail: {} }] }), // an EventBridge event
    '{"other":1,"Records":[]}',
    '{"Records":[],"other":1}',
    '{"Records":[],"Records":[]}',
    '{}',
    '[]',
    '"x"',
    '',
    JSON.stringify({ Events: [] }),
    `${JSON.stringify(apiCall())}\n${JSON.stringify(apiCall())}`, // JSON lines
    `\ufeff${good}`, // a byte order mark
    good.replace('"readOnly":true', `"readOnly":${'['.repeat(2000)}${']'.repeat(2000)}`), // deeper than the scanner goes
  ];
  for (const text of refused) {
    const got = read(text);
    assert.ok(typeof got === 'number' && got < 0, `not refused: ${text.slice(0, 120)}`);
  }
  // Not valid UTF-8 is still valid JSON (JSON.parse sees U+FFFD): taken, and decoded as JSON.parse decodes it.
  const bytes = Buffer.from(good.replace('"eventType":"AwsApiCall"', '"eventType":"AwsApiCall@"'));
  bytes[bytes.indexOf('@')] = 0xff;
  assert.deepEqual(scanned(bytes), expected(bytes.toString('utf8')));
});

void test('bad files give the same results as the exact way', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-scan-bad-'));
  const good = JSON.stringify({ Records: [apiCall(), apiCall({ eventName: 'GetObject' }), apiCall({ eventTime: undefined })] });
  const files: Record<string, string | Buffer> = {
    'truncated.json': good.slice(0, -30),
    'truncated.json.gz': gzipSync(good.slice(0, -30)),
    'cut.json.gz': gzipSync(good).subarray(0, 40),
    'trailing.json.gz': Buffer.concat([gzipSync(good), Buffer.from('garbage')]),
    'twice.json.gz': Buffer.concat([gzipSync(good.slice(0, 100)), gzipSync(good.slice(100))]),
    'garbage.json': good.replace('"readOnly":true', '"readOnly":tru'),
    'empty.json': '{"Records":[]}',
    'empty.json.gz': gzipSync('{"Records":[]}'),
    'nothing.json': '',
    'lines.jsonl': `${JSON.stringify(apiCall())}\n{"eventName": "trunc\n`,
    'bridge.json': JSON.stringify({ Records: [{ 'detail-type': 'AWS API Call via CloudTrail', detail: apiCall() }] }),
    'partial.json': good,
    'bom.json': `\ufeff${good}`,
    'twice.json': good.replace('"eventName":"GetObject"', '"eventName":"GetObject","eventName":"PutObject"'),
  };
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  // Gzip is gunzipped into the scanner by Node's zlib handle, or by its stream where that cannot be used.
  for (const direct of [true, false]) {
    useGunzipInto(direct);
    try {
      for (const name of Object.keys(files)) await assertSameAsExact(join(dir, name));
    } finally {
      useGunzipInto(true);
    }
  }
  const partial = await ingest(join(dir, 'partial.json'), { scan: true });
  assert.deepEqual([partial.result.read, partial.result.records, partial.result.problems], [true, 2, [{ reason: '1 record without a valid eventTime' }]]);
  const cut = await ingest(join(dir, 'truncated.json.gz'), { scan: true });
  assert.deepEqual([cut.result.read, cut.result.records], [false, 0]);
  assert.match(cut.result.problems[0]?.reason ?? '', /invalid or truncated JSON/);
});

void test('a gzip of several members longer than the scanner takes is read the exact way, whatever its trailer says', async () => {
  // The trailer gives the last member's length only (~1 KB here): the text outgrows the room claimed for it.
  const dir = await mkdtemp(join(tmpdir(), 'tt-scan-members-'));
  const path = join(dir, 'members.json.gz');
  const first = `{"Records":[${JSON.stringify(apiCall())}${' '.repeat(17 << 20)}`;
  await writeFile(path, Buffer.concat([gzipSync(first), gzipSync(`,${JSON.stringify(apiCall({ eventName: 'GetObject' }))}]}`)]));
  const scanned = await ingest(path, { scan: true });
  assert.deepEqual([scanned.result.read, scanned.result.records, scanned.result.problems], [true, 2, []]);
  assert.deepEqual(scanned, await ingest(path, { scan: false }));
});

void test('request parameters and resources are parsed only when read', () => {
  const text = JSON.stringify({ Records: [apiCall({ requestParameters: { bucketName: 'b' }, resources: [{ ARN: 'arn:aws:s3:::b' }] })] });
  const [record] = read(text) as TrailRecord[];
  assert.ok(record);
  assert.equal(Object.keys(record).includes('requestParameters'), false);
  assert.deepEqual(record.requestParameters, { bucketName: 'b' });
  assert.equal(record.requestParameters, record.requestParameters);
  assert.deepEqual(record.resources, [{ ARN: 'arn:aws:s3:::b' }]);
});

void test('every byte of a read record member\'s name counts, at every position in the name', () => {
  const names = ['eventTime', '@timestamp', 'eventSource', 'eventName', 'eventType', 'awsRegion', 'recipientAccountId', 'errorCode', 'errorMessage', 'readOnly', 'eventCategory', 'managementEvent', 'userIdentity', 'requestParameters', 'resources'];
  for (const name of names) {
    for (let i = 0; i < name.length; i++) {
      const other = `${name.slice(0, i)}${name[i] === 'X' ? 'Y' : 'X'}${name.slice(i + 1)}`;
      // Taken for the read member, the other would be the member read twice (refused) or give its value.
      const text = JSON.stringify({ Records: [{ ...apiCall({ requestParameters: { a: 1 }, errorCode: 'E', '@timestamp': 'T' }), [other]: 'other' }] });
      assert.deepEqual(scanned(text), expected(text), other);
    }
  }
});

void test('a string is the previous record\'s only when every byte is the same, at every length', () => {
  for (let n = 1; n <= 40; n++) {
    const names = ['A'.repeat(n), `${'A'.repeat(n - 1)}B`, `B${'A'.repeat(n - 1)}`, 'A'.repeat(n + 1), 'A'.repeat(n + 1)];
    const text = JSON.stringify({ Records: names.map((eventName) => apiCall({ eventName })) });
    assert.deepEqual(scanned(text), expected(text), `length ${n}`);
  }
});

void test('a key holding a backslash is told apart from one followed by one, at every length and block position', () => {
  for (let n = 1; n <= 40; n++) {
    const key = 'k'.repeat(n);
    const clean = JSON.stringify({ Records: [{ ...apiCall(), [key]: '\\\\x' }] });
    const escaped = clean.replace(`"${key}"`, `"${key.slice(0, -1)}\\u006b"`);
    for (const shift of [0, 17, 40, 63]) {
      assert.deepEqual(scanned(' '.repeat(shift) + clean), expected(clean), `length ${n}, shifted by ${shift}`);
      assert.equal(read(' '.repeat(shift) + escaped), -4, `length ${n}, shifted by ${shift}`); // KEY_ESCAPE
    }
  }
});

void test('the reason for refusing a text is its first error, wherever the 64-byte blocks fall', () => {
  // BAD_JSON (-1) is also a control byte or a bad escape (its letter) anywhere in a 64-byte block, found before that
  // block's tokens; NOT_TRAIL (-2) here is a number where a record must come.
  for (let gap = 0; gap < 140; gap++) {
    for (const [bad, at] of [['"\u0001"', 1], ['"\\q"', 2]] as const) {
      const text = `{"Records":[1${' '.repeat(gap)},${bad}]}`;
      const sameBlock = Math.floor(text.indexOf('1') / 64) === Math.floor((text.lastIndexOf(',') + 1 + at) / 64);
      assert.equal(read(text), sameBlock ? -1 : -2, `gap ${gap}, ${JSON.stringify(bad)}`);
    }
  }
  // A text that ends where a value, a key or a string's end must come is bad JSON, at any length.
  for (let pad = 0; pad < 130; pad++) {
    const spaces = ' '.repeat(pad);
    for (const cut of ['', '{', '{"Records":', '{"Records":[', '{"Records":[{', '{"Records":[{"eventName":"x', '{"Records":[{"eventName":"x"}', '{"Records"']) {
      assert.equal(read(spaces + cut + spaces), -1, `${JSON.stringify(cut)} padded by ${pad}`);
    }
    assert.deepEqual(scanned(`${spaces}{"Records":[]}${spaces}`), []);
  }
});
