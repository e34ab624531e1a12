// What an import worker sends for each file: the rows its builder aggregated, as numbers in transferable columns.
import type { SourceCoverage, UsageTotals } from './observation';
import type { RegionSet, UsageTables } from './usageTables';
import { orderByRanks, StringIds } from './rankOrder';

/**
 * What a builder aggregated, compact for postMessage: strings once in `strings`, rows as numbers in two
 * transferable columns (no object per row to clone), days as day numbers (days since 1970). An import worker sends
 * one per file and forgets it, so its memory does not grow with the corpus.
 */
export interface UsageDelta {
  readonly strings: readonly string[];
  /** Region sets as numbers of `strings`; usage rows name one by its number. */
  readonly regionSets: readonly (readonly number[])[];
  /** Rows of {@link DELTA_USAGE_WIDTH}: principal, action, firstSeen, lastSeen, count, denied, viaService, region set. */
  readonly usage: Float64Array;
  /** Rows of {@link DELTA_DAILY_WIDTH}: principal, service, day number, count, denied. */
  readonly daily: Float64Array;
  /** Rows of {@link DELTA_BUCKET_WIDTH}: principal, action, bucket, firstSeen, lastSeen, count, denied. */
  readonly buckets: Float64Array;
  readonly coverage: readonly SourceCoverage[];
  readonly unmapped: readonly (readonly [string, number])[];
  readonly totals: UsageTotals;
}

const DELTA_USAGE_WIDTH = 8;
const DELTA_DAILY_WIDTH = 5;
const DELTA_BUCKET_WIDTH = 7;

/**
 * The rows of `tables` as a delta's columns. Rows go principal by principal (in the order principals were first
 * met), each principal's in the order added: the receiver then meets principals and rows in the order this
 * builder did.
 */
export function rowsDelta(tables: UsageTables): Pick<UsageDelta, 'strings' | 'regionSets' | 'usage' | 'daily' | 'buckets'> {
  const strings = new StringIds();
  const principalIds = tables.principals.list.map((p) => strings.id(p));
  const text = (list: readonly string[]): ((n: number) => number) => {
    const ids = new Int32Array(list.length).fill(-1);
    return (n) => (ids[n]! >= 0 ? ids[n]! : (ids[n] = strings.id(list[n]!)));
  };
  const action = text(tables.actions.list);
  const service = text(tables.services.list);
  const bucket = text(tables.buckets.list);
  const regionSets: number[][] = [];
  const setOfBits = new Map<number, number>();
  const { usage: u, daily: d, bucketUsage: b } = tables;
  const usage = new Float64Array(u.size * DELTA_USAGE_WIDTH);
  let at = 0;
  for (const row of orderByRanks(u.size, [u.principal])) {
    const more = u.moreRegions.has(row);
    let set = more ? undefined : setOfBits.get(u.regionBits[row]!);
    if (set === undefined) {
      set = regionSets.push(tables.regionsOf(row).map((r) => strings.id(r))) - 1;
      if (!more) setOfBits.set(u.regionBits[row]!, set);
    }
    usage[at++] = principalIds[u.principal[row]!]!;
    usage[at++] = action(u.action[row]!);
    usage[at++] = u.firstSeen[row]!;
    usage[at++] = u.lastSeen[row]!;
    usage[at++] = u.count[row]!;
    usage[at++] = u.denied[row]!;
    usage[at++] = u.viaService[row]!;
    usage[at++] = set;
  }
  const daily = new Float64Array(d.size * DELTA_DAILY_WIDTH);
  at = 0;
  for (const row of orderByRanks(d.size, [d.principal])) {
    daily[at++] = principalIds[d.principal[row]!]!;
    daily[at++] = service(d.service[row]!);
    daily[at++] = d.day[row]!;
    daily[at++] = d.count[row]!;
    daily[at++] = d.denied[row]!;
  }
  const buckets = new Float64Array(b.size * DELTA_BUCKET_WIDTH);
  at = 0;
  for (const row of orderByRanks(b.size, [b.principal])) {
    buckets[at++] = principalIds[b.principal[row]!]!;
    buckets[at++] = action(b.action[row]!);
    buckets[at++] = bucket(b.bucket[row]!);
    buckets[at++] = b.firstSeen[row]!;
    buckets[at++] = b.lastSeen[row]!;
    buckets[at++] = b.count[row]!;
    buckets[at++] = b.denied[row]!;
  }
  return { strings: strings.list, regionSets, usage, daily, buckets };
}

/**
 * Adds a delta's rows to `tables`. Each of the delta's strings is resolved once to the number the tables key rows
 * by (a principal, an action, a service, a bucket, a Region set's bits), so a row costs array lookups and one probe
 * of its table.
 */
export function addRowsDelta(tables: UsageTables, delta: UsageDelta): void {
  const { strings, usage: u, daily: d, buckets: b } = delta;
  const numbers = (ids: StringIds): ((n: number) => number) => {
    const resolved = new Int32Array(strings.length).fill(-1);
    return (n) => (resolved[n]! >= 0 ? resolved[n]! : (resolved[n] = ids.id(strings[n] ?? '')));
  };
  const principal = numbers(tables.principals);
  const action = numbers(tables.actions);
  const service = numbers(tables.services);
  const bucket = numbers(tables.buckets);
  const sets: RegionSet[] = delta.regionSets.map((set) => tables.regionSet(set.map((n) => strings[n] ?? '')));
  for (let i = 0; i + DELTA_USAGE_WIDTH <= u.length; i += DELTA_USAGE_WIDTH) {
    const row = tables.usage.merge(principal(u[i]!), action(u[i + 1]!), u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!);
    const set = sets[u[i + 7]!];
    if (set) tables.usage.addRegionSet(row, set.bits, set.more);
  }
  for (let i = 0; i + DELTA_DAILY_WIDTH <= d.length; i += DELTA_DAILY_WIDTH) {
    tables.daily.add(principal(d[i]!), service(d[i + 1]!), d[i + 2]!, d[i + 3]!, d[i + 4]!);
  }
  for (let i = 0; i + DELTA_BUCKET_WIDTH <= b.length; i += DELTA_BUCKET_WIDTH) {
    tables.bucketUsage.merge(principal(b[i]!), bucket(b[i + 2]!), action(b[i + 1]!), b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!);
  }
}
