import type { DailyRow, SourceCoverage, UnmappedEvent, UsageRow, UsageSnapshot, UsageTotals } from './observation';
import type { LookupCursor } from './lookupCursor';

/** The cache format version; a cache of another version is rebuilt. */
export const CACHE_VERSION = 1;
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
const DAY_MS = 86_400_000;

/** The on-disk shape: strings interned once, rows as flat number arrays, so a million rows parse fast. */
interface EncodedCache {
  format: typeof FORMAT;
  version: number;
  strings: string[];
  regionSets: number[][];
  usage: number[];
  daily: number[];
  coverage: SourceCoverage[];
  unmapped: UnmappedEvent[];
  totals: UsageTotals;
  files: Record<string, IngestedFile>;
  cursors: Record<string, LookupCursor>;
}

class Interner {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** Serialises a cache to its JSON text. */
export function encodeCache(cache: TrailCache): string {
  const strings = new Interner();
  const sets = new Interner();
  const regionSets: number[][] = [];
  const usage: number[] = [];
  for (const row of cache.snapshot.usage) {
    const setKey = row.regions.join(',');
    const set = sets.id(setKey);
    if (set === regionSets.length) regionSets.push(row.regions.map((r) => strings.id(r)));
    usage.push(strings.id(row.principal), strings.id(row.action), row.firstSeen, row.lastSeen);
    usage.push(row.count, row.denied, row.viaService, set);
  }
  const daily: number[] = [];
  for (const row of cache.snapshot.daily) {
    const day = Date.parse(`${row.day}T00:00:00Z`) / DAY_MS;
    daily.push(strings.id(row.principal), strings.id(row.service), day, row.count, row.denied);
  }
  const { coverage, unmapped, totals } = cache.snapshot;
  const encoded: EncodedCache = {
    format: FORMAT,
    version: CACHE_VERSION,
    strings: strings.list,
    regionSets,
    usage,
    daily,
    coverage: [...coverage],
    unmapped: [...unmapped],
    totals,
    files: { ...cache.files },
    cursors: { ...cache.cursors },
  };
  return JSON.stringify(encoded);
}

/** Parses cache text; throws an Error saying what is wrong when it is not a cache of this version. */
export function decodeCache(text: string): TrailCache {
  const data = JSON.parse(text) as Partial<EncodedCache> | null;
  if (data?.format !== FORMAT) throw new Error('not a Trailtight usage cache');
  if (data.version !== CACHE_VERSION) throw new Error(`format version ${String(data.version)}, expected ${CACHE_VERSION}`);
  const { strings, regionSets, usage, daily } = data;
  if (!strings || !regionSets || !usage || !daily || !data.coverage || !data.unmapped || !data.totals) {
    throw new Error('incomplete cache');
  }
  const at = (i: number | undefined): string => {
    const s = i === undefined ? undefined : strings[i];
    if (s === undefined) throw new Error('cache refers to a missing string');
    return s;
  };
  const sets = regionSets.map((set) => Object.freeze(set.map(at)));
  return {
    snapshot: {
      usage: decodeUsage(usage, at, sets),
      daily: decodeDaily(daily, at),
      coverage: data.coverage,
      unmapped: data.unmapped,
      totals: data.totals,
    },
    files: data.files ?? {},
    cursors: data.cursors ?? {},
  };
}

function decodeUsage(flat: number[], at: (i: number | undefined) => string, sets: readonly (readonly string[])[]): UsageRow[] {
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

function decodeDaily(flat: number[], at: (i: number | undefined) => string): DailyRow[] {
  const rows: DailyRow[] = [];
  for (let i = 0; i + DAILY_WIDTH <= flat.length; i += DAILY_WIDTH) {
    rows.push({
      principal: at(flat[i]),
      service: at(flat[i + 1]),
      day: new Date((flat[i + 2] ?? 0) * DAY_MS).toISOString().slice(0, 10),
      count: flat[i + 3] ?? 0,
      denied: flat[i + 4] ?? 0,
    });
  }
  return rows;
}
