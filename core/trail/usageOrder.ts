// The snapshot order of a builder's rows, computed on their numbers: rows are sorted in the collator's order of
// their strings, but no string is compared per row. The few distinct principals, actions, buckets, services and
// days are ranked once (collatedRanks) and the rows ordered by those integers (orderByRanks).
//
// Rows whose strings the collator calls equal (canonically equivalent spellings) keep the order a builder of one
// Map per principal (in the order principals were first met) holding its rows in the order added has always given
// them: so when ranks tie, the principal's number, and for bucket rows the bucket's first row of that principal,
// are further keys.
import type { UsageColumns } from './usageColumns';
import type { UsageTables } from './usageTables';
import { collatedRanks, orderByRanks } from './rankOrder';
import { dayText } from './usageColumns';

/** The rows of `tables` in snapshot order, as columns over the tables' own (valid until the tables change). */
export function orderedRows(tables: UsageTables): Omit<UsageColumns, 'coverage' | 'unmapped' | 'totals'> {
  const principalRanks = collatedRanks(tables.principals.list);
  const actionRanks = collatedRanks(tables.actions.list);
  const { regionLists, regions } = sortedRegionLists(tables);
  const { usage, daily, bucketUsage: buckets } = tables;
  return {
    principals: tables.principals.list,
    actions: tables.actions.list,
    services: tables.services.list,
    buckets: tables.buckets.list,
    regionLists,
    usage: {
      order: usageOrder(tables, principalRanks, actionRanks),
      principal: usage.principal,
      action: usage.action,
      regions,
      firstSeen: usage.firstSeen,
      lastSeen: usage.lastSeen,
      count: usage.count,
      denied: usage.denied,
      viaService: usage.viaService,
    },
    daily: {
      order: dailyOrder(tables, principalRanks),
      principal: daily.principal,
      service: daily.service,
      day: daily.day,
      count: daily.count,
      denied: daily.denied,
    },
    bucketUsage: {
      order: bucketOrder(tables, principalRanks, actionRanks),
      principal: buckets.principal,
      action: buckets.action,
      bucket: buckets.bucket,
      firstSeen: buckets.firstSeen,
      lastSeen: buckets.lastSeen,
      count: buckets.count,
      denied: buckets.denied,
    },
  };
}

/** Usage rows by principal, then action. */
function usageOrder(tables: UsageTables, principalRanks: Int32Array, actionRanks: Int32Array): Uint32Array {
  const { size, principal, action } = tables.usage;
  const keys = [ranksOf(principal, size, principalRanks), ranksOf(action, size, actionRanks)];
  if (hasTies(principalRanks)) keys.push(principal);
  return orderByRanks(size, keys);
}

/** Daily rows by principal, then service, then day. */
function dailyOrder(tables: UsageTables, principalRanks: Int32Array): Uint32Array {
  const { size, principal, service, day } = tables.daily;
  // Days are ranked as their texts, like services: the few distinct ones get a number each.
  const dayIds = new Map<number, number>();
  const dayTexts: string[] = [];
  const byDay = new Int32Array(size);
  for (let row = 0; row < size; row++) {
    let id = dayIds.get(day[row]!);
    if (id === undefined) {
      id = dayTexts.push(dayText(day[row]!)) - 1;
      dayIds.set(day[row]!, id);
    }
    byDay[row] = id;
  }
  const dayRanks = collatedRanks(dayTexts);
  for (let row = 0; row < size; row++) byDay[row] = dayRanks[byDay[row]!]!;
  const keys = [ranksOf(principal, size, principalRanks), ranksOf(service, size, collatedRanks(tables.services.list)), byDay];
  if (hasTies(principalRanks)) keys.push(principal);
  return orderByRanks(size, keys);
}

/** Bucket usage rows by principal, then bucket, then action. */
function bucketOrder(tables: UsageTables, principalRanks: Int32Array, actionRanks: Int32Array): Uint32Array {
  const { size, principal, bucket, action } = tables.bucketUsage;
  const bucketRanks = collatedRanks(tables.buckets.list);
  const keys = [ranksOf(principal, size, principalRanks), ranksOf(bucket, size, bucketRanks), ranksOf(action, size, actionRanks)];
  if (hasTies(principalRanks)) keys.push(principal);
  if (hasTies(bucketRanks)) keys.push(firstRowOfBucket(principal, bucket, size));
  return orderByRanks(size, keys);
}

/** Per row, the first row of its principal with its bucket: the order a principal's buckets were first met. */
function firstRowOfBucket(principal: Int32Array, bucket: Int32Array, size: number): Int32Array {
  const first = new Map<string, number>();
  const column = new Int32Array(size);
  for (let row = 0; row < size; row++) {
    const key = `${principal[row]!} ${bucket[row]!}`;
    let at = first.get(key);
    if (at === undefined) {
      at = row;
      first.set(key, row);
    }
    column[row] = at;
  }
  return column;
}

/** The ranks of the first `size` ids of `ids`. */
function ranksOf(ids: Int32Array, size: number, ranks: Int32Array): Int32Array {
  const column = new Int32Array(size);
  for (let row = 0; row < size; row++) column[row] = ranks[ids[row]!]!;
  return column;
}

/** Whether two of the ranked texts share a rank. */
function hasTies(ranks: Int32Array): boolean {
  let max = -1;
  for (const rank of ranks) max = Math.max(max, rank);
  return max + 1 < ranks.length;
}

/**
 * Each usage row's Regions as the number of a sorted list: rows with the same Regions share one, so a list is
 * sorted once per distinct set of Regions.
 */
function sortedRegionLists(tables: UsageTables): { regionLists: string[][]; regions: Int32Array } {
  const { size, regionBits, moreRegions } = tables.usage;
  const regionLists: string[][] = [];
  const listOfBits = new Map<number, number>();
  const regions = new Int32Array(size);
  for (let row = 0; row < size; row++) {
    if (moreRegions.has(row)) {
      regions[row] = regionLists.push(tables.regionsOf(row).sort()) - 1;
      continue;
    }
    const bits = regionBits[row]!;
    let list = listOfBits.get(bits);
    if (list === undefined) {
      list = regionLists.push(tables.regionNames(bits).sort()) - 1;
      listOfBits.set(bits, list);
    }
    regions[row] = list;
  }
  return { regionLists, regions };
}
