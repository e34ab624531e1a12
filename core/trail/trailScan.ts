// Reads whole trail files (`{"Records":[...]}`) with the WebAssembly scanner (wasm/trailScan.ts, built into
// dist/trailScan.wasm): it finds the byte spans of the members the aggregation reads, and only those are decoded
// here. Files the scanner refuses are read the exact way (fileIngest.ts), so no result depends on it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrailRecord } from './record';

interface ScanExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  prepare(length: number): number;
  scan(length: number): number;
  spans(): number;
  internEpoch(): number;
  internLimits(ids: number, bytes: number): void;
}

// The scanner's output: per record, a [start, end) byte span per slot (start -1: absent), a bit per slot whose
// string needs JSON.parse (a backslash or a non-ASCII byte) with the bit UNINTERNED, a bit per slot whose string is
// byte for byte the previous record's, an id per slot of its value's bytes (IDS: -1 absent, -2 none), and eventTime
// as a day number and milliseconds of the day (TIME; NO_TIME when not `YYYY-MM-DDTHH:MM:SSZ`). Same order as in
// wasm/trailScan.ts.
const S_EVENT_TIME = 0;
const S_TIMESTAMP = 1;
export const S_EVENT_SOURCE = 2;
export const S_EVENT_NAME = 3;
export const S_EVENT_TYPE = 4;
export const S_AWS_REGION = 5;
export const S_RECIPIENT = 6;
export const S_ERROR_CODE = 7;
export const S_ERROR_MESSAGE = 8;
export const S_READ_ONLY = 9;
export const S_EVENT_CATEGORY = 10;
export const S_MANAGEMENT_EVENT = 11;
const S_USER_IDENTITY = 12;
const S_REQUEST_PARAMETERS = 13;
const S_RESOURCES = 14;
export const S_TYPE = 15;
export const S_ARN = 16;
export const S_ACCOUNT_ID = 17;
export const S_INVOKED_BY = 18;
const S_SESSION_CONTEXT = 19;
const S_SESSION_ISSUER = 20;
export const S_ISSUER_ARN = 21;
const SLOTS = 22;
export const FLAGS = SLOTS * 2;
const SAME = FLAGS + 1;
export const IDS = SLOTS * 2 + 2;
export const TIME = IDS + SLOTS;
export const RECORD_INTS = TIME + 2;
/** The flag of a record with a value in an interned slot that has no id (an object or array, or a full table). */
export const UNINTERNED = 1 << 30;
/** The day number of a record whose eventTime is not a string of exactly CloudTrail's form. */
export const NO_TIME = -(2 ** 31);

/** The scanner's file name, next to the bundles in dist/ (and found there from the sources too). */
const WASM_FILE = 'trailScan.wasm';

/** The part of the WebAssembly API used here (the ES2022 lib this project compiles against does not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

let loaded: ScanExports | null | undefined;

/** The scanner of this thread, instantiated on first use; undefined when the .wasm is missing or cannot run. */
function scanner(): ScanExports | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  loaded = null;
  for (const dir of [__dirname, join(__dirname, '..', '..', 'dist')]) {
    const path = join(dir, WASM_FILE);
    if (!existsSync(path)) continue;
    try {
      const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
      const instance = new wasm.Instance(new wasm.Module(readFileSync(path)), {});
      loaded = instance.exports as unknown as ScanExports;
    } catch {
      loaded = null;
    }
    break;
  }
  return loaded ?? undefined;
}

/** True when this thread can run the scanner. */
export function trailScanAvailable(): boolean {
  return scanner() !== undefined;
}

/**
 * The records of the trail file whose (gunzipped) bytes are `bytes`, in file order; or a negative number (the
 * scanner's reason) when it is not plainly a valid trail file of bare records, or the scanner is not available or
 * busy (0 records is an empty Records array).
 */
export function scanTrail(bytes: Buffer): TrailRecord[] | number {
  if (!scanBegin(bytes.length)) return -100;
  try {
    if (!scanWrite(bytes)) return -100;
    const count = scanEnd();
    return count < 0 ? count : [...scannedRecords(count)];
  } finally {
    scanRelease();
  }
}

/** Where the text being scanned is in the scanner's memory, how much room it was given, and whether a file holds it. */
let scannedAt = 0;
let scannedLength = 0;
let room = 0;
let busy = false;

/**
 * Claims the scanner for one file and makes room in its memory for a text of up to `length` bytes, written by
 * {@link scanWrite} as it arrives (a gunzip stream's chunks), scanned by {@link scanEnd}, its records read by
 * {@link scannedRecords}, and the scanner given back by {@link scanRelease}. False when the scanner is not
 * available, or another file read at the same time in this thread holds it (that file is read the exact way).
 */
export function scanBegin(length: number): boolean {
  const wasm = scanner();
  if (!wasm || busy) return false;
  try {
    scannedAt = wasm.prepare(length);
  } catch {
    return false;
  }
  busy = true;
  scannedLength = 0;
  room = length;
  return true;
}

/** Gives the scanner back, once the file that {@link scanBegin} claimed it for is done with it. */
export function scanRelease(): void {
  busy = false;
}

/** Appends `chunk` to the text; false when it does not fit in the room {@link scanBegin} made. */
export function scanWrite(chunk: Uint8Array): boolean {
  const wasm = scanner();
  if (!wasm || scannedLength + chunk.length > room) return false;
  new Uint8Array(wasm.memory.buffer, scannedAt + scannedLength, chunk.length).set(chunk);
  scannedLength += chunk.length;
  return true;
}

/**
 * The room {@link scanBegin} made, as a view of the scanner's memory one byte longer (the padding after the text is
 * there), for a text written in place; {@link scanWritten} then says how long it is. Valid until the scan.
 */
export function scanRoom(): Uint8Array {
  const wasm = scanner();
  return wasm ? new Uint8Array(wasm.memory.buffer, scannedAt, room + 1) : new Uint8Array(0);
}

/** Sets the length of the text written into {@link scanRoom}; false when it is longer than the room. */
export function scanWritten(length: number): boolean {
  if (!scanner() || length > room) return false;
  scannedLength = length;
  return true;
}

/** Scans the text written: the number of records, or a negative number (the scanner's reason) when it refuses it. */
export function scanEnd(): number {
  const wasm = scanner();
  if (!wasm) return -100;
  try {
    return wasm.scan(scannedLength);
  } catch {
    // Out of memory for the spans: the exact way reads the file.
    return -101;
  }
}

/** The text scanned last and the scanner's output for it: valid until the next scan. */
export interface ScannedFile {
  readonly text: Buffer;
  /** RECORD_INTS per record. */
  readonly spans: Int32Array;
  readonly count: number;
  /** The interning table's epoch: ids of another epoch mean other bytes. */
  readonly epoch: number;
}

/** The text scanned last, whose {@link scanEnd} gave `count` records. */
export function scannedFile(count: number): ScannedFile | undefined {
  const wasm = scanner();
  if (!wasm) return undefined;
  const text = Buffer.from(wasm.memory.buffer, scannedAt, scannedLength);
  const spans = new Int32Array(wasm.memory.buffer, wasm.spans(), count * RECORD_INTS);
  return { text, spans, count, epoch: wasm.internEpoch() };
}

/** Sets how many ids and bytes the scanner's interning table holds, and empties it: tests make it small. */
export function setInternLimits(ids: number, bytes: number): void {
  scanner()?.internLimits(ids, bytes);
}

/** The requestParameters and resources of record `index` of a scanned file, each parsed when first read. */
export function scannedRequestAt(file: ScannedFile, index: number): Pick<TrailRecord, 'requestParameters' | 'resources'> {
  return new ScannedRequest(file.text, file.spans, index * RECORD_INTS);
}

/** Record `index` of a scanned file, decoded on its own (not from the record before it). */
export function scannedRecordAt(file: ScannedFile, index: number): TrailRecord {
  return new ScannedRecord(file.text, file.spans, index * RECORD_INTS, undefined);
}

/**
 * The `count` records of the text scanned last, one at a time (each is used and dropped before the next is made),
 * valid until the next scan.
 */
export function* scannedRecords(count: number): Generator<TrailRecord> {
  const wasm = scanner();
  if (!wasm) return;
  const text = Buffer.from(wasm.memory.buffer, scannedAt, scannedLength);
  const spans = new Int32Array(wasm.memory.buffer, wasm.spans(), count * RECORD_INTS);
  const previous = new Array<unknown>(SLOTS).fill(undefined);
  for (let r = 0; r < count; r++) yield new ScannedRecord(text, spans, r * RECORD_INTS, previous);
}

const NOT_READ: unique symbol = Symbol('not read');

/** A record's requestParameters and resources, each parsed when first read (most records never need them). */
class ScannedRequest implements Pick<TrailRecord, 'requestParameters' | 'resources'> {
  private readonly text: Buffer;
  private readonly parametersAt: number;
  private readonly parametersEnd: number;
  private readonly resourcesAt: number;
  private readonly resourcesEnd: number;
  private parameters: unknown = NOT_READ;
  private resourceList: unknown = NOT_READ;

  constructor(text: Buffer, spans: Int32Array, at: number) {
    this.text = text;
    this.parametersAt = spans[at + 2 * S_REQUEST_PARAMETERS] ?? -1;
    this.parametersEnd = spans[at + 2 * S_REQUEST_PARAMETERS + 1] ?? -1;
    this.resourcesAt = spans[at + 2 * S_RESOURCES] ?? -1;
    this.resourcesEnd = spans[at + 2 * S_RESOURCES + 1] ?? -1;
  }

  get requestParameters(): unknown {
    if (this.parameters === NOT_READ) this.parameters = this.parametersAt < 0 ? undefined : parse(this.text, this.parametersAt, this.parametersEnd);
    return this.parameters;
  }

  get resources(): unknown {
    if (this.resourceList === NOT_READ) this.resourceList = this.resourcesAt < 0 ? undefined : parse(this.text, this.resourcesAt, this.resourcesEnd);
    return this.resourceList;
  }
}

/** One record: the members the aggregation reads, decoded; requestParameters and resources parsed when first read. */
class ScannedRecord extends ScannedRequest implements TrailRecord {
  readonly eventTime: unknown;
  readonly '@timestamp': unknown;
  readonly eventSource: unknown;
  readonly eventName: unknown;
  readonly eventType: unknown;
  readonly awsRegion: unknown;
  readonly recipientAccountId: unknown;
  readonly errorCode: unknown;
  readonly errorMessage: unknown;
  readonly readOnly: unknown;
  readonly eventCategory: unknown;
  readonly managementEvent: unknown;
  readonly userIdentity: unknown;

  /** `previous`: the decoded values of the record before, in record order; undefined to decode every value. */
  constructor(text: Buffer, spans: Int32Array, at: number, previous: unknown[] | undefined) {
    super(text, spans, at);
    const flags = spans[at + FLAGS] ?? 0;
    const same = previous ? (spans[at + SAME] ?? 0) : 0;
    const value = (text: Buffer, spans: Int32Array, at: number, slot: number, flags: number): unknown => {
      if ((same & (1 << slot)) !== 0) return previous?.[slot];
      const v = decode(text, spans, at, slot, flags);
      if (previous) previous[slot] = v;
      return v;
    };
    this.eventTime = value(text, spans, at, S_EVENT_TIME, flags);
    this['@timestamp'] = value(text, spans, at, S_TIMESTAMP, flags);
    this.eventSource = value(text, spans, at, S_EVENT_SOURCE, flags);
    this.eventName = value(text, spans, at, S_EVENT_NAME, flags);
    this.eventType = value(text, spans, at, S_EVENT_TYPE, flags);
    this.awsRegion = value(text, spans, at, S_AWS_REGION, flags);
    this.recipientAccountId = value(text, spans, at, S_RECIPIENT, flags);
    this.errorCode = value(text, spans, at, S_ERROR_CODE, flags);
    this.errorMessage = value(text, spans, at, S_ERROR_MESSAGE, flags);
    this.readOnly = value(text, spans, at, S_READ_ONLY, flags);
    this.eventCategory = value(text, spans, at, S_EVENT_CATEGORY, flags);
    this.managementEvent = value(text, spans, at, S_MANAGEMENT_EVENT, flags);
    this.userIdentity = identity(text, spans, at, flags, value);
  }
}

/** How the value in a slot is found (decoded, or reused from the previous record). */
type Value = (text: Buffer, spans: Int32Array, at: number, slot: number, flags: number) => unknown;

/** The value in a slot: plain ASCII strings sliced, literals by their first byte, anything else by JSON.parse. */
export function decode(text: Buffer, spans: Int32Array, at: number, slot: number, flags: number): unknown {
  const start = spans[at + 2 * slot] ?? -1;
  if (start < 0) return undefined;
  const end = spans[at + 2 * slot + 1] ?? -1;
  const first = text[start];
  if (first === 0x22 && (flags & (1 << slot)) === 0) return text.latin1Slice(start + 1, end - 1);
  if (first === 0x74) return true;
  if (first === 0x66) return false;
  if (first === 0x6e) return null;
  return parse(text, start, end);
}

function parse(text: Buffer, start: number, end: number): unknown {
  return JSON.parse(text.toString('utf8', start, end));
}

/** userIdentity as far as principal attribution reads it (core/trail/principal.ts), or its value when not an object. */
function identity(text: Buffer, spans: Int32Array, at: number, flags: number, value: Value): unknown {
  const start = spans[at + 2 * S_USER_IDENTITY] ?? -1;
  if (start < 0 || text[start] !== 0x7b) return value(text, spans, at, S_USER_IDENTITY, flags);
  return {
    type: value(text, spans, at, S_TYPE, flags),
    arn: value(text, spans, at, S_ARN, flags),
    accountId: value(text, spans, at, S_ACCOUNT_ID, flags),
    invokedBy: value(text, spans, at, S_INVOKED_BY, flags),
    sessionContext: objectOr(text, spans, at, S_SESSION_CONTEXT, flags, value, () => ({
      sessionIssuer: objectOr(text, spans, at, S_SESSION_ISSUER, flags, value, () => ({ arn: value(text, spans, at, S_ISSUER_ARN, flags) })),
    })),
  };
}

/** The walked object `walked()` when the slot holds an object, else the slot's value. */
function objectOr(text: Buffer, spans: Int32Array, at: number, slot: number, flags: number, value: Value, walked: () => object): unknown {
  const start = spans[at + 2 * slot] ?? -1;
  return start >= 0 && text[start] === 0x7b ? walked() : value(text, spans, at, slot, flags);
}

declare global {
  interface Buffer {
    /** Node's own Latin-1 decoder (what `toString('latin1', ...)` calls after checking its arguments). */
    latin1Slice(start: number, end: number): string;
  }
}
