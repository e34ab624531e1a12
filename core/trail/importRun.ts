// An import into the workspace cache, as the CLI and the VS Code command run it: cancellable between files, keeping
// every file read before the cancellation.
import { readCacheIndex, readCacheRows, writeCache } from './cache';
import {
  importUsage,
  inThreadRunner,
  planImport,
  unchangedSummary,
  type BuiltCache,
  type FileRunner,
  type ImportProgress,
  type ImportSummary,
} from './localFiles';
import type { FileJob, FileResult } from './fileIngest';
import type { EventMapper } from './mapping';
import { UsageBuilder } from './usage';

/** How file jobs are run (in this thread, or on import workers). */
export type RunnerFactory = (builder: UsageBuilder, jobs: number) => FileRunner;

/** What an import did: the core summary, the files left unread by a cancellation, and whether the cache was written. */
export interface ImportRun {
  readonly summary: ImportSummary;
  readonly cancelledFiles: number;
  readonly written: boolean;
  /** Why the old cache could not be used and was rebuilt, if it was. */
  readonly cacheMessage?: string;
}

/** Options of {@link importIntoCache}. */
export interface ImportRunOptions {
  /** The `.trailtight` folder. */
  readonly cacheDir: string;
  /** Or a function that makes it, called only when files are read in this thread. */
  readonly mapper: EventMapper | (() => EventMapper);
  readonly runner?: RunnerFactory;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** The caller already found something to read ({@link unchangedImport}): the cache's header and the folders are not read again for it. */
  readonly changed?: true;
}

/** A result for a file that was not started because the import was cancelled: not read, so retried next time. */
function notRun(job: FileJob): FileResult {
  return { path: job.path, size: job.size, mtimeMs: job.mtimeMs, hash: '', unchanged: false, read: false, records: 0, problems: [] };
}

/** Wraps a runner so that, once `signal` aborts, files not yet started are passed over (and counted) instead of read. */
export function cancellableRunner(make: RunnerFactory, signal: AbortSignal, onPassedOver: () => void): RunnerFactory {
  return (builder, jobs) => {
    const inner = make(builder, jobs);
    return {
      concurrency: inner.concurrency,
      run: (job) => {
        if (!signal.aborted) return inner.run(job);
        onPassedOver();
        return Promise.resolve(notRun(job));
      },
      finish: () => inner.finish(),
    };
  };
}

/**
 * What an import of `paths` does when the cache already holds every file as it is now (same path, size and mtime),
 * found from the cache's header line alone; undefined when there is something to read.
 */
export async function unchangedImport(paths: readonly string[], cacheDir: string): Promise<ImportRun | undefined> {
  const index = await readCacheIndex(cacheDir);
  if (!index) return undefined;
  const plan = await planImport(paths, index.files);
  return plan.jobs.length === 0 ? { summary: unchangedSummary(plan), cancelledFiles: 0, written: false } : undefined;
}

/**
 * Imports `paths` into the cache in `cacheDir`. An unchanged re-import leaves the file untouched and reads only the
 * cache's header line (which files were imported); a cancelled one writes what it read, and the files it passed
 * over are read by the next import.
 */
export async function importIntoCache(paths: readonly string[], options: ImportRunOptions): Promise<ImportRun> {
  const unchanged = options.changed ? undefined : await unchangedImport(paths, options.cacheDir);
  if (unchanged) return unchanged;
  const { cache, message } = await cacheInBuilder(options.cacheDir, options.mapper);
  let cancelledFiles = 0;
  const base = options.runner ?? inThreadRunner;
  const runner = options.signal ? cancellableRunner(base, options.signal, () => cancelledFiles++) : base;
  const { cache: updated, summary } = await importUsage(paths, {
    cache,
    mapper: options.mapper,
    runner,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const written = summary.filesRead > 0 || JSON.stringify(updated.files) !== JSON.stringify(cache.files) || message !== undefined;
  if (written) await writeCache(options.cacheDir, updated);
  return { summary, cancelledFiles, written, ...(message ? { cacheMessage: message } : {}) };
}

/**
 * The cache in `cacheDir` merged into a new builder, its rows a part at a time as they are decoded (never all its
 * rows twice, nor as objects). When the cache turns out unusable part-way, what was merged is dropped.
 */
async function cacheInBuilder(cacheDir: string, mapper: EventMapper | (() => EventMapper)): Promise<{ cache: BuiltCache; message?: string }> {
  let builder = new UsageBuilder(mapper);
  const { cache, message } = await readCacheRows(cacheDir, (rows) => builder.addDelta(rows));
  if (message !== undefined) builder = new UsageBuilder(mapper);
  return { cache: { files: cache.files, cursors: cache.cursors, builder, totals: cache.totals }, ...(message ? { message } : {}) };
}
