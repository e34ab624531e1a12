import { resolve } from 'node:path';
import type { Catalog } from '../../core/catalog/catalog';
import { loadCatalog } from '../../core/catalog/load';
import { callerAccount, createCloudTrailClient, type AwsAccess } from '../../core/trail/awsClients';
import { credentialsFor, defaultRegions, explainAwsError, profileRegion, type AwsEnv } from '../../core/trail/awsProfiles';
import { readCache } from '../../core/trail/cache';
import { fetchLookupEvents, type FetchSummary, type RegionStats } from '../../core/trail/lookupEvents';
import { LookupCacheWriter } from '../../core/trail/lookupSink';
import { EventMapper } from '../../core/trail/mapping';
import { parseCommandLine, UsageError, type Io } from './command';
import { runtimePaths } from './import';

const USAGE = `Usage: trailtight fetch [options]

Pulls recent management events (up to 90 days) with CloudTrail LookupEvents into the usage cache. Each account and
Region continues from the newest event already stored, re-reading the 20 minutes before it for events CloudTrail
delivered late (events already stored are skipped); pages already stored are kept when a fetch stops early.
Requests stay within AWS's quota of 2 per second per account and Region; throttles and server errors are retried.

Options:
  --profile P      an AWS profile from ~/.aws/config or ~/.aws/credentials (SSO profiles too); default: the standard
                   credential chain (environment, AWS_PROFILE, default profile, container and instance roles)
  --region R       a Region to fetch; repeatable (default: the profile's Region and us-east-1, where global services log)
  --since DATE     on a first fetch, start at DATE (ISO 8601); later fetches continue from the cache
  --endpoint URL   send CloudTrail and STS requests to URL instead of AWS
  --cache DIR      the .trailtight folder to write (default ./.trailtight)
`;

interface FetchOptions {
  readonly profile: string | undefined;
  readonly regions: readonly string[];
  readonly since: Date | undefined;
  readonly endpoint: string | undefined;
  readonly cacheDir: string;
}

/** What `trailtight fetch` needs from its surroundings; tests pass their own. */
export interface FetchEnvironment {
  readonly catalog: Catalog;
  readonly env: AwsEnv;
  /** Whether stderr is a terminal (then a progress line is drawn). */
  readonly progress: boolean;
  readonly signal?: AbortSignal;
}

function parseOptions(args: string[], cwd: string): FetchOptions | 'help' {
  const parsed = parseCommandLine({
      args,
      options: {
        profile: { type: 'string' },
        region: { type: 'string', multiple: true, default: [] },
        since: { type: 'string' },
        endpoint: { type: 'string' },
        cache: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  const { values } = parsed;
  if (values.help) return 'help';
  const since = values.since === undefined ? undefined : new Date(values.since);
  if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since must be a date such as 2026-01-31, not "${values.since}".`);
  if (values.endpoint !== undefined && !URL.canParse(values.endpoint)) throw new UsageError(`--endpoint must be a URL, not "${values.endpoint}".`);
  return {
    profile: values.profile,
    regions: values.region,
    since,
    endpoint: values.endpoint,
    cacheDir: resolve(cwd, values.cache ?? '.trailtight'),
  };
}

/** Runs a fetch with parsed options; resolves to the exit code (0 done, 1 a Region failed, 130 cancelled). */
export async function runFetch(args: string[], io: Io, environment: FetchEnvironment): Promise<number> {
  const options = parseOptions(args, io.cwd);
  if (options === 'help') {
    io.out(USAGE);
    return 0;
  }
  const access: AwsAccess = {
    credentials: credentialsFor(options.profile, environment.env),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  };
  const regions = options.regions.length > 0 ? options.regions : defaultRegions(await profileRegion(options.profile, environment.env));
  let account: string;
  try {
    account = await callerAccount(regions[0] ?? 'us-east-1', access, environment.signal);
  } catch (error) {
    io.err(`trailtight fetch: ${explainAwsError(error, options.profile)}\n`);
    return 1;
  }
  const read = await readCache(options.cacheDir);
  if (read.message) io.err(`trailtight fetch: ${read.message}\n`);
  const writer = new LookupCacheWriter(options.cacheDir, read.cache, new EventMapper(environment.catalog));
  const progress = environment.progress ? progressLine(io) : undefined;
  const summary = await fetchLookupEvents({
    account,
    regions,
    clientFor: (region) => createCloudTrailClient(region, access),
    cursorOf: (region) => writer.cursorOf(account, region),
    sink: writer.sink,
    ...(options.since ? { since: options.since } : {}),
    ...(environment.signal ? { signal: environment.signal } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
  });
  progress?.clear();
  report(summary, writer, options, io);
  if (summary.cancelled) return 130;
  return summary.regions.some((r) => r.error !== undefined) ? 1 : 0;
}

function progressLine(io: Io): { update: (stats: Readonly<RegionStats>) => void; clear: () => void } {
  const latest = new Map<string, Readonly<RegionStats>>();
  return {
    update: (stats) => {
      latest.set(stats.region, { ...stats });
      const parts = [...latest.values()].map((s) => `${s.region} ${s.pages} pages, ${s.events} events`);
      io.err(`\r\x1b[2KFetching: ${parts.join(' · ')}`);
    },
    clear: () => io.err('\r\x1b[2K'),
  };
}

function report(summary: FetchSummary, writer: LookupCacheWriter, options: FetchOptions, io: Io): void {
  for (const s of summary.regions) {
    const extra = s.retries > 0 ? ` (${s.retries} retries, ${s.throttles} throttled)` : '';
    const skipped = s.duplicates > 0 ? `, ${s.duplicates} already stored` : '';
    const malformed = s.malformed > 0 ? `, ${s.malformed} unreadable` : '';
    io.out(`${summary.account} ${s.region}: ${s.pages} pages, ${s.events} new events${skipped}${malformed}, ${s.requests} requests${extra}\n`);
    if (s.error !== undefined) io.err(`trailtight fetch: ${s.region} stopped: ${explainAwsError(s.error, options.profile)}\n`);
  }
  const pages = summary.regions.reduce((n, s) => n + s.pages, 0);
  const events = summary.regions.reduce((n, s) => n + s.events, 0);
  io.out(`Total: ${pages} pages, ${events} new events in ${summary.regions.length} Region(s); cache ${options.cacheDir}\n`);
  for (const [reason, count] of writer.unused) io.out(`  not used: ${count} × ${reason}\n`);
  if (summary.cancelled) io.err('trailtight fetch: cancelled; the pages fetched so far are stored, and the next fetch continues from them.\n');
}

/** `trailtight fetch` as the command line runs it: Ctrl-C stops it and keeps what was stored. */
export async function fetchFromCommandLine(args: string[], io: Io): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    return await runFetch(args, io, {
      catalog: loadCatalog(runtimePaths().catalogDir),
      env: process.env,
      progress: process.stderr.isTTY,
      signal: controller.signal,
    });
  } finally {
    process.removeListener('SIGINT', stop);
  }
}
