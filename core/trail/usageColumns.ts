// Aggregated usage as columns in snapshot order: what the cache is written from, so that an import writes hundreds
// of thousands of rows without making an object for each (UsageBuilder.ordered), and what a UsageSnapshot's rows
// are made from.
import type { BucketUsageRow, DailyRow, SourceCoverage, UnmappedEvent, UsageRow, UsageSnapshot, UsageTotals } from './observation';
import { StringIds } from './rankOrder';

const DAY_MS = 86_400_000;

/** A table's rows in snapshot order: the i-th row's fields are each column's entry number `order[i]`. */
interface OrderedRows {
  readonly order: Uint32Array;
}

/** Usage rows; `principal`, `action` and `regions` are numbers of {@link UsageColumns}' lists. */
export interface UsageRowColumns extends OrderedRows {
  readonly principal: Int32Array;
  readonly action: Int32Array;
  readonly regions: Int32Array;
  readonly firstSeen: Float64Array;
  readonly lastSeen: Float64Array;
  readonly count: Float64Array;
  readonly denied: Float64Array;
  readonly viaService: Float64Array;
}

/** Daily rows; `day` is a day number (days since 1970). */
export interface DailyRowColumns extends OrderedRows {
  readonly principal: Int32Array;
  readonly service: Int32Array;
  readonly day: Int32Array | Float64Array;
  readonly count: Float64Array;
  readonly denied: Float64Array;
}

/** Per-bucket usage rows. */
export interface BucketRowColumns extends OrderedRows {
  readonly principal: Int32Array;
  readonly action: Int32Array;
  readonly bucket: Int32Array;
  readonly firstSeen: Float64Array;
  readonly lastSeen: Float64Array;
  readonly count: Float64Array;
  readonly denied: Float64Array;
}

/** A {@link UsageSnapshot} as columns: the same rows in the same order, strings by number. */
export interface UsageColumns {
  readonly principals: readonly string[];
  readonly actions: readonly string[];
  readonly services: readonly string[];
  readonly buckets: readonly string[];
  /** Region names, each list sorted (`Array.prototype.sort`); a usage row names one. */
  readonly regionLists: readonly (readonly string[])[];
  readonly usage: UsageRowColumns;
  readonly daily: DailyRowColumns;
  readonly bucketUsage: BucketRowColumns;
  readonly coverage: readonly SourceCoverage[];
  readonly unmapped: readonly UnmappedEvent[];
  readonly totals: UsageTotals;
}

/** `YYYY-MM-DD` of a day number. */
export function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of `YYYY-MM-DD`. */
export function dayNumber(text: string): number {
  return Date.parse(`${text}T00:00:00Z`) / DAY_MS;
}

/** The rows of `columns` as objects; usage rows with the same Region list share its array. */
export function snapshotOfColumns(columns: UsageColumns): UsageSnapshot {
  const { principals, actions, services, buckets, regionLists, usage: u, daily: d, bucketUsage: b } = columns;
  const usage: UsageRow[] = [];
  for (const i of u.order) {
    usage.push({
      principal: principals[u.principal[i]!]!,
      action: actions[u.action[i]!]!,
      firstSeen: u.firstSeen[i]!,
      lastSeen: u.lastSeen[i]!,
      count: u.count[i]!,
      denied: u.denied[i]!,
      viaService: u.viaService[i]!,
      regions: regionLists[u.regions[i]!]!,
    });
  }
  const days = new Map<number, string>();
  const daily: DailyRow[] = [];
  for (const i of d.order) {
    const n = d.day[i]!;
    let day = days.get(n);
    if (day === undefined) {
      day = dayText(n);
      days.set(n, day);
    }
    daily.push({ principal: principals[d.principal[i]!]!, service: services[d.service[i]!]!, day, count: d.count[i]!, denied: d.denied[i]! });
  }
  const bucketUsage: BucketUsageRow[] = [];
  for (const i of b.order) {
    bucketUsage.push({
      principal: principals[b.principal[i]!]!,
      action: actions[b.action[i]!]!,
      bucket: buckets[b.bucket[i]!]!,
      firstSeen: b.firstSeen[i]!,
      lastSeen: b.lastSeen[i]!,
      count: b.count[i]!,
      denied: b.denied[i]!,
    });
  }
  return { usage, bucketUsage, daily, coverage: columns.coverage, unmapped: columns.unmapped, totals: columns.totals };
}

/** A snapshot's rows as columns, in their order; rows that share a Regions array name one list. */
export function columnsOfSnapshot(snapshot: UsageSnapshot): UsageColumns {
  const names = { principals: new StringIds(), actions: new StringIds(), services: new StringIds(), buckets: new StringIds() };
  const regionLists: (readonly string[])[] = [];
  return {
    principals: names.principals.list,
    actions: names.actions.list,
    services: names.services.list,
    buckets: names.buckets.list,
    regionLists,
    usage: usageColumns(snapshot.usage, names, regionLists),
    daily: dailyColumns(snapshot.daily, names),
    bucketUsage: bucketColumns(snapshot.bucketUsage, names),
    coverage: snapshot.coverage,
    unmapped: snapshot.unmapped,
    totals: snapshot.totals,
  };
}

/** The strings of rows being turned into columns, numbered as first met. */
interface Names {
  readonly principals: StringIds;
  readonly actions: StringIds;
  readonly services: StringIds;
  readonly buckets: StringIds;
}

function usageColumns(rows: readonly UsageRow[], names: Names, regionLists: (readonly string[])[]): UsageRowColumns {
  const listOfArray = new Map<readonly string[], number>();
  const u = {
    order: identity(rows.length),
    principal: new Int32Array(rows.length),
    action: new Int32Array(rows.length),
    regions: new Int32Array(rows.length),
    firstSeen: new Float64Array(rows.length),
    lastSeen: new Float64Array(rows.length),
    count: new Float64Array(rows.length),
    denied: new Float64Array(rows.length),
    viaService: new Float64Array(rows.length),
  };
  rows.forEach((row, i) => {
    let list = listOfArray.get(row.regions);
    if (list === undefined) {
      list = regionLists.push(row.regions) - 1;
      listOfArray.set(row.regions, list);
    }
    u.principal[i] = names.principals.id(row.principal);
    u.action[i] = names.actions.id(row.action);
    u.regions[i] = list;
    u.firstSeen[i] = row.firstSeen;
    u.lastSeen[i] = row.lastSeen;
    u.count[i] = row.count;
    u.denied[i] = row.denied;
    u.viaService[i] = row.viaService;
  });
  return u;
}

function dailyColumns(rows: readonly DailyRow[], names: Names): DailyRowColumns {
  const days = new Map<string, number>();
  const d = {
    order: identity(rows.length),
    principal: new Int32Array(rows.length),
    service: new Int32Array(rows.length),
    day: new Float64Array(rows.length),
    count: new Float64Array(rows.length),
    denied: new Float64Array(rows.length),
  };
  rows.forEach((row, i) => {
    let day = days.get(row.day);
    if (day === undefined) {
      day = dayNumber(row.day);
      days.set(row.day, day);
    }
    d.principal[i] = names.principals.id(row.principal);
    d.service[i] = names.services.id(row.service);
    d.day[i] = day;
    d.count[i] = row.count;
    d.denied[i] = row.denied;
  });
  return d;
}

function bucketColumns(rows: readonly BucketUsageRow[], names: Names): BucketRowColumns {
  const b = {
    order: identity(rows.length),
    principal: new Int32Array(rows.length),
    action: new Int32Array(rows.length),
    bucket: new Int32Array(rows.length),
    firstSeen: new Float64Array(rows.length),
    lastSeen: new Float64Array(rows.length),
    count: new Float64Array(rows.length),
    denied: new Float64Array(rows.length),
  };
  rows.forEach((row, i) => {
    b.principal[i] = names.principals.id(row.principal);
    b.action[i] = names.actions.id(row.action);
    b.bucket[i] = names.buckets.id(row.bucket);
    b.firstSeen[i] = row.firstSeen;
    b.lastSeen[i] = row.lastSeen;
    b.count[i] = row.count;
    b.denied[i] = row.denied;
  });
  return b;
}

function identity(length: number): Uint32Array {
  const order = new Uint32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  return order;
}
