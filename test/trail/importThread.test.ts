import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCache } from '../../core/trail/cache';
import { importIntoCache } from '../../core/trail/importRun';
import { runImportThread } from '../../core/trail/runImportThread';
import type { ImportProgress } from '../../core/trail/localFiles';
import { runtimePaths } from '../../cli/commands/import';
import { INVICTUS, testMapper } from './helpers';

const { threadScript, ...paths } = runtimePaths();
// Two lanes even for the few fixture files: this thread and one worker.
const pool = { ...paths, threads: 2 };

void test('an import on its own thread writes the cache an import in this thread writes', async () => {
  const here = await mkdtemp(join(tmpdir(), 'tt-thread-'));
  const there = await mkdtemp(join(tmpdir(), 'tt-thread-'));
  const local = await importIntoCache([INVICTUS], { cacheDir: here, mapper: testMapper() });
  const progress: ImportProgress[] = [];
  const threaded = await runImportThread([INVICTUS], { cacheDir: there, threadScript, pool, onProgress: (p) => progress.push(p) });
  assert.deepEqual(threaded, local);
  assert.deepEqual((await readCache(there)).cache, (await readCache(here)).cache);
  assert.equal(progress.length, local.summary.filesFound);
  assert.equal(progress.at(-1)?.records, local.summary.records);
  // Nothing new: answered from the cache's header, the file untouched.
  const again = await runImportThread([INVICTUS], { cacheDir: there, threadScript, pool });
  assert.equal(again.written, false);
  assert.equal(again.summary.filesUnchanged, local.summary.filesFound);
});

void test('a cancelled import on its own thread reads no file more and keeps the cache readable', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-thread-'));
  const run = await runImportThread([INVICTUS], { cacheDir: dir, threadScript, pool, signal: AbortSignal.abort() });
  assert.equal(run.summary.filesRead, 0);
  assert.equal(run.cancelledFiles, run.summary.filesFound);
  assert.ok(run.cancelledFiles > 0);
  assert.equal((await readCache(dir)).message, undefined);
});

void test('an import thread that fails rejects with its reason', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-thread-'));
  const notAFolder = join(dir, 'file');
  await writeFile(notAFolder, 'x');
  await assert.rejects(runImportThread([INVICTUS], { cacheDir: join(notAFolder, '.trailtight'), threadScript, pool }), /ENOTDIR/);
});

void test('an import thread out of memory rejects saying so, and leaves the cache as it was', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tt-thread-'));
  // 2 MB cannot hold the thread's code and data: it runs out of memory at once.
  await assert.rejects(runImportThread([INVICTUS], { cacheDir: dir, threadScript, pool, heapMb: 2 }), /needed more than 2 MB of memory and stopped; the cache is unchanged/);
  assert.deepEqual(await readdir(dir), []);
});
