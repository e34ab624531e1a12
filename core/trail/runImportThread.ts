import { Worker } from 'node:worker_threads';
import type { ImportProgress } from './localFiles';
import { unchangedImport, type ImportRun } from './importRun';
import { WORKER_YOUNG_MB, type PoolOptions } from './importPool';

/**
 * The import thread's heap, in MB. It holds the aggregates (~25 MB for the bench corpus' 240,000 rows) and files
 * that are not trail files, parsed whole (up to WHOLE_TEXT_LIMIT). Below 2 GB, V8 lets a heap grow to at most ~2 ×
 * what it kept at its last full collection instead of 4 × (heap-controller.cc): the bench import's peak RSS fell
 * from 204-206 to 177-178 MB (2 runs each), at the same CPU. Node ends a thread that reaches its limit with an
 * error for most allocations, but may abort the process for some (nodejs/node#47224), as it does on a main thread.
 */
export const IMPORT_HEAP_MB = 2000;

function outOfMemory(heapMb: number): Error {
  return new Error(
    `the import needed more than ${heapMb} MB of memory and stopped; the cache is unchanged. Import fewer files (or ` +
      'fewer accounts) into one cache',
  );
}

/** What the import thread is started with. */
export interface ImportThreadData {
  readonly paths: readonly string[];
  readonly cacheDir: string;
  /** How the thread starts its import workers. */
  readonly pool: Pick<PoolOptions, 'workerScript' | 'evalScript' | 'catalogDir' | 'threads'>;
}

/** What the import thread posts: progress after each file, then the import's result or why it failed. */
export type ImportThreadMessage =
  | { readonly type: 'progress'; readonly progress: ImportProgress }
  | { readonly type: 'done'; readonly run: ImportRun }
  | { readonly type: 'failed'; readonly message: string };

/** Options of {@link runImportThread}. */
export interface ImportThreadOptions {
  /** The `.trailtight` folder. */
  readonly cacheDir: string;
  /** The import thread's script (importThread.js beside the bundle), or with `evalScript` its source. */
  readonly threadScript: string;
  readonly pool: ImportThreadData['pool'];
  /** The thread's heap bound, in MB; default {@link IMPORT_HEAP_MB}. */
  readonly heapMb?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/**
 * Runs {@link importIntoCache} on a thread of its own and resolves to what it did. The thread holds the aggregates
 * and writes the cache; this thread only relays progress and cancellation. Its young generation is bounded as the
 * workers' are: the main thread's default one grew to ~32 MB merging the workers' results, most of it garbage.
 * An import with nothing new to read is answered here, from the cache's header line, without a thread.
 */
export async function runImportThread(paths: readonly string[], options: ImportThreadOptions): Promise<ImportRun> {
  return (await unchangedImport(paths, options.cacheDir)) ?? inThread(paths, options);
}

function inThread(paths: readonly string[], options: ImportThreadOptions): Promise<ImportRun> {
  const heapMb = options.heapMb ?? IMPORT_HEAP_MB;
  return new Promise((resolve, reject) => {
    const thread = new Worker(options.threadScript, {
      eval: options.pool.evalScript ?? false,
      workerData: { paths, cacheDir: options.cacheDir, pool: options.pool } satisfies ImportThreadData,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB, maxOldGenerationSizeMb: heapMb },
    });
    let settled = false;
    const cancel = (): void => thread.postMessage('cancel');
    options.signal?.addEventListener('abort', cancel, { once: true });
    if (options.signal?.aborted) cancel();
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', cancel);
      outcome();
      void thread.terminate();
    };
    thread.on('message', (message: ImportThreadMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'done') settle(() => resolve(message.run));
      else settle(() => reject(new Error(message.message)));
    });
    thread.on('error', (error: Error & { code?: string }) => settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory(heapMb) : error)));
    thread.on('exit', (code) => settle(() => reject(new Error(`the import thread stopped (exit code ${code}) before it finished`))));
  });
}
