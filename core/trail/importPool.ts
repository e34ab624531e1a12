import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { UsageBuilder, UsageDelta } from './usage';
import type { FileJob, FileResult } from './fileIngest';
import { inThreadRunner, type FileRunner } from './localFiles';

/** What each import worker is started with. */
export interface PoolWorkerData {
  readonly catalogDir: string;
}

/** A message to a worker: one file to ingest. */
export interface PoolRequest {
  readonly job: FileJob;
}
/** A worker's answer: the file's result and what it added to the aggregates (merged here as each file ends). */
export interface PoolResponse {
  readonly result: FileResult;
  readonly delta: UsageDelta;
}

/** How to start import workers: the worker script (importWorker.js beside the bundle) and the catalog folder. */
export interface PoolOptions {
  /** A script path, or with `evalScript` the script's source (used to load the TypeScript worker through tsx). */
  readonly workerScript: string;
  readonly evalScript?: boolean;
  readonly catalogDir: string;
  /** Default: every core. */
  readonly threads?: number;
  /** Below this many files, workers cost more than they save, so the import runs in this thread. */
  readonly minFiles?: number;
}

class PoolWorker {
  private readonly worker: Worker;
  private pending: ((response: PoolResponse) => void) | undefined;
  private failure: ((error: Error) => void) | undefined;

  constructor(options: PoolOptions) {
    this.worker = new Worker(options.workerScript, {
      eval: options.evalScript ?? false,
      workerData: { catalogDir: options.catalogDir } satisfies PoolWorkerData,
    });
    this.worker.on('message', (response: PoolResponse) => this.pending?.(response));
    this.worker.on('error', (error) => this.failure?.(error));
  }

  request(message: PoolRequest): Promise<PoolResponse> {
    return new Promise((resolve, reject) => {
      this.pending = resolve;
      this.failure = reject;
      this.worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * A runner factory that spreads files over worker threads. Each worker answers every file with what it added, which
 * is merged into `builder` at once: the workers hold one file at a time, whatever the corpus size.
 */
export function workerRunner(options: PoolOptions): (builder: UsageBuilder, jobs: number) => FileRunner {
  return (builder, jobs) => {
    if (jobs < (options.minFiles ?? 8)) return inThreadRunner(builder);
    const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), jobs));
    const workers = Array.from({ length: threads }, () => new PoolWorker(options));
    const idle = [...workers];
    const waiting: ((w: PoolWorker) => void)[] = [];
    const release = (worker: PoolWorker) => {
      const next = waiting.shift();
      if (next) next(worker);
      else idle.push(worker);
    };
    const acquire = (): Promise<PoolWorker> => {
      const worker = idle.pop();
      return worker ? Promise.resolve(worker) : new Promise((resolve) => waiting.push(resolve));
    };
    return {
      concurrency: threads,
      async run(job) {
        const worker = await acquire();
        try {
          const response = await worker.request({ job });
          builder.addDelta(response.delta);
          return response.result;
        } finally {
          release(worker);
        }
      },
      async finish() {
        await Promise.all(workers.map((w) => w.close()));
        return undefined;
      },
    };
  };
}
