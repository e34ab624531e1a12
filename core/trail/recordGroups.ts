import type { Observation } from './observation';
import type { EventMapper } from './mapping';
import { checkRecord, str, type TrailRecord } from './record';
import { observe } from './observe';
import { attributePrincipal, isViaService } from './principal';
import { categoryOf } from './observe';
import { deniedActionIn, outcomeOf } from './outcome';

/** Identical observations folded together: `count` records between `first` and `last` (epoch ms). */
export interface ObservedGroup {
  readonly obs: Observation;
  count: number;
  first: number;
  last: number;
}

const DAY_MS = 86_400_000;
const SEP = '\u0000';

/**
 * Folds records that would give the same observation (same principal, event, outcome, account, Region, category,
 * day, ...) into one group, so the mapping and aggregation run once per group instead of once per record; a
 * trail repeats the same calls all day. A group's first record is observed in full; later ones only move its
 * count and time window.
 */
export class RecordGroups {
  private readonly groups = new Map<string, ObservedGroup>();

  constructor(private readonly mapper: EventMapper) {}

  /** Adds one record; returns the reason when it cannot be used. */
  add(record: TrailRecord): string | undefined {
    const checked = checkRecord(record);
    if ('reason' in checked) return checked.reason;
    const key = this.keyOf(record, checked.eventSource, checked.eventName, checked.eventType, checked.time) + SEP + checked.region + SEP + checked.account;
    const group = this.groups.get(key);
    if (group) {
      group.count++;
      if (checked.time < group.first) group.first = checked.time;
      if (checked.time > group.last) group.last = checked.time;
      return undefined;
    }
    const obs = observe(record, this.mapper);
    if ('reason' in obs) return obs.reason;
    this.groups.set(key, { obs, count: 1, first: obs.time, last: obs.time });
    return undefined;
  }

  /** Hands every group over and starts empty. */
  drain(): ObservedGroup[] {
    const groups = [...this.groups.values()];
    this.groups.clear();
    return groups;
  }

  /** Everything the observation depends on, besides region and account. */
  private keyOf(record: TrailRecord, source: string, name: string, type: string, time: number): string {
    const identity = record.userIdentity;
    const errorCode = str(record.errorCode);
    // Errors are rare: only then do the outcome and the action named in the message enter the key.
    const error = errorCode === undefined ? '' : `${errorCode}${SEP}${outcomeOf(record)}${SEP}${deniedActionIn(record) ?? ''}`;
    let passRole = '';
    if (type === 'AwsApiCall') {
      const mapping = this.mapper.map(source, name);
      if (mapping.passRoleKeys.length > 0) passRole = String(this.mapper.actionsOf(mapping, record).length);
    }
    return [
      attributePrincipal(identity) ?? '',
      source,
      name,
      type,
      error,
      categoryOf(record),
      isViaService(identity) ? 'v' : '',
      passRole,
      Math.floor(time / DAY_MS),
    ].join(SEP);
  }
}
