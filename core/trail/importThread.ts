// The import thread: one whole import (read the cache, read the files with the import workers, write the cache) off
// the thread that asked for it, so neither the CLI's main thread nor VS Code's extension host ever holds the
// aggregates, and the import's young generation is bounded like its workers' (see runImportThread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { loadActionNames } from '../catalog/actionNames';
import { EventMapper } from './mapping';
import { workerRunner } from './importPool';
import { importIntoCache } from './importRun';
import type { ImportThreadData, ImportThreadMessage } from './runImportThread';

const port = parentPort;
if (port) {
  const { paths, cacheDir, pool } = workerData as ImportThreadData;
  const cancelled = new AbortController();
  port.on('message', (message: 'cancel') => {
    if (message === 'cancel') cancelled.abort();
  });
  const post = (message: ImportThreadMessage): void => port.postMessage(message);
  importIntoCache(paths, {
    cacheDir,
    mapper: () => new EventMapper(loadActionNames(pool.catalogDir)),
    // This thread reads files too: it is one of the pool's threads.
    runner: workerRunner({ ...pool, withThisThread: true }),
    signal: cancelled.signal,
    // runImportThread starts this thread only when there is something to read.
    changed: true,
    onProgress: (progress) => post({ type: 'progress', progress }),
  }).then(
    (run) => post({ type: 'done', run }),
    (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
}
