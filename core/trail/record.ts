/**
 * The part of a CloudTrail record that Trailtight reads. Everything else (IPs, keys, user agents, response
 * elements) is ignored on purpose and never stored.
 */
export interface TrailRecord {
  readonly eventTime?: unknown;
  /** Logstash exports move eventTime here. */
  readonly '@timestamp'?: unknown;
  readonly eventSource?: unknown;
  readonly eventName?: unknown;
  readonly eventType?: unknown;
  readonly awsRegion?: unknown;
  readonly recipientAccountId?: unknown;
  readonly errorCode?: unknown;
  readonly errorMessage?: unknown;
  readonly readOnly?: unknown;
  readonly eventCategory?: unknown;
  readonly managementEvent?: unknown;
  readonly userIdentity?: unknown;
  /** Read only for the events whose request names a passed role (iam:PassRole). */
  readonly requestParameters?: unknown;
  readonly resources?: unknown;
}

/** A record's fields after the checks every record must pass. */
export interface CheckedRecord {
  readonly time: number;
  readonly eventSource: string;
  readonly eventName: string;
  readonly eventType: string;
  readonly region: string;
  readonly account: string;
  readonly record: TrailRecord;
}

/** A value as a string, or undefined when it is anything else. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A value as a plain object, or undefined. */
export function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Checks the fields the aggregation needs; returns the reason when the record cannot be used. */
export function checkRecord(record: TrailRecord): CheckedRecord | { reason: string } {
  const eventTime = str(record.eventTime) ?? str(record['@timestamp']);
  const time = eventTime === undefined ? NaN : parseTime(eventTime);
  if (Number.isNaN(time)) return { reason: 'record without a valid eventTime' };
  const eventSource = str(record.eventSource);
  const eventName = str(record.eventName);
  const eventType = str(record.eventType);
  if (!eventSource || !eventName || !eventType) return { reason: 'record without eventSource, eventName or eventType' };
  const identity = obj(record.userIdentity);
  return {
    time,
    eventSource,
    eventName,
    eventType,
    region: str(record.awsRegion) ?? 'unknown',
    account: str(record.recipientAccountId) ?? str(identity?.accountId) ?? 'unknown',
    record,
  };
}

const ISO_SECONDS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** The last `YYYY-MM-DD` seen and its epoch ms: a trail file's records mostly share their day. */
let lastDay = '';
let lastDayMs = 0;

/**
 * Epoch ms of an ISO time; CloudTrail's `YYYY-MM-DDTHH:MM:SSZ` takes a fast path (the day from a one-entry cache,
 * the time of day by arithmetic, which equals Date.UTC's for any digits), anything else Date.parse.
 */
export function parseTime(text: string): number {
  if (text.length !== 20 || !isIsoSeconds(text)) {
    const m = ISO_SECONDS.exec(text);
    if (!m) return Date.parse(text);
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  if (!text.startsWith(lastDay) || lastDay === '') {
    lastDay = text.slice(0, 10);
    lastDayMs = Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)));
  }
  return lastDayMs + digits2(text, 11) * 3_600_000 + digits2(text, 14) * 60_000 + digits2(text, 17) * 1000;
}

function digits2(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

/** The shape of ISO_SECONDS, checked a character at a time (the caller checked the length, 20). */
function isIsoSeconds(text: string): boolean {
  for (let i = 0; i < 19; i++) {
    const c = text.charCodeAt(i);
    const expected = i === 4 || i === 7 ? 45 : i === 10 ? 84 : i === 13 || i === 16 ? 58 : -1;
    if (expected < 0 ? c < 48 || c > 57 : c !== expected) return false;
  }
  return text.charCodeAt(19) === 90;
}
