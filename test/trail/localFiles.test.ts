import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, writeFile, utimes } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyCache } from '../../core/trail/cache';
import { importFiles } from '../../core/trail/localFiles';
import { CHANGED, ingestFile, tooLargeReason } from '../../core/trail/fileIngest';
import { UsageBuilder } from '../../core/trail/usage';
import { INVICTUS, OTRF, apiCall, testMapper } from './helpers';

const importInto = (paths: string[], cache = emptyCache()) => importFiles(paths, { cache, mapper: testMapper() });

async function trailFolder(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'tt-logs-'));
  const day = join(root, 'AWSLogs', 'o-abc123', '111122223333', 'CloudTrail', 'us-east-1', '2026', '08', '24');
  await mkdir(day, { recursive: true });
  await writeFile(join(day, 'a.json.gz'), gzipSync(JSON.stringify({ Records: [apiCall(), apiCall({ eventName: 'HeadObject' })] })));
  const digest = join(root, 'AWSLogs', 'o-abc123', '111122223333', 'CloudTrail-Digest', 'us-east-1');
  await mkdir(digest, { recursive: true });
  await writeFile(join(digest, 'd.json.gz'), gzipSync('{}'));
  return root;
}

void test('imports the real Invictus trail files and the OTRF JSON lines', async () => {
  const { summary, cache } = await importInto([INVICTUS, join(OTRF, 'ec2_proxy_s3_exfiltration_2020-09-14011940.json')]);
  assert.equal(summary.filesRead, 56);
  assert.equal(summary.records, 2900 + 103);
  assert.deepEqual(summary.skipped, []);
  assert.equal(cache.snapshot.coverage.length, 2);
  assert.ok(cache.snapshot.coverage.some((c) => 's3' in c.dataEvents));
});

void test('organisation-trail layout with gzip; digests skipped and counted', async () => {
  const { summary } = await importInto([await trailFolder()]);
  assert.deepEqual([summary.filesRead, summary.records, summary.mapped, summary.digests], [1, 2, 2, 1]);
});

void test('every export shape is read: lookup-events output, EventBridge, JSON lines, a bare record', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-shapes-'));
  await writeFile(join(dir, 'lookup.json'), JSON.stringify({ Events: [{ EventId: '1', EventTime: 1787000000, CloudTrailEvent: JSON.stringify(apiCall()) }] }));
  await writeFile(join(dir, 'bridge.json'), JSON.stringify({ 'detail-type': 'AWS API Call via CloudTrail', detail: apiCall() }));
  await writeFile(join(dir, 'lines.jsonl'), `${JSON.stringify(apiCall())}\n${JSON.stringify(apiCall())}\n`);
  await writeFile(join(dir, 'one.json'), JSON.stringify(apiCall()));
  const { summary } = await importInto([dir]);
  assert.deepEqual([summary.filesRead, summary.records, summary.mapped], [4, 5, 5]);
  assert.deepEqual(summary.skipped, []);
});

void test('bad input is skipped with its reason and the rest of the import completes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-bad-'));
  const good = JSON.stringify({ Records: [apiCall()] });
  await writeFile(join(dir, 'corrupt.json.gz'), gzipSync(good).subarray(0, 30));
  await writeFile(join(dir, 'truncated.json'), good.slice(0, good.length - 20));
  await writeFile(join(dir, 'other.json'), JSON.stringify({ name: 'package', version: '1.0.0' }));
  await writeFile(join(dir, 'empty.json'), JSON.stringify({ Records: [] }));
  await writeFile(join(dir, 'partial.json'), JSON.stringify({ Records: [apiCall(), apiCall({ eventTime: undefined })] }));
  await writeFile(join(dir, 'lines.jsonl'), `${JSON.stringify(apiCall())}\n{"eventName": "trunc\n`);
  await writeFile(join(dir, 'good.json'), good);
  const { summary } = await importInto([dir]);
  const reasons = Object.fromEntries(summary.skipped.map((s) => [s.path.slice(dir.length + 1), s]));
  assert.match(reasons['corrupt.json.gz']?.reason ?? '', /corrupt gzip/);
  assert.match(reasons['truncated.json']?.reason ?? '', /invalid or truncated JSON/);
  assert.match(reasons['other.json']?.reason ?? '', /not CloudTrail/);
  assert.match(reasons['empty.json']?.reason ?? '', /no CloudTrail records/);
  assert.match(reasons['partial.json']?.reason ?? '', /eventTime/);
  assert.equal(reasons['lines.jsonl']?.line, 2);
  assert.equal(summary.records, 3);
});

void test('re-importing an unchanged folder changes nothing; a touched file is not re-ingested; a changed one is refused, not counted twice', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-again-'));
  await cp(INVICTUS, dir, { recursive: true });
  const first = await importInto([dir]);
  const second = await importInto([dir], first.cache);
  assert.deepEqual([second.summary.filesRead, second.summary.filesUnchanged, second.summary.records], [0, 55, 0]);
  assert.deepEqual(second.cache, first.cache);
  const [name] = Object.keys(first.cache.files);
  assert.ok(name);
  await utimes(name, new Date(), new Date(Date.now() + 5000));
  const third = await importInto([dir], second.cache);
  assert.deepEqual([third.summary.filesRead, third.summary.records], [0, 0]);
  assert.deepEqual(third.cache.snapshot, first.cache.snapshot);
  const text = await readFile(name, 'utf8');
  await writeFile(name, text.replace('"Records":[', `"Records":[${JSON.stringify(apiCall())},`));
  const fourth = await importInto([dir], third.cache);
  assert.deepEqual([fourth.summary.filesRead, fourth.summary.records], [0, 0]);
  assert.deepEqual(fourth.summary.skipped.map((s) => [s.path, s.reason]), [[name, CHANGED]]);
  assert.deepEqual(fourth.cache, third.cache);
});

void test('a file too long to parse whole is not read, with its reason; within the limit it is', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-large-'));
  // The OTRF export is JSON lines, which are parsed whole; a trail file malformed part-way is too.
  const lines = join(OTRF, 'ec2_proxy_s3_exfiltration_2020-09-14011940.json');
  const gz = join(dir, 'export.json.gz');
  await writeFile(gz, gzipSync(await readFile(lines)));
  const malformed = join(dir, 'malformed.json');
  await writeFile(malformed, `{"Records":[${JSON.stringify(apiCall())},${JSON.stringify(apiCall())},{"eventName":}]}`);
  const job = (path: string, size: number) => ({ path, size, mtimeMs: 1, source: { kind: 'files' as const, id: dir } });
  for (const path of [lines, gz, malformed]) {
    const size = (await readFile(path)).length;
    const builder = new UsageBuilder(testMapper());
    const refused = await ingestFile(job(path, size), builder, { wholeLimit: 100 });
    assert.deepEqual([refused.read, refused.tooLarge, refused.records, refused.problems], [false, true, 0, [{ reason: tooLargeReason(100) }]], path);
    assert.equal(builder.snapshot().totals.records, 0);
    assert.match(refused.hash, /^[0-9a-f]{64}$/);
    const read = await ingestFile(job(path, size), new UsageBuilder(testMapper()));
    assert.equal(read.tooLarge, undefined, path);
    assert.equal(read.hash, refused.hash);
  }
});
