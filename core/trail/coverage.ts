import type { BucketDataEvents, EventCategory, Observation, SourceCoverage, SourceInfo } from './observation';

/** Accumulates one source's coverage; merged across workers and with the cache. */
export class CoverageAccumulator {
  private readonly accounts = new Set<string>();
  private readonly regions = new Set<string>();
  private from: number | undefined;
  private to: number | undefined;
  private records = 0;
  private managementRead = 0;
  private managementWrite = 0;
  private readonly dataEvents = new Map<string, number>();
  /** S3 data events per bucket as [read, write]. */
  private readonly s3DataEvents = new Map<string, [number, number]>();

  constructor(readonly source: SourceInfo) {}

  /** Counts `n` records like `obs` seen between `first` and `last`. */
  add(obs: Observation, n: number, first: number, last: number): void {
    this.addCalls(obs.account, obs.region, obs.category, obs.service, n, first, last);
    if (obs.category === 'data' && obs.bucket !== undefined) this.addBucketEvents(obs.bucket, obs.readOnly, n);
  }

  /** Counts `n` S3 data events on `bucket` (read-only or not: a data event of unknown direction counts for neither). */
  addBucketEvents(bucket: string, readOnly: boolean | undefined, n: number): void {
    // Nothing is called unused on a guess.
    if (readOnly !== undefined) this.addBucket(bucket, readOnly ? n : 0, readOnly ? 0 : n);
  }

  /** Counts `n` records of an observation with these fields and no bucket, seen between `first` and `last`. */
  addCalls(account: string, region: string, category: EventCategory, service: string, n: number, first: number, last: number): void {
    if (account !== 'unknown') this.accounts.add(account);
    if (region !== 'unknown') this.regions.add(region);
    this.widen(first, last);
    this.records += n;
    if (category === 'managementRead') this.managementRead += n;
    else if (category === 'managementWrite') this.managementWrite += n;
    else if (category === 'data') this.dataEvents.set(service, (this.dataEvents.get(service) ?? 0) + n);
  }

  /** Adds another accumulation of the same source. */
  merge(other: SourceCoverage): void {
    for (const a of other.accounts) this.accounts.add(a);
    for (const r of other.regions) this.regions.add(r);
    if (other.from !== undefined && other.to !== undefined) this.widen(other.from, other.to);
    this.records += other.records;
    this.managementRead += other.managementRead;
    this.managementWrite += other.managementWrite;
    for (const [service, n] of Object.entries(other.dataEvents)) {
      this.dataEvents.set(service, (this.dataEvents.get(service) ?? 0) + n);
    }
    for (const [bucket, { read, write }] of Object.entries(other.s3DataEvents)) this.addBucket(bucket, read, write);
  }

  /** A plain, sorted copy. */
  snapshot(): SourceCoverage {
    return {
      source: this.source,
      accounts: [...this.accounts].sort(),
      regions: [...this.regions].sort(),
      from: this.from,
      to: this.to,
      records: this.records,
      managementRead: this.managementRead,
      managementWrite: this.managementWrite,
      dataEvents: Object.fromEntries([...this.dataEvents].sort(([a], [b]) => a.localeCompare(b))),
      s3DataEvents: Object.fromEntries(
        [...this.s3DataEvents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([bucket, [read, write]]): [string, BucketDataEvents] => [bucket, { read, write }]),
      ),
    };
  }

  private addBucket(bucket: string, read: number, write: number): void {
    const counts = this.s3DataEvents.get(bucket);
    if (counts) {
      counts[0] += read;
      counts[1] += write;
    } else this.s3DataEvents.set(bucket, [read, write]);
  }

  private widen(from: number, to: number): void {
    if (this.from === undefined || from < this.from) this.from = from;
    if (this.to === undefined || to > this.to) this.to = to;
  }
}
