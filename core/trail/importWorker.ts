// An import worker thread: ingests the files the pool sends into its own builder, then returns the aggregates.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog } from '../catalog/load';
import { EventMapper } from './mapping';
import { UsageBuilder } from './usage';
import { ingestFile } from './fileIngest';
import type { PoolRequest, PoolResponse, PoolWorkerData } from './importPool';

const port = parentPort;
if (port) {
  const { catalogDir } = workerData as PoolWorkerData;
  const builder = new UsageBuilder(new EventMapper(loadCatalog(catalogDir)));
  port.on('message', (request: PoolRequest) => {
    if (request.type === 'finish') {
      port.postMessage({ type: 'snapshot', snapshot: builder.snapshot() } satisfies PoolResponse);
      return;
    }
    void ingestFile(request.job, builder).then((result) => {
      port.postMessage({ type: 'result', result } satisfies PoolResponse);
    });
  });
}
