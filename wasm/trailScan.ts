// The trail-file scanner, compiled to WebAssembly (SIMD128) by AssemblyScript: see esbuild.mjs and
// core/trail/trailScan.ts, which loads it. It reads the bytes of one whole trail file (`{"Records":[...]}`) and
// writes, for each record, where the values the aggregation reads are (core/trail/record.ts), without decoding any.
//
// Stage 1 (simdjson's): per 64-byte block, bitmasks of quotes, backslashes, structural characters, whitespace and
// control bytes, 16 bytes per SIMD compare; escaped quotes are dropped, and the bytes inside strings found by a
// prefix XOR of the quote mask. It runs over the whole text first and writes, per block, a 64-bit word of where the
// tokens start (structural characters outside strings, quotes, the first byte of each number or literal). Stage 2
// then takes those bits in order with a grammar state machine and a stack of open containers, a whole `"key": value`
// per turn when the value is a string, so string contents are never visited and skipped members cost a few steps.
// Its loop calls no function but atomEnd (numbers and literals are few): V8 keeps a wasm function's locals on the
// stack across calls.
//
// It checks the whole text is valid JSON of exactly that shape (brackets, colons, commas, closed strings, escapes,
// control characters, numbers and literals). Anything else gives a negative result and the caller reads the file
// the exact way: records whose eventName is not a string, a `detail` member, escapes in the keys it matches, a
// member read twice, other top-level members, nesting deeper than MAX_DEPTH.

// Per record, RECORD_INTS i32: a [start, end) byte span per slot (-1 when absent), then a bit per slot whose string
// holds a backslash or a non-ASCII byte (JSON.parse decodes it) and the bit UNINTERNED, then a bit per slot whose
// string is byte for byte the previous record's (its decoded value can be reused), then an id per slot (IDS), then
// eventTime as a day number and milliseconds of the day (TIME).
//
// Ids: the bytes of each scalar slot's value (INTERNED: a string with its quotes, a number, a literal) are interned
// in a table that lasts across files, so equal bytes have one id in every slot and every file (core/trail/
// scanAggregate.ts caches what it derives from a value by id). -1: absent. An object or array in one of those slots,
// or a value met when the table is full, has no id (NOT_INTERNED) and sets the record's UNINTERNED bit. The table is
// emptied before a file's ids are set once it is half full (its bytes or its ids); internEpoch() counts the times,
// so the caller knows its ids are void. The ids of the other slots are not set.
const S_eventTime = 0;
const S_AT_timestamp = 1;
const S_eventSource = 2;
const S_eventName = 3;
const S_eventType = 4;
const S_awsRegion = 5;
const S_recipientAccountId = 6;
const S_errorCode = 7;
const S_errorMessage = 8;
const S_readOnly = 9;
const S_eventCategory = 10;
const S_managementEvent = 11;
const S_userIdentity = 12;
const S_requestParameters = 13;
const S_resources = 14;
const S_type = 15;
const S_arn = 16;
const S_accountId = 17;
const S_invokedBy = 18;
const S_sessionContext = 19;
const S_sessionIssuer = 20;
const S_issuerArn = 21;
const SLOTS = 22;
const FLAGS = SLOTS * 2;
const IDS = SLOTS * 2 + 2;
const TIME = IDS + SLOTS;
const RECORD_INTS = TIME + 2;
/** The slots whose values are interned: the scalar ones, not eventTime, @timestamp or the objects. */
const INTERNED: i32 = (1 << S_eventSource) | (1 << S_eventName) | (1 << S_eventType) | (1 << S_awsRegion) | (1 << S_recipientAccountId) | (1 << S_errorCode) |
  (1 << S_errorMessage) | (1 << S_readOnly) | (1 << S_eventCategory) | (1 << S_managementEvent) | (1 << S_type) | (1 << S_arn) | (1 << S_accountId) |
  (1 << S_invokedBy) | (1 << S_issuerArn);
/** The flag of a record with a value in an INTERNED slot that has no id. */
const UNINTERNED = 1 << 30;
const NOT_INTERNED = -2;
/** The day number of a record whose eventTime is not a string of exactly the form `YYYY-MM-DDTHH:MM:SSZ`. */
const NO_TIME = i32.MIN_VALUE;
/** A key slot: the top-level `Records`; a `detail` member (an EventBridge event, not a bare record). */
const KEY_RECORDS = 100;
const KEY_DETAIL = -2;

// Why a file is refused (negative results; tests tell them apart).
export const BAD_JSON = -1;
export const NOT_TRAIL = -2;
export const NOT_BARE_RECORD = -3;
export const KEY_ESCAPE = -4;
export const DUPLICATE = -5;
export const TOO_DEEP = -6;

// What each open container is (the stack's ctx).
const C_NONE: u8 = 0;
const C_TOP: u8 = 1;
const C_RECORDS: u8 = 2;
const C_RECORD: u8 = 3;
const C_IDENTITY: u8 = 4;
const C_SESSION: u8 = 5;
const C_ISSUER: u8 = 6;

// Grammar states of stage 2 (between turns: a key, its colon and a string value are read within one).
const ST_VALUE = 0; // a value must come: after ':' or after ',' in an array
const ST_VALUE_OR_END = 1; // after '['
const ST_KEY = 2; // after ',' in an object
const ST_KEY_OR_END = 3; // after '{'
const ST_AFTER = 4; // after a value: ',' or the container's end
const ST_DONE = 5; // after the top-level object

const MAX_DEPTH = 1024;
const isObject = memory.data(MAX_DEPTH + 1);
const context = memory.data(MAX_DEPTH + 1);
const keySlot = memory.data((MAX_DEPTH + 1) * 4);

const PAGE = 65536;
/** Room after the input: the padding of spaces (a block and the 4 hex digits a `\u` at the end may look at). */
const PAD = 128;

// The interning table, from __heap_base, before each file's input: a hash table of id + 1 per slot (0: free), and per
// id where its bytes are in the table's bytes, their length and their hash.
const INTERN_SLOTS = 1 << 16;
const INTERN_IDS = 1 << 15;
const INTERN_BYTES = 2 << 20;
const internSlots: usize = (__heap_base + 63) & ~63;
const internAt: usize = internSlots + INTERN_SLOTS * 4;
const internLength: usize = internAt + INTERN_IDS * 4;
const internHash: usize = internLength + INTERN_IDS * 4;
const internBytes: usize = internHash + INTERN_IDS * 4;
/** After the bytes, room for sameBytes reading 16 bytes at a time past the last one. */
const tableEnd: usize = internBytes + INTERN_BYTES + 64;
let internIds = 0;
let internUsed = 0;
let internEpochs = 0;
/** The most ids and bytes the table holds (lowered by tests, to empty it often). */
let idLimit = INTERN_IDS;
let byteLimit = INTERN_BYTES;

let input: usize = 0;
/** Stage 1's output: a 64-bit word per block of the input (and one more), each bit a byte that starts a token. */
let tokenWords: usize = 0;
let output: usize = 0;

/** Makes room for an input of `length` bytes and returns where to copy it. */
export function prepare(length: i32): usize {
  input = (tableEnd + 63) & ~63;
  tokenWords = (input + <usize>length + PAD + 63) & ~63;
  output = (tokenWords + ((<usize>length >> 6) + 2) * 8 + 63) & ~63;
  reserve(output + RECORD_INTS * 4 * 64);
  return input;
}

/** Where the records' spans are, after scan. */
export function spans(): usize {
  return output;
}

/** How many times the interning table was emptied: ids of an earlier count mean nothing now. */
export function internEpoch(): i32 {
  return internEpochs;
}

/** Sets the most ids and bytes the interning table holds (at most its room), and empties it. For tests. */
export function internLimits(ids: i32, bytes: i32): void {
  idLimit = min(max(ids, 1), INTERN_IDS);
  byteLimit = min(max(bytes, 1), INTERN_BYTES);
  internReset();
}

function internReset(): void {
  reserve(tableEnd);
  memory.fill(internSlots, 0, INTERN_SLOTS * 4);
  internIds = 0;
  internUsed = 0;
  internEpochs++;
}

/** A hash of the `n` bytes at `p`, 8 at a time (the bytes after them may be read). */
function hashBytes(p: usize, n: i32): u32 {
  let h: u64 = <u64>n * 0x9e3779b97f4a7c15;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    h = (h ^ load<u64>(p + <usize>i)) * 0xff51afd7ed558ccd;
    h ^= h >> 32;
  }
  if (i < n) {
    h = (h ^ (load<u64>(p + <usize>i) & (((<u64>1) << (<u64>(n - i) << 3)) - 1))) * 0xff51afd7ed558ccd;
    h ^= h >> 32;
  }
  return <u32>(h ^ (h >> 29));
}

/** The id of the `n` bytes at `p` (n > 0), added when new; NOT_INTERNED when new and the table is full. */
function intern(p: usize, n: i32): i32 {
  const hash = hashBytes(p, n);
  const mask = INTERN_SLOTS - 1;
  let slot = hash & mask;
  while (true) {
    const entry = load<i32>(internSlots + (<usize>slot << 2));
    if (entry == 0) break;
    const id = <usize>(entry - 1) << 2;
    if (load<u32>(internHash + id) == hash && load<i32>(internLength + id) == n && sameBytes(internBytes + <usize>load<i32>(internAt + id), p, n)) return entry - 1;
    slot = (slot + 1) & mask;
  }
  if (internIds >= idLimit || internUsed + n > byteLimit) return NOT_INTERNED;
  const id = internIds++;
  memory.copy(internBytes + <usize>internUsed, p, n);
  store<i32>(internAt + (<usize>id << 2), internUsed);
  store<i32>(internLength + (<usize>id << 2), n);
  store<u32>(internHash + (<usize>id << 2), hash);
  internUsed += n;
  store<i32>(internSlots + (<usize>slot << 2), id + 1);
  return id;
}

/**
 * Sets the ids (of the INTERNED slots) and TIME of the `count` records of a scanned text at `textBase`, after stage 2
 * (a call in its loop would cost it its locals kept in registers). A string that is the previous record's has its id.
 * The table is emptied first when half full, so ids stay the same through a file and most of a thread's files.
 */
function internRecords(textBase: usize, count: i32): void {
  if (internIds > idLimit >> 1 || internUsed > byteLimit >> 1) internReset();
  for (let r = 0; r < count; r++) {
    const record = output + <usize>r * RECORD_INTS * 4;
    const same = load<i32>(record + FLAGS * 4 + 4);
    let flags = load<i32>(record + FLAGS * 4);
    let slots = INTERNED;
    while (slots != 0) {
      const slot = ctz(slots);
      slots &= slots - 1;
      const start = load<i32>(record + (<usize>slot << 3));
      let id = -1;
      if (start >= 0) {
        if ((same >> slot) & 1) id = load<i32>(record - RECORD_INTS * 4 + (<usize>(IDS + slot) << 2));
        else {
          const c = load<u8>(textBase + <usize>start);
          id = c == 0x7b || c == 0x5b ? NOT_INTERNED : intern(textBase + <usize>start, load<i32>(record + (<usize>slot << 3), 4) - start);
        }
        if (id == NOT_INTERNED) flags |= UNINTERNED;
      }
      store<i32>(record + (<usize>(IDS + slot) << 2), id);
    }
    store<i32>(record + FLAGS * 4, flags);
    store<i32>(record + TIME * 4, NO_TIME);
    const time = load<i32>(record + (S_eventTime << 3));
    if (time >= 0 && load<i32>(record + (S_eventTime << 3), 4) - time == 22 && load<u8>(textBase + <usize>time) == 0x22) isoTime(textBase + <usize>time + 1, record + TIME * 4);
  }
}

/** The day number (days since 1970) of a proleptic Gregorian date, as Date.UTC counts (month 1-12). */
function daysFromCivil(year: i32, month: i32, day: i32): i32 {
  const y = month <= 2 ? year - 1 : year;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yearOfEra = y - era * 400;
  const dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

@inline function digits2(p: usize): i32 {
  return (<i32>load<u8>(p) - 0x30) * 10 + <i32>load<u8>(p + 1) - 0x30;
}

/**
 * Stores at `at` (TIME) the day number and milliseconds of the 20 bytes at `p` when they are `YYYY-MM-DDTHH:MM:SSZ`
 * with any digits, as parseTime (core/trail/record.ts) counts them: Date.UTC of the date (years 0-99 are 1900-1999,
 * months and days past their end roll over), plus the hours, minutes and seconds. Otherwise leaves NO_TIME.
 */
function isoTime(p: usize, at: usize): void {
  for (let i = 0; i < 19; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if (i == 4 || i == 7) {
      if (c != 0x2d) return;
    } else if (i == 10) {
      if (c != 0x54) return;
    } else if (i == 13 || i == 16) {
      if (c != 0x3a) return;
    } else if (!isDigit(c)) return;
  }
  if (load<u8>(p + 19) != 0x5a) return;
  let year = digits2(p) * 100 + digits2(p + 2);
  if (year <= 99) year += 1900;
  let month = digits2(p + 5) - 1;
  if (month < 0) {
    year--;
    month += 12;
  } else {
    year += month / 12;
    month %= 12;
  }
  store<i32>(at, daysFromCivil(year, month + 1, 1) + digits2(p + 8) - 1);
  store<i32>(at, digits2(p + 11) * 3_600_000 + digits2(p + 14) * 60_000 + digits2(p + 17) * 1000, 4);
}

function reserve(end: usize): void {
  const have = <usize>memory.size() * PAGE;
  if (end <= have) return;
  const pages = <i32>((end - have + PAGE - 1) / PAGE);
  if (memory.grow(max(pages, <i32>memory.size())) < 0) unreachable();
}

@inline function prefixXor(x: u64): u64 {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

/** The bits of the lanes of four 16-byte compares, as one 64-bit mask (pairs joined in 32 bits first). */
@inline function mask64(a: v128, b: v128, c: v128, d: v128): u64 {
  const low = <u32>i8x16.bitmask(a) | (<u32>i8x16.bitmask(b) << 16);
  const high = <u32>i8x16.bitmask(c) | (<u32>i8x16.bitmask(d) << 16);
  return <u64>low | (<u64>high << 32);
}

/** The lanes of `v` that are structural characters: braces, brackets (`[` and `]` are `{` and `}` but for 0x20), colons and commas. */
@inline function operators(v: v128): v128 {
  const folded = v128.or(v, i8x16.splat(0x20));
  return v128.or(v128.or(i8x16.eq(folded, i8x16.splat(0x7b)), i8x16.eq(folded, i8x16.splat(0x7d))), v128.or(i8x16.eq(v, i8x16.splat(0x3a)), i8x16.eq(v, i8x16.splat(0x2c))));
}

/** Whether the `n` bytes at `a` and at `b` are the same (1 to 16 at a time; the bytes after them may be read). */
function sameBytes(a: usize, b: usize, n: i32): bool {
  while (n > 16) {
    if (!i8x16.all_true(i8x16.eq(v128.load(a), v128.load(b)))) return false;
    a += 16;
    b += 16;
    n -= 16;
  }
  const want = (1 << n) - 1;
  return (i8x16.bitmask(i8x16.eq(v128.load(a), v128.load(b))) & want) == want;
}

@inline function isHex(c: u32): bool {
  return (c - 0x30 < 10) || ((c | 0x20) - 0x61 < 6);
}

/** Whether the escape whose letter is at `p` is one JSON allows. */
function validEscape(p: usize): bool {
  const c = <u32>load<u8>(p);
  if (c == 0x75) return isHex(load<u8>(p + 1)) && isHex(load<u8>(p + 2)) && isHex(load<u8>(p + 3)) && isHex(load<u8>(p + 4));
  return c == 0x22 || c == 0x5c || c == 0x2f || c == 0x62 || c == 0x66 || c == 0x6e || c == 0x72 || c == 0x74;
}

@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

/** The end of the number or literal starting at `p`, or 0 when it is not one JSON allows. */
function atomEnd(p: usize, end: usize): usize {
  let c = <u32>load<u8>(p);
  if (c == 0x74) return load<u32>(p) == 0x65757274 ? atomTail(p + 4, end) : 0; // true
  if (c == 0x6e) return load<u32>(p) == 0x6c6c756e ? atomTail(p + 4, end) : 0; // null
  if (c == 0x66) return load<u32>(p + 1) == 0x65736c61 ? atomTail(p + 5, end) : 0; // false
  let q = p;
  if (c == 0x2d) c = <u32>load<u8>(++q);
  if (c == 0x30) q++;
  else if (c - 0x31 < 9) while (isDigit(load<u8>(++q)));
  else return 0;
  if (load<u8>(q) == 0x2e) {
    if (!isDigit(load<u8>(++q))) return 0;
    while (isDigit(load<u8>(++q)));
  }
  if ((load<u8>(q) | 0x20) == 0x65) {
    c = load<u8>(++q);
    if (c == 0x2b || c == 0x2d) q++;
    if (!isDigit(load<u8>(q))) return 0;
    while (isDigit(load<u8>(++q)));
  }
  return atomTail(q, end);
}

/** `q` when the byte there ends a number or literal (whitespace, a structural character, the end), else 0. */
@inline function atomTail(q: usize, end: usize): usize {
  if (q >= end) return q;
  const c = load<u8>(q);
  return c == 0x20 || c == 0x2c || c == 0x5d || c == 0x7d || c == 0x0a || c == 0x0d || c == 0x09 || c == 0x3a ? q : 0;
}
// The record members read, found without a branch per key: a key of 8 bytes or more hashes (its first and last 8
// bytes and its length) to one of 16 entries, each the first, last and (for keys over 16 bytes) middle 8 bytes, the
// length and the slot of one member (no two hash to the same entry; an empty entry has length 0). The three words
// cover keys of up to 24 bytes; the longest read is 18.
const RECORD_HASH: u64 = 0xfe9b4b523df61d47;
const recordKeys = memory.data<u64>([
  0x6d6954746e657665, 0x656d6954746e6576, 0x0, 0x9, // eventTime
  0x6e65697069636572, 0x6449746e756f6363, 0x746e756f63634174, 0x600000012, // recipientAccountId
  0x617473656d697440, 0x706d617473656d69, 0x0, 0x10000000a, // @timestamp
  0x756f53746e657665, 0x656372756f53746e, 0x0, 0x20000000b, // eventSource
  0x6e65644972657375, 0x797469746e656449, 0x0, 0xc0000000c, // userIdentity
  0x5074736575716572, 0x73726574656d6172, 0x726574656d617261, 0xd00000011, // requestParameters
  0x646f43726f727265, 0x65646f43726f7272, 0x0, 0x700000009, // errorCode
  0x656d6567616e616d, 0x746e657645746e65, 0x0, 0xb0000000f, // managementEvent
  0x6f69676552737761, 0x6e6f696765527377, 0x0, 0x500000009, // awsRegion
  0x656372756f736572, 0x73656372756f7365, 0x0, 0xe00000009, // resources
  0x0, 0x0, 0x0, 0x0,
  0x73654d726f727265, 0x6567617373654d72, 0x0, 0x80000000c, // errorMessage
  0x6d614e746e657665, 0x656d614e746e6576, 0x0, 0x300000009, // eventName
  0x707954746e657665, 0x65707954746e6576, 0x0, 0x400000009, // eventType
  0x746143746e657665, 0x79726f6765746143, 0x0, 0xa0000000d, // eventCategory
  0x796c6e4f64616572, 0x796c6e4f64616572, 0x0, 0x900000008, // readOnly
], 32);

/** The slot of the key of a record member at `p` (`n` bytes, no escapes); -1 for a member not read. */
@inline function recordKey(p: usize, n: i32): i32 {
  if (n < 8) return n == 6 && load<u32>(p) == 0x61746564 && load<u32>(p + 2) == 0x6c696174 ? KEY_DETAIL : -1; // detail
  const first = load<u64>(p);
  const last = load<u64>(p + <usize>n - 8);
  const middle = load<u64>(p + 8);
  const entry = recordKeys + <usize>((((first ^ last ^ <u64>n) * RECORD_HASH) >> 60) << 5);
  const middleMask: u64 = n > 16 ? ~(<u64>0) : 0;
  const same = (load<u64>(entry) == first) & (load<u64>(entry, 8) == last) & (((load<u64>(entry, 16) ^ middle) & middleMask) == 0) & (load<i32>(entry, 24) == n);
  return select<i32>(load<i32>(entry, 28), -1, same);
}

/** The slot of the key of a userIdentity member at `p` (`n` bytes, no escapes); -1 for a member not read. */
function identityKey(p: usize, n: i32): i32 {
  switch (n) {
    case 3: {
      const a = <u32>load<u8>(p) | (<u32>load<u8>(p + 1) << 8) | (<u32>load<u8>(p + 2) << 16);
      if (a == 0x6e7261) return S_arn; // arn
      return -1;
    }
    case 4: {
      const a = load<u32>(p);
      if (a == 0x65707974) return S_type; // type
      return -1;
    }
    case 9: {
      const a = load<u64>(p);
      const b = load<u64>(p + 1);
      if (a == 0x49746e756f636361 && b == 0x6449746e756f6363) return S_accountId; // accountId
      if (a == 0x4264656b6f766e69 && b == 0x794264656b6f766e) return S_invokedBy; // invokedBy
      return -1;
    }
    case 14: {
      const a = load<u64>(p);
      const b = load<u64>(p + 6);
      if (a == 0x436e6f6973736573 && b == 0x747865746e6f436e) return S_sessionContext; // sessionContext
      return -1;
    }
  }
  return -1;
}

/** The slot of the key of a sessionContext member at `p` (`n` bytes, no escapes); -1 for a member not read. */
function sessionKey(p: usize, n: i32): i32 {
  switch (n) {
    case 13: {
      const a = load<u64>(p);
      const b = load<u64>(p + 5);
      if (a == 0x496e6f6973736573 && b == 0x7265757373496e6f) return S_sessionIssuer; // sessionIssuer
      return -1;
    }
  }
  return -1;
}

/** The slot of the key of a sessionIssuer member at `p` (`n` bytes, no escapes); -1 for a member not read. */
function issuerKey(p: usize, n: i32): i32 {
  switch (n) {
    case 3: {
      const a = <u32>load<u8>(p) | (<u32>load<u8>(p + 1) << 8) | (<u32>load<u8>(p + 2) << 16);
      if (a == 0x6e7261) return S_issuerArn; // arn
      return -1;
    }
  }
  return -1;
}


/**
 * Stage 1 over the whole text (`end` bytes at `base`): writes to tokenWords, for each block, where its tokens start
 * (structural characters outside strings, quotes, the first byte of each number or literal), then a token at the
 * text's end, where a space is: stage 2 ends there. Returns how many words. When a block is not valid JSON (escapes,
 * control characters), only the words of the blocks before it: stage 2 finds their errors first, as it reads them
 * first, then the words' end.
 */
function stage1(base: usize, end: usize): i32 {
  const vQuote = i8x16.splat(0x22);
  const vBackslash = i8x16.splat(0x5c);
  const vSpace = i8x16.splat(0x20);
  let escapeCarry: u64 = 0; // 1 when the first byte of the next block is escaped
  let stringCarry: u64 = 0; // all ones when the next block starts inside a string
  let scalarCarry: u64 = 0; // 1 when the previous block ended inside a number or literal
  let out = tokenWords;
  let block: usize = 0;
  for (; block < end; block += 64) {
    const p = base + block;
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    const quote = mask64(i8x16.eq(v0, vQuote), i8x16.eq(v1, vQuote), i8x16.eq(v2, vQuote), i8x16.eq(v3, vQuote));
    const b0 = i8x16.eq(v0, vBackslash);
    const b1 = i8x16.eq(v1, vBackslash);
    const b2 = i8x16.eq(v2, vBackslash);
    const b3 = i8x16.eq(v3, vBackslash);
    let backslash: u64 = 0;
    if (v128.any_true(v128.or(v128.or(b0, b1), v128.or(b2, b3)))) backslash = mask64(b0, b1, b2, b3);
    const op = mask64(operators(v0), operators(v1), operators(v2), operators(v3));
    const ws = mask64(i8x16.le_u(v0, vSpace), i8x16.le_u(v1, vSpace), i8x16.le_u(v2, vSpace), i8x16.le_u(v3, vSpace));

    // Escapes: a backslash escapes the next byte unless it is escaped itself (rare: a scalar walk).
    let escaped = escapeCarry;
    escapeCarry = 0;
    if (backslash != 0) {
      let rest = backslash;
      while (rest != 0) {
        const i = ctz(rest);
        rest &= rest - 1;
        if ((escaped >> i) & 1) continue;
        if (i == 63) escapeCarry = 1;
        else escaped |= (<u64>1) << (i + 1);
      }
    }
    if (escaped != 0) {
      let rest = escaped;
      while (rest != 0) {
        const i = ctz(rest);
        rest &= rest - 1;
        if (!validEscape(p + <usize>i)) return <i32>((out - tokenWords) >> 3);
      }
    }
    const q = quote & ~escaped;
    const inString = prefixXor(q) ^ stringCarry;
    stringCarry = <u64>(<i64>inString >> 63);

    // Control bytes: none inside strings; outside, only tab, line feed and carriage return (whitespace).
    // One compare of the block's smallest bytes finds whether any is one (most blocks have none).
    if (v128.any_true(i8x16.lt_u(i8x16.min_u(i8x16.min_u(v0, v1), i8x16.min_u(v2, v3)), vSpace))) {
      const control = mask64(i8x16.lt_u(v0, vSpace), i8x16.lt_u(v1, vSpace), i8x16.lt_u(v2, vSpace), i8x16.lt_u(v3, vSpace));
      if ((control & inString) != 0) return <i32>((out - tokenWords) >> 3);
      let rest = control;
      while (rest != 0) {
        const i = ctz(rest);
        rest &= rest - 1;
        const c = load<u8>(p + <usize>i);
        if (c != 0x09 && c != 0x0a && c != 0x0d) return <i32>((out - tokenWords) >> 3);
      }
    }
    const scalar = ~(inString | q | op | ws);
    const atoms = scalar & ~((scalar << 1) | scalarCarry);
    scalarCarry = scalar >> 63;
    let tokens = (op & ~inString) | q | atoms;
    if (block + 64 > end) tokens &= ((<u64>1) << <u64>(end - block)) - 1;
    store<u64>(out, tokens);
    out += 8;
  }
  if ((end & 63) != 0) store<u64>(out - 8, load<u64>(out - 8) | ((<u64>1) << <u64>(end & 63)));
  else {
    store<u64>(out, 1);
    out += 8;
  }
  return <i32>((out - tokenWords) >> 3);
}

/** Whether the bytes [from, to) hold a backslash or a non-ASCII byte (JSON.parse decodes them). */
@inline function dirtyString(from: usize, to: usize): bool {
  const vBackslash = i8x16.splat(0x5c);
  let p = from;
  while (p + 16 < to) {
    const v = v128.load(p);
    if (i8x16.bitmask(v128.or(v, i8x16.eq(v, vBackslash))) != 0) return true;
    p += 16;
  }
  const v = v128.load(p);
  return (i8x16.bitmask(v128.or(v, i8x16.eq(v, vBackslash))) & ((1 << <i32>(to - p)) - 1)) != 0;
}

/** Whether the bytes [from, to) hold a backslash. */
function hasBackslash(from: usize, to: usize): bool {
  const vBackslash = i8x16.splat(0x5c);
  let p = from;
  while (p + 16 < to) {
    if (i8x16.bitmask(i8x16.eq(v128.load(p), vBackslash)) != 0) return true;
    p += 16;
  }
  return (i8x16.bitmask(i8x16.eq(v128.load(p), vBackslash)) & ((1 << <i32>(to - p)) - 1)) != 0;
}

/**
 * Scans the `length` bytes copied to {@link prepare}'s address. Returns the number of records, whose spans are at
 * {@link spans}, or a negative reason when the file is refused.
 */
export function scan(length: i32): i32 {
  const textBase = input;
  const textEnd = <usize>length;
  memory.fill(textBase + textEnd, 0x20, PAD);
  const words = stage1(textBase, textEnd);
  let t = tokenWords; // the next block's word of tokens
  const tokensEnd = tokenWords + (<usize>words << 3);
  let bits: u64 = 0; // the current block's tokens not read yet
  let blockAt: usize = textBase - 64; // where the current block is (pos, keyStart, stringStart: where their tokens are)
  let state = ST_VALUE;
  let depth = 0;
  let records = 0;
  let record: usize = output; // the current record's spans
  let sawRecords = false;
  // The innermost open container (the stack holds the ones around it): an object or an array, what it is, and the
  // slot of its current member's key (-1: a member not read).
  let object = false;
  let ctx = C_NONE;
  let slot = -1;
  let pos: usize = 0;
  let c: u32 = 0;

  // Each turn reads one token, and a whole `"key": value` or `"string"` when it starts one, so the common member
  // costs one turn and a few well-predicted tests. The first token that cannot come where it is decides the reason,
  // whichever turn reads it.
  while (true) {
    if (bits == 0) {
      do {
        if (t == tokensEnd) return BAD_JSON;
        bits = load<u64>(t);
        t += 8;
        blockAt += 64;
      } while (bits == 0);
    }
    pos = blockAt + <usize>ctz(bits);
    bits &= bits - 1;
    c = load<u8>(pos);

    if (state == ST_AFTER && c == 0x2c) {
      if (!object) {
        state = ST_VALUE;
        continue;
      }
      state = ST_KEY;
      if (bits == 0) {
        do {
          if (t == tokensEnd) return BAD_JSON;
          bits = load<u64>(t);
          t += 8;
          blockAt += 64;
        } while (bits == 0);
      }
      pos = blockAt + <usize>ctz(bits);
      bits &= bits - 1;
      c = load<u8>(pos);
    }

    if (c == 0x22 && (state == ST_KEY || state == ST_KEY_OR_END)) {
      // A key: its closing quote is the next token (nothing inside a string is one), then a colon, then the value.
      const keyStart = pos;
      if (bits == 0) {
        do {
          if (t == tokensEnd) return BAD_JSON;
          bits = load<u64>(t);
          t += 8;
          blockAt += 64;
        } while (bits == 0);
      }
      pos = blockAt + <usize>ctz(bits);
      bits &= bits - 1;
      if (load<u8>(pos) != 0x22) return BAD_JSON;
      slot = -1;
      if (ctx != C_NONE) {
        const n = <i32>(pos - keyStart - 1);
        const k = keyStart + 1;
        if (ctx == C_RECORD) slot = recordKey(k, n);
        else if (ctx == C_IDENTITY) slot = identityKey(k, n);
        else if (ctx == C_SESSION) slot = sessionKey(k, n);
        else if (ctx == C_ISSUER) slot = issuerKey(k, n);
        else if (ctx == C_TOP) {
          if (n != 7 || load<u32>(k) != 0x6f636552 || load<u32>(k + 3) != 0x7364726f) return NOT_TRAIL; // Records
          if (sawRecords) return DUPLICATE;
          sawRecords = true;
          slot = KEY_RECORDS;
        }
        if (slot == KEY_DETAIL) return NOT_BARE_RECORD;
        if (slot == -1 && hasBackslash(k, k + <usize>n)) return KEY_ESCAPE;
        if (slot >= 0 && slot < SLOTS && load<i32>(record + (<usize>slot << 3)) >= 0) return DUPLICATE;
      }
      if (bits == 0) {
        do {
          if (t == tokensEnd) return BAD_JSON;
          bits = load<u64>(t);
          t += 8;
          blockAt += 64;
        } while (bits == 0);
      }
      pos = blockAt + <usize>ctz(bits);
      bits &= bits - 1;
      if (load<u8>(pos) != 0x3a) return BAD_JSON;
      if (bits == 0) {
        do {
          if (t == tokensEnd) return BAD_JSON;
          bits = load<u64>(t);
          t += 8;
          blockAt += 64;
        } while (bits == 0);
      }
      pos = blockAt + <usize>ctz(bits);
      bits &= bits - 1;
      c = load<u8>(pos);
      state = ST_VALUE;
    }

    if (c == 0x22) {
      if (state != ST_VALUE && state != ST_VALUE_OR_END) return BAD_JSON;
      if (ctx == C_TOP || ctx == C_RECORDS || depth == 0) return NOT_TRAIL;
      const stringStart = pos;
      if (bits == 0) {
        do {
          if (t == tokensEnd) return BAD_JSON;
          bits = load<u64>(t);
          t += 8;
          blockAt += 64;
        } while (bits == 0);
      }
      pos = blockAt + <usize>ctz(bits);
      bits &= bits - 1;
      if (load<u8>(pos) != 0x22) return BAD_JSON;
      if (object && slot >= 0) {
        const at = record + (<usize>slot << 3);
        store<i32>(at, <i32>(stringStart - textBase));
        store<i32>(at, <i32>(pos + 1 - textBase), 4);
        if (dirtyString(stringStart + 1, pos)) store<i32>(record + FLAGS * 4, load<i32>(record + FLAGS * 4) | (1 << slot));
        if (records > 0) {
          // The same text as the previous record's (most are: the region, the account, the event type...).
          const previous = at - RECORD_INTS * 4;
          const from = load<i32>(previous);
          const n = <i32>(pos + 1 - stringStart);
          if (from >= 0 && load<i32>(previous, 4) - from == n && sameBytes(textBase + <usize>from, stringStart, n)) {
            store<i32>(record + FLAGS * 4 + 4, load<i32>(record + FLAGS * 4 + 4) | (1 << slot));
          }
        }
      }
      state = ST_AFTER;
      continue;
    }

    if (c == 0x7b || c == 0x5b) {
      if (state != ST_VALUE && state != ST_VALUE_OR_END) return BAD_JSON;
      const opens = c == 0x7b;
      const valueSlot = depth > 0 && object ? slot : -1;
      let inner = C_NONE;
      if (depth == 0) {
        if (!opens) return NOT_TRAIL;
        inner = C_TOP;
      } else if (ctx == C_TOP) {
        if (opens) return NOT_TRAIL;
        inner = C_RECORDS;
      } else if (ctx == C_RECORDS) {
        if (!opens) return NOT_BARE_RECORD;
        inner = C_RECORD;
        record = output + <usize>records * RECORD_INTS * 4;
        reserve(record + RECORD_INTS * 4 * 2);
        // Every span absent (-1), no flags: stores, not memory.fill (a call out of the module in V8).
        const absent = i8x16.splat(-1);
        for (let at = 0; at < FLAGS * 4; at += 16) v128.store(record + <usize>at, absent);
        store<i64>(record + FLAGS * 4, 0);
      } else if (opens) {
        if (ctx == C_RECORD && valueSlot == S_userIdentity) inner = C_IDENTITY;
        else if (ctx == C_IDENTITY && valueSlot == S_sessionContext) inner = C_SESSION;
        else if (ctx == C_SESSION && valueSlot == S_sessionIssuer) inner = C_ISSUER;
      }
      if (valueSlot >= 0 && valueSlot < SLOTS) store<i32>(record + (<usize>valueSlot << 3), <i32>(pos - textBase));
      // The stack keeps the enclosing containers; the current one is in locals.
      store<u8>(isObject + depth, object);
      store<u8>(context + depth, ctx);
      store<i32>(keySlot + (<usize>depth << 2), slot);
      if (++depth > MAX_DEPTH) return TOO_DEEP;
      object = opens;
      ctx = inner;
      slot = -1;
      state = opens ? ST_KEY_OR_END : ST_VALUE_OR_END;
      continue;
    }

    if (c == 0x7d || c == 0x5d) {
      const closes = c == 0x7d;
      if (depth == 0 || object != closes) return BAD_JSON;
      if (state != ST_AFTER && state != (closes ? ST_KEY_OR_END : ST_VALUE_OR_END)) return BAD_JSON;
      if (ctx == C_RECORD) {
        const name = load<i32>(record + (S_eventName << 3));
        if (name < 0 || load<u8>(textBase + <usize>name) != 0x22) return NOT_BARE_RECORD;
        records++;
      } else if (ctx == C_TOP && !sawRecords) return NOT_TRAIL;
      depth--;
      object = <bool>load<u8>(isObject + depth);
      ctx = load<u8>(context + depth);
      slot = load<i32>(keySlot + (<usize>depth << 2));
      if (depth == 0) state = ST_DONE;
      else {
        if (object && slot >= 0 && slot < SLOTS) store<i32>(record + (<usize>slot << 3), <i32>(pos + 1 - textBase), 4);
        state = ST_AFTER;
      }
      continue;
    }

    // A colon only comes right after a key, a comma only after a value (both read above).
    if (c == 0x3a || c == 0x2c) return BAD_JSON;
    // The end of the text (stage 1's last token).
    if (pos >= textBase + textEnd) {
      if (state != ST_DONE) return BAD_JSON;
      internRecords(textBase, records);
      return records;
    }
    // The first byte of a number or literal.
    if (state != ST_VALUE && state != ST_VALUE_OR_END) return BAD_JSON;
    if (ctx == C_TOP || ctx == C_RECORDS || depth == 0) return NOT_TRAIL;
    const after = atomEnd(pos, textBase + textEnd);
    if (after == 0) return BAD_JSON;
    if (object && slot >= 0) {
      store<i32>(record + (<usize>slot << 3), <i32>(pos - textBase));
      store<i32>(record + (<usize>slot << 3), <i32>(after - textBase), 4);
    }
    state = ST_AFTER;
  }
  return BAD_JSON;
}
