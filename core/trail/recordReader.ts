import type { TrailRecord } from './record';

/**
 * A selective reader of trail files (`{"Records":[...]}`): it walks each record's top-level members and takes only
 * those the aggregation reads (see {@link TrailRecord}); every other member (responseElements, userAgent,
 * tlsDetails, ... most of the bytes) is checked for structure and skipped without making a value. It replaces
 * JSON.parse of every record on the import's hot path.
 *
 * It refuses (push/end return false) anything it does not fully understand: other file shapes, a record that is
 * not an object or is not a bare record (no string eventName, or an EventBridge `detail`), keys written with
 * escapes, bad JSON between or inside values, truncation. The caller then reads the file the exact way
 * (TrailSplitter + JSON.parse), so records and reasons stay those of a whole parse.
 *
 * What it checks: the JSON grammar of every token outside strings (brackets, colons, commas, numbers, literals),
 * and that every string is closed. What it does not check in members it skips: the content of strings (an invalid
 * escape such as `\x`, or a raw control character, which JSON.parse refuses); AWS never writes either.
 */
export class SelectiveTrailReader {
  /** Text not yet consumed: from the start of the current (incomplete) record, or the scan position. */
  private text = '';
  private pos = 0;
  private stage: 'prefix' | 'elements' | 'after' | 'closed' = 'prefix';
  /** In the Records array: true after `[` or `,` (a record must follow), false after a record. */
  private needRecord = true;
  private first = true;
  private refused = false;

  constructor(private readonly onRecord: (record: TrailRecord) => void) {}

  /** Adds text; false once the text is not a trail file this reader understands. */
  push(chunk: string): boolean {
    if (this.refused) return false;
    this.text = this.pos === 0 ? this.text + chunk : this.text.slice(this.pos) + chunk;
    this.pos = 0;
    if (!this.scan(false)) this.refused = true;
    return !this.refused;
  }

  /** True when all the text pushed was one whole trail file, every record of which was handed over. */
  end(): boolean {
    if (this.refused || !this.scan(true)) return false;
    return this.stage === 'closed';
  }

  private scan(atEnd: boolean): boolean {
    const s = this.text;
    const len = s.length;
    let i = this.pos;
    if (this.stage === 'prefix') {
      const m = TRAIL_PREFIX.exec(s);
      if (!m) return !atEnd && s.trimStart().length < 16;
      this.stage = 'elements';
      i = m[0].length;
    }
    setText(s);
    try {
      while (i < len) {
        const c = s.charCodeAt(i);
        if (c === 32 || c === 10 || c === 13 || c === 9) {
          i++;
          continue;
        }
        if (this.stage !== 'elements') {
          // After the Records array: only the closing brace of the file, and whitespace.
          if (c !== 125 || this.stage === 'closed') return false;
          this.stage = 'closed';
          i++;
        } else if (c === 123 && this.needRecord) {
          const record = new SelectedRecord(s);
          const end = readRecord(i, record);
          if (end === INCOMPLETE) break;
          if (end < 0 || typeof record.eventName !== 'string' || record.hasDetail) return false;
          this.onRecord(record);
          i = end;
          this.needRecord = false;
          this.first = false;
        } else if (c === 44 && !this.needRecord) {
          this.needRecord = true;
          i++;
        } else if (c === 93 && (!this.needRecord || this.first)) {
          this.stage = 'after';
          i++;
        } else return false;
      }
    } catch {
      // A needed string with a bad escape (JSON.parse of its slice), or nesting deeper than the stack.
      return false;
    } finally {
      setText('');
    }
    this.pos = i;
    return true;
  }
}

const TRAIL_PREFIX = /^[ \t\n\r]*\{[ \t\n\r]*"Records"[ \t\n\r]*:[ \t\n\r]*\[/;

/** A value ran to the end of the text: more text may complete it. */
const INCOMPLETE = -1;
/** Not JSON, or not something this reader takes. */
const REFUSED = -2;

/**
 * One record: the members the aggregation reads, as JSON.parse would give them. `requestParameters` and
 * `resources` are parsed only when read (today: events that can pass a role); the record keeps the file's text
 * only as long as it lives (one record at a time).
 */
class SelectedRecord implements TrailRecord {
  eventTime: unknown = undefined;
  '@timestamp': unknown = undefined;
  eventSource: unknown = undefined;
  eventName: unknown = undefined;
  eventType: unknown = undefined;
  awsRegion: unknown = undefined;
  recipientAccountId: unknown = undefined;
  errorCode: unknown = undefined;
  errorMessage: unknown = undefined;
  readOnly: unknown = undefined;
  eventCategory: unknown = undefined;
  managementEvent: unknown = undefined;
  userIdentity: unknown = undefined;
  hasDetail = false;
  private parametersFrom = -1;
  private parametersTo = -1;
  private resourcesFrom = -1;
  private resourcesTo = -1;
  private parsedParameters: unknown = undefined;
  private parsedResources: unknown = undefined;

  constructor(private readonly source: string) {}

  get requestParameters(): unknown {
    if (this.parametersFrom >= 0) {
      this.parsedParameters = JSON.parse(this.source.slice(this.parametersFrom, this.parametersTo));
      this.parametersFrom = -1;
    }
    return this.parsedParameters;
  }

  get resources(): unknown {
    if (this.resourcesFrom >= 0) {
      this.parsedResources = JSON.parse(this.source.slice(this.resourcesFrom, this.resourcesTo));
      this.resourcesFrom = -1;
    }
    return this.parsedResources;
  }

  setParameters(from: number, to: number): void {
    this.parametersFrom = from;
    this.parametersTo = to;
    this.parsedParameters = undefined;
  }

  setResources(from: number, to: number): void {
    this.resourcesFrom = from;
    this.resourcesTo = to;
    this.parsedResources = undefined;
  }
}

/**
 * A record's userIdentity, walked rather than parsed: the members principal attribution reads (type, arn,
 * accountId, invokedBy, sessionContext.sessionIssuer.arn), as JSON.parse would give them; no others.
 */
class SelectedIdentity {
  type: unknown = undefined;
  arn: unknown = undefined;
  accountId: unknown = undefined;
  invokedBy: unknown = undefined;
  sessionContext: unknown = undefined;
}

/** userIdentity.sessionContext, and its sessionIssuer: only the members attribution reads. */
class SelectedContext {
  sessionIssuer: unknown = undefined;
}

class SelectedIssuer {
  arn: unknown = undefined;
}

/** Which member of userIdentity (level 0), its sessionContext (1) or sessionIssuer (2) the key names; -1 for others. */
function identityKey(level: number, from: number, to: number): number {
  const n = to - from;
  if (level === 0) {
    if (n === 4 && s.startsWith('type', from)) return 0;
    if (n === 3 && s.startsWith('arn', from)) return 1;
    if (n === 9 && s.startsWith('accountId', from)) return 2;
    if (n === 9 && s.startsWith('invokedBy', from)) return 3;
    if (n === 14 && s.startsWith('sessionContext', from)) return 4;
  } else if (level === 1) {
    if (n === 13 && s.startsWith('sessionIssuer', from)) return 0;
  } else if (n === 3 && s.startsWith('arn', from)) return 0;
  return -1;
}

/** Reads the object at `i` as userIdentity (level 0) or one of its nested objects; the index after it, INCOMPLETE or REFUSED. */
function readIdentity(i: number, level: number, into: SelectedIdentity | SelectedContext | SelectedIssuer): number {
  i = skipSpace(i + 1);
  if (i >= len) return INCOMPLETE;
  if (s.charCodeAt(i) === 125) return i + 1;
  for (;;) {
    if (s.charCodeAt(i) !== 34) return i >= len ? INCOMPLETE : REFUSED;
    const keyEnd = stringEnd(i);
    if (keyEnd < 0) return keyEnd;
    const key = identityKey(level, i + 1, keyEnd);
    if (key < 0 && hasBackslash(i + 1, keyEnd)) return REFUSED;
    i = skipSpace(keyEnd + 1);
    if (s.charCodeAt(i) !== 58) return i >= len ? INCOMPLETE : REFUSED;
    i = skipSpace(i + 1);
    if (key < 0) i = skipValue(i);
    else if (level < 2 && key === (level === 0 ? 4 : 0) && s.charCodeAt(i) === 123) {
      const inner = level === 0 ? new SelectedContext() : new SelectedIssuer();
      i = readIdentity(i, level + 1, inner);
      if (level === 0) (into as SelectedIdentity).sessionContext = inner;
      else (into as SelectedContext).sessionIssuer = inner;
    } else {
      const from = i;
      i = skipValue(i);
      if (i < 0) return i;
      // Slots after the record's members remember the last type, arn and account (see internedValue).
      const value = s.charCodeAt(from) === 34 ? internedValue(Member.Detail + 1 + level * 5 + key, from, i - 1) : valueAt(from, i);
      if (level === 0) {
        const identity = into as SelectedIdentity;
        if (key === 0) identity.type = value;
        else if (key === 1) identity.arn = value;
        else if (key === 2) identity.accountId = value;
        else if (key === 3) identity.invokedBy = value;
        else identity.sessionContext = value;
      } else if (level === 1) (into as SelectedContext).sessionIssuer = value;
      else (into as SelectedIssuer).arn = value;
    }
    if (i < 0) return i;
    i = skipSpace(i);
    const c = s.charCodeAt(i);
    if (c === 44) i = skipSpace(i + 1);
    else if (c === 125) return i + 1;
    else return i >= len ? INCOMPLETE : REFUSED;
  }
}

/** The value between `from` and `to` as JSON.parse gives it; strings as interned copies (an ARN becomes a key of the aggregates). */
function valueAt(from: number, to: number): unknown {
  const c = s.charCodeAt(from);
  if (c === 34) return intern(stringValue(from, to - 1));
  if (c === 116) return true;
  if (c === 102) return false;
  if (c === 110) return null;
  return JSON.parse(s.slice(from, to));
}

// The text being read, in module variables: the scan functions below are the hot path and take only indexes.
let s = '';
let len = 0;

function setText(text: string): void {
  s = text;
  len = text.length;
}

/** Members the reader takes, by number. */
const enum Member {
  Other,
  EventTime,
  Timestamp,
  EventSource,
  EventName,
  EventType,
  AwsRegion,
  RecipientAccountId,
  ErrorCode,
  ErrorMessage,
  ReadOnly,
  EventCategory,
  ManagementEvent,
  UserIdentity,
  RequestParameters,
  Resources,
  Detail,
}

/** Member names by length, for {@link memberAt}. */
const NAMES: (readonly [string, Member])[][] = [];
for (const [name, member] of [
  ['eventTime', Member.EventTime],
  ['@timestamp', Member.Timestamp],
  ['eventSource', Member.EventSource],
  ['eventName', Member.EventName],
  ['eventType', Member.EventType],
  ['awsRegion', Member.AwsRegion],
  ['recipientAccountId', Member.RecipientAccountId],
  ['errorCode', Member.ErrorCode],
  ['errorMessage', Member.ErrorMessage],
  ['readOnly', Member.ReadOnly],
  ['eventCategory', Member.EventCategory],
  ['managementEvent', Member.ManagementEvent],
  ['userIdentity', Member.UserIdentity],
  ['requestParameters', Member.RequestParameters],
  ['resources', Member.Resources],
  ['detail', Member.Detail],
] as const) {
  (NAMES[name.length] ??= []).push([name, member]);
}

/** Which member the key between `from` and `to` (the quotes excluded) names. */
function memberAt(from: number, to: number): Member {
  const candidates = NAMES[to - from];
  if (candidates === undefined) return Member.Other;
  // Names of one length differ in their first or sixth character; compare those before the whole name.
  const c0 = s.charCodeAt(from);
  const c5 = s.charCodeAt(from + 5);
  for (const [name, member] of candidates) {
    if (name.charCodeAt(0) === c0 && name.charCodeAt(5) === c5 && s.startsWith(name, from)) return member;
  }
  return Member.Other;
}

/** Strings the aggregation keeps (sources, names, Regions, accounts): one flat copy each, not a slice of the file. */
const interned = new Map<string, string>();

/** The last value taken for each member: a trail file's records mostly repeat their type, Region and account. */
const lastValues: string[] = [];

/** The string opened at `from` and closed at `end`, as one interned copy (see {@link intern}). */
function internedValue(member: number, from: number, end: number): string {
  const last = lastValues[member];
  if (last !== undefined && last.length === end - from - 1 && s.startsWith(last, from + 1)) return last;
  const raw = s.slice(from + 1, end);
  if (raw.indexOf('\\') >= 0) return intern(JSON.parse(s.slice(from, end + 1)) as string);
  // Only a value written without escapes is compared with the raw text of the next one.
  const value = intern(raw);
  lastValues[member] = value;
  return value;
}

function intern(text: string): string {
  const found = interned.get(text);
  if (found !== undefined) return found;
  if (interned.size > 4096) interned.clear();
  // V8 makes a slice of 13 characters or more a view of the file's text: keep a copy made of a small new string.
  const copy = text.length < 13 ? text : ` ${text}`.slice(1);
  interned.set(copy, copy);
  return copy;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipSpace(i: number): number {
  while (i < len && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** The index of the quote closing the string opened at `i`, or INCOMPLETE. A quote after an odd run of backslashes is escaped. */
function stringEnd(i: number): number {
  let q = i;
  for (;;) {
    q = s.indexOf('"', q + 1);
    if (q < 0) return INCOMPLETE;
    if (s.charCodeAt(q - 1) !== 92) return q;
    let k = q - 2;
    while (s.charCodeAt(k) === 92) k--;
    if ((q - 1 - k) % 2 === 0) return q;
  }
}

/** The value of the string opened at `i` and closed at `end`, decoded as JSON.parse does. */
function stringValue(i: number, end: number): string {
  const raw = s.slice(i + 1, end);
  return raw.indexOf('\\') < 0 ? raw : (JSON.parse(s.slice(i, end + 1)) as string);
}

function hasBackslash(from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (s.charCodeAt(k) === 92) return true;
  return false;
}

/** Skips the value at `i`; the index after it, INCOMPLETE or REFUSED. */
function skipValue(i: number): number {
  if (i >= len) return INCOMPLETE;
  const c = s.charCodeAt(i);
  if (c === 34) {
    const end = stringEnd(i);
    return end < 0 ? end : end + 1;
  }
  if (c === 123) return skipObject(i);
  if (c === 91) return skipArray(i);
  if (c === 116) return literal(i, 'true');
  if (c === 102) return literal(i, 'false');
  if (c === 110) return literal(i, 'null');
  if (c === 45 || (c >= 48 && c <= 57)) return number(i);
  return REFUSED;
}

function skipObject(i: number): number {
  i = skipSpace(i + 1);
  if (i >= len) return INCOMPLETE;
  if (s.charCodeAt(i) === 125) return i + 1;
  for (;;) {
    if (s.charCodeAt(i) !== 34) return i >= len ? INCOMPLETE : REFUSED;
    const keyEnd = stringEnd(i);
    if (keyEnd < 0) return keyEnd;
    i = skipSpace(keyEnd + 1);
    if (s.charCodeAt(i) !== 58) return i >= len ? INCOMPLETE : REFUSED;
    i = skipValue(skipSpace(i + 1));
    if (i < 0) return i;
    i = skipSpace(i);
    const c = s.charCodeAt(i);
    if (c === 44) i = skipSpace(i + 1);
    else if (c === 125) return i + 1;
    else return i >= len ? INCOMPLETE : REFUSED;
  }
}

function skipArray(i: number): number {
  i = skipSpace(i + 1);
  if (i >= len) return INCOMPLETE;
  if (s.charCodeAt(i) === 93) return i + 1;
  for (;;) {
    i = skipValue(i);
    if (i < 0) return i;
    i = skipSpace(i);
    const c = s.charCodeAt(i);
    if (c === 44) i = skipSpace(i + 1);
    else if (c === 93) return i + 1;
    else return i >= len ? INCOMPLETE : REFUSED;
  }
}

function literal(i: number, word: string): number {
  if (i + word.length > len) return word.startsWith(s.slice(i)) ? INCOMPLETE : REFUSED;
  return s.startsWith(word, i) ? i + word.length : REFUSED;
}

/** JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
function number(i: number): number {
  if (s.charCodeAt(i) === 45) i++;
  if (i >= len) return INCOMPLETE;
  let c = s.charCodeAt(i);
  if (c === 48) i++;
  else if (c >= 49 && c <= 57) i = digits(i);
  else return REFUSED;
  if (i >= len) return INCOMPLETE;
  c = s.charCodeAt(i);
  if (c === 46) {
    const from = i + 1;
    i = digits(from);
    if (i >= len) return INCOMPLETE;
    if (i === from) return REFUSED;
    c = s.charCodeAt(i);
  }
  if (c === 101 || c === 69) {
    i++;
    if (i < len && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
    const from = i;
    i = digits(from);
    if (i >= len) return INCOMPLETE;
    if (i === from) return REFUSED;
  }
  return i;
}

function digits(i: number): number {
  while (i < len) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i;
}

/** Reads the record (an object) at `i` into `record`; the index after it, INCOMPLETE or REFUSED. */
function readRecord(i: number, record: SelectedRecord): number {
  i = skipSpace(i + 1);
  if (i >= len) return INCOMPLETE;
  if (s.charCodeAt(i) === 125) return i + 1;
  for (;;) {
    if (s.charCodeAt(i) !== 34) return i >= len ? INCOMPLETE : REFUSED;
    const keyEnd = stringEnd(i);
    if (keyEnd < 0) return keyEnd;
    const member = memberAt(i + 1, keyEnd);
    // A key spelled with escapes could name a member the reader takes: leave such records to JSON.parse.
    if (member === Member.Other && hasBackslash(i + 1, keyEnd)) return REFUSED;
    i = skipSpace(keyEnd + 1);
    if (s.charCodeAt(i) !== 58) return i >= len ? INCOMPLETE : REFUSED;
    i = skipSpace(i + 1);
    if (member === Member.Other) i = skipValue(i);
    else i = readMember(i, member, record);
    if (i < 0) return i;
    i = skipSpace(i);
    const c = s.charCodeAt(i);
    if (c === 44) i = skipSpace(i + 1);
    else if (c === 125) return i + 1;
    else return i >= len ? INCOMPLETE : REFUSED;
  }
}

/** Reads the value at `i` of a member the aggregation takes; the index after it, INCOMPLETE or REFUSED. */
function readMember(i: number, member: Member, record: SelectedRecord): number {
  const from = i;
  let value: unknown;
  if (s.charCodeAt(i) === 34) {
    const end = stringEnd(i);
    if (end < 0) return end;
    i = end + 1;
    if (member !== Member.RequestParameters && member !== Member.Resources) {
      value = member === Member.EventTime || member === Member.Timestamp || member === Member.ErrorMessage ? stringValue(from, end) : internedValue(member, from, end);
    }
  } else {
    if (member === Member.UserIdentity && s.charCodeAt(i) === 123) {
      const identity = new SelectedIdentity();
      i = readIdentity(i, 0, identity);
      if (i < 0) return i;
      record.userIdentity = identity;
      return i;
    }
    i = skipValue(i);
    if (i < 0) return i;
    if (member !== Member.RequestParameters && member !== Member.Resources && member !== Member.Detail) {
      const c = s.charCodeAt(from);
      value = c === 116 ? true : c === 102 ? false : c === 110 ? null : JSON.parse(s.slice(from, i));
    }
  }
  switch (member) {
    case Member.EventTime:
      record.eventTime = value;
      break;
    case Member.Timestamp:
      record['@timestamp'] = value;
      break;
    case Member.EventSource:
      record.eventSource = value;
      break;
    case Member.EventName:
      record.eventName = value;
      break;
    case Member.EventType:
      record.eventType = value;
      break;
    case Member.AwsRegion:
      record.awsRegion = value;
      break;
    case Member.RecipientAccountId:
      record.recipientAccountId = value;
      break;
    case Member.ErrorCode:
      record.errorCode = value;
      break;
    case Member.ErrorMessage:
      record.errorMessage = value;
      break;
    case Member.ReadOnly:
      record.readOnly = value;
      break;
    case Member.EventCategory:
      record.eventCategory = value;
      break;
    case Member.ManagementEvent:
      record.managementEvent = value;
      break;
    case Member.UserIdentity:
      record.userIdentity = value;
      break;
    case Member.RequestParameters:
      record.setParameters(from, i);
      break;
    case Member.Resources:
      record.setResources(from, i);
      break;
    case Member.Detail:
      record.hasDetail = true;
      break;
  }
  return i;
}
