import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE_VERSION, cachePath, cursorKey, emptyCache, readCache, readCacheIndex, readCacheRows, writeCache } from '../../core/trail/cache';
import { UsageBuilder } from '../../core/trail/usage';
import { apiCall, testMapper } from './helpers';

async function sampleCache() {
  const builder = new UsageBuilder(testMapper());
  const copy = { eventName: 'CopyObject', awsRegion: 'eu-west-1', eventCategory: 'Data', managementEvent: false, readOnly: false };
  const requestParameters = { bucketName: 'dst', 'x-amz-copy-source': 'src/a.txt' };
  builder.addRecords([apiCall(), apiCall({ ...copy, requestParameters })], { kind: 'files', id: '/logs' });
  return {
    snapshot: builder.snapshot(),
    files: { '/logs/a.json': { size: 10, mtimeMs: 5, hash: 'ab' } },
    cursors: { [cursorKey('111122223333', 'us-east-1')]: { newest: { time: 1000, ids: ['e1'] } } },
  };
}

void test('the cache round-trips through an atomic write, leaving no temporary file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-cache-'));
  const cache = await sampleCache();
  await writeCache(dir, cache);
  assert.deepEqual(await readdir(dir), ['cache.json']);
  const read = await readCache(dir);
  assert.equal(read.message, undefined);
  assert.deepEqual(read.cache, cache);
  assert.deepEqual(read.cache.snapshot.bucketUsage.map((r) => `${r.action}@${r.bucket}`), ['s3:PutObject@dst', 's3:GetObject@src']);
  assert.deepEqual(read.cache.snapshot.coverage[0]?.s3DataEvents, { dst: { read: 0, write: 1 } });
});

void test('a cache whose columns take several pieces round-trips', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-cache-'));
  const builder = new UsageBuilder(testMapper());
  // 4,000 principals: every column spans several pieces of rows, the last one partial.
  const records = Array.from({ length: 4000 }, (_, n) =>
    apiCall({
      eventSource: 's3.amazonaws.com',
      eventName: n % 2 ? 'GetBucketPolicy' : 'ListBuckets',
      requestParameters: { bucketName: `bucket-${n % 7}` },
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/u${n}`, accountId: '111122223333' },
      awsRegion: `xx-test-${n % 37}`,
      eventTime: `2026-08-${String(1 + (n % 28)).padStart(2, '0')}T10:00:00Z`,
    }),
  );
  builder.addRecords(records, { kind: 'files', id: '/logs' });
  const cache = { snapshot: builder.snapshot(), files: {}, cursors: {} };
  assert.equal(cache.snapshot.usage.length, 4000);
  assert.equal(cache.snapshot.daily.length, 4000);
  assert.equal(cache.snapshot.bucketUsage.length, 4000);
  await writeCache(dir, cache);
  assert.deepEqual((await readCache(dir)).cache, cache);
  // Written from the builder's columns (rows in another order than added, pieces of several of them): the same bytes.
  const fromColumns = await mkdtemp(join(tmpdir(), 'tt-cache-'));
  await writeCache(fromColumns, { files: {}, cursors: {}, usage: builder.ordered() });
  assert.ok((await readFile(cachePath(fromColumns))).equals(await readFile(cachePath(dir))));
});

void test('a missing cache is empty without a message', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-cache-'));
  assert.deepEqual(await readCache(dir), { cache: emptyCache() });
});

void test('a corrupt cache or one of another version is rebuilt empty with a message', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-cache-'));
  await writeFile(cachePath(dir), '{"format":"trailtight-usage-cache","version":1,"str');
  const corrupt = await readCache(dir);
  assert.deepEqual(corrupt.cache, emptyCache());
  assert.match(corrupt.message ?? '', /cache\.json/);
  await writeCache(dir, await sampleCache());
  const text = await readFile(cachePath(dir), 'utf8');
  await writeFile(cachePath(dir), text.replace(`"version":${CACHE_VERSION}`, '"version":1'));
  const old = await readCache(dir);
  assert.deepEqual(old.cache, emptyCache());
  assert.match(old.message ?? '', /format version 1\b/);
  assert.equal(await readCacheIndex(dir), undefined);
});

void test('the header line alone gives the imported files, even when the rest is damaged', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-cache-'));
  const cache = await sampleCache();
  await writeCache(dir, cache);
  const text = await readFile(cachePath(dir), 'utf8');
  await writeFile(cachePath(dir), text.slice(0, text.indexOf('\n') + 20));
  assert.deepEqual(await readCacheIndex(dir), { files: cache.files, cursors: cache.cursors });
  assert.ok((await readCache(dir)).message);
  assert.equal(await readCacheIndex(join(dir, 'missing')), undefined);
});

void test('a cache reads the same from its text and its bytes, even with column-like text in its strings', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-cache-'));
  const builder = new UsageBuilder(testMapper());
  const tricky = 'arn:aws:iam::111122223333:user/"usage":"x","daily":"y","bucketUsage":"z"';
  builder.addRecords([apiCall(), apiCall({ userIdentity: { type: 'IAMUser', arn: tricky, accountId: '111122223333' } })], { kind: 'files', id: '/"usage":"' });
  const cache = { ...(await sampleCache()), snapshot: builder.snapshot(), files: { '/logs/"daily":"z.json': { size: 1, mtimeMs: 2, hash: 'cd' } } };
  await writeCache(dir, cache);
  assert.deepEqual((await readCache(dir)).cache, cache);
  assert.deepEqual((await readCache(dir, (path) => readFile(path, 'utf8'))).cache, cache);
  assert.ok(cache.snapshot.usage.some((row) => row.principal === tricky));
});

void test('an import reads the rows of the cache in parts: merged, they give the same snapshot; a row naming a missing string is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-cache-'));
  // 60,000 usage rows: the usage column comes in two parts.
  const regions = ['us-east-1'];
  const usage = Array.from({ length: 60_000 }, (_, n) => {
    const principal = `arn:aws:iam::111122223333:role/r${String(Math.floor(n / 1000)).padStart(2, '0')}`;
    return { principal, action: `s3:A${String(n % 1000).padStart(3, '0')}`, firstSeen: n, lastSeen: n + 1, count: 1, denied: 0, viaService: 0, regions };
  });
  const cache = { ...(await sampleCache()), snapshot: { ...(await sampleCache()).snapshot, usage } };
  await writeCache(dir, cache);
  const merged = new UsageBuilder(testMapper());
  const parts: number[] = [];
  const read = await readCacheRows(dir, (rows) => {
    parts.push(rows.usage.length / 8);
    merged.addDelta(rows);
  });
  assert.equal(read.message, undefined);
  assert.deepEqual([read.cache.files, read.cache.cursors, read.cache.totals], [cache.files, cache.cursors, cache.snapshot.totals]);
  assert.deepEqual(parts.slice(0, 2), [49_152, 10_848]);
  assert.deepEqual(merged.snapshot(), (await readCache(dir)).cache.snapshot);
  // The usage column's first row names string 0 (its principal); point it past the strings.
  const text = await readFile(cachePath(dir), 'utf8');
  const strings = (JSON.parse(`{${text.slice(text.indexOf('"strings"'), text.indexOf(',"regionSets"'))}}`) as { strings: string[] }).strings;
  const column = /"usage":"([^"]*)"/.exec(text)?.[1] ?? '';
  const rows = Buffer.from(column.slice(0, 12), 'base64');
  rows.writeDoubleLE(strings.length, 0);
  await writeFile(cachePath(dir), text.replace(column, rows.toString('base64') + column.slice(12)));
  const bad = await readCacheRows(dir, () => undefined);
  assert.deepEqual(bad.cache.files, {});
  assert.match(bad.message ?? '', /missing string/);
  assert.match((await readCache(dir)).message ?? '', /missing string/);
  const none = await readCacheRows(join(dir, 'none'), () => undefined);
  assert.deepEqual([none.message, none.cache.totals], [undefined, emptyCache().snapshot.totals]);
});

void test('a column cut short or with bytes that are not base64 rebuilds the cache with a message', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-cache-'));
  await writeCache(dir, await sampleCache());
  const text = await readFile(cachePath(dir), 'utf8');
  const column = /"daily":"([^"]*)"/.exec(text)?.[1] ?? '';
  for (const [broken, why] of [
    [column.slice(0, -1), /not base64/],
    [`!!!!${column.slice(4)}`, /not base64/],
    [column.slice(0, -4), /partial row|not base64/],
  ] as const) {
    await writeFile(cachePath(dir), text.replace(`"daily":"${column}"`, `"daily":"${broken}"`));
    const read = await readCacheRows(dir, () => undefined);
    assert.deepEqual(read.cache.files, {});
    assert.match(read.message ?? '', why);
  }
});

void test('a cache whose body members come in another order still reads the same, parsed whole', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-cache-'));
  const cache = await sampleCache();
  await writeCache(dir, cache);
  const text = await readFile(cachePath(dir), 'utf8');
  const newline = text.indexOf('\n');
  const body = JSON.parse(`{${text.slice(newline + 1)}`) as Record<string, unknown>;
  const { usage, daily, bucketUsage, ...others } = body;
  // The daily column first, then the usage column: a search from the usage key would take the wrong column.
  const reordered = { daily, bucketUsage, ...others, usage };
  await writeFile(cachePath(dir), `${text.slice(0, newline + 1)}${JSON.stringify(reordered).slice(1)}`);
  assert.deepEqual((await readCache(dir)).cache, cache);
  const merged = new UsageBuilder(testMapper());
  const read = await readCacheRows(dir, (rows) => merged.addDelta(rows));
  assert.equal(read.message, undefined);
  assert.deepEqual(merged.snapshot(), cache.snapshot);
});
