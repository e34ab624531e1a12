import type { BucketUsageRow, DailyRow, Observation, SourceCoverage, SourceInfo, UsageRow, UsageSnapshot, UsageTotals } from './observation';
import type { EventMapper } from './mapping';
import type { TrailRecord } from './record';
import { observe } from './observe';
import { CoverageAccumulator } from './coverage';
import { collatedRanks, orderByRanks, StringIds, toRanks } from './rankOrder';

interface MutableUsage {
  principal: string;
  action: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
  denied: number;
  viaService: number;
  /** Regions by the builder's region number: bit n for numbers below {@link REGION_BITS}, the rest by name. */
  regionBits: number;
  moreRegions: Set<string> | undefined;
}

/**
 * One principal's rows: usage by action; daily rows by (service number × 2^16 + day number), each the number of a
 * row of the builder's `dailyCounts` (count and denied side by side), so a daily row is one map entry, no object.
 */
interface PrincipalRows {
  readonly principal: string;
  readonly usage: Map<string, MutableUsage>;
  readonly daily: Map<number, number>;
  /** S3 usage by bucket, then action. */
  readonly buckets: Map<string, Map<string, MutableBucketUsage>>;
}

interface MutableBucketUsage {
  firstSeen: number;
  lastSeen: number;
  count: number;
  denied: number;
}

/** Region numbers below this are bits of `regionBits` (a small integer); AWS has fewer commercial Regions. */
const REGION_BITS = 30;

/** Regions as a usage row keeps them: bits of the builder's region numbers, and the names of the rest. */
interface RegionSet {
  readonly bits: number;
  readonly more: readonly string[];
}

type MutableTotals = { -readonly [K in keyof UsageTotals]: UsageTotals[K] };

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

/** Why one record of a batch was not used; `index` is its position in the batch. */
export interface SkippedRecord {
  readonly index: number;
  readonly reason: string;
}

const SEP = '\u0000';
const DAY_MS = 86_400_000;

/**
 * Aggregates CloudTrail records into usage per (principal, action), per (principal, action, S3 bucket), per
 * (principal, service, day), coverage per source and unmapped-event counts. Pullers call {@link addRecord}/{@link addRecords} with parsed records;
 * parallel imports merge partial results with {@link addSnapshot}; {@link snapshot} gives what the cache stores.
 *
 * @example
 * const builder = UsageBuilder.from(cached.snapshot, new EventMapper(catalog));
 * builder.addRecords(page.map((e) => JSON.parse(e.CloudTrailEvent)), { kind: 'lookupEvents', id: 'lookupEvents:1111/us-east-1' });
 * await writeCache(dir, { ...cached, snapshot: builder.snapshot() });
 */
export class UsageBuilder {
  // Rows are kept per principal and keyed by the mapper's own action and service strings (or numbers), so the
  // per-record work is a few map lookups without building composite string keys.
  private readonly principals = new Map<string, PrincipalRows>();
  private readonly services = new Map<string, number>();
  private readonly serviceNames: string[] = [];
  private readonly regionIds = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private readonly regionNames: string[] = [];
  private dailyCounts = new Float64Array(1024);
  private dailyRows = 0;
  private readonly coverage = new Map<string, CoverageAccumulator>();
  private lastSource: SourceInfo | undefined;
  private lastCoverage: CoverageAccumulator | undefined;
  private readonly unmapped = new Map<string, number>();
  private readonly totals: MutableTotals = { records: 0, apiCalls: 0, mapped: 0, unmapped: 0, denied: 0, unattributed: 0 };

  private resolved: EventMapper | undefined;

  /** `mapper` may be a function that makes it, called on the first record (an import on workers never needs one here). */
  constructor(private readonly mapper: EventMapper | (() => EventMapper)) {}

  private mapperNow(): EventMapper {
    this.resolved ??= typeof this.mapper === 'function' ? this.mapper() : this.mapper;
    return this.resolved;
  }

  /** A builder that continues from stored aggregates. */
  static from(snapshot: UsageSnapshot | undefined, mapper: EventMapper | (() => EventMapper)): UsageBuilder {
    const builder = new UsageBuilder(mapper);
    if (snapshot) builder.addSnapshot(snapshot);
    return builder;
  }

  /** Adds one parsed CloudTrail record; returns the reason when the record could not be used. */
  addRecord(record: object, source: SourceInfo): string | undefined {
    const obs = observe(record as TrailRecord, this.resolved ?? this.mapperNow());
    if ('reason' in obs) return obs.reason;
    this.addObservation(obs, source);
    return undefined;
  }

  /** Adds a batch of parsed records; returns the ones skipped with their reasons. */
  addRecords(records: Iterable<object>, source: SourceInfo): SkippedRecord[] {
    const skipped: SkippedRecord[] = [];
    let index = 0;
    for (const record of records) {
      const reason = this.addRecord(record, source);
      if (reason !== undefined) skipped.push({ index, reason });
      index++;
    }
    return skipped;
  }

  /** Adds one observation of `source`. */
  private addObservation(obs: Observation, source: SourceInfo): void {
    this.coverageOf(source).add(obs, 1, obs.time, obs.time);
    this.count(obs);
    if (obs.unmappedName !== undefined) this.unmapped.set(obs.unmappedName, (this.unmapped.get(obs.unmappedName) ?? 0) + 1);
    if (obs.principal === undefined) return;
    const rows = this.rowsOf(obs.principal);
    const denied = obs.outcome === 'denied' ? 1 : 0;
    if (obs.actions.length > 0 || obs.unmapped) this.addDaily(rows, obs.service, Math.floor(obs.time / DAY_MS), 1 - denied, denied);
    if (obs.bucket !== undefined || obs.actionBuckets) {
      const { actions, actionBuckets } = obs;
      for (let i = 0; i < actions.length; i++) {
        const bucket = actionBuckets ? actionBuckets[i] : obs.bucket;
        if (bucket !== undefined) addBucketUsage(rows, bucket, actions[i] as string, obs.time, obs.time, 1 - denied, denied);
      }
    }
    for (const action of obs.actions) {
      let found = rows.usage.get(action);
      if (!found) {
        found = {
          principal: obs.principal,
          action,
          firstSeen: obs.time,
          lastSeen: obs.time,
          count: 1 - denied,
          denied,
          viaService: obs.viaService ? 1 : 0,
          regionBits: 0,
          moreRegions: undefined,
        };
        rows.usage.set(action, found);
      } else {
        if (obs.time < found.firstSeen) found.firstSeen = obs.time;
        else if (obs.time > found.lastSeen) found.lastSeen = obs.time;
        found.count += 1 - denied;
        found.denied += denied;
        if (obs.viaService) found.viaService++;
      }
      if (obs.region !== 'unknown') this.addRegion(found, obs.region);
    }
  }

  private addRegion(row: MutableUsage, region: string): void {
    const id = this.regionId(region);
    if (id < REGION_BITS) row.regionBits |= 1 << id;
    else (row.moreRegions ??= new Set()).add(region);
  }

  private regionId(region: string): number {
    let id = this.regionIds.get(region);
    if (id === undefined) {
      id = this.regionNames.length;
      this.regionIds.set(region, id);
      this.regionNames.push(region);
    }
    return id;
  }

  /** A row's regions by name, unsorted. */
  private regionsOf(row: MutableUsage): string[] {
    const names: string[] = [];
    for (let bits = row.regionBits, id = 0; bits !== 0; bits >>>= 1, id++) {
      if (bits & 1) names.push(this.regionNames[id] ?? '');
    }
    if (row.moreRegions) names.push(...row.moreRegions);
    return names;
  }

  /** A principal's daily rows as (service, day, count, denied). */
  private forDaily(rows: PrincipalRows, each: (service: string, day: number, count: number, denied: number) => void): void {
    const counts = this.dailyCounts;
    for (const [key, row] of rows.daily) {
      const service = this.serviceNames[Math.floor(key / DAYS_PER_SERVICE)] ?? '';
      each(service, key % DAYS_PER_SERVICE, counts[2 * row] ?? 0, counts[2 * row + 1] ?? 0);
    }
  }

  /** A new, empty builder with the same mapper (to stage one file before {@link absorb} takes it). */
  fork(): UsageBuilder {
    // A fork made before the mapper is needed asks this builder for it, so it is made once.
    return new UsageBuilder(this.resolved ?? (() => this.mapperNow()));
  }

  /** Adds everything `other` aggregated, without making a snapshot of it; `other` must not be used afterwards. */
  absorb(other: UsageBuilder): void {
    for (const [principal, theirs] of other.principals) {
      const rows = this.rowsOf(principal);
      for (const r of theirs.usage.values()) this.addRegions(this.mergeUsage(rows, r.action, r.firstSeen, r.lastSeen, r.count, r.denied, r.viaService), other.regionsOf(r));
      other.forDaily(theirs, (service, day, count, denied) => this.addDaily(rows, service, day, count, denied));
      for (const [bucket, actions] of theirs.buckets) {
        for (const [action, b] of actions) addBucketUsage(rows, bucket, action, b.firstSeen, b.lastSeen, b.count, b.denied);
      }
    }
    for (const c of other.coverage.values()) this.coverageOf(c.source).merge(c.snapshot());
    for (const [event, n] of other.unmapped) this.unmapped.set(event, (this.unmapped.get(event) ?? 0) + n);
    for (const key of Object.keys(this.totals) as (keyof UsageTotals)[]) this.totals[key] += other.totals[key];
  }

  /** Merges aggregates made by another builder (a worker, or the cache). */
  addSnapshot(snapshot: UsageSnapshot): void {
    for (const r of snapshot.usage) this.addRegions(this.mergeUsage(this.rowsOf(r.principal), r.action, r.firstSeen, r.lastSeen, r.count, r.denied, r.viaService), r.regions);
    for (const row of snapshot.daily) {
      this.addDaily(this.rowsOf(row.principal), row.service, Date.parse(`${row.day}T00:00:00Z`) / DAY_MS, row.count, row.denied);
    }
    for (const r of snapshot.bucketUsage) addBucketUsage(this.rowsOf(r.principal), r.bucket, r.action, r.firstSeen, r.lastSeen, r.count, r.denied);
    for (const c of snapshot.coverage) this.coverageOf(c.source).merge(c);
    for (const u of snapshot.unmapped) this.unmapped.set(u.event, (this.unmapped.get(u.event) ?? 0) + u.count);
    for (const key of Object.keys(this.totals) as (keyof UsageTotals)[]) this.totals[key] += snapshot.totals[key];
  }

  /** Everything aggregated so far as a {@link UsageDelta} (cheaper than a snapshot: no sorting, no day texts). */
  delta(): UsageDelta {
    const strings: string[] = [];
    const ids = new Map<string, number>();
    const id = (text: string): number => {
      let n = ids.get(text);
      if (n === undefined) {
        n = strings.length;
        strings.push(text);
        ids.set(text, n);
      }
      return n;
    };
    const regionSets: number[][] = [];
    const setIds = new Map<number, number>();
    let usageRows = 0;
    let dailyRows = 0;
    let bucketRows = 0;
    for (const rows of this.principals.values()) {
      usageRows += rows.usage.size;
      dailyRows += rows.daily.size;
      for (const actions of rows.buckets.values()) bucketRows += actions.size;
    }
    const usage = new Float64Array(usageRows * DELTA_USAGE_WIDTH);
    const daily = new Float64Array(dailyRows * DELTA_DAILY_WIDTH);
    const buckets = new Float64Array(bucketRows * DELTA_BUCKET_WIDTH);
    let u = 0;
    let d = 0;
    let b = 0;
    for (const [principal, rows] of this.principals) {
      const p = id(principal);
      for (const r of rows.usage.values()) {
        let set = r.moreRegions ? undefined : setIds.get(r.regionBits);
        if (set === undefined) {
          set = regionSets.length;
          regionSets.push(this.regionsOf(r).map(id));
          if (!r.moreRegions) setIds.set(r.regionBits, set);
        }
        usage[u++] = p;
        usage[u++] = id(r.action);
        usage[u++] = r.firstSeen;
        usage[u++] = r.lastSeen;
        usage[u++] = r.count;
        usage[u++] = r.denied;
        usage[u++] = r.viaService;
        usage[u++] = set;
      }
      this.forDaily(rows, (service, day, count, denied) => {
        daily[d++] = p;
        daily[d++] = id(service);
        daily[d++] = day;
        daily[d++] = count;
        daily[d++] = denied;
      });
      for (const [bucket, actions] of rows.buckets) {
        const n = id(bucket);
        for (const [action, r] of actions) {
          buckets[b++] = p;
          buckets[b++] = id(action);
          buckets[b++] = n;
          buckets[b++] = r.firstSeen;
          buckets[b++] = r.lastSeen;
          buckets[b++] = r.count;
          buckets[b++] = r.denied;
        }
      }
    }
    return {
      strings,
      regionSets,
      usage,
      daily,
      buckets,
      coverage: [...this.coverage.values()].map((c) => c.snapshot()),
      unmapped: [...this.unmapped],
      totals: { ...this.totals },
    };
  }

  /**
   * Adds a {@link UsageDelta} made by another builder (an import worker). Each of the delta's strings is resolved
   * once to what this builder keys rows by (a principal's rows, an action, a service number, a Region set's bits),
   * so a row costs array lookups and the map lookup of its own key only.
   */
  addDelta(delta: UsageDelta): void {
    const { strings, usage: u, daily: d, buckets: b } = delta;
    const text = (n: number): string => strings[n] ?? '';
    const principals = new Array<PrincipalRows | undefined>(strings.length);
    const rowsOf = (n: number): PrincipalRows => (principals[n] ??= this.rowsOf(text(n)));
    const sets = delta.regionSets.map((set) => this.regionSet(set.map(text)));
    const actions = new Array<string | undefined>(strings.length);
    for (let i = 0; i + DELTA_USAGE_WIDTH <= u.length; i += DELTA_USAGE_WIDTH) {
      const action = (actions[u[i + 1]!] ??= this.interned(text(u[i + 1]!)));
      const row = this.mergeUsage(rowsOf(u[i]!), action, u[i + 2]!, u[i + 3]!, u[i + 4]!, u[i + 5]!, u[i + 6]!);
      const set = sets[u[i + 7]!];
      if (set) addRegionSet(row, set);
    }
    const services = new Array<number | undefined>(strings.length);
    for (let i = 0; i + DELTA_DAILY_WIDTH <= d.length; i += DELTA_DAILY_WIDTH) {
      const service = (services[d[i + 1]!] ??= this.serviceId(text(d[i + 1]!)));
      this.addDailyRow(rowsOf(d[i]!), service * DAYS_PER_SERVICE + d[i + 2]!, d[i + 3]!, d[i + 4]!);
    }
    for (let i = 0; i + DELTA_BUCKET_WIDTH <= b.length; i += DELTA_BUCKET_WIDTH) {
      addBucketUsage(rowsOf(b[i]!), text(b[i + 2]!), text(b[i + 1]!), b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!);
    }
    for (const c of delta.coverage) this.coverageOf(c.source).merge(c);
    for (const [event, n] of delta.unmapped) this.unmapped.set(event, (this.unmapped.get(event) ?? 0) + n);
    for (const key of Object.keys(this.totals) as (keyof UsageTotals)[]) this.totals[key] += delta.totals[key];
  }

  /**
   * Everything aggregated so far, as plain sorted data. The rows are sorted in the collator's order of their
   * strings, but no string is compared per row: the few distinct principals, actions, buckets, services and days
   * are ranked once ({@link collatedRanks}) and the rows ordered by those integers ({@link orderByRanks}), which
   * gives the order a stable sort comparing the strings gives.
   */
  snapshot(): UsageSnapshot {
    const principals = [...this.principals.values()];
    const principalRanks = collatedRanks(principals.map((rows) => rows.principal));
    return {
      usage: this.sortedUsage(principals, principalRanks),
      bucketUsage: sortedBucketUsage(principals, principalRanks),
      daily: this.sortedDaily(principals, principalRanks),
      coverage: [...this.coverage.values()].map((c) => c.snapshot()),
      unmapped: [...this.unmapped].map(([event, count]) => ({ event, count })).sort((a, b) => b.count - a.count),
      totals: { ...this.totals },
    };
  }

  /** Usage rows by principal, then action. */
  private sortedUsage(principals: readonly PrincipalRows[], principalRanks: Int32Array): UsageRow[] {
    let rowCount = 0;
    for (const rows of principals) rowCount += rows.usage.size;
    const found: MutableUsage[] = [];
    const byPrincipal = new Int32Array(rowCount);
    const byAction = new Int32Array(rowCount);
    const actions = new StringIds();
    for (let p = 0; p < principals.length; p++) {
      for (const r of principals[p]!.usage.values()) {
        byPrincipal[found.length] = principalRanks[p]!;
        byAction[found.length] = actions.id(r.action);
        found.push(r);
      }
    }
    toRanks(byAction, collatedRanks(actions.list));
    // Rows with the same Regions share one sorted array.
    const regionLists = new Map<number, string[]>();
    const sortedRegions = (r: MutableUsage): string[] => {
      if (r.moreRegions) return this.regionsOf(r).sort();
      let list = regionLists.get(r.regionBits);
      if (!list) {
        list = this.regionsOf(r).sort();
        regionLists.set(r.regionBits, list);
      }
      return list;
    };
    const usage: UsageRow[] = [];
    for (const i of orderByRanks(rowCount, [byPrincipal, byAction])) {
      const { principal, action, firstSeen, lastSeen, count, denied, viaService } = found[i]!;
      usage.push({ principal, action, firstSeen, lastSeen, count, denied, viaService, regions: sortedRegions(found[i]!) });
    }
    return usage;
  }

  /** Daily rows by principal, then service, then day. */
  private sortedDaily(principals: readonly PrincipalRows[], principalRanks: Int32Array): DailyRow[] {
    let rowCount = 0;
    for (const rows of principals) rowCount += rows.daily.size;
    // Per row: its principal's index, its row of `dailyCounts`, its principal's rank, its service and day numbers.
    const principalOf = new Int32Array(rowCount);
    const countsAt = new Int32Array(rowCount);
    const byPrincipal = new Int32Array(rowCount);
    const byService = new Int32Array(rowCount);
    const byDay = new Int32Array(rowCount);
    const dayIds = new Map<number, number>();
    const dayTexts: string[] = [];
    let i = 0;
    for (let p = 0; p < principals.length; p++) {
      for (const [key, row] of principals[p]!.daily) {
        const day = key % DAYS_PER_SERVICE;
        let dayId = dayIds.get(day);
        if (dayId === undefined) {
          dayId = dayTexts.length;
          dayIds.set(day, dayId);
          dayTexts.push(new Date(day * DAY_MS).toISOString().slice(0, 10));
        }
        principalOf[i] = p;
        countsAt[i] = row;
        byPrincipal[i] = principalRanks[p]!;
        byService[i] = Math.floor(key / DAYS_PER_SERVICE);
        byDay[i] = dayId;
        i++;
      }
    }
    // The service and day numbers, kept for the rows' texts, become ranks only after.
    const serviceOf = byService.slice();
    const dayOf = byDay.slice();
    toRanks(byService, collatedRanks(this.serviceNames));
    toRanks(byDay, collatedRanks(dayTexts));
    const counts = this.dailyCounts;
    const daily: DailyRow[] = [];
    for (const i of orderByRanks(rowCount, [byPrincipal, byService, byDay])) {
      const row = countsAt[i]!;
      daily.push({
        principal: principals[principalOf[i]!]!.principal,
        service: this.serviceNames[serviceOf[i]!] ?? '',
        day: dayTexts[dayOf[i]!]!,
        count: counts[2 * row]!,
        denied: counts[2 * row + 1]!,
      });
    }
    return daily;
  }

  private count(obs: Observation): void {
    this.totals.records++;
    if (obs.actions.length > 0 || obs.unmapped) this.totals.apiCalls++;
    if (obs.actions.length > 0) this.totals.mapped++;
    if (obs.unmapped) this.totals.unmapped++;
    if (obs.outcome === 'denied') this.totals.denied++;
    if (obs.principal === undefined) this.totals.unattributed++;
  }

  private coverageOf(source: SourceInfo): CoverageAccumulator {
    if (source === this.lastSource && this.lastCoverage) return this.lastCoverage;
    const key = `${source.kind}${SEP}${source.id}`;
    let acc = this.coverage.get(key);
    if (!acc) {
      acc = new CoverageAccumulator({ kind: source.kind, id: source.id });
      this.coverage.set(key, acc);
    }
    this.lastSource = source;
    this.lastCoverage = acc;
    return acc;
  }

  private rowsOf(principal: string): PrincipalRows {
    let rows = this.principals.get(principal);
    if (!rows) {
      rows = { principal, usage: new Map(), daily: new Map(), buckets: new Map() };
      this.principals.set(principal, rows);
    }
    return rows;
  }

  /** Adds calls of `action` to a principal's rows; returns the row, whose Regions the caller adds. */
  private mergeUsage(rows: PrincipalRows, action: string, firstSeen: number, lastSeen: number, count: number, denied: number, viaService: number): MutableUsage {
    let found = rows.usage.get(action);
    if (!found) {
      found = { principal: rows.principal, action, firstSeen, lastSeen, count, denied, viaService, regionBits: 0, moreRegions: undefined };
      rows.usage.set(action, found);
    } else addUsage(found, firstSeen, lastSeen, count, denied, viaService);
    return found;
  }

  private addRegions(row: MutableUsage, regions: readonly string[]): void {
    for (const r of regions) this.addRegion(row, r);
  }

  /** Regions by name as a {@link RegionSet} of this builder's region numbers. */
  private regionSet(regions: readonly string[]): RegionSet {
    let bits = 0;
    const more: string[] = [];
    for (const region of regions) {
      const id = this.regionId(region);
      if (id < REGION_BITS) bits |= 1 << id;
      else more.push(region);
    }
    return { bits, more };
  }

  /** One string object per distinct text: map keys that are the same object compare without reading the text. */
  private interned(text: string): string {
    let found = this.texts.get(text);
    if (found === undefined) {
      found = text;
      this.texts.set(text, text);
    }
    return found;
  }

  private serviceId(service: string): number {
    let id = this.services.get(service);
    if (id === undefined) {
      id = this.serviceNames.length;
      this.services.set(service, id);
      this.serviceNames.push(service);
    }
    return id;
  }

  private addDaily(rows: PrincipalRows, service: string, day: number, count: number, denied: number): void {
    this.addDailyRow(rows, this.serviceId(service) * DAYS_PER_SERVICE + day, count, denied);
  }

  /** Adds to a principal's daily row `key` (service number × 2^16 + day number). */
  private addDailyRow(rows: PrincipalRows, key: number, count: number, denied: number): void {
    let row = rows.daily.get(key);
    if (row === undefined) {
      row = this.dailyRows++;
      if (2 * this.dailyRows > this.dailyCounts.length) {
        const grown = new Float64Array(this.dailyCounts.length * 2);
        grown.set(this.dailyCounts);
        this.dailyCounts = grown;
      }
      rows.daily.set(key, row);
    }
    this.dailyCounts[2 * row] = (this.dailyCounts[2 * row] ?? 0) + count;
    this.dailyCounts[2 * row + 1] = (this.dailyCounts[2 * row + 1] ?? 0) + denied;
  }
}

function addUsage(row: MutableUsage, firstSeen: number, lastSeen: number, count: number, denied: number, viaService: number): void {
  if (firstSeen < row.firstSeen) row.firstSeen = firstSeen;
  if (lastSeen > row.lastSeen) row.lastSeen = lastSeen;
  row.count += count;
  row.denied += denied;
  row.viaService += viaService;
}

function addRegionSet(row: MutableUsage, set: RegionSet): void {
  row.regionBits |= set.bits;
  for (const region of set.more) (row.moreRegions ??= new Set()).add(region);
}

/** Bucket usage rows by principal, then bucket, then action. */
function sortedBucketUsage(principals: readonly PrincipalRows[], principalRanks: Int32Array): BucketUsageRow[] {
  let rowCount = 0;
  for (const rows of principals) for (const used of rows.buckets.values()) rowCount += used.size;
  const found: MutableBucketUsage[] = [];
  // Per row: its principal's index, its principal's rank, its bucket and action numbers (ranks after).
  const principalOf = new Int32Array(rowCount);
  const byPrincipal = new Int32Array(rowCount);
  const byBucket = new Int32Array(rowCount);
  const byAction = new Int32Array(rowCount);
  const buckets = new StringIds();
  const actions = new StringIds();
  for (let p = 0; p < principals.length; p++) {
    for (const [bucket, used] of principals[p]!.buckets) {
      const bucketId = buckets.id(bucket);
      for (const [action, usage] of used) {
        principalOf[found.length] = p;
        byPrincipal[found.length] = principalRanks[p]!;
        byBucket[found.length] = bucketId;
        byAction[found.length] = actions.id(action);
        found.push(usage);
      }
    }
  }
  const bucketOf = byBucket.slice();
  const actionOf = byAction.slice();
  toRanks(byBucket, collatedRanks(buckets.list));
  toRanks(byAction, collatedRanks(actions.list));
  const rows: BucketUsageRow[] = [];
  for (const i of orderByRanks(rowCount, [byPrincipal, byBucket, byAction])) {
    const { firstSeen, lastSeen, count, denied } = found[i]!;
    const principal = principals[principalOf[i]!]!.principal;
    rows.push({ principal, action: actions.list[actionOf[i]!]!, bucket: buckets.list[bucketOf[i]!]!, firstSeen, lastSeen, count, denied });
  }
  return rows;
}

/** Adds calls of an action on a bucket to a principal's rows. */
function addBucketUsage(rows: PrincipalRows, bucket: string, action: string, firstSeen: number, lastSeen: number, count: number, denied: number): void {
  let actions = rows.buckets.get(bucket);
  if (!actions) {
    actions = new Map();
    rows.buckets.set(bucket, actions);
  }
  const found = actions.get(action);
  if (!found) {
    actions.set(action, { firstSeen, lastSeen, count, denied });
    return;
  }
  if (firstSeen < found.firstSeen) found.firstSeen = firstSeen;
  if (lastSeen > found.lastSeen) found.lastSeen = lastSeen;
  found.count += count;
  found.denied += denied;
}

/** Day numbers (days since 1970) stay below 2^16 until the year 2149. */
const DAYS_PER_SERVICE = 65_536;

