import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { decodeCache, decodeCacheDelta, decodeCacheHeader, emptyCache, encodeCache, encodeCacheParts, type ColumnCache, type DeltaCache, type TrailCache } from './cacheFormat';

export { CACHE_VERSION, cursorKey, emptyCache, type ColumnCache, type DeltaCache, type IngestedFile, type TrailCache } from './cacheFormat';

/** The cache file inside the workspace state folder (`.trailtight/`). */
export const CACHE_FILE = 'cache.json';

/** The path of the cache file in a state folder. */
export function cachePath(dir: string): string {
  return join(dir, CACHE_FILE);
}

/** A cache as read: `message` says why it was rebuilt empty when the file was unreadable or of another version. */
export interface CacheRead<Cache = TrailCache> {
  readonly cache: Cache;
  readonly message?: string;
}

/** Reads `dir/cache.json`; a missing file is an empty cache, a bad one is replaced by an empty cache with a message. */
export function readCache(dir: string, read: (path: string) => Promise<string | Buffer> = readBytes): Promise<CacheRead> {
  return readDecoded(dir, read, decodeCache, emptyCache);
}

/**
 * {@link readCache} for an import: the rows stay in their columns, as a delta a builder merges (no object per row,
 * so an import into a large cache does not hold the cache's rows as objects).
 */
export function readCacheDelta(dir: string): Promise<CacheRead<DeltaCache>> {
  return readDecoded(dir, readBytes, decodeCacheDelta, () => decodeCacheDelta(encodeCache(emptyCache())));
}

async function readDecoded<Cache>(dir: string, read: (path: string) => Promise<string | Buffer>, decode: (content: string | Buffer) => Cache, empty: () => Cache): Promise<CacheRead<Cache>> {
  const file = cachePath(dir);
  let text: string | Buffer;
  try {
    text = await read(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { cache: empty() };
    return { cache: empty(), message: rebuiltMessage(file, (error as Error).message) };
  }
  try {
    return { cache: decode(text) };
  } catch (error) {
    return { cache: empty(), message: rebuiltMessage(file, (error as Error).message) };
  }
}

function rebuiltMessage(file: string, why: string): string {
  return `The usage cache ${file} could not be used (${why}); starting from an empty cache. Import or fetch CloudTrail history again to rebuild it.`;
}

/** The cache's bytes: {@link decodeCache} decodes them faster than their text. */
function readBytes(path: string): Promise<Buffer> {
  return readFile(path);
}

/**
 * Writes the cache atomically: a temporary file in the same folder, then a rename over the old one. A
 * {@link ColumnCache} is written from its columns, without an object per row.
 */
export async function writeCache(dir: string, cache: TrailCache | ColumnCache): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = cachePath(dir);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    // Written a piece at a time: a large cache is never one string in memory.
    const handle = await open(temp, 'w');
    try {
      for (const part of encodeCacheParts(cache)) await handle.write(part);
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Reads only the header line of `dir/cache.json` (which files were imported, the fetch cursors): what an import
 * needs to see that nothing changed. Undefined when the cache is missing, unreadable or of another version.
 */
export async function readCacheIndex(dir: string): Promise<Pick<TrailCache, 'files' | 'cursors'> | undefined> {
  let handle;
  try {
    handle = await open(cachePath(dir), 'r');
  } catch {
    return undefined;
  }
  try {
    const chunks: Buffer[] = [];
    for (let position = 0; ; ) {
      const chunk = Buffer.alloc(1 << 16);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      const newline = chunk.subarray(0, bytesRead).indexOf(10);
      chunks.push(chunk.subarray(0, newline >= 0 ? newline : bytesRead));
      if (newline >= 0 || bytesRead === 0) break;
      position += bytesRead;
    }
    return decodeCacheHeader(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
