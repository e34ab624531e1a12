import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createHash, type Hash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { SourceInfo } from './observation';
import type { UsageBuilder } from './usage';
import { NO_RECORDS, recordsIn, recordsOf, TrailSplitter, type FileProblem } from './fileFormats';
import { scanBegin, scanEnd, scannedFile, scanRelease, scanRoom, scanWrite, scanWritten } from './trailScan';
import { gunzipInto } from './gunzipInto';
import { aggregateScanned } from './scanAggregate';

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
  /** Set when the file had to be read whole and its text was longer than the caller allowed (see `wholeLimit`). */
  readonly tooLarge?: true;
}

/**
 * Why a file imported before is not read again when its content changed. CloudTrail delivers each log file once
 * and never rewrites it, so the cache adds each file's records once and keeps no per-file breakdown to take back:
 * reading a changed file again would count its earlier records twice.
 */
export const CHANGED =
  'changed since it was imported; not read again, since its earlier records are already counted (CloudTrail never rewrites a delivered log file). To use the new content, clear the usage cache and import again';

/** Bytes read from disk at a time, and the most gunzip hands over at once. */
const CHUNK = 1 << 16;
/** The longest text (gunzipped) the scanner takes: its memory holds a whole text. Longer files are read the exact way. */
const WHOLE_BYTES = 16 << 20;

/** How {@link ingestFile} reads. */
export interface IngestOptions {
  /** Read trail files of up to 16 MB with the WebAssembly scanner (trailScan.ts); default true. */
  readonly scan?: boolean;
  /**
   * The longest text, in characters, parsed whole: files that are not trail files (JSON lines, lookup-events output,
   * EventBridge events) and trail files malformed part-way are. A longer one is not read (`tooLarge`). Default
   * {@link WHOLE_TEXT_LIMIT}.
   */
  readonly wholeLimit?: number;
}

/**
 * The longest text parsed whole by default, in characters: its records and the parse take a few times its size,
 * which must stay well inside the import thread's heap (IMPORT_HEAP_MB).
 */
export const WHOLE_TEXT_LIMIT = 256 << 20;

/** Why a file was not read when its text was too long to parse whole. */
export function tooLargeReason(limit: number): string {
  return `too large to read whole (more than ${Math.round(limit / (1 << 20))} MB of text); files that are not trail files are parsed whole: split it, or import its records as trail files`;
}

/** One problem per distinct reason, with a count, so a file with 10,000 bad records gives one line. */
export function summariseSkipped(reasons: readonly string[]): FileProblem[] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([reason, n]) => ({ reason: n === 1 ? `1 ${reason}` : `${n} × ${reason}` }));
}

class ReadError extends Error {}
class GzipError extends Error {}

/**
 * Ingests one file into `builder`; never throws for bad content. A file seen before (`knownHash`) is only hashed:
 * unchanged, or refused as changed. A new file's records are staged and reach `builder` only when the file could
 * be used, so a truncated file adds nothing and is read again next time. A file the scanner takes is valid JSON
 * whole, so always used: its records go straight into `builder` (staging cost a merge per file).
 */
export async function ingestFile(job: FileJob, builder: UsageBuilder, options: IngestOptions = {}): Promise<FileResult> {
  const base = { path: job.path, size: job.size, mtimeMs: job.mtimeMs };
  let hash = createHash('sha256');
  const result = (fields: { read: boolean; unchanged?: boolean; records?: number; problems?: FileProblem[]; tooLarge?: true }): FileResult => ({
    ...base,
    hash: hash.digest('hex'),
    unchanged: fields.unchanged ?? false,
    read: fields.read,
    records: fields.records ?? 0,
    problems: fields.problems ?? [],
    ...(fields.tooLarge ? { tooLarge: true } : {}),
  });
  let counted: Counted;
  try {
    if (job.knownHash !== undefined) {
      for await (const chunk of contentOf(job.path, hash, false)) void chunk;
      const same = hash.copy().digest('hex') === job.knownHash;
      return result(same ? { read: false, unchanged: true } : { read: false, problems: [{ reason: CHANGED }] });
    }
    const scanned = (options.scan ?? true) ? await scanRecords(job, builder, hash) : undefined;
    if (scanned) counted = scanned;
    else {
      // What the scanner hashed of a file it did not take is not counted twice.
      hash = createHash('sha256');
      const limit = options.wholeLimit ?? WHOLE_TEXT_LIMIT;
      const read = await readRecords(job, builder, hash, limit);
      if (read === TOO_LARGE) return result({ read: false, problems: [{ reason: tooLargeReason(limit) }], tooLarge: true });
      counted = read;
    }
  } catch (error) {
    const reason = error instanceof GzipError ? `corrupt gzip (${error.message})` : `cannot read (${(error as Error).message})`;
    return result({ read: false, problems: [{ reason }] });
  }
  const unusable = counted.records === 0 && counted.problems.some((p) => p.reason.startsWith('invalid or truncated JSON'));
  if (!unusable && counted.staged) builder.absorb(counted.staged);
  return result({ read: !unusable, records: counted.records, problems: counted.problems });
}

/** Adds each record to `staged`, counting the ones used and the reasons of the others. */
function recordSink(staged: UsageBuilder, source: SourceInfo) {
  const reasons: string[] = [];
  let records = 0;
  return {
    add(record: object): void {
      const reason = staged.addRecord(record, source);
      if (reason === undefined) records++;
      else reasons.push(reason);
    },
    counted(problems: FileProblem[]): { records: number; problems: FileProblem[] } {
      return { records, problems: [...problems, ...summariseSkipped(reasons)] };
    },
  };
}

/**
 * The file's records read by the WebAssembly scanner (trailScan.ts) and aggregated from its ids (scanAggregate.ts)
 * straight into `builder`, not staged: the scanner checked the whole text before any record is added, and nothing
 * after that refuses the file (its only problems are records without what the aggregation needs). A file whose
 * text is up to {@link WHOLE_BYTES} is read whole (hashed into `hash`), gunzipped straight into the scanner's memory
 * when gzip ({@link fillScanner}) and scanned whole. Undefined when it is larger, cannot be read or gunzipped, or the
 * scanner refuses it (not plainly a valid trail file of bare records): {@link readRecords} then reads it, with a new
 * hash, with the same errors and reasons as always.
 */
async function scanRecords(job: FileJob, builder: UsageBuilder, hash: Hash): Promise<Counted | undefined> {
  // Its stat says the text cannot fit (gzip holds text at least as long, bar a few bytes of headers).
  if (job.size > WHOLE_BYTES) return undefined;
  let bytes: Buffer;
  try {
    bytes = await readFile(job.path);
  } catch {
    return undefined;
  }
  hash.update(bytes);
  const length = textLength(bytes);
  if (length === undefined || !scanBegin(length)) return undefined;
  try {
    if (!(await fillScanner(bytes))) return undefined;
    const count = scanEnd();
    const file = count < 0 ? undefined : scannedFile(count);
    if (!file) return undefined;
    const { used, reasons } = aggregateScanned(file, builder, job.source);
    return { staged: undefined, records: used, problems: [...(count === 0 ? [{ reason: NO_RECORDS }] : []), ...summariseSkipped(reasons)] };
  } finally {
    scanRelease();
  }
}

/** A gzip file's bytes start with its magic number; anything shorter than a gzip header and trailer is not one. */
function isGzipBytes(bytes: Buffer): boolean {
  return bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The length of a file's text: its size, or for gzip the trailer's ISIZE (the length mod 2^32 of its last member;
 * a text that turns out longer does not fit and is read the exact way). Undefined above {@link WHOLE_BYTES}.
 */
function textLength(bytes: Buffer): number | undefined {
  const length = isGzipBytes(bytes) ? bytes.readUInt32LE(bytes.length - 4) : bytes.length;
  return length <= WHOLE_BYTES ? length : undefined;
}

/**
 * Writes a file's text into the room {@link scanBegin} made: gunzipped in place when gzip, by Node's zlib directly
 * (gunzipInto.ts) or else through its stream a chunk at a time. False when it does not fit or the gzip is bad.
 */
async function fillScanner(bytes: Buffer): Promise<boolean> {
  if (!isGzipBytes(bytes)) return scanWrite(bytes);
  const direct = gunzipInto(bytes, scanRoom());
  if (direct) return 'length' in direct && scanWritten(direct.length);
  const inflate = createGunzip({ chunkSize: CHUNK });
  inflate.end(bytes);
  try {
    for await (const chunk of inflate) if (!scanWrite(chunk as Buffer)) return false;
  } catch {
    return false;
  }
  return true;
}

/** What reading a file counted; `staged` holds its records unless they went straight into the builder. */
type Counted = { staged: UsageBuilder | undefined; records: number; problems: FileProblem[] };

/** What {@link readRecords} answers for a file whose text is too long to parse whole. */
const TOO_LARGE = Symbol('too large');

/**
 * The file's records, staged in a fork of `builder`. A trail file (`{"Records":[...]}`) is gunzipped, decoded and
 * split into batches of records as it streams ({@link TrailSplitter}), so no file is held or parsed whole and what
 * it allocates dies young. Any other shape is parsed whole by {@link recordsIn}; a trail file that turns out to be
 * malformed part-way is read again and parsed whole, so its records and reasons are exactly those of the whole parse.
 */
async function readRecords(job: FileJob, builder: UsageBuilder, hash: Hash, wholeLimit: number): Promise<Counted | typeof TOO_LARGE> {
  const staged = builder.fork();
  const sink = recordSink(staged, job.source);
  const problems: FileProblem[] = [];
  let found = 0;
  const splitter = new TrailSplitter((values) => {
    for (const record of recordsOf(values, problems)) {
      found++;
      sink.add(record);
    }
  });
  const decoder = new StringDecoder('utf8');
  const state: { mode: 'stream' | 'whole' | 'failed' | 'tooLarge' } = { mode: 'stream' };
  const pieces: string[] = [];
  let length = 0;
  /** Keeps a piece of the text to parse whole; false (and the text dropped) once it is longer than the limit. */
  const keep = (piece: string): boolean => {
    length += piece.length;
    if (length <= wholeLimit) {
      pieces.push(piece);
      return true;
    }
    // The file is still read to its end, for its hash.
    state.mode = 'tooLarge';
    pieces.length = 0;
    return false;
  };
  const take = (piece: string): void => {
    if (state.mode === 'whole') void keep(piece);
    else if (state.mode === 'stream' && !splitter.push(piece)) {
      const prefix = splitter.prefixText;
      if (prefix === undefined) state.mode = 'failed';
      else {
        state.mode = 'whole';
        void keep(prefix);
      }
    }
  };
  for await (const chunk of contentOf(job.path, hash, true)) take(decoder.write(chunk));
  take(decoder.end());
  if (state.mode === 'stream' && splitter.end()) {
    if (found === 0 && problems.length === 0) problems.push({ reason: NO_RECORDS });
    return { staged, ...sink.counted(problems) };
  }
  if (state.mode === 'tooLarge') return TOO_LARGE;
  let text: string;
  if (state.mode === 'whole') text = pieces.join('');
  else if (state.mode === 'stream' && splitter.prefixText !== undefined) text = splitter.prefixText;
  else {
    const again = new StringDecoder('utf8');
    for await (const chunk of contentOf(job.path, undefined, true)) if (!keep(again.write(chunk))) return TOO_LARGE;
    if (!keep(again.end())) return TOO_LARGE;
    text = pieces.join('');
  }
  const whole = builder.fork();
  const wholeSink = recordSink(whole, job.source);
  const parsed = recordsIn(text);
  for (const record of parsed.records) wholeSink.add(record);
  return { staged: whole, ...wholeSink.counted(parsed.problems) };
}

/** The file's bytes a chunk at a time, gunzipped when `gunzip` is set and the file is gzip; `hash` sees the raw bytes. */
async function* contentOf(path: string, hash: Hash | undefined, gunzip: boolean): AsyncGenerator<Buffer> {
  const raw = createReadStream(path, { highWaterMark: CHUNK });
  if (!gunzip || !(await isGzip(path))) {
    try {
      for await (const chunk of raw) {
        hash?.update(chunk as Buffer);
        yield chunk as Buffer;
      }
    } catch (error) {
      throw new ReadError((error as Error).message);
    }
    return;
  }
  const inflate = createGunzip({ chunkSize: CHUNK });
  // pipe() reads with 'data' events, so this listener sees every raw chunk too.
  if (hash) raw.on('data', (chunk) => hash.update(chunk as Buffer));
  raw.on('error', (error) => inflate.destroy(new ReadError(error.message)));
  raw.pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof ReadError) throw error;
    throw new GzipError((error as Error).message);
  } finally {
    raw.destroy();
  }
}

async function isGzip(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } catch (error) {
    throw new ReadError((error as Error).message);
  } finally {
    await handle?.close();
  }
}
