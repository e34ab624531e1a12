import type { BucketUsageRow, DailyRow, SourceCoverage, UnmappedEvent, UsageRow, UsageSnapshot, UsageTotals } from './observation';
import { endianness } from 'node:os';
import type { LookupCursor } from './lookupCursor';
import { StringIds } from './rankOrder';
import { columnsOfSnapshot, dayText, type UsageColumns } from './usageColumns';
import type { UsageDelta } from './usageDelta';

/** The cache format version; a cache of another version is rebuilt. */
export const CACHE_VERSION = 3;
const FORMAT = 'trailtight-usage-cache';

/** A file already imported: skipped next time when its size and mtime (or, if those changed, its hash) match. */
export interface IngestedFile {
  readonly size: number;
  readonly mtimeMs: number;
  /** SHA-256 of the file's bytes, hex. */
  readonly hash: string;
}

/** Everything the workspace cache holds: aggregates, coverage, and the pullers' incremental state. */
export interface TrailCache {
  readonly snapshot: UsageSnapshot;
  /** Imported files by absolute path. */
  readonly files: Readonly<Record<string, IngestedFile>>;
  /** LookupEvents positions by {@link cursorKey}: the next fetch asks only for newer events. */
  readonly cursors: Readonly<Record<string, LookupCursor>>;
}

/** The key of a LookupEvents cursor in {@link TrailCache.cursors}. */
export function cursorKey(account: string, region: string): string {
  return `${account}/${region}`;
}

/** A cache with nothing in it. */
export function emptyCache(): TrailCache {
  return {
    snapshot: {
      usage: [],
      bucketUsage: [],
      daily: [],
      coverage: [],
      unmapped: [],
      totals: { records: 0, apiCalls: 0, mapped: 0, unmapped: 0, denied: 0, unattributed: 0 },
    },
    files: {},
    cursors: {},
  };
}

const USAGE_WIDTH = 8;
const DAILY_WIDTH = 5;
const BUCKET_WIDTH = 7;

/**
 * The on-disk shape, in two parts. The first line is the header (format, version, files, cursors), so an import can
 * check which files are new without reading the rest. The body holds strings interned once and the usage, daily and
 * per-bucket usage rows as columns of little-endian float64 in base64, so a million rows decode without parsing
 * eight million numbers. Both parts together are one JSON object.
 */
interface CacheHeader {
  format: typeof FORMAT;
  version: number;
  files: Record<string, IngestedFile>;
  cursors: Record<string, LookupCursor>;
}

interface CacheBody {
  strings: string[];
  regionSets: number[][];
  usage: string;
  daily: string;
  bucketUsage: string;
  coverage: SourceCoverage[];
  unmapped: UnmappedEvent[];
  totals: UsageTotals;
}

/**
 * Rows of a column turned into base64 at a time: a multiple of 3, so that the pieces join without padding, and
 * few enough that each piece's text is a small string that dies young (a whole column at once held ~30 MB more
 * at the end of the bench corpus' import).
 */
const PIECE_ROWS = 1536;

/** A cache to write whose usage is columns in snapshot order (UsageBuilder.ordered): no object per row. */
export interface ColumnCache extends Omit<TrailCache, 'snapshot'> {
  readonly usage: UsageColumns;
}

/**
 * The cache's text in pieces, in order, for writing without building it whole: the header line, a newline, then
 * the body's members. The columns are the bulk of a large cache, and each piece of them is made only when the one
 * before has been taken. A {@link ColumnCache} gives the same text as the cache of its snapshot.
 */
export function* encodeCacheParts(cache: TrailCache | ColumnCache): Generator<string> {
  const usage = 'usage' in cache ? cache.usage : columnsOfSnapshot(cache.snapshot);
  const { usage: u, daily: d, bucketUsage: b } = usage;
  const { strings, regionSets, setOfList, principal, action, service, bucket } = bodyStrings(usage);
  // Files by path, not in the order an import's threads finished them: the same files give the same cache.
  const files = Object.fromEntries(Object.entries(cache.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const header: CacheHeader = { format: FORMAT, version: CACHE_VERSION, files, cursors: { ...cache.cursors } };
  // JSON.stringify escapes newlines inside strings, so the first raw newline always ends the header. The body's
  // members are written in the order of CacheBody.
  yield `${JSON.stringify(header).slice(0, -1)},\n`;
  yield `"strings":${JSON.stringify(strings)},"regionSets":${JSON.stringify(regionSets)},"usage":"`;
  yield* columnPieces(u.order, USAGE_WIDTH, (row, out, at) => {
    out[at] = principal(u.principal[row]!);
    out[at + 1] = action(u.action[row]!);
    out[at + 2] = u.firstSeen[row]!;
    out[at + 3] = u.lastSeen[row]!;
    out[at + 4] = u.count[row]!;
    out[at + 5] = u.denied[row]!;
    out[at + 6] = u.viaService[row]!;
    out[at + 7] = setOfList[u.regions[row]!]!;
  });
  yield '","daily":"';
  yield* columnPieces(d.order, DAILY_WIDTH, (row, out, at) => {
    out[at] = principal(d.principal[row]!);
    out[at + 1] = service(d.service[row]!);
    out[at + 2] = d.day[row]!;
    out[at + 3] = d.count[row]!;
    out[at + 4] = d.denied[row]!;
  });
  yield '","bucketUsage":"';
  yield* columnPieces(b.order, BUCKET_WIDTH, (row, out, at) => {
    out[at] = principal(b.principal[row]!);
    out[at + 1] = action(b.action[row]!);
    out[at + 2] = bucket(b.bucket[row]!);
    out[at + 3] = b.firstSeen[row]!;
    out[at + 4] = b.lastSeen[row]!;
    out[at + 5] = b.count[row]!;
    out[at + 6] = b.denied[row]!;
  });
  const { coverage, unmapped, totals } = usage;
  yield `","coverage":${JSON.stringify(coverage)},"unmapped":${JSON.stringify(unmapped)},"totals":${JSON.stringify(totals)}}`;
}

/** The body's strings and Region sets, and the body's numbers of the columns' strings and Region lists. */
interface BodyStrings {
  readonly strings: readonly string[];
  readonly regionSets: readonly (readonly number[])[];
  /** The Region set of each of the columns' Region lists. */
  readonly setOfList: Int32Array;
  readonly principal: (n: number) => number;
  readonly action: (n: number) => number;
  readonly service: (n: number) => number;
  readonly bucket: (n: number) => number;
}

/**
 * The body lists the strings and Region sets before the columns that name them by number, so they are gathered
 * first, in the order the columns meet them: a usage row's Regions (when new), principal and action, then the daily
 * rows' principals and services, then the bucket rows' principals, actions and buckets.
 */
function bodyStrings(usage: UsageColumns): BodyStrings {
  const { regionLists, usage: u, daily: d, bucketUsage: b } = usage;
  const strings = new StringIds();
  const principal = numbering(strings, usage.principals);
  const action = numbering(strings, usage.actions);
  const service = numbering(strings, usage.services);
  const bucket = numbering(strings, usage.buckets);
  const sets = new StringIds();
  const regionSets: number[][] = [];
  const setOfList = new Int32Array(regionLists.length).fill(-1);
  for (const row of u.order) {
    const list = u.regions[row]!;
    if (setOfList[list]! < 0) {
      const regions = regionLists[list] ?? [];
      setOfList[list] = sets.id(regions.join(','));
      if (setOfList[list] === regionSets.length) regionSets.push(regions.map((r) => strings.id(r)));
    }
    principal(u.principal[row]!);
    action(u.action[row]!);
  }
  for (const row of d.order) {
    principal(d.principal[row]!);
    service(d.service[row]!);
  }
  for (const row of b.order) {
    principal(b.principal[row]!);
    action(b.action[row]!);
    bucket(b.bucket[row]!);
  }
  return { strings: strings.list, regionSets, setOfList, principal, action, service, bucket };
}

/** The body's number of each of `texts` (numbered by position), given on first use and remembered. */
function numbering(strings: StringIds, texts: readonly string[]): (n: number) => number {
  const ids = new Int32Array(texts.length).fill(-1);
  return (n) => {
    const id = ids[n]!;
    return id >= 0 ? id : (ids[n] = strings.id(texts[n] ?? ''));
  };
}

/**
 * Parses the header line of a cache (everything before the first newline); throws an Error saying what is wrong
 * when it is not a cache of this version.
 */
export function decodeCacheHeader(line: string): Pick<TrailCache, 'files' | 'cursors'> {
  const json = line.trimEnd();
  let data: Partial<CacheHeader> | null;
  try {
    data = JSON.parse(json.endsWith(',') ? `${json.slice(0, -1)}}` : json) as Partial<CacheHeader> | null;
  } catch {
    data = null;
  }
  return checkHeader(data);
}

/**
 * Parses a cache (its text, or its bytes: faster, since the columns' base64 is then never decoded as UTF-8);
 * throws an Error saying what is wrong when it is not a cache of this version. The columns are cut out before
 * JSON.parse, which then reads only the small rest.
 */
export function decodeCache(content: string | Buffer): TrailCache {
  const { files, cursors, strings, sets, usage, daily, buckets, body } = decodeParts(memoryText(content));
  const at = (i: number | undefined): string => {
    const s = i === undefined ? undefined : strings[i];
    if (s === undefined) throw new Error('cache refers to a missing string');
    return s;
  };
  const regionSets = sets.map((set) => Object.freeze(set.map(at)));
  return {
    snapshot: {
      usage: decodeUsage(columnOf(usage, USAGE_WIDTH), at, regionSets),
      bucketUsage: decodeBucketUsage(columnOf(buckets, BUCKET_WIDTH), at),
      daily: decodeDaily(columnOf(daily, DAILY_WIDTH), at),
      coverage: body.coverage,
      unmapped: body.unmapped,
      totals: body.totals,
    },
    files,
    cursors,
  };
}

/** What {@link decodeCacheRows} gives besides the rows: the header, and the cache's totals. */
export interface CacheRows extends Pick<TrailCache, 'files' | 'cursors'> {
  readonly totals: UsageTotals;
}

/** Rows decoded at a time by {@link decodeCacheRows} (a multiple of 3: whole base64 groups). */
const MERGE_ROWS = 3 << 14;

/**
 * Parses a cache as {@link decodeCache} does, but gives its rows to `each` in parts, as they are decoded, each part
 * a {@link UsageDelta} (the body is laid out as one: strings once, Region sets by number, rows as numbers): a
 * builder merges them without the object per row a snapshot has, nor the whole columns (a cache of a million rows
 * would need hundreds of MB of objects, and 64 MB of columns). The last part holds the coverage, unmapped events and
 * totals. Throws what decodeCache throws, including for a row naming a string or Region set the cache does not
 * have, possibly after giving some parts: the caller drops what it merged.
 */
export function decodeCacheRows(content: string | Buffer | CacheText, each: (rows: UsageDelta) => void): CacheRows {
  const { files, cursors, strings, sets, usage, daily, buckets, body } = decodeParts(typeof content === 'string' || Buffer.isBuffer(content) ? memoryText(content) : content);
  const isString = (n: number | undefined): boolean => n !== undefined && Number.isInteger(n) && n >= 0 && n < strings.length;
  if (!sets.every((set) => set.every(isString))) throw new Error('cache refers to a missing string');
  const none = new Float64Array(0);
  const zero: UsageTotals = { records: 0, apiCalls: 0, mapped: 0, unmapped: 0, denied: 0, unattributed: 0 };
  const part = (rows: Partial<Pick<UsageDelta, 'usage' | 'daily' | 'buckets'>>): UsageDelta => ({
    strings,
    regionSets: sets,
    usage: none,
    daily: none,
    buckets: none,
    coverage: [],
    unmapped: [],
    totals: zero,
    ...rows,
  });
  for (const rows of columnParts(usage, USAGE_WIDTH, MERGE_ROWS)) each(part({ usage: checkRefs(rows, USAGE_WIDTH, [0, 1], isString, 7, sets.length) }));
  for (const rows of columnParts(daily, DAILY_WIDTH, MERGE_ROWS)) each(part({ daily: checkRefs(rows, DAILY_WIDTH, [0, 1], isString) }));
  for (const rows of columnParts(buckets, BUCKET_WIDTH, MERGE_ROWS)) each(part({ buckets: checkRefs(rows, BUCKET_WIDTH, [0, 1, 2], isString) }));
  each({ ...part({}), coverage: body.coverage, unmapped: body.unmapped.map((u) => [u.event, u.count] as const), totals: body.totals });
  return { files, cursors, totals: body.totals };
}

/** `flat`, after checking that the rows' columns `stringColumns` name strings, and column `setColumn` (if any) a Region set. */
function checkRefs(flat: Float64Array, width: number, stringColumns: readonly number[], isString: (n: number | undefined) => boolean, setColumn?: number, sets = 0): Float64Array {
  for (let i = 0; i + width <= flat.length; i += width) {
    for (const c of stringColumns) if (!isString(flat[i + c])) throw new Error('cache refers to a missing string');
    if (setColumn !== undefined) {
      const set = flat[i + setColumn]!;
      if (!Number.isInteger(set) || set < 0 || set >= sets) throw new Error('cache refers to a missing region set');
    }
  }
  return flat;
}

/**
 * A cache's text, read where it is needed: in memory, or a file read a window at a time (cache.ts), so that a large
 * cache is never held whole. Positions are those of `text`'s characters in memory, of bytes in a file.
 */
export interface CacheText {
  readonly length: number;
  /** Where `key` (ASCII) is at or after `from`, or -1. */
  indexOf(key: string, from: number): number;
  /** The text from `start` to `end` (default: the end). */
  text(start: number, end?: number): string;
  /** The same, for ASCII only (base64): Latin-1, cheaper to decode. */
  ascii(start: number, end: number): string;
}

function memoryText(content: string | Buffer): CacheText {
  if (typeof content === 'string') {
    return { length: content.length, indexOf: (key, from) => content.indexOf(key, from), text: (start, end) => content.slice(start, end), ascii: (start, end) => content.slice(start, end) };
  }
  return {
    length: content.length,
    indexOf: (key, from) => content.indexOf(key, from),
    text: (start, end) => content.toString('utf8', start, end),
    ascii: (start, end) => content.latin1Slice(start, end),
  };
}

/** A cache's header and body, and where its three row columns are; throws when it is not a complete cache of this version. */
function decodeParts(content: CacheText) {
  const cut = cutColumns(content);
  const text = cut ? cut.rest : content.text(0);
  let data: (Partial<CacheHeader> & Partial<CacheBody>) | null;
  try {
    data = JSON.parse(text) as (Partial<CacheHeader> & Partial<CacheBody>) | null;
  } catch (error) {
    // A cache of another version that no longer parses whole still says what it is in its header line.
    const newline = text.indexOf('\n');
    if (newline >= 0) decodeCacheHeader(text.slice(0, newline));
    throw error;
  }
  const { files, cursors } = checkHeader(data);
  const { strings, regionSets } = data ?? {};
  // Each column as its text and where its base64 is in it: the cache's own content when it was cut out.
  const [usage, daily, buckets] = cut
    ? cut.columns.map(([start, end]) => ({ text: content, start, end }))
    : [data?.usage, data?.daily, data?.bucketUsage].map((text) => (typeof text === 'string' ? { text: memoryText(text), start: 0, end: text.length } : undefined));
  if (!strings || !regionSets || !usage || !daily || !buckets) throw new Error('incomplete cache');
  if (!data?.coverage || !data.unmapped || !data.totals) {
    throw new Error('incomplete cache');
  }
  return {
    files,
    cursors,
    strings,
    sets: regionSets,
    usage,
    daily,
    buckets,
    body: { coverage: data.coverage, unmapped: data.unmapped, totals: data.totals },
  };
}

/** The body's column members, in the order they are written. */
const COLUMN_KEYS = ['"usage":"', '"daily":"', '"bucketUsage":"'] as const;

/**
 * The base64 of the columns (in {@link COLUMN_KEYS} order), and the cache's JSON with them emptied. A raw
 * `"usage":"` cannot occur inside a JSON string (its quotes would be escaped) and no other object of the body has
 * such a member, so after the header line the first one of each key is its column. Undefined when the content does
 * not have that shape (then it is parsed whole).
 */
function cutColumns(content: CacheText): { rest: string; columns: [number, number][] } | undefined {
  const newline = content.indexOf('\n', 0);
  if (newline < 0) return undefined;
  // [start, end) of each column's base64, in order.
  const cuts: [number, number][] = [];
  let from = newline;
  for (const key of COLUMN_KEYS) {
    const at = content.indexOf(key, from);
    const end = at < 0 ? -1 : content.indexOf('"', at + key.length);
    if (end < 0) return undefined;
    cuts.push([at + key.length, end]);
    from = end;
  }
  let rest = '';
  let last = 0;
  for (const [start, end] of cuts) {
    rest += content.text(last, start);
    last = end;
  }
  rest += content.text(last);
  // A key found after an earlier one of its kind (members out of order) was not its column. Base64 has no quotes, so
  // any other raw key is in the small rest: it is checked there, not by searching the columns again.
  if (COLUMN_KEYS.some((key) => rest.indexOf(key) !== rest.lastIndexOf(key))) return undefined;
  return { rest, columns: cuts };
}

function checkHeader(data: Partial<CacheHeader> | null): Pick<TrailCache, 'files' | 'cursors'> {
  if (data?.format !== FORMAT) throw new Error('not a Trailtight usage cache');
  if (data.version !== CACHE_VERSION) {
    throw new Error(`format version ${String(data.version)} of an older or newer Trailtight, expected ${CACHE_VERSION}`);
  }
  return { files: data.files ?? {}, cursors: data.cursors ?? {} };
}

/**
 * A column's rows as little-endian float64 in base64, {@link PIECE_ROWS} rows a piece, in `order`: `fill` writes
 * row `row`'s numbers into `out` from `at`.
 */
function* columnPieces(order: Uint32Array, width: number, fill: (row: number, out: Float64Array, at: number) => void): Generator<string> {
  if (endianness() !== 'LE') throw new Error('the usage cache is written little-endian; this machine is big-endian');
  const piece = new Float64Array(PIECE_ROWS * width);
  const bytes = Buffer.from(piece.buffer);
  for (let start = 0; start < order.length; start += PIECE_ROWS) {
    const end = Math.min(order.length, start + PIECE_ROWS);
    for (let n = start; n < end; n++) fill(order[n]!, piece, (n - start) * width);
    yield bytes.toString('base64', 0, (end - start) * width * 8);
  }
}

/** Base64 characters decoded at a time: a small string that dies young, not a column-long one. */
const PIECE_CHARS = 1 << 16;

/** Where a column's base64 is: `text` from `start` to `end`. */
interface ColumnText {
  readonly text: CacheText;
  readonly start: number;
  readonly end: number;
}

/** A column's rows, all of them (see {@link columnParts}). */
function columnOf(column: ColumnText, width: number): Float64Array {
  const [whole] = [...columnParts(column, width, Infinity)];
  return whole ?? new Float64Array(0);
}

/**
 * A column's rows from its base64, `rows` rows at a time (a multiple of 3, so each part is whole base64 groups),
 * each part decoded {@link PIECE_CHARS} characters at a time straight into it: no string as long as the column is
 * made (a column of the 8 x bench corpus' cache is 16 MB of base64). Throws when it is not base64 of whole rows.
 */
function* columnParts(column: ColumnText, width: number, rows: number): Generator<Float64Array> {
  if (endianness() !== 'LE') throw new Error('the usage cache is little-endian; this machine is big-endian');
  const { text, start, end } = column;
  const chars = end - start;
  const tail = chars >= 4 ? text.ascii(end - 2, end) : '';
  const padding = tail.endsWith('==') ? 2 : tail.endsWith('=') ? 1 : 0;
  if (chars % 4 !== 0) throw new Error('a cache column is not base64');
  const length = (chars / 4) * 3 - padding;
  if (length % (8 * width) !== 0) throw new Error('a cache column has a partial row');
  const partBytes = Math.min(length, rows * width * 8);
  for (let first = 0; first < length; first += partBytes) {
    const bytes = new Uint8Array(Math.min(partBytes, length - first));
    // A part ends on a whole base64 group, but for the last, which ends with the column (and its padding).
    const partEnd = first + bytes.length === length ? end : start + ((first + bytes.length) / 3) * 4;
    let written = 0;
    for (let from = start + (first / 3) * 4; from < partEnd; from += PIECE_CHARS) {
      const piece = Buffer.from(text.ascii(from, Math.min(partEnd, from + PIECE_CHARS)), 'base64');
      if (written + piece.length > bytes.length) throw new Error('a cache column is not base64');
      bytes.set(piece, written);
      written += piece.length;
    }
    if (written !== bytes.length) throw new Error('a cache column is not base64');
    yield new Float64Array(bytes.buffer, 0, bytes.length / 8);
  }
}

function decodeUsage(flat: Float64Array, at: (i: number | undefined) => string, sets: readonly (readonly string[])[]): UsageRow[] {
  const rows: UsageRow[] = new Array<UsageRow>(flat.length / USAGE_WIDTH);
  for (let i = 0, r = 0; i + USAGE_WIDTH <= flat.length; i += USAGE_WIDTH, r++) {
    const regions = sets[flat[i + 7] ?? -1];
    if (!regions) throw new Error('cache refers to a missing region set');
    rows[r] = {
      principal: at(flat[i]),
      action: at(flat[i + 1]),
      firstSeen: flat[i + 2] ?? 0,
      lastSeen: flat[i + 3] ?? 0,
      count: flat[i + 4] ?? 0,
      denied: flat[i + 5] ?? 0,
      viaService: flat[i + 6] ?? 0,
      regions,
    };
  }
  return rows;
}

function decodeBucketUsage(flat: Float64Array, at: (i: number | undefined) => string): BucketUsageRow[] {
  const rows: BucketUsageRow[] = new Array<BucketUsageRow>(flat.length / BUCKET_WIDTH);
  for (let i = 0, r = 0; i + BUCKET_WIDTH <= flat.length; i += BUCKET_WIDTH, r++) {
    rows[r] = {
      principal: at(flat[i]),
      action: at(flat[i + 1]),
      bucket: at(flat[i + 2]),
      firstSeen: flat[i + 3] ?? 0,
      lastSeen: flat[i + 4] ?? 0,
      count: flat[i + 5] ?? 0,
      denied: flat[i + 6] ?? 0,
    };
  }
  return rows;
}

function decodeDaily(flat: Float64Array, at: (i: number | undefined) => string): DailyRow[] {
  const rows: DailyRow[] = new Array<DailyRow>(flat.length / DAILY_WIDTH);
  const days = new Map<number, string>();
  for (let i = 0, r = 0; i + DAILY_WIDTH <= flat.length; i += DAILY_WIDTH, r++) {
    const n = flat[i + 2] ?? 0;
    let day = days.get(n);
    if (day === undefined) {
      day = dayText(n);
      days.set(n, day);
    }
    rows[r] = { principal: at(flat[i]), service: at(flat[i + 1]), day, count: flat[i + 3] ?? 0, denied: flat[i + 4] ?? 0 };
  }
  return rows;
}
