import { resolve } from 'node:path';
import type { ColumnCache, IngestedFile, TrailCache } from './cacheFormat';
import type { SourceInfo, UnmappedEvent, UsageSnapshot, UsageTotals } from './observation';
import type { EventMapper } from './mapping';
import { UsageBuilder } from './usage';
import { snapshotOfColumns } from './usageColumns';
import { discoverFiles, type FoundFile, type SkippedFile } from './discover';
import { ingestFile, type FileJob, type FileResult } from './fileIngest';

/** Runs file jobs: in this thread by default, or on worker threads (see importPool.ts). */
export interface FileRunner {
  /** How many jobs to keep in flight. */
  readonly concurrency: number;
  run(job: FileJob): Promise<FileResult>;
  /** Ends the run; returns what the runner aggregated outside `builder`, if anything. */
  finish(): Promise<UsageSnapshot | undefined>;
}

/** What an import did, for the final summary line. */
export interface ImportSummary {
  readonly filesFound: number;
  readonly filesRead: number;
  readonly filesUnchanged: number;
  readonly records: number;
  readonly mapped: number;
  readonly unmapped: number;
  readonly denied: number;
  readonly skipped: readonly SkippedFile[];
  readonly digests: number;
  readonly insights: number;
  /** Other files in the folders (not .json, .json.gz or JSON lines). */
  readonly ignored: number;
  /** Unmapped events over the whole cache, most frequent first. */
  readonly unmappedEvents: readonly UnmappedEvent[];
}

/** Progress after each file. */
export interface ImportProgress {
  readonly done: number;
  readonly total: number;
  readonly records: number;
}

/** A cache whose rows are already in the builder an import adds to (no snapshot of them is made). */
export interface BuiltCache extends Pick<TrailCache, 'files' | 'cursors'> {
  readonly builder: UsageBuilder;
  /** The cache's totals, from which the import's summary counts what it added. */
  readonly totals: UsageTotals;
}

/** Options of {@link importFiles}. */
export interface ImportOptions {
  /** The cache imported into, or its header and totals with a builder that already holds its rows (importRun.ts). */
  readonly cache: TrailCache | BuiltCache;
  /** Or a function that makes it: called only when records are read in this thread (not for work on workers). */
  readonly mapper: EventMapper | (() => EventMapper);
  /** Makes the runner; default: one file at a time in this thread, into the builder. */
  readonly runner?: (builder: UsageBuilder, jobs: number) => FileRunner;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** A runner that ingests in this thread, straight into the import's builder. */
export function inThreadRunner(builder: UsageBuilder): FileRunner {
  return { concurrency: 1, run: (job) => ingestFile(job, builder), finish: () => Promise.resolve(undefined) };
}

/**
 * Imports CloudTrail files and folders into the cache, incrementally: files whose path, size and mtime match the
 * cache are not read; files whose stat changed but whose content hash matches are not ingested again. Bad files are
 * skipped with their reason and the rest of the import completes. Returns the new cache (not yet written).
 */
export async function importFiles(paths: readonly string[], options: ImportOptions): Promise<{ cache: TrailCache; summary: ImportSummary }> {
  const { cache, summary } = await importUsage(paths, options);
  return { cache: { files: cache.files, cursors: cache.cursors, snapshot: snapshotOfColumns(cache.usage) }, summary };
}

/** {@link importFiles}, the new cache's usage as columns (no object per row) for writeCache. */
export async function importUsage(paths: readonly string[], options: ImportOptions): Promise<{ cache: ColumnCache; summary: ImportSummary }> {
  const { cache } = options;
  const builder = 'builder' in cache ? cache.builder : UsageBuilder.from(cache.snapshot, options.mapper);
  const files: Record<string, IngestedFile> = { ...options.cache.files };
  const skipped: SkippedFile[] = [];
  const { found, jobs } = await planImport(paths, files);
  const runner = (options.runner ?? inThreadRunner)(builder, jobs.length);
  const counts = { read: 0, unchanged: found.jobs.length - jobs.length, records: 0, done: 0 };
  try {
    await runAll(jobs, runner, (result) => {
      counts.done++;
      counts.records += result.records;
      if (result.unchanged) counts.unchanged++;
      if (result.read) counts.read++;
      if (result.read || result.unchanged) files[result.path] = { size: result.size, mtimeMs: result.mtimeMs, hash: result.hash };
      for (const p of result.problems) skipped.push({ path: result.path, ...p });
      options.onProgress?.({ done: counts.done, total: jobs.length, records: counts.records });
    });
  } finally {
    const extra = await runner.finish();
    if (extra) builder.addSnapshot(extra);
  }
  const usage = builder.ordered();
  const before = 'builder' in cache ? cache.totals : cache.snapshot.totals;
  const summary: ImportSummary = {
    filesFound: found.jobs.length,
    filesRead: counts.read,
    filesUnchanged: counts.unchanged,
    records: usage.totals.records - before.records,
    mapped: usage.totals.mapped - before.mapped,
    unmapped: usage.totals.unmapped - before.unmapped,
    denied: usage.totals.denied - before.denied,
    skipped: [...found.skipped, ...skipped],
    digests: found.digests,
    insights: found.insights,
    ignored: found.ignored,
    unmappedEvents: usage.unmapped,
  };
  return { cache: { files, cursors: options.cache.cursors, usage }, summary };
}

/** The files under the import paths, and those of them that must be read: new, or with another size or mtime. */
export interface ImportPlan {
  readonly found: FoundFiles;
  readonly jobs: readonly FileJob[];
}

/** Walks the import paths and compares each file's size and mtime with the files already imported. */
export async function planImport(paths: readonly string[], files: Readonly<Record<string, IngestedFile>>): Promise<ImportPlan> {
  const found = await discoverFilesPerSource(paths);
  const jobs = found.jobs
    .filter((job) => !sameStat(files[job.path], job))
    .map((job) => ({ ...job, knownHash: files[job.path]?.hash }));
  return { found, jobs };
}

/** The summary of an import whose plan has nothing to read: every file found is unchanged. */
export function unchangedSummary(plan: ImportPlan): ImportSummary {
  const { found } = plan;
  return {
    filesFound: found.jobs.length,
    filesRead: 0,
    filesUnchanged: found.jobs.length,
    records: 0,
    mapped: 0,
    unmapped: 0,
    denied: 0,
    skipped: found.skipped,
    digests: found.digests,
    insights: found.insights,
    ignored: found.ignored,
    unmappedEvents: [],
  };
}

/** What the walk of every import path found, each file with the source its coverage counts for. */
export interface FoundFiles {
  readonly jobs: FileJob[];
  readonly skipped: SkippedFile[];
  readonly digests: number;
  readonly insights: number;
  readonly ignored: number;
}

async function discoverFilesPerSource(paths: readonly string[]): Promise<FoundFiles> {
  const jobs: FileJob[] = [];
  const skipped: SkippedFile[] = [];
  let digests = 0;
  let insights = 0;
  let ignored = 0;
  const seen = new Set<string>();
  for (const path of paths) {
    const source: SourceInfo = { kind: 'files', id: resolve(path) };
    const found = await discoverFiles([path]);
    for (const file of found.files) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      jobs.push({ ...file, source });
    }
    skipped.push(...found.skipped);
    digests += found.digests;
    insights += found.insights;
    ignored += found.ignored;
  }
  return { jobs, skipped, digests, insights, ignored };
}

function sameStat(known: IngestedFile | undefined, file: FoundFile): boolean {
  return known !== undefined && known.size === file.size && known.mtimeMs === file.mtimeMs;
}

/** Runs jobs with the runner's concurrency, reporting each result in completion order. */
async function runAll(jobs: readonly FileJob[], runner: FileRunner, onResult: (r: FileResult) => void): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++];
      if (job) onResult(await runner.run(job));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, runner.concurrency) }, lane));
}
