import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCache } from '../../core/trail/cache';
import { importIntoCache } from '../../core/trail/importRun';
import { importDetails, importMessage, mappedPercent } from '../../client/trail/summaries';
import { INVICTUS, testMapper } from '../trail/helpers';

async function workspace(): Promise<{ logs: string; cacheDir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'tt-client-import-'));
  const logs = join(root, 'logs');
  await cp(INVICTUS, logs, { recursive: true });
  return { logs, cacheDir: join(root, '.trailtight') };
}

void test('imports into the workspace cache; an unchanged re-import does not touch it', async () => {
  const { logs, cacheDir } = await workspace();
  const first = await importIntoCache([logs], { cacheDir, mapper: testMapper() });
  assert.deepEqual([first.written, first.cancelledFiles, first.summary.filesRead, first.summary.records], [true, 0, 55, 2900]);
  const { cache } = await readCache(cacheDir);
  assert.equal(Object.keys(cache.files).length, 55);
  const before = (await stat(join(cacheDir, 'cache.json'))).mtimeMs;
  const again = await importIntoCache([logs], { cacheDir, mapper: testMapper() });
  assert.deepEqual([again.written, again.summary.filesRead, again.summary.filesUnchanged], [false, 0, 55]);
  assert.equal((await stat(join(cacheDir, 'cache.json'))).mtimeMs, before);
  assert.match(importMessage(again), /^Imported 0 files: 0 records, – mapped, 0 denied, 55 unchanged\.$/);
});

void test('cancelling keeps the files already read; the next import reads only the rest', async () => {
  const { logs, cacheDir } = await workspace();
  const controller = new AbortController();
  const cancelled = await importIntoCache([logs], {
    cacheDir,
    mapper: testMapper(),
    signal: controller.signal,
    onProgress: (p) => {
      if (p.done === 3) controller.abort();
    },
  });
  assert.deepEqual([cancelled.summary.filesRead, cancelled.cancelledFiles, cancelled.written], [3, 52, true]);
  assert.match(importMessage(cancelled), /^Import cancelled after 3 files: .* 52 files not read; importing again reads them\.$/);
  assert.equal(Object.keys((await readCache(cacheDir)).cache.files).length, 3);
  const rest = await importIntoCache([logs], { cacheDir, mapper: testMapper() });
  assert.deepEqual([rest.summary.filesRead, rest.summary.filesUnchanged], [52, 3]);
  const { cache } = await readCache(cacheDir);
  assert.equal(cache.snapshot.totals.records, 2900);
});

void test('a cache that cannot be read is rebuilt and the details say so', async () => {
  const { logs, cacheDir } = await workspace();
  await mkdir(cacheDir, { recursive: true });
  await writeFile(join(cacheDir, 'cache.json'), '{"format":"something else"}');
  const run = await importIntoCache([logs], { cacheDir, mapper: testMapper() });
  assert.ok(run.cacheMessage);
  assert.ok(importDetails([logs], run, join(cacheDir, 'cache.json')).includes(run.cacheMessage));
  assert.equal((await readCache(cacheDir)).message, undefined);
});

void test('mapped percentage never rounds a partial mapping up to 100%', () => {
  assert.deepEqual([mappedPercent(0, 0), mappedPercent(5, 0), mappedPercent(9999, 1), mappedPercent(2, 1)], ['–', '100%', '99.9%', '66.6%']);
});

void test('an unchanged re-import reads only the cache header: no catalog, no body', async () => {
  const { logs, cacheDir } = await workspace();
  await importIntoCache([logs], { cacheDir, mapper: testMapper() });
  const file = join(cacheDir, 'cache.json');
  const text = await readFile(file, 'utf8');
  // Damage everything after the header line: reading the body now fails.
  await writeFile(file, `${text.slice(0, text.indexOf('\n') + 1)}"strings":[`);
  let mappers = 0;
  const again = await importIntoCache([logs], { cacheDir, mapper: () => (mappers++, testMapper()) });
  assert.deepEqual([again.written, again.summary.filesUnchanged, again.cacheMessage, mappers], [false, 55, undefined, 0]);
});

void test('a cache found unusable part-way through its rows is rebuilt from the import alone, none of its rows kept', async () => {
  const { logs, cacheDir } = await workspace();
  await importIntoCache([join(logs, '..', 'logs')], { cacheDir, mapper: testMapper() });
  const file = join(cacheDir, 'cache.json');
  const text = await readFile(file, 'utf8');
  // The daily column is decoded after the usage rows were merged: its last row names a string the cache lacks.
  const daily = /"daily":"([^"]*)"/.exec(text)?.[1] ?? '';
  const rows = Buffer.from(daily, 'base64');
  rows.writeDoubleLE(1e6, rows.length - 40);
  await writeFile(file, text.replace(daily, rows.toString('base64')));
  const other = join(logs, '..', 'other');
  await mkdir(other);
  await cp(join(logs, (await readdir(logs))[0] ?? ''), join(other, 'one.json'));
  const run = await importIntoCache([other], { cacheDir, mapper: testMapper() });
  assert.match(run.cacheMessage ?? '', /missing string/);
  const { cache, message } = await readCache(cacheDir);
  assert.equal(message, undefined);
  assert.deepEqual(Object.keys(cache.files), [join(other, 'one.json')]);
  assert.equal(cache.snapshot.totals.records, run.summary.records);
  // Exactly what importing that file alone gives: no row of the unusable cache was kept.
  const alone = join(logs, '..', 'alone');
  await importIntoCache([other], { cacheDir: alone, mapper: testMapper() });
  assert.deepEqual(cache.snapshot, (await readCache(alone)).cache.snapshot);
});
