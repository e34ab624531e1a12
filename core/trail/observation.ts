/**
 * The domain types of observed usage (DESIGN.md: observation, usage, coverage) shared by the pullers, the
 * aggregation, the cache and the language server. Times are epoch milliseconds.
 */

/** How a record's call ended, as far as permissions go. */
export type Outcome = 'allowed' | 'denied';

/** Where records come from: a folder or file imported, or a LookupEvents pull of one account and Region. */
export interface SourceInfo {
  readonly kind: 'files' | 'lookupEvents';
  /** A stable label for coverage, e.g. the imported path or `lookupEvents:123456789012/us-east-1`. */
  readonly id: string;
}

/** The event category of a record as coverage counts it. */
export type EventCategory = 'managementRead' | 'managementWrite' | 'data' | 'other';

/** One CloudTrail record reduced to what the aggregation uses. Nothing else of the record is kept. */
export interface Observation {
  /** The principal's ARN (role, user or root), or undefined when the record is not attributed. */
  readonly principal: string | undefined;
  /** The IAM actions (catalog spelling, `service:Action`) the call used or was denied; empty when unmapped. */
  readonly actions: readonly string[];
  readonly outcome: Outcome;
  /** True when `invokedBy` shows a service acted with the principal's permissions. */
  readonly viaService: boolean;
  readonly time: number;
  readonly account: string;
  readonly region: string;
  /** The IAM prefix of the event source (e.g. `s3`), used for data-event coverage. */
  readonly service: string;
  readonly category: EventCategory;
  /** True for an AwsApiCall that maps to no catalog action (then `unmappedName` is `source:EventName`). */
  readonly unmapped: boolean;
  readonly unmappedName?: string;
  /** The S3 bucket the call touched (S3 events only; undefined for calls on no bucket, like ListBuckets). */
  readonly bucket: string | undefined;
  /**
   * The bucket each of `actions` was used on, when they differ from `bucket`: a copy's s3:GetObject was used on
   * the source bucket (undefined when the record does not say which).
   */
  readonly actionBuckets: readonly (string | undefined)[] | undefined;
  /** The record's `readOnly`; coverage tells read from write data events by it. */
  readonly readOnly: boolean | undefined;
}

/** Usage of one action by one principal over the loaded history. */
export interface UsageRow {
  readonly principal: string;
  readonly action: string;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Calls that passed authorisation (including those made via a service). */
  readonly count: number;
  readonly denied: number;
  /** Of `count + denied`, calls a service made for the principal (`invokedBy`). */
  readonly viaService: number;
  readonly regions: readonly string[];
}

/** Usage of one action by one principal on one S3 bucket (S3 calls only, in addition to their {@link UsageRow}). */
export interface BucketUsageRow {
  readonly principal: string;
  readonly action: string;
  readonly bucket: string;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Calls that passed authorisation. */
  readonly count: number;
  readonly denied: number;
}

/** Data events of one S3 bucket, read-only and write: where its object-level calls could have been seen. */
export interface BucketDataEvents {
  readonly read: number;
  readonly write: number;
}

/** Calls of one principal to one service on one UTC day, for the timeline. */
export interface DailyRow {
  readonly principal: string;
  readonly service: string;
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly count: number;
  readonly denied: number;
}

/** What one source's history could have seen. */
export interface SourceCoverage {
  readonly source: SourceInfo;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** Time of the oldest and newest record seen (undefined when no record was read). */
  readonly from: number | undefined;
  readonly to: number | undefined;
  readonly records: number;
  readonly managementRead: number;
  readonly managementWrite: number;
  /** Data events seen, per IAM service prefix. */
  readonly dataEvents: Readonly<Record<string, number>>;
  /**
   * S3 data events seen per bucket. Trails log data events only for the buckets (and prefixes) their selectors
   * name, so object-level use of a bucket can be judged only when its data events appear.
   */
  readonly s3DataEvents: Readonly<Record<string, BucketDataEvents>>;
}

/** An AwsApiCall that mapped to no catalog action, counted, never guessed. */
export interface UnmappedEvent {
  /** `eventSource:eventName`, e.g. `example.amazonaws.com:DoThing`. */
  readonly event: string;
  readonly count: number;
}

/** Aggregated usage: everything the cache keeps about observed calls. */
export interface UsageSnapshot {
  readonly usage: readonly UsageRow[];
  /** Usage per S3 bucket, sorted by principal, bucket and action. */
  readonly bucketUsage: readonly BucketUsageRow[];
  readonly daily: readonly DailyRow[];
  readonly coverage: readonly SourceCoverage[];
  readonly unmapped: readonly UnmappedEvent[];
  readonly totals: UsageTotals;
}

/** Record counts over everything aggregated. */
export interface UsageTotals {
  readonly records: number;
  /** AwsApiCall records. */
  readonly apiCalls: number;
  readonly mapped: number;
  readonly unmapped: number;
  readonly denied: number;
  /** Records with no attributable principal (service principals, service-linked roles, no identity). */
  readonly unattributed: number;
}
