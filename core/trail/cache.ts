import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { decodeCache, decodeCacheHeader, decodeCacheRows, emptyCache, encodeCacheParts, type CacheRows, type CacheText, type ColumnCache, type TrailCache } from './cacheFormat';
import type { UsageDelta } from './usageDelta';

export { CACHE_VERSION, cursorKey, emptyCache, type CacheRows, type ColumnCache, type IngestedFile, type TrailCache } from './cacheFormat';

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
 * {@link readCache} for an import: the file is read a window at a time, and its rows are given to `each` in parts
 * as they are decoded (see decodeCacheRows), so an import into a cache of a million rows holds neither its 85 MB
 * of text nor a million objects. With a message (the cache was unusable), parts given before the problem was found
 * must be dropped.
 */
export function readCacheRows(dir: string, each: (rows: UsageDelta) => void): Promise<CacheRead<CacheRows>> {
  const empty = (): CacheRows => ({ files: {}, cursors: {}, totals: emptyCache().snapshot.totals });
  return readDecoded(dir, openText, (text) => decodeCacheRows(text, each), empty);
}

/** The file as a {@link FileText}; throws (synchronously) when it cannot be opened. */
function openText(path: string): Promise<CacheText> {
  const fd = openSync(path, 'r');
  return Promise.resolve(new FileText(fd, fstatSync(fd).size));
}

/** Bytes a {@link FileText} searches at a time. */
const WINDOW = 1 << 20;

/**
 * A cache file as a {@link CacheText}, read with positional reads where the decoder asks (its header and strings,
 * then each column a piece at a time). Synchronous: an import reads it on its own thread. Closed by {@link close}.
 */
class FileText implements CacheText {
  private readonly window = Buffer.allocUnsafe(WINDOW);

  constructor(
    private readonly fd: number,
    readonly length: number,
  ) {}

  indexOf(key: string, from: number): number {
    for (let at = from; at < this.length; at += WINDOW - key.length + 1) {
      const read = this.readInto(this.window, at, Math.min(this.length, at + WINDOW));
      const found = this.window.subarray(0, read).indexOf(key);
      if (found >= 0) return at + found;
      if (at + read >= this.length) break;
    }
    return -1;
  }

  text(start: number, end = this.length): string {
    return this.bytes(start, end).toString('utf8');
  }

  ascii(start: number, end: number): string {
    return this.bytes(start, end).latin1Slice(0, end - start);
  }

  close(): void {
    closeSync(this.fd);
  }

  private bytes(start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(end - start);
    this.readInto(out, start, end);
    return out;
  }

  private readInto(out: Buffer, start: number, end: number): number {
    let done = 0;
    while (done < end - start) {
      const n = readSync(this.fd, out, done, end - start - done, start + done);
      if (n === 0) throw new Error('the cache file is shorter than when it was opened');
      done += n;
    }
    return done;
  }
}

async function readDecoded<Content, Cache>(
  dir: string,
  read: (path: string) => Promise<Content>,
  decode: (content: Content) => Cache,
  empty: () => Cache,
): Promise<CacheRead<Cache>> {
  const file = cachePath(dir);
  let content: Content;
  try {
    content = await read(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { cache: empty() };
    return { cache: empty(), message: rebuiltMessage(file, (error as Error).message) };
  }
  try {
    return { cache: decode(content) };
  } catch (error) {
    return { cache: empty(), message: rebuiltMessage(file, (error as Error).message) };
  } finally {
    if (content instanceof FileText) content.close();
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
