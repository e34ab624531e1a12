// "Trailtight: Fetch Recent Events…": CloudTrail LookupEvents into the workspace usage cache, from the extension host
// (the language server never calls AWS), with profile and Region pickers and cancellable progress.
import * as vscode from 'vscode';
import { listProfiles, profileRegion } from '../../core/trail/awsProfiles';
import { RateLimiters } from '../../core/trail/rateLimiter';
import { formatCount } from '../../core/usage/lastAccessedModel';
import type { Ctx } from '../ctx';
import { fetchIntoCache, type FetchRun } from './fetchRun';
import { initialRegions, regionChoices } from './regions';
import type { TrailRuntime } from './runtime';
import { fetchDetails, fetchMessage } from './summaries';
import { cacheFileOf, requireCacheDir, requireTrust, showSummary, withCancellableProgress, type CacheJobs } from './workspaceCache';

/** What a caller (a test, a task) may pass instead of answering the pickers. */
export interface FetchArguments {
  /** A named profile; absent or null for the standard credential chain. */
  readonly profile?: string | null;
  /** Default: `trailtight.fetch.regions`, else the profile's Region and us-east-1. */
  readonly regions?: readonly string[];
  /** Default: `trailtight.fetch.endpoint`. */
  readonly endpoint?: string;
  /** For a first fetch of a Region: start here (ISO 8601). */
  readonly since?: string;
}

interface FetchChoice {
  readonly profile: string | undefined;
  readonly regions: readonly string[];
  readonly endpoint: string | undefined;
  readonly since: Date | undefined;
}

function settings(): { regions: string[]; endpoint: string | undefined } {
  const cfg = vscode.workspace.getConfiguration('trailtight.fetch');
  const endpoint = cfg.get<string>('endpoint')?.trim();
  return { regions: cfg.get<string[]>('regions') ?? [], endpoint: endpoint ? endpoint : undefined };
}

function fromArguments(arg: FetchArguments): FetchChoice | Promise<FetchChoice> {
  const profile = arg.profile ?? undefined;
  const since = arg.since === undefined ? undefined : new Date(arg.since);
  if (since && Number.isNaN(since.getTime())) throw new Error(`"since" must be a date such as 2026-01-31, not "${arg.since}".`);
  const endpoint = arg.endpoint ?? settings().endpoint;
  if (arg.regions && arg.regions.length > 0) return { profile, regions: arg.regions, endpoint, since };
  return profileRegion(profile).then((region) => ({ profile, regions: initialRegions(settings().regions, region), endpoint, since }));
}

const DEFAULT_CHAIN = 'Default credential chain';

async function pickChoice(): Promise<FetchChoice | undefined> {
  const profiles = await listProfiles();
  const items: (vscode.QuickPickItem & { profile: string | undefined })[] = [
    {
      label: DEFAULT_CHAIN,
      description: process.env.AWS_PROFILE ? `AWS_PROFILE=${process.env.AWS_PROFILE}` : undefined,
      detail: 'Environment variables, AWS_PROFILE or the default profile, SSO, container and instance roles',
      profile: undefined,
    },
    ...profiles.map((name) => ({ label: name, description: 'profile', profile: name })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Fetch Recent Events (1/2): credentials', placeHolder: 'Which AWS credentials?' });
  if (!picked) return undefined;
  const initial = initialRegions(settings().regions, await profileRegion(picked.profile));
  const regions = await vscode.window.showQuickPick(
    regionChoices(initial).map(({ region, picked: selected }) => ({ label: region, picked: selected })),
    { title: 'Fetch Recent Events (2/2): Regions', placeHolder: 'Which Regions? (global services such as IAM log in us-east-1)', canPickMany: true },
  );
  if (!regions || regions.length === 0) return undefined;
  return { profile: picked.profile, regions: regions.map((r) => r.label), endpoint: settings().endpoint, since: undefined };
}

function isFetchArguments(value: unknown): value is FetchArguments {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The command; resolves to what the fetch did (undefined when the user dismissed a picker). */
export function fetchEvents(runtime: TrailRuntime, jobs: CacheJobs, onWritten: () => Promise<void>) {
  // One set of limiters for the session: two fetches of one account and Region stay within the quota together.
  const limiters = new RateLimiters();
  return (ctx: Ctx) =>
    async (arg?: unknown): Promise<FetchRun | undefined> => {
      requireTrust('Fetching CloudTrail events');
      const cacheDir = requireCacheDir();
      const choice = isFetchArguments(arg) ? await fromArguments(arg) : await pickChoice();
      if (!choice) return undefined;
      return jobs.run('a fetch', async () => {
        const run = await withCancellableProgress('Trailtight: fetching CloudTrail events', (progress, signal) => {
          const latest = new Map<string, string>();
          return fetchIntoCache({
            cacheDir,
            catalog: runtime.catalog,
            profile: choice.profile,
            regions: choice.regions,
            env: process.env,
            signal,
            limiters,
            ...(choice.endpoint ? { endpoint: choice.endpoint } : {}),
            ...(choice.since ? { since: choice.since } : {}),
            onProgress: (stats) => {
              latest.set(stats.region, `${stats.region} ${formatCount(stats.events)} events`);
              progress.report({ message: [...latest.values()].join(' · ') });
            },
          });
        });
        if (run.ok) await onWritten();
        const failed = (!run.ok && !run.cancelled) || (run.ok && run.regionErrors.size > 0 && run.regionErrors.size === run.summary.regions.length);
        showSummary(ctx, fetchMessage(run), fetchDetails(run, choice.profile, cacheFileOf(cacheDir)), failed);
        return run;
      });
    };
}
