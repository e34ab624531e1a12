import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

/** A file found under the import paths, with what the incremental check needs. */
export interface FoundFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** A path that was not read, and why. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
  readonly line?: number;
}

/** What a walk found. */
export interface Discovery {
  readonly files: FoundFile[];
  readonly skipped: SkippedFile[];
  /** Digest and Insight files, skipped by design and only counted. */
  readonly digests: number;
  readonly insights: number;
  /** Files in the folders that are not log files (README, LICENSE, ...), ignored and only counted. */
  readonly ignored: number;
}

const LOG_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

/**
 * Walks files and folders recursively (trail layout `AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/` and
 * organization trails `AWSLogs/o-xxx/<acct>/...` included). Paths are absolute and sorted.
 */
export async function discoverFiles(paths: readonly string[]): Promise<Discovery> {
  const found: Discovery = { files: [], skipped: [], digests: 0, insights: 0, ignored: 0 };
  for (const path of paths) await visit(resolve(path), found, true);
  found.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return found;
}

async function visit(path: string, found: { -readonly [K in keyof Discovery]: Discovery[K] }, given: boolean): Promise<void> {
  if (path.includes(`${sep}CloudTrail-Digest${sep}`) || /_CloudTrail-Digest_/.test(path)) {
    found.digests++;
    return;
  }
  if (path.includes(`${sep}CloudTrail-Insight${sep}`) || /_CloudTrail-Insight_/.test(path)) {
    found.insights++;
    return;
  }
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    found.skipped.push({ path, reason: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return;
  }
  if (info.isDirectory()) {
    const entries = await readdir(path);
    for (const entry of entries.sort()) await visit(join(path, entry), found, false);
    return;
  }
  if (!info.isFile()) return;
  if (!given && !LOG_FILE.test(path)) {
    found.ignored++;
    return;
  }
  found.files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
}
