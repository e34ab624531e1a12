import type { Observation, SourceInfo, UsageRow, UsageSnapshot, UsageTotals } from './observation';
import type { EventMapper } from './mapping';
import type { TrailRecord } from './record';
import { RecordGroups, type ObservedGroup } from './recordGroups';
import { CoverageAccumulator } from './coverage';

interface MutableUsage {
  principal: string;
  action: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
  denied: number;
  viaService: number;
  regions: Set<string>;
}

interface MutableDaily {
  principal: string;
  service: string;
  day: string;
  count: number;
  denied: number;
}

type MutableTotals = { -readonly [K in keyof UsageTotals]: UsageTotals[K] };

/** Why one record of a batch was not used; `index` is its position in the batch. */
export interface SkippedRecord {
  readonly index: number;
  readonly reason: string;
}

const SEP = '\u0000';
const DAY_MS = 86_400_000;

/**
 * Aggregates CloudTrail records into usage per (principal, action), per (principal, service, day), coverage per
 * source and unmapped-event counts. Pullers call {@link addRecord}/{@link addRecords} with parsed records;
 * parallel imports merge partial results with {@link addSnapshot}; {@link snapshot} gives what the cache stores.
 *
 * @example
 * const builder = UsageBuilder.from(cached.snapshot, new EventMapper(catalog));
 * builder.addRecords(page.map((e) => JSON.parse(e.CloudTrailEvent)), { kind: 'lookupEvents', id: 'lookupEvents:1111/us-east-1' });
 * await writeCache(dir, { ...cached, snapshot: builder.snapshot() });
 */
export class UsageBuilder {
  private readonly usage = new Map<string, MutableUsage>();
  private readonly daily = new Map<string, MutableDaily>();
  private readonly coverage = new Map<string, CoverageAccumulator>();
  private readonly unmapped = new Map<string, number>();
  /** Day strings by day number: formatting a date per record would cost more than the rest of the aggregation. */
  private readonly days = new Map<number, string>();
  private readonly totals: MutableTotals = { records: 0, apiCalls: 0, mapped: 0, unmapped: 0, denied: 0, unattributed: 0 };

  private readonly groups: Map<string, { source: SourceInfo; groups: RecordGroups }> = new Map();

  constructor(private readonly mapper: EventMapper) {}

  /** A builder that continues from stored aggregates. */
  static from(snapshot: UsageSnapshot | undefined, mapper: EventMapper): UsageBuilder {
    const builder = new UsageBuilder(mapper);
    if (snapshot) builder.addSnapshot(snapshot);
    return builder;
  }

  /** Adds one parsed CloudTrail record; returns the reason when the record could not be used. */
  addRecord(record: object, source: SourceInfo): string | undefined {
    const key = `${source.kind}${SEP}${source.id}`;
    let entry = this.groups.get(key);
    if (!entry) {
      entry = { source, groups: new RecordGroups(this.mapper) };
      this.groups.set(key, entry);
    }
    return entry.groups.add(record as TrailRecord);
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

  /** Adds `count` identical observations seen between `first` and `last`. */
  private addGroup(group: ObservedGroup, source: SourceInfo): void {
    const { obs, count } = group;
    this.coverageOf(source).add(obs, count, group.first, group.last);
    this.count(obs, count);
    if (obs.unmapped && obs.unmappedName) {
      this.unmapped.set(obs.unmappedName, (this.unmapped.get(obs.unmappedName) ?? 0) + count);
    }
    if (obs.principal === undefined) return;
    const denied = obs.outcome === 'denied';
    if (obs.actions.length > 0 || obs.unmapped) this.addDaily(obs.principal, obs.service, obs.time, denied ? 0 : count, denied ? count : 0);
    for (const action of obs.actions) {
      this.mergeUsage({
        principal: obs.principal,
        action,
        firstSeen: group.first,
        lastSeen: group.last,
        count: denied ? 0 : count,
        denied: denied ? count : 0,
        viaService: obs.viaService ? count : 0,
        regions: obs.region === 'unknown' ? [] : [obs.region],
      });
    }
  }

  /** Folds the pending record groups into the aggregates. */
  private flush(): void {
    for (const { source, groups } of this.groups.values()) {
      for (const group of groups.drain()) this.addGroup(group, source);
    }
  }

  /** Merges aggregates made by another builder (a worker, or the cache). */
  addSnapshot(snapshot: UsageSnapshot): void {
    for (const row of snapshot.usage) this.mergeUsage(row);
    for (const row of snapshot.daily) {
      this.addDaily(row.principal, row.service, Date.parse(`${row.day}T00:00:00Z`), row.count, row.denied);
    }
    for (const c of snapshot.coverage) this.coverageOf(c.source).merge(c);
    for (const u of snapshot.unmapped) this.unmapped.set(u.event, (this.unmapped.get(u.event) ?? 0) + u.count);
    for (const key of Object.keys(this.totals) as (keyof UsageTotals)[]) this.totals[key] += snapshot.totals[key];
  }

  /** Everything aggregated so far, as plain sorted data. */
  snapshot(): UsageSnapshot {
    this.flush();
    return {
      usage: [...this.usage.values()]
        .map((r) => ({ ...r, regions: [...r.regions].sort() }))
        .sort((a, b) => a.principal.localeCompare(b.principal) || a.action.localeCompare(b.action)),
      daily: [...this.daily.values()]
        .map((r) => ({ ...r }))
        .sort((a, b) => a.principal.localeCompare(b.principal) || a.service.localeCompare(b.service) || a.day.localeCompare(b.day)),
      coverage: [...this.coverage.values()].map((c) => c.snapshot()),
      unmapped: [...this.unmapped].map(([event, count]) => ({ event, count })).sort((a, b) => b.count - a.count),
      totals: { ...this.totals },
    };
  }

  private count(obs: Observation, n: number): void {
    this.totals.records += n;
    if (obs.actions.length > 0 || obs.unmapped) this.totals.apiCalls += n;
    if (obs.actions.length > 0) this.totals.mapped += n;
    if (obs.unmapped) this.totals.unmapped += n;
    if (obs.outcome === 'denied') this.totals.denied += n;
    if (obs.principal === undefined) this.totals.unattributed += n;
  }

  private coverageOf(source: SourceInfo): CoverageAccumulator {
    const key = `${source.kind}${SEP}${source.id}`;
    let acc = this.coverage.get(key);
    if (!acc) {
      acc = new CoverageAccumulator({ kind: source.kind, id: source.id });
      this.coverage.set(key, acc);
    }
    return acc;
  }

  private mergeUsage(row: UsageRow): void {
    const key = row.principal + SEP + row.action;
    const found = this.usage.get(key);
    if (!found) {
      this.usage.set(key, { ...row, regions: new Set(row.regions) });
      return;
    }
    if (row.firstSeen < found.firstSeen) found.firstSeen = row.firstSeen;
    if (row.lastSeen > found.lastSeen) found.lastSeen = row.lastSeen;
    found.count += row.count;
    found.denied += row.denied;
    found.viaService += row.viaService;
    for (const r of row.regions) found.regions.add(r);
  }

  private addDaily(principal: string, service: string, time: number, count: number, denied: number): void {
    const day = this.dayOf(time);
    const key = principal + SEP + service + SEP + day;
    const found = this.daily.get(key);
    if (found) {
      found.count += count;
      found.denied += denied;
    } else this.daily.set(key, { principal, service, day, count, denied });
  }

  private dayOf(time: number): string {
    const n = Math.floor(time / DAY_MS);
    let day = this.days.get(n);
    if (day === undefined) {
      day = new Date(n * DAY_MS).toISOString().slice(0, 10);
      this.days.set(n, day);
    }
    return day;
  }
}
