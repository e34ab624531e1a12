import type { CatalogAction } from '../catalog/catalog';
import { wildcardToRegExp } from '../catalog/wildcard';
import type { SeverityOverrides } from '../validate';
import dataEventsTable from '../../data/dataEvents.json';
import notObservableTable from '../../data/notObservable.json';
import { principalInfo, type TrailIndex } from './trailIndex';

/** The usage settings after normalisation (DESIGN.md safety rails). */
export interface UsageSettings {
  /** Only calls in the last this many days count as use. */
  readonly windowDays: number;
  /** Below this many covered days nothing is called unused. */
  readonly minCoverageDays: number;
  /** When the newest record is older than this many days, nothing is called unused. */
  readonly staleDays: number;
  /** Statements whose Sid starts with this are never flagged or tightened. */
  readonly keepMarker: string;
  readonly severity: SeverityOverrides;
}

export const DEFAULT_USAGE_SETTINGS: UsageSettings = { windowDays: 90, minCoverageDays: 30, staleDays: 7, keepMarker: 'KEEP', severity: {} };

/** Why an action's use cannot be judged from the loaded history. */
export type NotObservableReason =
  | 'insufficient-history'
  | 'permission-only'
  | 'not-logged'
  | 'data-events-missing'
  | 'reads-not-logged'
  | 'account-not-covered'
  | 'region-not-covered';

/** The part of the history a judgement is based on. */
export interface CoveredWindow {
  /** Start of the judged window: the later of the oldest record and `now - windowDays`. */
  readonly from: number | undefined;
  readonly to: number | undefined;
  readonly days: number;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** Set when the history is too short or too old for anything to be called unused. */
  readonly insufficient?: string;
}

/** Calls of an action by the judged principals in the window (on the scope's buckets, when it names some). */
export interface UseEvidence {
  readonly lastSeen: number;
  readonly count: number;
  readonly denied: number;
  /** Regions of the calls; empty for calls judged per bucket (bucket rows keep no Regions). */
  readonly regions: readonly string[];
  /** The principals whose calls passed authorisation, sorted. */
  readonly principals: readonly string[];
}

/** The verdict on one action for one or more principals. */
export type Observability =
  | { readonly state: 'used'; readonly action: string; readonly evidence: UseEvidence; readonly window: CoveredWindow }
  | { readonly state: 'unused'; readonly action: string; readonly denied: number; readonly window: CoveredWindow }
  | {
      readonly state: 'notObservable';
      readonly action: string;
      readonly reason: NotObservableReason;
      readonly why: string;
      readonly denied: number;
      readonly window: CoveredWindow;
    };

const DAY_MS = 86_400_000;

const PERMISSION_ONLY = new Map(Object.entries(notObservableTable.permissionOnly).map(([a, why]) => [a.toLowerCase(), why]));
const NOT_LOGGED = Object.entries(notObservableTable.notLogged).map(([pattern, why]) => ({ re: wildcardToRegExp(pattern), why }));
const DATA_EVENTS = new Set(Object.values(dataEventsTable).flat().map((a) => a.toLowerCase()));

/** True when CloudTrail records the action only as a data event (data/dataEvents.json). */
export function isDataEventAction(action: string): boolean {
  return DATA_EVENTS.has(action.toLowerCase());
}

/** The window the history covers for judging use, and why it is insufficient when it is. */
export function coveredWindow(index: TrailIndex, settings: UsageSettings, now: number): CoveredWindow {
  const { coverage } = index;
  const start = now - settings.windowDays * DAY_MS;
  const base = { accounts: coverage.accounts, regions: coverage.regions };
  if (coverage.from === undefined || coverage.to === undefined) {
    return { ...base, from: undefined, to: undefined, days: 0, insufficient: 'no CloudTrail history is loaded' };
  }
  const from = Math.max(coverage.from, start);
  const to = coverage.to;
  const days = Math.max(0, (to - from) / DAY_MS);
  const window = { ...base, from, to, days };
  if (to < start) return { ...window, insufficient: `the newest record (${day(to)}) is older than the ${settings.windowDays}-day window` };
  if (now - to > settings.staleDays * DAY_MS) {
    return { ...window, insufficient: `the newest record (${day(to)}) is more than ${settings.staleDays} days old; import or fetch newer history` };
  }
  if (days < settings.minCoverageDays) {
    return { ...window, insufficient: `the history covers ${formatDays(days)}, less than the ${settings.minCoverageDays} days required` };
  }
  return window;
}

/** Where a judgement applies: the principals, and the Regions a statement is limited to when that is knowable. */
export interface JudgeScope {
  readonly principals: readonly string[];
  /** The accounts those principals belong to. */
  readonly accounts: readonly string[];
  readonly regions?: readonly string[];
  /** For a bucket policy: the S3 buckets its calls must have touched to count as use. */
  readonly buckets?: readonly string[];
}

/**
 * Judges one catalog action: used (allowed at least once in the window by any of the principals), unused (observable
 * and never allowed — denied calls are not use), or not observable with the reason.
 */
export function judgeAction(action: CatalogAction, scope: JudgeScope, index: TrailIndex, window: CoveredWindow): Observability {
  const name = `${action.service}:${action.name}`;
  const evidence = scope.buckets ? bucketEvidenceOf(name, scope.principals, scope.buckets, index, window) : evidenceOf(name, scope.principals, index, window);
  if (evidence.count > 0) return { state: 'used', action: name, evidence, window };
  const blind = blindSpot(action, name, scope, index, window);
  if (blind) return { state: 'notObservable', action: name, ...blind, denied: evidence.denied, window };
  return { state: 'unused', action: name, denied: evidence.denied, window };
}

/** Judges one action for one principal ARN over the settings' window at `now`. */
export function actionObservability(principal: string, action: CatalogAction, index: TrailIndex, settings: UsageSettings, now: number): Observability {
  const scope = { principals: [principal], accounts: [principalInfo(principal, 0).account] };
  return judgeAction(action, scope, index, coveredWindow(index, settings, now));
}

function evidenceOf(action: string, principals: readonly string[], index: TrailIndex, window: CoveredWindow): UseEvidence {
  let lastSeen = 0;
  let count = 0;
  let denied = 0;
  const regions = new Set<string>();
  const users = new Set<string>();
  const from = window.from ?? 0;
  for (const p of principals) {
    const row = index.usage(p, action);
    if (!row || row.lastSeen < from) continue;
    count += row.count;
    denied += row.denied;
    if (row.count > 0) users.add(p);
    if (row.lastSeen > lastSeen) lastSeen = row.lastSeen;
    for (const r of row.regions) regions.add(r);
  }
  return { lastSeen, count, denied, regions: [...regions].sort(), principals: [...users].sort() };
}

function bucketEvidenceOf(action: string, principals: readonly string[], buckets: readonly string[], index: TrailIndex, window: CoveredWindow): UseEvidence {
  let lastSeen = 0;
  let count = 0;
  let denied = 0;
  const users = new Set<string>();
  const from = window.from ?? 0;
  for (const bucket of buckets) {
    for (const p of principals) {
      const row = index.bucketUsage(p, action, bucket);
      if (!row || row.lastSeen < from) continue;
      count += row.count;
      denied += row.denied;
      if (row.count > 0) users.add(p);
      if (row.lastSeen > lastSeen) lastSeen = row.lastSeen;
    }
  }
  return { lastSeen, count, denied, regions: [], principals: [...users].sort() };
}

function blindSpot(
  action: CatalogAction,
  name: string,
  scope: JudgeScope,
  index: TrailIndex,
  window: CoveredWindow,
): { reason: NotObservableReason; why: string } | undefined {
  const permissionOnly = PERMISSION_ONLY.get(name.toLowerCase());
  if (permissionOnly) return { reason: 'permission-only', why: permissionOnly };
  const notLogged = NOT_LOGGED.find((n) => n.re.test(name));
  if (notLogged) return { reason: 'not-logged', why: notLogged.why };
  const data = isDataEventAction(name);
  const reads = action.accessLevel === 'Read' || action.accessLevel === 'List';
  if (data && scope.buckets) {
    const direction = reads ? 'read' : 'write';
    const blind = scope.buckets.filter((b) => index.bucketDataEvents(b)[direction] === 0);
    if (blind.length > 0) {
      return {
        reason: 'data-events-missing',
        why: `${name} is recorded only as a data event, and the loaded history has no S3 data ${direction} events for bucket ${blind.join(', ')} (trails log data events only for the buckets and prefixes their event selectors name; LookupEvents never returns them).`,
      };
    }
  } else if (data && !(index.coverage.dataEvents[action.service] ?? 0)) {
    return {
      reason: 'data-events-missing',
      why: `${name} is recorded only as a data event, and the loaded history has no ${action.service} data events (trails log them only when configured; LookupEvents never returns them).`,
    };
  }
  if (!data && reads && !index.coverage.readEvents) {
    return { reason: 'reads-not-logged', why: 'The loaded history has no read events (the trail seems to log write events only).' };
  }
  if (scope.accounts.length > 0 && !scope.accounts.some((a) => window.accounts.includes(a))) {
    return { reason: 'account-not-covered', why: `The loaded history has no records of account ${scope.accounts.join(', ')}.` };
  }
  if (scope.regions && scope.regions.length > 0 && !scope.regions.some((r) => window.regions.includes(r))) {
    return { reason: 'region-not-covered', why: `The statement is limited to ${scope.regions.join(', ')}, which the loaded history does not cover.` };
  }
  if (window.insufficient) return { reason: 'insufficient-history', why: `Nothing is called unused because ${window.insufficient}.` };
  return undefined;
}

/** `YYYY-MM-DD` of an epoch time, UTC. */
export function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** A duration in days for messages: "45 days", "2.5 hours". */
export function formatDays(days: number): string {
  if (days >= 1) return `${Math.floor(days)} day${Math.floor(days) === 1 ? '' : 's'}`;
  const hours = days * 24;
  return `${hours >= 1 ? Math.round(hours * 10) / 10 : Math.round(hours * 60)} ${hours >= 1 ? 'hours' : 'minutes'}`;
}
