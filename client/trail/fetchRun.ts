// A LookupEvents fetch into the workspace cache as the VS Code command runs it (the CLI's `trailtight fetch` without
// the terminal output). Runs in the extension host: the language server never calls AWS. No vscode here.
import type { Catalog } from '../../core/catalog/catalog';
import { callerAccount, createCloudTrailClient, type AwsAccess } from '../../core/trail/awsClients';
import { credentialsFor, explainAwsError, type AwsEnv } from '../../core/trail/awsProfiles';
import { readCache } from '../../core/trail/cache';
import { fetchLookupEvents, type FetchSummary, type RegionStats } from '../../core/trail/lookupEvents';
import { LookupCacheWriter } from '../../core/trail/lookupSink';
import { EventMapper } from '../../core/trail/mapping';
import type { UsageTotals } from '../../core/trail/observation';
import type { RateLimiters } from '../../core/trail/rateLimiter';

/** What to fetch and where to store it. */
export interface FetchRunOptions {
  readonly cacheDir: string;
  readonly catalog: Catalog;
  /** A named profile, or undefined for the SDK's standard credential chain. */
  readonly profile: string | undefined;
  readonly regions: readonly string[];
  readonly endpoint?: string;
  readonly since?: Date;
  readonly env: AwsEnv;
  readonly signal?: AbortSignal;
  /** Shared by every fetch of the session so that two fetches together stay within the quota. */
  readonly limiters?: RateLimiters;
  readonly onProgress?: (stats: Readonly<RegionStats>) => void;
}

/** The outcome: the per-Region summary and what the new pages added, or the error that stopped the fetch first. */
export type FetchRun =
  | {
      readonly ok: true;
      readonly summary: FetchSummary;
      /** Record counts the fetch added to the cache. */
      readonly added: UsageTotals;
      /** Records the aggregation could not use, by reason. */
      readonly unused: ReadonlyMap<string, number>;
      /** Why each failed Region stopped, for people. */
      readonly regionErrors: ReadonlyMap<string, string>;
      readonly cacheMessage?: string;
    }
  | { readonly ok: false; readonly error: string; readonly cancelled: boolean };

/** Fetches LookupEvents of the credentials' account into the cache; every page is stored as it arrives. */
export async function fetchIntoCache(options: FetchRunOptions): Promise<FetchRun> {
  const access: AwsAccess = {
    credentials: credentialsFor(options.profile, options.env),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  };
  let account: string;
  try {
    account = await callerAccount(options.regions[0] ?? 'us-east-1', access, options.signal);
  } catch (error) {
    const cancelled = options.signal?.aborted === true;
    return { ok: false, cancelled, error: cancelled ? 'cancelled before any event was fetched.' : explainAwsError(error, options.profile) };
  }
  const read = await readCache(options.cacheDir);
  const writer = new LookupCacheWriter(options.cacheDir, read.cache, new EventMapper(options.catalog));
  const summary = await fetchLookupEvents({
    account,
    regions: options.regions,
    clientFor: (region) => createCloudTrailClient(region, access),
    cursorOf: (region) => writer.cursorOf(account, region),
    sink: writer.sink,
    ...(options.since ? { since: options.since } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.limiters ? { limiters: options.limiters } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const before = read.cache.snapshot.totals;
  const after = writer.cache.snapshot.totals;
  const regionErrors = new Map<string, string>();
  for (const r of summary.regions) if (r.error !== undefined) regionErrors.set(r.region, explainAwsError(r.error, options.profile));
  return {
    ok: true,
    summary,
    added: {
      records: after.records - before.records,
      apiCalls: after.apiCalls - before.apiCalls,
      mapped: after.mapped - before.mapped,
      unmapped: after.unmapped - before.unmapped,
      denied: after.denied - before.denied,
      unattributed: after.unattributed - before.unattributed,
    },
    unused: writer.unused,
    regionErrors,
    ...(read.message ? { cacheMessage: read.message } : {}),
  };
}
