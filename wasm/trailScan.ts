// The trail-file scanner, compiled to WebAssembly (SIMD128) by AssemblyScript: see scripts/buildWasm.mjs and
// core/trail/trailScan.ts, which loads it. It reads the bytes of one whole trail file (`{"Records":[...]}`) and
// writes, for each record, where the values the aggregation reads are (core/trail/record.ts), without decoding any.
//
// Stage 1 (simdjson's): per 64-byte block, bitmasks of quotes, backslashes, structural characters, whitespace,
// control and non-ASCII bytes, 16 bytes per SIMD compare; escaped quotes are dropped, and the bytes inside strings
// found by a prefix XOR of the quote mask. Stage 2 walks the tokens left (structural characters outside strings,
// quotes, the first byte of each number or literal) one bit at a time with a grammar state machine and a stack of
// open containers, so string contents are never visited and skipped members cost a few steps per token.
//
// It checks the whole text is valid JSON of exactly that shape (brackets, colons, commas, closed strings, escapes,
// control characters, numbers and literals). Anything else gives a negative result and the caller reads the file
// the exact way: records whose eventName is not a string, a `detail` member, escapes in the keys it matches, a
// member read twice, other top-level members, nesting deeper than MAX_DEPTH.

// Per record, RECORD_INTS i32: a [start, end) byte span per slot (-1 when absent), then a bit per slot whose string
// holds a backslash or a non-ASCII byte (JSON.parse decodes it), then a bit per slot whose string is byte for byte the
// previous record's (its decoded value can be reused).
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
const RECORD_INTS = SLOTS * 2 + 2;
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

// Grammar states of stage 2.
const ST_VALUE = 0; // a value must come: after ':' or after ',' in an array
const ST_VALUE_OR_END = 1; // after '['
const ST_KEY = 2; // after ',' in an object
const ST_KEY_OR_END = 3; // after '{'
const ST_COLON = 4; // after a key
const ST_AFTER = 5; // after a value: ',' or the container's end
const ST_IN_VALUE = 6; // inside a string value: the next token is its closing quote
const ST_IN_KEY = 7; // inside a key
const ST_DONE = 8; // after the top-level object

const MAX_DEPTH = 1024;
const isObject = memory.data(MAX_DEPTH + 1);
const context = memory.data(MAX_DEPTH + 1);
const keySlot = memory.data((MAX_DEPTH + 1) * 4);

const PAGE = 65536;
/** Room after the input: the padding of spaces (a block and the 4 hex digits a `\u` at the end may look at). */
const PAD = 128;

let input: usize = 0;
let output: usize = 0;

/** Makes room for an input of `length` bytes and returns where to copy it. */
export function prepare(length: i32): usize {
  input = (__heap_base + 63) & ~63;
  output = (input + <usize>length + PAD + 63) & ~63;
  reserve(output + RECORD_INTS * 4 * 64);
  return input;
}

/** Where the records' spans are, after scan. */
export function spans(): usize {
  return output;
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

@inline function mask16(v: v128): u64 {
  return <u64><u32>i8x16.bitmask(v);
}

/** Whether the bytes [from, to) hold a backslash (bit 0) or a non-ASCII byte (bit 1). */
function dirtyBytes(from: usize, to: usize): i32 {
  let flags = 0;
  for (let p = from; p < to; p++) {
    const c = load<u8>(p);
    if (c == 0x5c) flags |= 1;
    else if (c >= 0x80) flags |= 2;
  }
  return flags;
}

/** Whether the `n` bytes at `a` and at `b` are the same. */
function sameBytes(a: usize, b: usize, n: i32): bool {
  while (n >= 8) {
    if (load<u64>(a) != load<u64>(b)) return false;
    a += 8;
    b += 8;
    n -= 8;
  }
  while (n > 0) {
    if (load<u8>(a) != load<u8>(b)) return false;
    a++;
    b++;
    n--;
  }
  return true;
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
/** The slot of the key of a record member at `p` (`n` bytes, no escapes); -1 for a member not read. */
function recordKey(p: usize, n: i32): i32 {
  switch (n) {
    case 6: {
      const a = load<u32>(p);
      const b = load<u32>(p + 2);
      if (a == 0x61746564 && b == 0x6c696174) return KEY_DETAIL; // detail
      return -1;
    }
    case 8: {
      const a = load<u64>(p);
      if (a == 0x796c6e4f64616572) return S_readOnly; // readOnly
      return -1;
    }
    case 9: {
      const a = load<u64>(p);
      const b = load<u64>(p + 1);
      if (a == 0x6d6954746e657665 && b == 0x656d6954746e6576) return S_eventTime; // eventTime
      if (a == 0x6d614e746e657665 && b == 0x656d614e746e6576) return S_eventName; // eventName
      if (a == 0x707954746e657665 && b == 0x65707954746e6576) return S_eventType; // eventType
      if (a == 0x6f69676552737761 && b == 0x6e6f696765527377) return S_awsRegion; // awsRegion
      if (a == 0x646f43726f727265 && b == 0x65646f43726f7272) return S_errorCode; // errorCode
      if (a == 0x656372756f736572 && b == 0x73656372756f7365) return S_resources; // resources
      return -1;
    }
    case 10: {
      const a = load<u64>(p);
      const b = load<u64>(p + 2);
      if (a == 0x617473656d697440 && b == 0x706d617473656d69) return S_AT_timestamp; // @timestamp
      return -1;
    }
    case 11: {
      const a = load<u64>(p);
      const b = load<u64>(p + 3);
      if (a == 0x756f53746e657665 && b == 0x656372756f53746e) return S_eventSource; // eventSource
      return -1;
    }
    case 12: {
      const a = load<u64>(p);
      const b = load<u64>(p + 4);
      if (a == 0x73654d726f727265 && b == 0x6567617373654d72) return S_errorMessage; // errorMessage
      if (a == 0x6e65644972657375 && b == 0x797469746e656449) return S_userIdentity; // userIdentity
      return -1;
    }
    case 13: {
      const a = load<u64>(p);
      const b = load<u64>(p + 5);
      if (a == 0x746143746e657665 && b == 0x79726f6765746143) return S_eventCategory; // eventCategory
      return -1;
    }
    case 15: {
      const a = load<u64>(p);
      const b = load<u64>(p + 7);
      if (a == 0x656d6567616e616d && b == 0x746e657645746e65) return S_managementEvent; // managementEvent
      return -1;
    }
    case 17: {
      const a = load<u64>(p);
      const b = load<u64>(p + 9);
      // The two words leave byte 8 out.
      if (a == 0x5074736575716572 && b == 0x73726574656d6172 && load<u8>(p + 8) == 0x61) return S_requestParameters; // requestParameters
      return -1;
    }
    case 18: {
      const a = load<u64>(p);
      const b = load<u64>(p + 10);
      // The two words leave bytes 8 and 9 out.
      if (a == 0x6e65697069636572 && b == 0x6449746e756f6363 && load<u16>(p + 8) == 0x4174) return S_recipientAccountId; // recipientAccountId
      return -1;
    }
  }
  return -1;
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


// Stage 1 runs a chunk of the text at a time, between stage 2's reads of the tokens it found: its progress and the
// carries from one 64-byte block to the next are here.
const CHUNK: usize = 16384;
/** The tokens of one chunk: a bit per byte that starts one, a 64-bit word per block (and one more for the end). */
const tokenList = memory.data(<i32>(CHUNK / 64 + 1) * 8, 16);
/** The offset of the block of tokenList's first word. */
let firstBlock: usize = 0;
let textBase: usize = 0;
let textEnd: usize = 0;
let nextBlock: usize = 0;
let escapeCarry: u64 = 0; // 1 when the first byte of the next block is escaped
let stringCarry: u64 = 0; // all ones when the next block starts inside a string
let scalarCarry: u64 = 0; // 1 when the previous block ended inside a number or literal
let stage1Done = false;

/**
 * Stage 1 over the next chunk: writes to tokenList, for each block from firstBlock, where its tokens start
 * (structural characters outside strings, quotes, the first byte of each number or literal), and returns how many
 * blocks. After the last block, a token at the text's end, where a space is: stage 2 ends there. 0 when nothing is
 * left, or when the next block is not valid JSON (escapes, control characters): the blocks before it come first, so
 * stage 2 finds their errors first.
 */
function stage1(): i32 {
  if (stage1Done) return 0;
  const base = textBase;
  const end = textEnd;
  const vQuote = i8x16.splat(0x22);
  const vBackslash = i8x16.splat(0x5c);
  const vColon = i8x16.splat(0x3a);
  const vComma = i8x16.splat(0x2c);
  const vOpen = i8x16.splat(0x7b); // '{', and '[' | 0x20
  const vClose = i8x16.splat(0x7d); // '}', and ']' | 0x20
  const vSpace = i8x16.splat(0x20);
  let out = tokenList;
  let block = nextBlock;
  firstBlock = block;
  const stop = min(end, block + CHUNK);
  for (; block < stop; block += 64) {
    const p = base + block;
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    const quote = mask16(i8x16.eq(v0, vQuote)) | (mask16(i8x16.eq(v1, vQuote)) << 16) | (mask16(i8x16.eq(v2, vQuote)) << 32) | (mask16(i8x16.eq(v3, vQuote)) << 48);
    const b0 = i8x16.eq(v0, vBackslash);
    const b1 = i8x16.eq(v1, vBackslash);
    const b2 = i8x16.eq(v2, vBackslash);
    const b3 = i8x16.eq(v3, vBackslash);
    let backslash: u64 = 0;
    if (v128.any_true(v128.or(v128.or(b0, b1), v128.or(b2, b3)))) {
      backslash = mask16(b0) | (mask16(b1) << 16) | (mask16(b2) << 32) | (mask16(b3) << 48);
    }
    const op =
      mask16(v128.or(v128.or(i8x16.eq(v128.or(v0, vSpace), vOpen), i8x16.eq(v128.or(v0, vSpace), vClose)), v128.or(i8x16.eq(v0, vColon), i8x16.eq(v0, vComma)))) |
      (mask16(v128.or(v128.or(i8x16.eq(v128.or(v1, vSpace), vOpen), i8x16.eq(v128.or(v1, vSpace), vClose)), v128.or(i8x16.eq(v1, vColon), i8x16.eq(v1, vComma)))) << 16) |
      (mask16(v128.or(v128.or(i8x16.eq(v128.or(v2, vSpace), vOpen), i8x16.eq(v128.or(v2, vSpace), vClose)), v128.or(i8x16.eq(v2, vColon), i8x16.eq(v2, vComma)))) << 32) |
      (mask16(v128.or(v128.or(i8x16.eq(v128.or(v3, vSpace), vOpen), i8x16.eq(v128.or(v3, vSpace), vClose)), v128.or(i8x16.eq(v3, vColon), i8x16.eq(v3, vComma)))) << 48);
    const ws = mask16(i8x16.le_u(v0, vSpace)) | (mask16(i8x16.le_u(v1, vSpace)) << 16) | (mask16(i8x16.le_u(v2, vSpace)) << 32) | (mask16(i8x16.le_u(v3, vSpace)) << 48);

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
        if (!validEscape(p + <usize>i)) return stage1Failed(out);
      }
    }
    const q = quote & ~escaped;
    const inString = prefixXor(q) ^ stringCarry;
    stringCarry = <u64>(<i64>inString >> 63);

    // Control bytes: none inside strings; outside, only tab, line feed and carriage return (whitespace).
    const l0 = i8x16.lt_u(v0, vSpace);
    const l1 = i8x16.lt_u(v1, vSpace);
    const l2 = i8x16.lt_u(v2, vSpace);
    const l3 = i8x16.lt_u(v3, vSpace);
    if (v128.any_true(v128.or(v128.or(l0, l1), v128.or(l2, l3)))) {
      const control = mask16(l0) | (mask16(l1) << 16) | (mask16(l2) << 32) | (mask16(l3) << 48);
      if ((control & inString) != 0) return stage1Failed(out);
      let rest = control;
      while (rest != 0) {
        const i = ctz(rest);
        rest &= rest - 1;
        const c = load<u8>(p + <usize>i);
        if (c != 0x09 && c != 0x0a && c != 0x0d) return stage1Failed(out);
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
  nextBlock = block;
  if (block >= end) {
    if ((end & 63) != 0) store<u64>(out - 8, load<u64>(out - 8) | ((<u64>1) << <u64>(end & 63)));
    else {
      store<u64>(out, 1);
      out += 8;
    }
    stage1Done = true;
  }
  return <i32>((out - tokenList) >> 3);
}

/** Stage 1 met a block that is not valid JSON: the tokens before it, and nothing after. */
function stage1Failed(out: usize): i32 {
  stage1Done = true;
  return <i32>((out - tokenList) >> 3);
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
  const base = input;
  const end = <usize>length;
  memory.fill(base + end, 0x20, PAD);
  textBase = base;
  textEnd = end;
  nextBlock = 0;
  escapeCarry = 0;
  stringCarry = 0;
  scalarCarry = 0;
  stage1Done = false;

  let t = tokenList; // the next block's word of tokens
  let tokensEnd = tokenList;
  let bits: u64 = 0; // the current block's tokens not read yet
  let blockAt: usize = 0; // the current block's offset
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
  // costs one turn and a few well-predicted tests. Every token that cannot come where it is gives the reason the
  // per-token state machine this replaced gave (the differential tests compare them).
  while (true) {
    while (bits == 0) {
      if (t == tokensEnd) {
        const n = stage1();
        if (n == 0) return BAD_JSON;
        t = tokenList;
        tokensEnd = tokenList + (<usize>n << 3);
        blockAt = firstBlock - 64;
      }
      bits = load<u64>(t);
      t += 8;
      blockAt += 64;
    }
    pos = blockAt + <usize>ctz(bits);
    bits &= bits - 1;
    c = load<u8>(base + pos);

    if (state == ST_AFTER && c == 0x2c) {
      if (!object) {
        state = ST_VALUE;
        continue;
      }
      state = ST_KEY;
      while (bits == 0) {
        if (t == tokensEnd) {
          const n = stage1();
          if (n == 0) return BAD_JSON;
          t = tokenList;
          tokensEnd = tokenList + (<usize>n << 3);
          blockAt = firstBlock - 64;
        }
        bits = load<u64>(t);
        t += 8;
        blockAt += 64;
      }
      pos = blockAt + <usize>ctz(bits);
      bits &= bits - 1;
      c = load<u8>(base + pos);
    }

    if (c == 0x22 && (state == ST_KEY || state == ST_KEY_OR_END)) {
      // A key: its closing quote is the next token (nothing inside a string is one), then a colon, then the value.
      const keyStart = pos;
      while (bits == 0) {
        if (t == tokensEnd) {
          const n = stage1();
          if (n == 0) return BAD_JSON;
          t = tokenList;
          tokensEnd = tokenList + (<usize>n << 3);
          blockAt = firstBlock - 64;
        }
        bits = load<u64>(t);
        t += 8;
        blockAt += 64;
      }
      pos = blockAt + <usize>ctz(bits);
      bits &= bits - 1;
      if (load<u8>(base + pos) != 0x22) return BAD_JSON;
      slot = -1;
      if (ctx != C_NONE) {
        const n = <i32>(pos - keyStart - 1);
        const k = base + keyStart + 1;
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
      while (bits == 0) {
        if (t == tokensEnd) {
          const n = stage1();
          if (n == 0) return BAD_JSON;
          t = tokenList;
          tokensEnd = tokenList + (<usize>n << 3);
          blockAt = firstBlock - 64;
        }
        bits = load<u64>(t);
        t += 8;
        blockAt += 64;
      }
      pos = blockAt + <usize>ctz(bits);
      bits &= bits - 1;
      if (load<u8>(base + pos) != 0x3a) return BAD_JSON;
      while (bits == 0) {
        if (t == tokensEnd) {
          const n = stage1();
          if (n == 0) return BAD_JSON;
          t = tokenList;
          tokensEnd = tokenList + (<usize>n << 3);
          blockAt = firstBlock - 64;
        }
        bits = load<u64>(t);
        t += 8;
        blockAt += 64;
      }
      pos = blockAt + <usize>ctz(bits);
      bits &= bits - 1;
      c = load<u8>(base + pos);
      state = ST_VALUE;
    }

    if (c == 0x22) {
      if (state != ST_VALUE && state != ST_VALUE_OR_END) return BAD_JSON;
      if (ctx == C_TOP || ctx == C_RECORDS || depth == 0) return NOT_TRAIL;
      const stringStart = pos;
      while (bits == 0) {
        if (t == tokensEnd) {
          const n = stage1();
          if (n == 0) return BAD_JSON;
          t = tokenList;
          tokensEnd = tokenList + (<usize>n << 3);
          blockAt = firstBlock - 64;
        }
        bits = load<u64>(t);
        t += 8;
        blockAt += 64;
      }
      pos = blockAt + <usize>ctz(bits);
      bits &= bits - 1;
      if (load<u8>(base + pos) != 0x22) return BAD_JSON;
      if (object && slot >= 0) {
        const at = record + (<usize>slot << 3);
        store<i32>(at, <i32>stringStart);
        store<i32>(at, <i32>(pos + 1), 4);
        if (dirtyString(base + stringStart + 1, base + pos)) store<i32>(record + FLAGS * 4, load<i32>(record + FLAGS * 4) | (1 << slot));
        if (records > 0) {
          // The same text as the previous record's (most are: the region, the account, the event type...).
          const previous = at - RECORD_INTS * 4;
          const from = load<i32>(previous);
          const n = <i32>(pos + 1 - stringStart);
          if (from >= 0 && load<i32>(previous, 4) - from == n && sameBytes(base + <usize>from, base + stringStart, n)) {
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
        memory.fill(record, 0xff, FLAGS * 4);
        store<i64>(record + FLAGS * 4, 0);
      } else if (opens) {
        if (ctx == C_RECORD && valueSlot == S_userIdentity) inner = C_IDENTITY;
        else if (ctx == C_IDENTITY && valueSlot == S_sessionContext) inner = C_SESSION;
        else if (ctx == C_SESSION && valueSlot == S_sessionIssuer) inner = C_ISSUER;
      }
      if (valueSlot >= 0 && valueSlot < SLOTS) store<i32>(record + (<usize>valueSlot << 3), <i32>pos);
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
        if (name < 0 || load<u8>(base + <usize>name) != 0x22) return NOT_BARE_RECORD;
        records++;
      } else if (ctx == C_TOP && !sawRecords) return NOT_TRAIL;
      depth--;
      object = <bool>load<u8>(isObject + depth);
      ctx = load<u8>(context + depth);
      slot = load<i32>(keySlot + (<usize>depth << 2));
      if (depth == 0) state = ST_DONE;
      else {
        if (object && slot >= 0 && slot < SLOTS) store<i32>(record + (<usize>slot << 3), <i32>(pos + 1), 4);
        state = ST_AFTER;
      }
      continue;
    }

    // A colon only comes right after a key, a comma only after a value (both read above).
    if (c == 0x3a || c == 0x2c) return BAD_JSON;
    // The end of the text (stage 1's last token).
    if (pos >= end) return state == ST_DONE ? records : BAD_JSON;
    // The first byte of a number or literal.
    if (state != ST_VALUE && state != ST_VALUE_OR_END) return BAD_JSON;
    if (ctx == C_TOP || ctx == C_RECORDS || depth == 0) return NOT_TRAIL;
    const after = atomEnd(base + pos, base + end);
    if (after == 0) return BAD_JSON;
    if (object && slot >= 0) {
      store<i32>(record + (<usize>slot << 3), <i32>pos);
      store<i32>(record + (<usize>slot << 3), <i32>(after - base), 4);
    }
    state = ST_AFTER;
  }
  return BAD_JSON;
}
