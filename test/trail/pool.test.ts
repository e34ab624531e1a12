import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyCache } from '../../core/trail/cache';
import { importFiles } from '../../core/trail/localFiles';
import { workerRunner } from '../../core/trail/importPool';
import { runtimePaths } from '../../cli/commands/import';
import { INVICTUS, OTRF, testMapper } from './helpers';

void test('an import on worker threads gives the same cache and summary as one in this thread', async () => {
  const single = await importFiles([INVICTUS], { cache: emptyCache(), mapper: testMapper() });
  const pooled = await importFiles([INVICTUS], {
    cache: emptyCache(),
    mapper: testMapper(),
    runner: workerRunner({ ...runtimePaths(), threads: 2, minFiles: 0 }),
  });
  assert.deepEqual(pooled.cache, single.cache);
  assert.deepEqual(pooled.summary, single.summary);
});

void test('a pool in which this thread reads files too gives the same cache and summary', async () => {
  const single = await importFiles([INVICTUS], { cache: emptyCache(), mapper: testMapper() });
  const pooled = await importFiles([INVICTUS], {
    cache: emptyCache(),
    mapper: testMapper(),
    runner: workerRunner({ ...runtimePaths(), threads: 2, minFiles: 0, withThisThread: true }),
  });
  assert.deepEqual(pooled.cache, single.cache);
  assert.deepEqual(pooled.summary, single.summary);
});

void test('files too long for a worker to parse whole are read by this thread', async () => {
  // The OTRF export is JSON lines (parsed whole): longer than 1,000 characters, it is handed back.
  const single = await importFiles([INVICTUS, OTRF], { cache: emptyCache(), mapper: testMapper() });
  const pooled = await importFiles([INVICTUS, OTRF], {
    cache: emptyCache(),
    mapper: testMapper(),
    runner: workerRunner({ ...runtimePaths(), threads: 2, minFiles: 0, wholeLimit: 1000 }),
  });
  assert.deepEqual(pooled.cache, single.cache);
  assert.deepEqual(pooled.summary, single.summary);
});

void test('files a worker cannot read within its heap are read in this thread, and none is lost', async () => {
  const single = await importFiles([INVICTUS], { cache: emptyCache(), mapper: testMapper() });
  // 1 MB cannot even hold the action names: every worker dies, so every file takes the in-thread path.
  const pooled = await importFiles([INVICTUS], {
    cache: emptyCache(),
    mapper: testMapper(),
    runner: workerRunner({ ...runtimePaths(), threads: 2, minFiles: 0, heapMb: 1 }),
  });
  assert.deepEqual(pooled.cache, single.cache);
  assert.deepEqual(pooled.summary, single.summary);
});
