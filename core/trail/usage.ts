import type { Observation, SourceInfo, UsageSnapshot, UsageTotals } from './observation';
import type { EventMapper } from './mapping';
import type { TrailRecord } from './record';
import type { RegionSet } from './usageTables';
import { observe } from './observe';
import { CoverageAccumulator } from './coverage';
import { UsageTables } from './usageTables';
import { addRowsDelta, rowsDelta, type UsageDelta } from './usageDelta';
import { orderedRows } from './usageOrder';
import { dayNumber, snapshotOfColumns, type UsageColumns } from './usageColumns';

export type { UsageDelta } from './usageDelta';

/** Record counts as a builder keeps them, added to in place. */
export type MutableTotals = { -readonly [K in keyof UsageTotals]: UsageTotals[K] };

/**
 * What a builder aggregates records into: for scanAggregate.ts, which adds scanned records by the numbers of these
 * tables exactly as {@link UsageBuilder.addRecord} adds their observations.
 */
export interface BuilderParts {
  readonly mapper: EventMapper;
  readonly tables: UsageTables;
  /** The coverage of a source, made when first asked for (when its first record is used). */
  readonly coverageOf: (source: SourceInfo) => CoverageAccumulator;
  readonly totals: MutableTotals;
  /** Counts by `source:EventName`. */
  readonly unmapped: Map<string, number>;
}

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
 * parallel imports merge partial results with {@link addDelta} or {@link addSnapshot}; {@link snapshot} gives what
 * the cache stores, {@link ordered} the same as columns.
 *
 * @example
 * const builder = UsageBuilder.from(cached.snapshot, new EventMapper(catalog));
 * builder.addRecords(page.map((e) => JSON.parse(e.CloudTrailEvent)), { kind: 'lookupEvents', id: 'lookupEvents:1111/us-east-1' });
 * await writeCache(dir, { ...cached, snapshot: builder.snapshot() });
 */
export class UsageBuilder {
  // Rows live in typed columns keyed by numbers of interned strings (usageTables.ts): no object, Map entry or boxed
  // number per row, so the heap of an import does not grow with its rows.
  private readonly tables = new UsageTables();
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

  /** This builder's mapper, tables and counts (see {@link BuilderParts}). */
  parts(): BuilderParts {
    return { mapper: this.resolved ?? this.mapperNow(), tables: this.tables, coverageOf: (source) => this.coverageOf(source), totals: this.totals, unmapped: this.unmapped };
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
    const tables = this.tables;
    const principal = tables.principals.id(obs.principal);
    const denied = obs.outcome === 'denied' ? 1 : 0;
    const { actions, time } = obs;
    if (actions.length > 0 || obs.unmapped) tables.addDaily(principal, obs.service, Math.floor(time / DAY_MS), 1 - denied, denied);
    if (obs.bucket !== undefined || obs.actionBuckets) {
      const { actionBuckets } = obs;
      for (let i = 0; i < actions.length; i++) {
        const bucket = actionBuckets ? actionBuckets[i] : obs.bucket;
        if (bucket !== undefined) tables.addBucketUsage(principal, bucket, actions[i] as string, time, time, 1 - denied, denied);
      }
    }
    const viaService = obs.viaService ? 1 : 0;
    for (const action of actions) {
      const row = tables.usage.addCall(principal, tables.actions.id(action), time, denied, viaService);
      if (obs.region !== 'unknown') tables.addRegion(row, obs.region);
    }
  }

  /** A new, empty builder with the same mapper (to stage one file before {@link absorb} takes it). */
  fork(): UsageBuilder {
    // A fork made before the mapper is needed asks this builder for it, so it is made once.
    return new UsageBuilder(this.resolved ?? (() => this.mapperNow()));
  }

  /** Adds everything `other` aggregated, without making a snapshot of it; `other` must not be used afterwards. */
  absorb(other: UsageBuilder): void {
    const ours = this.tables;
    const theirs = other.tables;
    // Their principals first, in their order: the order collator-equal principals keep.
    const principals = theirs.principals.list.map((p) => ours.principals.id(p));
    const actions = theirs.actions.list.map((a) => ours.actions.id(a));
    const { usage: u, daily: d, bucketUsage: b } = theirs;
    const setOfBits = new Map<number, RegionSet>();
    for (let row = 0; row < u.size; row++) {
      const merged = ours.usage.merge(principals[u.principal[row]!]!, actions[u.action[row]!]!, u.firstSeen[row]!, u.lastSeen[row]!, u.count[row]!, u.denied[row]!, u.viaService[row]!);
      const bits = u.regionBits[row]!;
      let set = setOfBits.get(bits);
      if (!set) {
        set = ours.regionSet(theirs.regionNames(bits));
        setOfBits.set(bits, set);
      }
      ours.usage.addRegionSet(merged, set.bits, set.more);
      const more = u.moreRegions.get(row);
      if (more) ours.addRegions(merged, [...more]);
    }
    const services = theirs.services.list.map((s) => ours.services.id(s));
    for (let row = 0; row < d.size; row++) ours.daily.add(principals[d.principal[row]!]!, services[d.service[row]!]!, d.day[row]!, d.count[row]!, d.denied[row]!);
    const buckets = theirs.buckets.list.map((name) => ours.buckets.id(name));
    for (let row = 0; row < b.size; row++) {
      ours.bucketUsage.merge(principals[b.principal[row]!]!, buckets[b.bucket[row]!]!, actions[b.action[row]!]!, b.firstSeen[row]!, b.lastSeen[row]!, b.count[row]!, b.denied[row]!);
    }
    for (const c of other.coverage.values()) this.coverageOf(c.source).merge(c.snapshot());
    this.addCounts(other.unmapped, other.totals);
  }

  /** Merges aggregates made by another builder (a worker, or the cache). */
  addSnapshot(snapshot: UsageSnapshot): void {
    const tables = this.tables;
    for (const r of snapshot.usage) {
      const row = tables.mergeUsage(tables.principals.id(r.principal), r.action, r.firstSeen, r.lastSeen, r.count, r.denied, r.viaService);
      tables.addRegions(row, r.regions);
    }
    const days = new Map<string, number>();
    for (const row of snapshot.daily) {
      let day = days.get(row.day);
      if (day === undefined) {
        day = dayNumber(row.day);
        days.set(row.day, day);
      }
      tables.addDaily(tables.principals.id(row.principal), row.service, day, row.count, row.denied);
    }
    for (const r of snapshot.bucketUsage) {
      tables.addBucketUsage(tables.principals.id(r.principal), r.bucket, r.action, r.firstSeen, r.lastSeen, r.count, r.denied);
    }
    for (const c of snapshot.coverage) this.coverageOf(c.source).merge(c);
    this.addCounts(snapshot.unmapped.map((u) => [u.event, u.count] as const), snapshot.totals);
  }

  /** Everything aggregated so far as a {@link UsageDelta} (cheaper than a snapshot: no sorting, no day texts). */
  delta(): UsageDelta {
    return {
      ...rowsDelta(this.tables),
      coverage: [...this.coverage.values()].map((c) => c.snapshot()),
      unmapped: [...this.unmapped],
      totals: { ...this.totals },
    };
  }

  /** Adds a {@link UsageDelta} made by another builder (an import worker). */
  addDelta(delta: UsageDelta): void {
    addRowsDelta(this.tables, delta);
    for (const c of delta.coverage) this.coverageOf(c.source).merge(c);
    this.addCounts(delta.unmapped, delta.totals);
  }

  /**
   * Everything aggregated so far, as plain sorted data: rows in the collator order of their strings (see
   * usageOrder.ts), ties in the order first added.
   */
  snapshot(): UsageSnapshot {
    return snapshotOfColumns(this.ordered());
  }

  /**
   * What {@link snapshot} gives, as columns over this builder's own (no object per row): for writing a large cache.
   * Valid until the builder changes.
   */
  ordered(): UsageColumns {
    // Sources and unmapped events in an order of their own, not the order met: an import on threads meets them in
    // the order its files finish, and the same files must give the same cache.
    return {
      ...orderedRows(this.tables),
      coverage: [...this.coverage.entries()].sort(([a], [b]) => byCodePoints(a, b)).map(([, c]) => c.snapshot()),
      unmapped: [...this.unmapped].map(([event, count]) => ({ event, count })).sort((a, b) => b.count - a.count || byCodePoints(a.event, b.event)),
      totals: { ...this.totals },
    };
  }

  private addCounts(unmapped: Iterable<readonly [string, number]>, totals: UsageTotals): void {
    for (const [event, n] of unmapped) this.unmapped.set(event, (this.unmapped.get(event) ?? 0) + n);
    for (const key of Object.keys(this.totals) as (keyof UsageTotals)[]) this.totals[key] += totals[key];
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
}

/** Compares strings by code points (not by collator: an order that no locale changes). */
function byCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
