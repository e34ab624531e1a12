import { LookupEventsCommand, type CloudTrailClient, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { WindowScan, type EventStamp, type LookupCursor } from './lookupCursor';
import { RateLimiters } from './rateLimiter';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry';

/** A CloudTrail record as parsed from an event's `CloudTrailEvent` JSON string. */
export type LookupRecord = Readonly<Record<string, unknown>>;

/** The largest page LookupEvents returns. */
export const LOOKUP_PAGE_SIZE = 50;

/** One page of new events for the cache, with the cursor to store together with it. */
export interface LookupPage {
  readonly account: string;
  readonly region: string;
  readonly records: readonly LookupRecord[];
  /** Events of this page whose CloudTrailEvent was not a JSON object (counted, not stored). */
  readonly malformed: number;
  readonly cursor: LookupCursor;
}

/** Stores one page; a fetch awaits it before asking for the next page, and calls it for one page at a time. */
export type PageSink = (page: LookupPage) => Promise<void>;

/** What happened in one Region. */
export interface RegionStats {
  readonly region: string;
  pages: number;
  events: number;
  /** Events returned again at a stored boundary and skipped. */
  duplicates: number;
  malformed: number;
  requests: number;
  retries: number;
  throttles: number;
  /** The error that stopped this Region, when it failed (not when cancelled). */
  error?: unknown;
}

/** The result of {@link fetchLookupEvents}: per-Region stats, and whether the signal stopped the fetch. */
export interface FetchSummary {
  readonly account: string;
  readonly regions: readonly RegionStats[];
  readonly cancelled: boolean;
}

/** Options of {@link fetchLookupEvents}. */
export interface LookupEventsOptions {
  /** The account the credentials belong to; cursors and rate limits are per account and Region. */
  readonly account: string;
  readonly regions: readonly string[];
  /** A client per Region, with the SDK's own retries off (`maxAttempts: 1`): this module retries and paces. */
  readonly clientFor: (region: string) => CloudTrailClient;
  /** The cursor stored for this account and Region, if any. */
  readonly cursorOf: (region: string) => LookupCursor | undefined | Promise<LookupCursor | undefined>;
  readonly sink: PageSink;
  /** Lower bound for a Region fetched for the first time; later fetches continue from their cursor. */
  readonly since?: Date;
  readonly signal?: AbortSignal;
  /** Shared across fetches so that two fetches of one account and Region never exceed the quota together. */
  readonly limiters?: RateLimiters;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
  /** Called after every page with that Region's running stats. */
  readonly onProgress?: (stats: Readonly<RegionStats>) => void;
}

interface FetchContext extends LookupEventsOptions {
  readonly limiters: RateLimiters;
  readonly deliver: PageSink;
  readonly endTime: number;
}

/**
 * Pulls the management events of each Region with LookupEvents into `sink`, Regions concurrently, pages in order.
 * Never throws for a Region's failure: the stats carry it, and pages already delivered stay stored.
 */
export async function fetchLookupEvents(options: LookupEventsOptions): Promise<FetchSummary> {
  const context: FetchContext = {
    ...options,
    limiters: options.limiters ?? new RateLimiters(),
    deliver: oneAtATime(options.sink),
    endTime: (options.now ?? Date.now)(),
  };
  const regions = await Promise.all([...new Set(options.regions)].map((region) => fetchRegion(region, context)));
  return { account: options.account, regions, cancelled: options.signal?.aborted ?? false };
}

async function fetchRegion(region: string, context: FetchContext): Promise<RegionStats> {
  const stats: RegionStats = { region, pages: 0, events: 0, duplicates: 0, malformed: 0, requests: 0, retries: 0, throttles: 0 };
  try {
    const client = context.clientFor(region);
    await assertNoSdkRetries(client);
    let cursor = (await context.cursorOf(region)) ?? {};
    const since = context.since?.getTime();
    if (cursor.pending) cursor = await scanWindow(WindowScan.next(cursor, context.endTime, since), client, stats, context);
    await scanWindow(WindowScan.next(cursor, context.endTime, since), client, stats, context);
  } catch (error) {
    if (!context.signal?.aborted) stats.error = error;
  }
  return stats;
}

async function assertNoSdkRetries(client: CloudTrailClient): Promise<void> {
  const attempts = await client.config.maxAttempts();
  if (attempts !== 1) {
    throw new Error(`the CloudTrail client must be created with maxAttempts: 1 (it has ${attempts}): fetchLookupEvents retries itself so it can stay under the rate limit`);
  }
}

async function scanWindow(scan: WindowScan, client: CloudTrailClient, stats: RegionStats, context: FetchContext): Promise<LookupCursor> {
  let token: string | undefined;
  let cursor: LookupCursor;
  do {
    const output = await lookupPage(client, scan, token, stats, context);
    const events = (output.Events ?? []).map(toStamped);
    const fresh = scan.accept(events);
    token = output.NextToken || undefined;
    cursor = scan.cursorAfterPage(token === undefined);
    const records = fresh.flatMap((event) => (event.record ? [event.record] : []));
    const malformed = fresh.length - records.length;
    await context.deliver({ account: context.account, region: stats.region, records, malformed, cursor });
    stats.pages += 1;
    stats.events += records.length;
    stats.malformed += malformed;
    stats.duplicates += events.length - fresh.length;
    context.onProgress?.(stats);
  } while (token !== undefined);
  return cursor;
}

async function lookupPage(
  client: CloudTrailClient,
  scan: WindowScan,
  token: string | undefined,
  stats: RegionStats,
  context: FetchContext,
): Promise<LookupEventsCommandOutput> {
  const limiter = context.limiters.for(context.account, stats.region);
  const command = new LookupEventsCommand({
    ...(scan.startTime !== undefined ? { StartTime: new Date(scan.startTime) } : {}),
    EndTime: new Date(scan.endTime),
    MaxResults: LOOKUP_PAGE_SIZE,
    ...(token ? { NextToken: token } : {}),
  });
  const signal = context.signal;
  return withRetries(
    async () => {
      const release = await limiter.acquire(signal);
      stats.requests += 1;
      try {
        return await client.send(command, signal ? { abortSignal: signal } : {});
      } finally {
        release();
      }
    },
    {
      policy: context.retry ?? DEFAULT_RETRY,
      ...(signal ? { signal } : {}),
      onRetry: (reason) => {
        stats.retries += 1;
        if (reason === 'throttle') stats.throttles += 1;
      },
    },
  );
}

interface StampedEvent extends EventStamp {
  readonly record: LookupRecord | undefined;
}

type LookupEvent = NonNullable<LookupEventsCommandOutput['Events']>[number];

function toStamped(event: LookupEvent): StampedEvent {
  const record = parseRecord(event.CloudTrailEvent);
  const id = event.EventId ?? stringField(record, 'eventID') ?? '';
  const time = event.EventTime?.getTime() ?? Date.parse(stringField(record, 'eventTime') ?? '');
  return { id, time: Number.isNaN(time) ? 0 : time, record };
}

function parseRecord(text: string | undefined): LookupRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as LookupRecord) : undefined;
  } catch {
    return undefined;
  }
}

function stringField(record: LookupRecord | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** Serialises calls to the sink, so concurrent Regions never write the cache at the same time. */
function oneAtATime(sink: PageSink): PageSink {
  let previous: Promise<void> = Promise.resolve();
  return (page) => {
    const run = previous.then(() => sink(page));
    previous = run.catch(() => undefined);
    return run;
  };
}
