// An import worker thread: ingests each file the pool sends into a builder of its own, and answers with the file's
// result and what the file added (a UsageDelta), then forgets it: the worker's memory does not grow with the corpus.
import { parentPort, workerData } from 'node:worker_threads';
import { loadActionNames } from '../catalog/actionNames';
import { EventMapper } from './mapping';
import { UsageBuilder } from './usage';
import { ingestFile } from './fileIngest';
import type { PoolRequest, PoolResponse, PoolWorkerData } from './importPool';

const port = parentPort;
if (port) {
  const { catalogDir, wholeLimit } = workerData as PoolWorkerData;
  // Only the action names: the whole catalog would cost each worker ~15 MB of heap (BENCHMARKS.md).
  const mapper = new EventMapper(loadActionNames(catalogDir));
  // One file at a time, in the order asked (the pool sends the next before this one is answered).
  let reading: Promise<void> = Promise.resolve();
  port.on('message', (request: PoolRequest) => {
    reading = reading.then(async () => {
      const builder = new UsageBuilder(mapper);
      const result = await ingestFile(request.job, builder, { wholeLimit });
      const delta = builder.delta();
      // The columns move to the importing thread without a copy.
      port.postMessage({ result, delta } satisfies PoolResponse, [delta.usage.buffer as ArrayBuffer, delta.daily.buffer as ArrayBuffer, delta.buckets.buffer as ArrayBuffer]);
    });
  });
}
