import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { SourceInfo } from './observation';
import type { UsageBuilder } from './usage';
import { recordsIn, type FileProblem } from './fileFormats';

/** One file to ingest: where it is, its stat, its coverage source, and its stored hash when it was seen before. */
export interface FileJob {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly source: SourceInfo;
  readonly knownHash?: string;
}

/** What ingesting one file did. `read` is false when nothing was used (the file is retried next time). */
export interface FileResult {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  /** The content hash matched the stored one: the file was not ingested again. */
  readonly unchanged: boolean;
  readonly read: boolean;
  readonly records: number;
  readonly problems: FileProblem[];
}

/** How a file's text becomes usage: the plain parser by default, a faster scanner in the import workers. */
export type TextIngester = (text: string, builder: UsageBuilder, source: SourceInfo) => { records: number; problems: FileProblem[] };

/** The plain path: parse every record with JSON.parse, then add it. */
export const parseAndAdd: TextIngester = (text, builder, source) => {
  const parsed = recordsIn(text);
  const problems = [...parsed.problems];
  const skipped = builder.addRecords(parsed.records, source);
  problems.push(...summariseSkipped(skipped.map((s) => s.reason)));
  return { records: parsed.records.length - skipped.length, problems };
};

/** One problem per distinct reason, with a count, so a file with 10,000 bad records gives one line. */
export function summariseSkipped(reasons: readonly string[]): FileProblem[] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([reason, n]) => ({ reason: n === 1 ? `1 ${reason}` : `${n} × ${reason}` }));
}

/**
 * Why a file imported before is not read again when its content changed. CloudTrail delivers each log file once
 * and never rewrites it, so the cache adds each file's records once and keeps no per-file breakdown to take back:
 * reading a changed file again would count its earlier records twice.
 */
export const CHANGED =
  'changed since it was imported; not read again, since its earlier records are already counted (CloudTrail never rewrites a delivered log file). To use the new content, clear the usage cache and import again';

/** Reads, hashes, gunzips and ingests one file into `builder`; never throws for bad content. */
export async function ingestFile(
  job: FileJob,
  builder: UsageBuilder,
  ingest: TextIngester = parseAndAdd,
  read: (path: string) => Promise<Buffer> = readFile,
): Promise<FileResult> {
  const base = { path: job.path, size: job.size, mtimeMs: job.mtimeMs };
  let bytes: Buffer;
  try {
    bytes = await read(job.path);
  } catch (error) {
    return { ...base, hash: '', unchanged: false, read: false, records: 0, problems: [{ reason: `cannot read (${(error as Error).message})` }] };
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (hash === job.knownHash) return { ...base, hash, unchanged: true, read: false, records: 0, problems: [] };
  if (job.knownHash !== undefined) return { ...base, hash, unchanged: false, read: false, records: 0, problems: [{ reason: CHANGED }] };
  const failed = (reason: string): FileResult => ({ ...base, hash, unchanged: false, read: false, records: 0, problems: [{ reason }] });
  let text: string;
  try {
    text = (isGzip(bytes) ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    return failed(`corrupt gzip (${(error as Error).message})`);
  }
  const { records, problems } = ingest(text, builder, job.source);
  const unusable = records === 0 && problems.some((p) => p.reason.startsWith('invalid or truncated JSON'));
  return { ...base, hash, unchanged: false, read: !unusable, records, problems };
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
