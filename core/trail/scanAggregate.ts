// The fast way to aggregate a scanned trail file (trailScan.ts). The scanner gives the value of each scalar member
// read an id (the same bytes, the same id, in every file this thread scans until its table is emptied), so what a
// value means is decoded, tested and resolved once per id and kept in arrays indexed by id: a record then costs a few
// array reads and the probes of its rows, and hashes no string but an S3 call's bucket (parsed from its
// requestParameters or resources, as s3BucketOf reads them). A record whose observation depends on more than that
// goes the exact way (its ScannedRecord through UsageBuilder.addRecord), in its place in the file: S3 copies (their
// source bucket), calls whose request may pass a role, a value without an id (an object or array where a scalar
// belongs, or a full table), an eventTime not of CloudTrail's form, and any record checkRecord refuses.
// test/trail/scanAggregate.test.ts holds both ways to the same snapshots and reasons.
import type { EventCategory, SourceInfo } from './observation';
import type { EventMapper } from './mapping';
import type { StringIds } from './rankOrder';
import type { UsageTables } from './usageTables';
import type { BuilderParts, UsageBuilder } from './usage';
import { categoryOfValues, COPIES } from './observe';
import { actionNamedIn, isDeniedCode, saysNotAuthorized } from './outcome';
import { issuerPrincipal, rootPrincipal } from './principal';
import { S3_EVENT_SOURCE, s3BucketOf } from './s3Bucket';
import {
  decode,
  FLAGS,
  IDS,
  NO_TIME,
  RECORD_INTS,
  S_ACCOUNT_ID,
  S_ARN,
  S_AWS_REGION,
  S_ERROR_CODE,
  S_ERROR_MESSAGE,
  S_EVENT_CATEGORY,
  S_EVENT_NAME,
  S_EVENT_SOURCE,
  S_EVENT_TYPE,
  S_INVOKED_BY,
  S_ISSUER_ARN,
  S_MANAGEMENT_EVENT,
  S_READ_ONLY,
  S_RECIPIENT,
  S_TYPE,
  scannedRecordAt,
  scannedRequestAt,
  TIME,
  UNINTERNED,
  type ScannedFile,
} from './trailScan';

const DAY_MS = 86_400_000;

/** userIdentity.type as principal attribution (principal.ts) tells them apart. */
const enum IdentityKind {
  Other,
  IamUser,
  Root,
  Session,
  AwsService,
}

const NOT_YET: unique symbol = Symbol('not yet');

/** What one interned value means, worked out once per id. */
class Value {
  /** The value when it is a string. */
  readonly text: string | undefined;
  /** An error code of the authorisation-failure family (outcome.ts). */
  readonly deniedCode: boolean;
  /** An error message that says the caller was not authorised. */
  readonly notAuthorized: boolean;
  /** The principal a session whose issuer has this ARN counts for; undefined for none (a service-linked role). */
  readonly issuer: string | undefined;
  readonly kind: IdentityKind;
  readonly apiCall: boolean;
  private canonicalNamed: string | undefined | typeof NOT_YET = NOT_YET;

  constructor(readonly value: unknown) {
    const text = typeof value === 'string' ? value : undefined;
    this.text = text;
    this.deniedCode = text !== undefined && isDeniedCode(text);
    this.notAuthorized = saysNotAuthorized(text ?? '');
    this.issuer = issuerPrincipal(text);
    this.kind = kindOf(text);
    this.apiCall = text === 'AwsApiCall';
  }

  /** As an error message of a denied call: the catalog's spelling of the action it names, if any. */
  namedAction(mapper: EventMapper): string | undefined {
    if (this.canonicalNamed === NOT_YET) {
      const named = actionNamedIn(this.text ?? '');
      this.canonicalNamed = named === undefined ? undefined : mapper.canonical(named);
    }
    return this.canonicalNamed;
  }
}

function kindOf(type: string | undefined): IdentityKind {
  if (type === 'IAMUser') return IdentityKind.IamUser;
  if (type === 'Root') return IdentityKind.Root;
  if (type === 'AssumedRole' || type === 'FederatedUser') return IdentityKind.Session;
  if (type === 'AWSService') return IdentityKind.AwsService;
  return IdentityKind.Other;
}

/** How an (eventSource, eventName) pair maps, with what decides whether its records go the exact way. */
interface Event {
  /** Its number among the events of these caches (for the builder's numbers of its actions). */
  readonly index: number;
  readonly service: string;
  /** Its actions as an AwsApiCall (empty: unmapped). */
  readonly actions: readonly string[];
  /** An S3 call: its bucket is counted. */
  readonly s3: boolean;
  /** An S3 copy: its source bucket is counted too (observe.ts), so it goes the exact way. */
  readonly copies: boolean;
  /** Its request parameters may pass a role (iam:PassRole, mapping.ts): an AwsApiCall goes the exact way. */
  readonly mayPassRole: boolean;
  readonly unmappedName: string;
}

/** What ids mean in one epoch of the scanner's table, for one mapper: kept across files. */
class IdCaches {
  readonly values: (Value | undefined)[] = [];
  /** By eventSource id, then eventName id. */
  readonly events: (Event | undefined)[][] = [];
  eventCount = 0;

  constructor(
    readonly epoch: number,
    readonly mapper: EventMapper,
  ) {}

  /** The event of two ids, or undefined when either is not a non-empty string (checkRecord refuses it). */
  event(source: Value, sourceId: number, name: Value, nameId: number): Event | undefined {
    const byName = (this.events[sourceId] ??= []);
    const known = byName[nameId];
    if (known !== undefined || !source.text || !name.text) return known;
    const mapping = this.mapper.map(source.text, name.text);
    const event: Event = {
      index: this.eventCount++,
      service: mapping.service,
      actions: mapping.actions,
      s3: source.text === S3_EVENT_SOURCE,
      copies: source.text === S3_EVENT_SOURCE && COPIES.has(name.text),
      mayPassRole: mapping.actions.length > 0 && mapping.passRoleKeys.length > 0,
      unmappedName: `${source.text}:${name.text}`,
    };
    byName[nameId] = event;
    return event;
  }
}

/**
 * Numbers of one kind (principal, Region, service) by id, valid for one generation (one file's BuilderNumbers): the
 * arrays are kept from file to file and their entries stamped, not made anew per file, since a typed array's memory
 * is off the heap and returned only when a GC finds it dead.
 */
class NumbersById {
  private numbers = new Int32Array(256);
  private generations = new Int32Array(256);

  /** The number `ids` gives the text of value `id`, resolved once per generation. */
  of(id: number, text: string, ids: StringIds, generation: number): number {
    if (id >= this.numbers.length) this.grow(id);
    if (this.generations[id] === generation) return this.numbers[id]!;
    const n = ids.id(text);
    this.numbers[id] = n;
    this.generations[id] = generation;
    return n;
  }

  private grow(id: number): void {
    const length = Math.max(2 * this.numbers.length, id + 1);
    const numbers = new Int32Array(length);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const generations = new Int32Array(length);
    generations.set(this.generations);
    this.generations = generations;
  }
}

const principalNumbers = new NumbersById();
const regionNumbers = new NumbersById();
const serviceNumbers = new NumbersById();
/** The generation of the latest BuilderNumbers: the stamps of the numbers above (0: none yet). */
let generation = 0;

/**
 * A builder's numbers of interned values (principals, Regions, services) and of events' actions, for one file: not
 * kept after it, so no thread holds on to a builder it aggregated into.
 */
class BuilderNumbers {
  private readonly generation = ++generation;
  private readonly actionsOf: (readonly number[] | undefined)[] = [];

  constructor(private readonly tables: UsageTables) {}

  /** The principal number of the text of value `id`. */
  principal(id: number, text: string): number {
    return principalNumbers.of(id, text, this.tables.principals, this.generation);
  }

  region(id: number, text: string): number {
    return regionNumbers.of(id, text, this.tables.regions, this.generation);
  }

  /** The service number of the event source of value `id`. */
  service(id: number, service: string): number {
    return serviceNumbers.of(id, service, this.tables.services, this.generation);
  }

  actions(event: Event): readonly number[] {
    let numbers = this.actionsOf[event.index];
    if (numbers === undefined) {
      numbers = event.actions.map((a) => this.tables.actions.id(a));
      this.actionsOf[event.index] = numbers;
    }
    return numbers;
  }
}

/** This thread's: what the ids of its scanner mean (bounded by the scanner's table). */
let caches: IdCaches | undefined;

/** The caches of ids of `epoch` for `mapper`: new when either changed (the ids mean other bytes, or map otherwise). */
function cachesFor(epoch: number, mapper: EventMapper): IdCaches {
  if (caches?.epoch !== epoch || caches.mapper !== mapper) caches = new IdCaches(epoch, mapper);
  return caches;
}

/** What aggregating a scanned file did. */
export interface ScanAggregate {
  /** Records used. */
  readonly used: number;
  /** Of those, the records added from their ids (the others went the exact way). */
  readonly fast: number;
  /** Why each of the others was not used, in file order. */
  readonly reasons: string[];
}

/**
 * Adds the records of a scanned file to `builder` as {@link UsageBuilder.addRecord} adds them, one by one in file
 * order: the same rows, counts, coverage and reasons.
 */
export function aggregateScanned(file: ScannedFile, builder: UsageBuilder, source: SourceInfo): ScanAggregate {
  const reasons: string[] = [];
  let used = 0;
  let fast = 0;
  if (file.count === 0) return { used, fast, reasons };
  const parts = builder.parts();
  const ids = cachesFor(file.epoch, parts.mapper);
  const adder = new FastAdder(file, source, ids, new BuilderNumbers(parts.tables), parts);
  for (let r = 0; r < file.count; r++) {
    if (adder.add(r)) {
      used++;
      fast++;
      continue;
    }
    const reason = builder.addRecord(scannedRecordAt(file, r), source);
    if (reason === undefined) used++;
    else reasons.push(reason);
  }
  return { used, fast, reasons };
}

/** Adds the records of one scanned file that the ids decide (see the top of this file). */
class FastAdder {
  private readonly text: Buffer;
  private readonly spans: Int32Array;
  /** The S3 bucket of the record being added, if any. */
  private bucket: string | undefined;
  /** The principal of the record being added: by the id of its text, or (Root) by its text; none when both are unset. */
  private principalId = -1;
  private principalText: string | undefined;

  constructor(
    private readonly file: ScannedFile,
    private readonly source: SourceInfo,
    private readonly ids: IdCaches,
    private readonly numbers: BuilderNumbers,
    private readonly parts: BuilderParts,
  ) {
    this.text = file.text;
    this.spans = file.spans;
  }

  /** The value of a slot of the record at `at`; undefined when absent. */
  private value(at: number, slot: number): Value | undefined {
    const id = this.spans[at + IDS + slot]!;
    if (id < 0) return undefined;
    return this.ids.values[id] ?? this.decoded(at, slot, id);
  }

  private decoded(at: number, slot: number, id: number): Value {
    const value = new Value(decode(this.text, this.spans, at, slot, this.spans[at + FLAGS]!));
    this.ids.values[id] = value;
    return value;
  }

  /** Adds record `index` and returns true, or returns false having changed nothing: it goes the exact way. */
  add(index: number): boolean {
    const spans = this.spans;
    const at = index * RECORD_INTS;
    if ((spans[at + FLAGS]! & UNINTERNED) !== 0 || spans[at + TIME] === NO_TIME) return false;
    const sourceId = spans[at + IDS + S_EVENT_SOURCE]!;
    const nameId = spans[at + IDS + S_EVENT_NAME]!;
    const source = this.value(at, S_EVENT_SOURCE);
    const name = this.value(at, S_EVENT_NAME);
    const type = this.value(at, S_EVENT_TYPE);
    if (source === undefined || name === undefined || !type?.text) return false;
    const event = this.ids.event(source, sourceId, name, nameId);
    if (event === undefined || event.copies) return false;
    const denied = this.denied(at);
    // A denial message names the action IAM evaluated (observe.ts): it replaces the event's actions.
    const named = type.apiCall && denied ? this.value(at, S_ERROR_MESSAGE)?.namedAction(this.ids.mapper) : undefined;
    if (type.apiCall && named === undefined && event.mayPassRole) return false;
    const time = spans[at + TIME]! * DAY_MS + spans[at + TIME + 1]!;
    this.bucket = event.s3 ? s3BucketOf(scannedRequestAt(this.file, index)) : undefined;
    this.findPrincipal(at);
    this.count(at, event, time, denied, type.apiCall, named);
    if (this.principalId < 0 && this.principalText === undefined) return true;
    const principal = this.principalId >= 0 ? this.numbers.principal(this.principalId, this.principalText!) : this.parts.tables.principals.id(this.principalText!);
    const calls = named !== undefined ? [this.parts.tables.actions.id(named)] : type.apiCall ? this.numbers.actions(event) : NO_ACTIONS;
    this.addRows(at, principal, event, sourceId, time, denied ? 1 : 0, calls, type.apiCall);
    return true;
  }

  /** outcomeOf (outcome.ts) of the record at `at` is 'denied'. */
  private denied(at: number): boolean {
    const code = this.value(at, S_ERROR_CODE);
    if (code?.text === undefined) return false;
    return code.deniedCode || (this.value(at, S_ERROR_MESSAGE)?.notAuthorized ?? false);
  }

  /** Sets the principal of the record at `at` as attributePrincipal (principal.ts) finds it. */
  private findPrincipal(at: number): void {
    this.principalId = -1;
    this.principalText = undefined;
    // The identity slots are set only inside a userIdentity object (and the issuer's only inside sessionContext and
    // sessionIssuer objects), as attributePrincipal reads them.
    const kind = this.value(at, S_TYPE)?.kind ?? IdentityKind.Other;
    if (kind === IdentityKind.IamUser) {
      const arn = this.value(at, S_ARN);
      if (arn?.text !== undefined) this.setPrincipal(at, S_ARN, arn.text);
    } else if (kind === IdentityKind.Session) {
      const issuer = this.value(at, S_ISSUER_ARN)?.issuer;
      if (issuer !== undefined) this.setPrincipal(at, S_ISSUER_ARN, issuer);
    } else if (kind === IdentityKind.Root) {
      this.principalText = rootPrincipal(this.value(at, S_ARN)?.text, this.value(at, S_ACCOUNT_ID)?.text);
    }
  }

  private setPrincipal(at: number, slot: number, text: string): void {
    this.principalId = this.spans[at + IDS + slot]!;
    this.principalText = text;
  }

  /** Coverage, totals and unmapped counts of the record, as UsageBuilder.addObservation counts its observation. */
  private count(at: number, event: Event, time: number, denied: boolean, apiCall: boolean, named: string | undefined): void {
    const totals = this.parts.totals;
    const region = this.value(at, S_AWS_REGION)?.text ?? 'unknown';
    const account = this.value(at, S_RECIPIENT)?.text ?? this.value(at, S_ACCOUNT_ID)?.text ?? 'unknown';
    const coverage = this.parts.coverageOf(this.source);
    const category = this.category(at);
    coverage.addCalls(account, region, category, event.service, 1, time, time);
    if (category === 'data' && this.bucket !== undefined) coverage.addBucketEvents(this.bucket, this.readOnly(at), 1);
    const mapped = named !== undefined || (apiCall && event.actions.length > 0);
    const unmapped = apiCall && !mapped;
    totals.records++;
    if (apiCall) totals.apiCalls++;
    if (mapped) totals.mapped++;
    if (unmapped) {
      totals.unmapped++;
      this.parts.unmapped.set(event.unmappedName, (this.parts.unmapped.get(event.unmappedName) ?? 0) + 1);
    }
    if (denied) totals.denied++;
    if (this.principalId < 0 && this.principalText === undefined) totals.unattributed++;
  }

  /** The record's readOnly when a boolean. */
  private readOnly(at: number): boolean | undefined {
    const value = this.value(at, S_READ_ONLY)?.value;
    return typeof value === 'boolean' ? value : undefined;
  }

  private category(at: number): EventCategory {
    return categoryOfValues(this.value(at, S_EVENT_CATEGORY)?.value, this.value(at, S_MANAGEMENT_EVENT)?.value, this.value(at, S_READ_ONLY)?.value);
  }

  /** The daily and usage rows of an attributed record, as UsageBuilder.addObservation adds them. */
  private addRows(at: number, principal: number, event: Event, sourceId: number, time: number, denied: number, calls: readonly number[], apiCall: boolean): void {
    const tables = this.parts.tables;
    // An AwsApiCall is a call whether mapped or not (unmapped ones count in the daily rows too).
    if (apiCall) tables.daily.add(principal, this.numbers.service(sourceId, event.service), Math.floor(time / DAY_MS), 1 - denied, denied);
    if (calls.length === 0) return;
    const bucket = this.bucket;
    if (bucket !== undefined) {
      const number = tables.buckets.id(bucket);
      for (const action of calls) tables.bucketUsage.merge(principal, number, action, time, time, 1 - denied, denied);
    }
    const via = this.viaService(at) ? 1 : 0;
    const region = this.value(at, S_AWS_REGION)?.text;
    const known = region !== undefined && region !== 'unknown';
    const regionNumber = known ? this.numbers.region(this.spans[at + IDS + S_AWS_REGION]!, region) : -1;
    for (const action of calls) {
      const row = tables.usage.addCall(principal, action, time, denied, via);
      if (known) tables.usage.addRegion(row, regionNumber, region);
    }
  }

  /** isViaService (principal.ts) of the record's identity. */
  private viaService(at: number): boolean {
    return this.value(at, S_TYPE)?.kind !== IdentityKind.AwsService && this.value(at, S_INVOKED_BY)?.text !== undefined;
  }
}

const NO_ACTIONS: readonly number[] = [];
