// What a UsageBuilder aggregates about calls, without coverage and counts: its interned strings and its three
// tables of rows keyed by their numbers.
import { StringIds } from './rankOrder';
import { BucketTable, DailyTable, REGION_BITS, UsageTable } from './rowTables';

/** Regions as a usage row keeps them: bits of the builder's region numbers, and the names of the rest. */
export interface RegionSet {
  readonly bits: number;
  readonly more: readonly string[];
}

/**
 * The rows and the strings they name by number. Principals are numbered in the order first met, which is the
 * order rows of collator-equal principals keep in a snapshot.
 */
export class UsageTables {
  readonly principals = new StringIds();
  readonly actions = new StringIds();
  readonly services = new StringIds();
  readonly buckets = new StringIds();
  readonly regions = new StringIds();
  readonly usage = new UsageTable();
  readonly daily = new DailyTable();
  readonly bucketUsage = new BucketTable();

  /** Adds a usage row's calls by names; returns the row. */
  mergeUsage(principal: number, action: string, firstSeen: number, lastSeen: number, count: number, denied: number, viaService: number): number {
    return this.usage.merge(principal, this.actions.id(action), firstSeen, lastSeen, count, denied, viaService);
  }

  addDaily(principal: number, service: string, day: number, count: number, denied: number): void {
    this.daily.add(principal, this.services.id(service), day, count, denied);
  }

  addBucketUsage(principal: number, bucket: string, action: string, firstSeen: number, lastSeen: number, count: number, denied: number): void {
    this.bucketUsage.merge(principal, this.buckets.id(bucket), this.actions.id(action), firstSeen, lastSeen, count, denied);
  }

  /** Adds a Region by name to a usage row. */
  addRegion(row: number, region: string): void {
    this.usage.addRegion(row, this.regions.id(region), region);
  }

  addRegions(row: number, regions: readonly string[]): void {
    for (const region of regions) this.addRegion(row, region);
  }

  /** Regions by name as a {@link RegionSet} of this builder's region numbers. */
  regionSet(regions: readonly string[]): RegionSet {
    let bits = 0;
    const more: string[] = [];
    for (const region of regions) {
      const id = this.regions.id(region);
      if (id < REGION_BITS) bits |= 1 << id;
      else more.push(region);
    }
    return { bits, more };
  }

  /** A usage row's Regions by name, unsorted. */
  regionsOf(row: number): string[] {
    const names = this.regionNames(this.usage.regionBits[row]!);
    const more = this.usage.moreRegions.get(row);
    if (more) names.push(...more);
    return names;
  }

  /** The names of the Regions numbered by `bits`. */
  regionNames(bits: number): string[] {
    const names: string[] = [];
    for (let rest = bits, id = 0; rest !== 0; rest >>>= 1, id++) {
      if (rest & 1) names.push(this.regions.list[id] ?? '');
    }
    return names;
  }
}
