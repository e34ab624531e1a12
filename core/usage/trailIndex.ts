import type { BucketDataEvents, BucketUsageRow, DailyRow, SourceCoverage, UsageRow, UsageSnapshot } from '../trail/observation';

/** What kind of identity a principal ARN names. */
export type PrincipalKind = 'role' | 'user' | 'root';

/** One principal seen in the history. */
export interface PrincipalInfo {
  readonly arn: string;
  readonly account: string;
  readonly kind: PrincipalKind;
  /** The role or user name without its path; `root` for the account root. */
  readonly name: string;
  /** The newest call (allowed or denied) of any action. */
  readonly lastActivity: number;
}

/** One principal's use of one service, for the Last Accessed panel. */
export interface ServiceSummary {
  readonly service: string;
  readonly lastAccessed: number;
  /** Calls that passed authorisation. */
  readonly calls: number;
  readonly denied: number;
  /** The principal's rows of this service, newest first. */
  readonly actions: readonly UsageRow[];
}

/** What the loaded history as a whole could have seen. */
export interface CoverageSummary {
  /** Oldest and newest record over every source; undefined when nothing was loaded. */
  readonly from: number | undefined;
  readonly to: number | undefined;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** Data events seen per IAM service prefix. */
  readonly dataEvents: Readonly<Record<string, number>>;
  /** S3 data events seen per bucket (read-only and write). */
  readonly s3DataEvents: ReadonlyMap<string, BucketDataEvents>;
  /** True when management read events appear (a trail may log writes only). */
  readonly readEvents: boolean;
  readonly records: number;
}

/** The result of looking a principal up by ARN or name: the one match, or the candidates when ambiguous. */
export type PrincipalLookup =
  | { readonly principal: PrincipalInfo; readonly candidates?: undefined }
  | { readonly principal: undefined; readonly candidates: readonly PrincipalInfo[] };

interface Entry {
  info: PrincipalInfo;
  /** Rows by action as stored (catalog spelling); `lower` is built on the first lookup in another case. */
  rows: Map<string, UsageRow>;
  lower?: Map<string, UsageRow>;
  last: number;
  services?: ServiceSummary[];
  daily?: DailyRow[];
}

/**
 * Observed usage indexed for queries: principals, usage per principal and action, per-service summaries and the
 * coverage of the history. Built once per snapshot; every query is a Map lookup.
 */
export class TrailIndex {
  /** What the loaded history covers. */
  readonly coverage: CoverageSummary;
  private readonly entries = new Map<string, Entry>();
  private readonly byName = new Map<string, Entry[]>();
  /** Bucket -> principal -> lower-case action -> row; built on the first bucket query (identity policies never need it). */
  private buckets: Map<string, Map<string, Map<string, BucketUsageRow>>> | undefined;

  private constructor(private readonly snapshot: UsageSnapshot) {
    this.coverage = summarizeCoverage(snapshot.coverage);
    // One pass keyed by the stored spelling; rows stay the snapshot's objects, so nothing is allocated per row.
    for (const row of snapshot.usage) {
      let entry = this.entries.get(row.principal);
      if (!entry) {
        entry = { info: principalInfo(row.principal, row.lastSeen), rows: new Map(), last: row.lastSeen };
        this.entries.set(row.principal, entry);
      } else if (row.lastSeen > entry.last) entry.last = row.lastSeen;
      entry.rows.set(row.action, row);
    }
    for (const entry of this.entries.values()) {
      entry.info = { ...entry.info, lastActivity: entry.last };
      const key = entry.info.name.toLowerCase();
      const list = this.byName.get(key);
      if (list) list.push(entry);
      else this.byName.set(key, [entry]);
    }
  }

  /** Indexes a snapshot (e.g. `readCache(...).cache.snapshot`). */
  static build(snapshot: UsageSnapshot): TrailIndex {
    return new TrailIndex(snapshot);
  }

  /** Every principal with usage, most recently active first. */
  principals(): PrincipalInfo[] {
    return [...this.entries.values()].map((e) => e.info).sort((a, b) => b.lastActivity - a.lastActivity || a.arn.localeCompare(b.arn));
  }

  /**
   * Finds a principal by full ARN, or by role or user name (case-insensitive, roles preferred over users of the
   * same name). A name shared by several principals returns no principal and the candidates.
   */
  principal(arnOrName: string): PrincipalLookup {
    const exact = this.entries.get(arnOrName);
    if (exact) return { principal: exact.info };
    const named = this.byName.get(arnOrName.toLowerCase()) ?? [];
    const roles = named.filter((e) => e.info.kind === 'role');
    const pick = roles.length > 0 ? roles : named;
    const only = pick.length === 1 ? pick[0] : undefined;
    if (only) return { principal: only.info };
    return { principal: undefined, candidates: pick.map((e) => e.info) };
  }

  /** The principals of an account. */
  principalsOf(account: string): PrincipalInfo[] {
    return this.principals().filter((p) => p.account === account);
  }

  /** A principal's usage rows keyed by action (catalog spelling); empty for an unknown principal. */
  usageOf(principal: string): ReadonlyMap<string, UsageRow> {
    return this.entries.get(principal)?.rows ?? EMPTY;
  }

  /** The usage of one action (any case) by one principal. */
  usage(principal: string, action: string): UsageRow | undefined {
    const entry = this.entries.get(principal);
    if (!entry) return undefined;
    const exact = entry.rows.get(action);
    if (exact) return exact;
    entry.lower ??= new Map([...entry.rows.values()].map((r) => [r.action.toLowerCase(), r]));
    return entry.lower.get(action.toLowerCase());
  }

  /**
   * The newest call of an action that passed authorisation at least once; undefined when it was never allowed.
   * (Rows keep one newest time for allowed and denied calls together.)
   */
  lastSeen(principal: string, action: string): number | undefined {
    const row = this.usage(principal, action);
    return row && row.count > 0 ? row.lastSeen : undefined;
  }

  /** The usage of one action (any case) by one principal on one S3 bucket. */
  bucketUsage(principal: string, action: string, bucket: string): BucketUsageRow | undefined {
    return this.bucketIndex().get(bucket)?.get(principal)?.get(action.toLowerCase());
  }

  /** The S3 data events seen for a bucket, read-only and write (zero when none). */
  bucketDataEvents(bucket: string): BucketDataEvents {
    return this.coverage.s3DataEvents.get(bucket) ?? NO_DATA_EVENTS;
  }

  private bucketIndex(): Map<string, Map<string, Map<string, BucketUsageRow>>> {
    if (this.buckets) return this.buckets;
    const buckets = new Map<string, Map<string, Map<string, BucketUsageRow>>>();
    for (const row of this.snapshot.bucketUsage) {
      let principals = buckets.get(row.bucket);
      if (!principals) buckets.set(row.bucket, (principals = new Map()));
      let actions = principals.get(row.principal);
      if (!actions) principals.set(row.principal, (actions = new Map()));
      actions.set(row.action.toLowerCase(), row);
    }
    this.buckets = buckets;
    return buckets;
  }

  /** Per-service summaries of a principal, most recently accessed first. */
  services(principal: string): readonly ServiceSummary[] {
    const entry = this.entries.get(principal);
    if (!entry) return [];
    entry.services ??= summarizeServices(entry.rows);
    return entry.services;
  }

  /** A principal's calls per service and UTC day, for the timeline. */
  daily(principal: string): readonly DailyRow[] {
    const entry = this.entries.get(principal);
    if (!entry) return [];
    entry.daily ??= this.snapshot.daily.filter((d) => d.principal === principal);
    return entry.daily;
  }
}

const EMPTY: ReadonlyMap<string, UsageRow> = new Map();
const NO_DATA_EVENTS: BucketDataEvents = { read: 0, write: 0 };

function summarizeServices(rows: ReadonlyMap<string, UsageRow>): ServiceSummary[] {
  const by = new Map<string, UsageRow[]>();
  for (const row of rows.values()) {
    const service = row.action.slice(0, row.action.indexOf(':'));
    const list = by.get(service);
    if (list) list.push(row);
    else by.set(service, [row]);
  }
  return [...by]
    .map(([service, list]) => {
      const actions = list.sort((a, b) => b.lastSeen - a.lastSeen || a.action.localeCompare(b.action));
      return {
        service,
        lastAccessed: actions[0]?.lastSeen ?? 0,
        calls: list.reduce((n, r) => n + r.count, 0),
        denied: list.reduce((n, r) => n + r.denied, 0),
        actions,
      };
    })
    .sort((a, b) => b.lastAccessed - a.lastAccessed || a.service.localeCompare(b.service));
}

/** Account, kind and name from an IAM ARN (`arn:aws:iam::123:role/path/Name`, `...:user/x`, `...:root`). */
export function principalInfo(arn: string, lastActivity: number): PrincipalInfo {
  const parts = arn.split(':');
  const account = parts[4] ?? '';
  const resource = parts.slice(5).join(':');
  if (resource === 'root') return { arn, account, kind: 'root', name: 'root', lastActivity };
  const slash = resource.indexOf('/');
  const kind: PrincipalKind = resource.slice(0, slash) === 'user' ? 'user' : 'role';
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  return { arn, account, kind, name, lastActivity };
}

function summarizeCoverage(sources: readonly SourceCoverage[]): CoverageSummary {
  const accounts = new Set<string>();
  const regions = new Set<string>();
  const dataEvents: Record<string, number> = {};
  const s3DataEvents = new Map<string, BucketDataEvents>();
  let from: number | undefined;
  let to: number | undefined;
  let reads = 0;
  let records = 0;
  for (const s of sources) {
    for (const a of s.accounts) accounts.add(a);
    for (const r of s.regions) regions.add(r);
    for (const [service, n] of Object.entries(s.dataEvents)) dataEvents[service] = (dataEvents[service] ?? 0) + n;
    for (const [bucket, { read, write }] of Object.entries(s.s3DataEvents)) {
      const known = s3DataEvents.get(bucket);
      s3DataEvents.set(bucket, known ? { read: known.read + read, write: known.write + write } : { read, write });
    }
    if (s.from !== undefined && (from === undefined || s.from < from)) from = s.from;
    if (s.to !== undefined && (to === undefined || s.to > to)) to = s.to;
    reads += s.managementRead;
    records += s.records;
  }
  return { from, to, accounts: [...accounts].sort(), regions: [...regions].sort(), dataEvents, s3DataEvents, readEvents: reads > 0, records };
}

/**
 * The role a policy file is named after (`policies/App.json`, `App.policy.json`, `App-policy.json`), when exactly one
 * role of the history has that name (case-insensitive): DESIGN's binding by file name, for the server and the CLI.
 */
export function roleOfFileName(fileName: string, index: TrailIndex): string | undefined {
  const path = fileName.replace(/\\/g, '/');
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.jsonc?$/i, '');
  const names = new Set([base, base.replace(/[-_.]policy$/i, '')].map((n) => n.toLowerCase()).filter((n) => n !== ''));
  const roles = index.principals().filter((p) => p.kind === 'role' && names.has(p.name.toLowerCase()));
  return roles.length === 1 ? roles[0]?.arn : undefined;
}
