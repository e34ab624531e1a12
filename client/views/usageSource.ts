// Where the panel and the report get their data. Until the server answers typed custom requests for them, the
// extension host reads the workspace cache itself (through core, never AWS).
import { readCache } from '../../core/trail/cache';
import type { UsageSnapshot } from '../../core/trail/observation';
import { lastAccessedFromUsage, type AccountAccess } from '../../core/usage/lastAccessedModel';
import { usageReportFromDaily, type UsageReport } from '../../core/usage/usageReportModel';

/** The data behind the Last Accessed tree and the Usage Report. */
export interface UsageSource {
  lastAccessed(): Promise<AccountAccess[]>;
  usageReport(principal: string): Promise<UsageReport>;
  /** Forgets anything read, so the next query sees the cache as it is now. */
  invalidate(): void;
}

/** Reads `<dir>/cache.json` once per change (the caller invalidates on the file watcher). */
export class CacheUsageSource implements UsageSource {
  private snapshot: Promise<UsageSnapshot> | undefined;

  /** `dir` gives the current `.trailtight` folder, or undefined without a workspace folder. */
  constructor(
    private readonly dir: () => string | undefined,
    private readonly onMessage: (message: string) => void,
  ) {}

  private read(): Promise<UsageSnapshot | undefined> {
    const dir = this.dir();
    if (!dir) return Promise.resolve(undefined);
    this.snapshot ??= readCache(dir).then(({ cache, message }) => {
      if (message) this.onMessage(message);
      return cache.snapshot;
    });
    return this.snapshot;
  }

  async lastAccessed(): Promise<AccountAccess[]> {
    const snapshot = await this.read();
    return snapshot ? lastAccessedFromUsage(snapshot.usage) : [];
  }

  async usageReport(principal: string): Promise<UsageReport> {
    const snapshot = await this.read();
    return usageReportFromDaily(snapshot?.daily ?? [], principal);
  }

  invalidate(): void {
    this.snapshot = undefined;
  }
}
