// An import worker thread: ingests each file the pool sends into a builder of its own, and answers with the file's
// result and what the file added (a UsageDelta), then forgets it: the worker's memory does not grow with the corpus.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog } from '../catalog/load';
import { EventMapper } from './mapping';
import { UsageBuilder } from './usage';
import { ingestFile } from './fileIngest';
import type { PoolRequest, PoolResponse, PoolWorkerData } from './importPool';

const port = parentPort;
if (port) {
  const { catalogDir } = workerData as PoolWorkerData;
  const mapper = new EventMapper(loadCatalog(catalogDir));
  port.on('message', (request: PoolRequest) => {
    const builder = new UsageBuilder(mapper);
    void ingestFile(request.job, builder).then((result) => {
      const delta = builder.delta();
      // The columns move to the main thread without a copy.
      port.postMessage({ result, delta } satisfies PoolResponse, [delta.usage.buffer as ArrayBuffer, delta.daily.buffer as ArrayBuffer, delta.buckets.buffer as ArrayBuffer]);
    });
  });
}
