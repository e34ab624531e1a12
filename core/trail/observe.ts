import type { EventCategory, Observation } from './observation';
import type { EventMapper } from './mapping';
import { checkRecord, str, type CheckedRecord, type TrailRecord } from './record';
import { attributePrincipal, isViaService } from './principal';
import { deniedActionIn, outcomeOf } from './outcome';
import { S3_EVENT_SOURCE, s3BucketOf, s3CopySourceBucket } from './s3Bucket';

/** Reduces one record to an observation, or gives the reason it cannot be used. */
export function observe(record: TrailRecord, mapper: EventMapper): Observation | { reason: string } {
  const checked = checkRecord(record);
  if ('reason' in checked) return checked;
  const outcome = outcomeOf(record);
  const apiCall = checked.eventType === 'AwsApiCall';
  const mapping = apiCall ? apiCallActions(checked, mapper, outcome === 'denied') : undefined;
  const s3 = checked.eventSource === S3_EVENT_SOURCE;
  const bucket = s3 ? s3BucketOf(record) : undefined;
  // One object literal of a fixed shape: this runs once per record on the import's hot path.
  return {
    principal: attributePrincipal(record.userIdentity),
    actions: mapping?.actions ?? [],
    outcome,
    viaService: isViaService(record.userIdentity),
    time: checked.time,
    account: checked.account,
    region: checked.region,
    service: mapping?.service ?? mapper.servicePrefix(checked.eventSource),
    category: categoryOf(record),
    unmapped: mapping !== undefined && mapping.actions.length === 0,
    unmappedName: mapping?.actions.length === 0 ? `${checked.eventSource}:${checked.eventName}` : undefined,
    bucket,
    actionBuckets: s3 && mapping && COPIES.has(checked.eventName) ? copyBuckets(mapping.actions, bucket, record) : undefined,
    readOnly: typeof record.readOnly === 'boolean' ? record.readOnly : undefined,
  };
}

/** S3 events that read a source object (s3:GetObject on the source bucket) and write to the request's bucket. */
export const COPIES = new Set(['CopyObject', 'UploadPartCopy']);

function copyBuckets(actions: readonly string[], bucket: string | undefined, record: TrailRecord): (string | undefined)[] {
  const source = s3CopySourceBucket(record);
  return actions.map((a) => (a === 's3:GetObject' ? source : bucket));
}

function apiCallActions(checked: CheckedRecord, mapper: EventMapper, denied: boolean): { service: string; actions: readonly string[] } {
  const mapping = mapper.map(checked.eventSource, checked.eventName);
  // A denial message names the action IAM evaluated; it is more exact than the event name when present.
  const named = denied ? deniedActionIn(checked.record) : undefined;
  const fromMessage = named === undefined ? undefined : mapper.canonical(named);
  return { service: mapping.service, actions: fromMessage ? [fromMessage] : mapper.actionsOf(mapping, checked.record) };
}

/** Management read/write or data, from eventCategory, managementEvent and readOnly. */
export function categoryOf(record: TrailRecord): EventCategory {
  return categoryOfValues(record.eventCategory, record.managementEvent, record.readOnly);
}

/** {@link categoryOf} of a record with these eventCategory, managementEvent and readOnly values. */
export function categoryOfValues(eventCategory: unknown, managementEvent: unknown, readOnly: unknown): EventCategory {
  const category = str(eventCategory);
  if (category === 'Data' || managementEvent === false) return 'data';
  if (category !== undefined && category !== 'Management') return 'other';
  if (readOnly === true) return 'managementRead';
  if (readOnly === false) return 'managementWrite';
  return 'other';
}
