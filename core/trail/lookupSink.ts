import { cursorKey, writeCache, type TrailCache } from './cache';
import type { LookupCursor } from './lookupCursor';
import type { LookupPage, PageSink } from './lookupEvents';
import type { EventMapper } from './mapping';
import { UsageBuilder } from './usage';

/**
 * Writes LookupEvents pages into the workspace cache: each page's aggregates and its cursor go to disk together in
 * one atomic write, so a fetch stopped at any point leaves a cache whose cursor matches exactly what it counted.
 */
export class LookupCacheWriter {
  private readonly builder: UsageBuilder;
  private current: TrailCache;
  private failure: unknown;
  /** Records the aggregation could not use, counted by reason. */
  readonly unused = new Map<string, number>();

  constructor(
    private readonly dir: string,
    cache: TrailCache,
    mapper: EventMapper,
    private readonly write: (dir: string, cache: TrailCache) => Promise<void> = writeCache,
  ) {
    this.current = cache;
    this.builder = UsageBuilder.from(cache.snapshot, mapper);
  }

  /** The cache as last written. */
  get cache(): TrailCache {
    return this.current;
  }

  /** The stored cursor of an account and Region. */
  cursorOf(account: string, region: string): LookupCursor | undefined {
    return this.current.cursors[cursorKey(account, region)];
  }

  /** The sink to give fetchLookupEvents. */
  readonly sink: PageSink = async (page: LookupPage) => {
    // After a failed write the builder holds a page the disk does not: writing more would store it without its cursor.
    if (this.failure !== undefined) throw this.failure;
    const source = { kind: 'lookupEvents' as const, id: `lookupEvents:${cursorKey(page.account, page.region)}` };
    for (const skipped of this.builder.addRecords(page.records, source)) {
      this.unused.set(skipped.reason, (this.unused.get(skipped.reason) ?? 0) + 1);
    }
    const next: TrailCache = {
      ...this.current,
      snapshot: this.builder.snapshot(),
      cursors: { ...this.current.cursors, [cursorKey(page.account, page.region)]: page.cursor },
    };
    try {
      await this.write(this.dir, next);
    } catch (error) {
      this.failure = error;
      throw error;
    }
    this.current = next;
  };
}
