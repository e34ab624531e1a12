import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { UsageBuilder, UsageDelta } from './usage';
import { ingestFile, type FileJob, type FileResult } from './fileIngest';
import { inThreadRunner, type FileRunner } from './localFiles';

/** What each import worker is started with. */
export interface PoolWorkerData {
  readonly catalogDir: string;
  /** The longest text a worker parses whole ({@link WORKER_WHOLE_TEXT}). */
  readonly wholeLimit: number;
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
  /**
   * When set, this thread is one of the `threads` that read files (it needs no delta for its own files): for an
   * import that runs on a thread of its own (importThread.ts), so no core is left to a thread that only merges.
   */
  readonly withThisThread?: boolean;
  /** The longest text a worker parses whole; default {@link WORKER_WHOLE_TEXT}. */
  readonly wholeLimit?: number;
  /** Below this many files, workers cost more than they save, so the import runs in this thread. */
  readonly minFiles?: number;
  /**
   * Each worker's old-generation heap, in MB (default {@link WORKER_HEAP_MB}). A worker streams trail files and
   * keeps one batch of records, so its live set is the catalog and little else; without a bound V8 lets each heap
   * grow to ~100 MB of garbage. A file too big for the bound (a huge JSON-lines export, parsed whole) is read again
   * in this thread instead.
   */
  readonly heapMb?: number;
}

/** Measured on the bench corpus: ~45 MB of heap per worker and no measurable extra CPU (see BENCHMARKS.md). */
export const WORKER_HEAP_MB = 96;

/**
 * The longest text, in characters, a worker parses whole (a file that is not a trail file, or a trail file
 * malformed part-way); a longer one is handed back and read by the importing thread. A worker must not reach its
 * heap limit: for some allocations (a big String.split, one huge array) Node aborts the whole process instead of
 * ending the worker (nodejs/node#47224; seen here with a 30 MB JSON-lines file in a 48 MB worker).
 */
const WORKER_WHOLE_TEXT = 8 << 20;

/**
 * Each worker's young generation, in MB. A worker's garbage is short-lived (a batch of records), so V8's default
 * young generation mostly holds garbage awaiting a scavenge: bounding it cut the import's peak RSS from 269-275 MB
 * to 240-246 MB with no more CPU (4 alternating runs each on the bench corpus; 8 MB saved ~6 MB more; BENCHMARKS.md).
 * Since scanned files are aggregated from the scanner's ids (scanAggregate.ts) a file leaves little garbage on the
 * heap, and the gunzipped chunks (off the heap, freed when a scavenge finds their Buffers dead) waited ~2 × longer:
 * with 16 MB peak RSS rose from ~156 to ~196 MB; 4 MB gives ~140 MB at the same CPU (2 alternating runs each).
 * Files are now gunzipped straight into the scanner (gunzipInto.ts), with no chunks: 16 MB still costs ~10 MB more
 * (bench corpus 134-140 vs 125-130 MB, 4 x corpus 155-165 vs 139-142 MB) for no measurable CPU (5 alternating runs).
 */
export const WORKER_YOUNG_MB = 4;

/**
 * Files sent to a worker before it answered the one it is reading: the next one waits in its queue, so it never
 * idles while its answer crosses to this thread and is merged (a worker idled ~16 % of its time with one).
 */
const WORKER_DEPTH = 2;

class PoolWorker {
  private readonly worker: Worker;
  /** Requests sent and not answered, oldest first: the worker answers in the order it is asked. */
  private readonly pending: { resolve: (response: PoolResponse) => void; reject: (error: Error) => void }[] = [];
  /** Why the worker stopped, once it has. */
  private stopped: Error | undefined;

  constructor(options: PoolOptions) {
    this.worker = new Worker(options.workerScript, {
      eval: options.evalScript ?? false,
      workerData: { catalogDir: options.catalogDir, wholeLimit: options.wholeLimit ?? WORKER_WHOLE_TEXT } satisfies PoolWorkerData,
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    this.worker.on('message', (response: PoolResponse) => {
      this.served++;
      this.pending.shift()?.resolve(response);
    });
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`import worker exited with code ${code}`)));
  }

  /** Files this worker answered. */
  served = 0;

  get alive(): boolean {
    return this.stopped === undefined;
  }

  request(message: PoolRequest): Promise<PoolResponse> {
    return new Promise((resolve, reject) => {
      if (this.stopped) {
        reject(this.stopped);
        return;
      }
      this.pending.push({ resolve, reject });
      this.worker.postMessage(message);
    });
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const request of this.pending.splice(0)) request.reject(this.stopped);
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
    const own = options.withThisThread ? 1 : 0;
    const workers = Array.from({ length: threads - own }, () => new PoolWorker(options));
    const started = [...workers];
    // Each worker is a lane WORKER_DEPTH times over.
    const idle: Lane[] = [...(own ? [THIS_THREAD as Lane] : []), ...workers.flatMap((w) => Array<Lane>(WORKER_DEPTH).fill(w))];
    const replaced = new Map<PoolWorker, PoolWorker>();
    const waiting: ((lane: Lane) => void)[] = [];
    const release = (used: Lane) => {
      // A worker that died on a file (out of its heap on a huge one) is replaced, once for all its lanes; one that
      // never answered is not (it cannot start), and its files are read in this thread.
      let lane = used;
      if (used !== THIS_THREAD && !used.alive && used.served > 0) {
        let replacement = replaced.get(used);
        if (!replacement) {
          replacement = new PoolWorker(options);
          replaced.set(used, replacement);
          started.push(replacement);
        }
        lane = replacement;
      }
      const next = waiting.shift();
      if (next) next(lane);
      else idle.push(lane);
    };
    const acquire = (): Promise<Lane> => {
      const lane = idle.pop();
      return lane ? Promise.resolve(lane) : new Promise((resolve) => waiting.push(resolve));
    };
    return {
      concurrency: idle.length,
      async run(job) {
        const lane = await acquire();
        try {
          if (lane === THIS_THREAD) return await ingestFile(job, builder);
          let response: PoolResponse;
          try {
            response = await lane.request({ job });
          } catch {
            // The worker died on this file: read it here, where the heap is larger.
            return await ingestFile(job, builder);
          }
          // Too long for a worker to parse whole: read here (the worker added nothing for it).
          if (response.result.tooLarge) return await ingestFile(job, builder);
          builder.addDelta(response.delta);
          return response.result;
        } finally {
          release(lane);
        }
      },
      async finish() {
        await Promise.all(started.map((w) => w.close()));
        return undefined;
      },
    };
  };
}

/** The lane of a pool in which the calling thread reads a file itself. */
const THIS_THREAD = Symbol('this thread');
type Lane = PoolWorker | typeof THIS_THREAD;
