import { obj, str } from './record';

/** Why part of a file could not be used; `line` is 1-based when the problem is on one line of a JSON-lines file. */
export interface FileProblem {
  readonly reason: string;
  readonly line?: number;
}

/** The reason given for a file that holds no records and nothing else wrong. */
export const NO_RECORDS = 'no CloudTrail records in the file';

/** The records found in one file's text, and what could not be used. */
export interface ParsedFile {
  readonly records: object[];
  readonly problems: FileProblem[];
}

/**
 * Finds the CloudTrail records in a file's text, whatever its export shape: a trail file (`{"Records":[...]}`),
 * `aws cloudtrail lookup-events` output (`Events[].CloudTrailEvent` as JSON strings), an EventBridge event
 * (`detail`), an array of any of those, one bare record, or JSON lines of them.
 */
export function recordsIn(text: string): ParsedFile {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (error) {
    return jsonLines(text, (error as Error).message);
  }
  const problems: FileProblem[] = [];
  const records = unwrap(whole, problems);
  if (records.length === 0 && problems.length === 0) problems.push({ reason: NO_RECORDS });
  return { records, problems };
}

/** The records inside one parsed JSON value. */
function unwrap(value: unknown, problems: FileProblem[], line?: number): object[] {
  const at = line === undefined ? {} : { line };
  if (Array.isArray(value)) return value.flatMap((v) => unwrap(v, problems, line));
  const o = obj(value);
  if (!o) {
    problems.push({ reason: 'a JSON value that is not a CloudTrail record', ...at });
    return [];
  }
  if (Array.isArray(o.Records)) return recordsOf(o.Records, problems, line);
  if (Array.isArray(o.Events)) return o.Events.flatMap((e) => lookupEvent(e, problems, line));
  if (str(o['detail-type']) !== undefined && obj(o.detail)) return [o.detail as object];
  if (typeof o.CloudTrailEvent === 'string') return lookupEvent(o, problems, line);
  if (str(o.eventName) !== undefined || str(o.eventSource) !== undefined || str(o.eventTime) !== undefined) return [o];
  problems.push({ reason: 'JSON that is not CloudTrail (no Records, Events, detail or event fields)', ...at });
  return [];
}

/** A trail file's Records: bare records are taken as they are; anything else goes through {@link unwrap}. */
export function recordsOf(values: unknown[], problems: FileProblem[], line?: number): object[] {
  const records: object[] = [];
  for (const v of values) {
    const o = obj(v);
    if (o && typeof o.eventName === 'string' && o.detail === undefined) records.push(o);
    else records.push(...unwrap(v, problems, line));
  }
  return records;
}

function lookupEvent(event: unknown, problems: FileProblem[], line?: number): object[] {
  const text = str(obj(event)?.CloudTrailEvent);
  const at = line === undefined ? {} : { line };
  if (text === undefined) {
    problems.push({ reason: 'a LookupEvents event without CloudTrailEvent', ...at });
    return [];
  }
  try {
    return unwrap(JSON.parse(text), problems, line);
  } catch {
    problems.push({ reason: 'a CloudTrailEvent that is not valid JSON', ...at });
    return [];
  }
}

/** Parses JSON lines; when no line parses, the file is reported as invalid JSON with the parser's message. */
function jsonLines(text: string, wholeError: string): ParsedFile {
  const lines = text.split('\n');
  const records: object[] = [];
  const problems: FileProblem[] = [];
  let parsed = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push({ reason: 'invalid or truncated JSON', line: i + 1 });
      continue;
    }
    parsed++;
    records.push(...unwrap(value, problems, i + 1));
  }
  if (parsed === 0) return { records: [], problems: [{ reason: `invalid or truncated JSON (${wholeError})` }] };
  return { records, problems };
}

/**
 * The index of the quote that closes the string whose opening quote (or a position inside it, after which no
 * quote was seen yet) is at `from`; -1 when the text ends first. A quote preceded by an odd number of backslashes
 * is escaped.
 */
function stringEnd(text: string, from: number, len: number): number {
  let q = from;
  for (;;) {
    q = text.indexOf('"', q + 1);
    if (q < 0 || q >= len) return -1;
    let k = q - 1;
    while (text.charCodeAt(k) === 92) k--;
    if ((q - 1 - k) % 2 === 0) return q;
  }
}

const TRAIL_PREFIX = /^[ \t\n\r]*\{[ \t\n\r]*"Records"[ \t\n\r]*:[ \t\n\r]*\[/;
/** Text of whole records gathered before they are parsed together: small enough to die young in V8's heap. */
const BATCH_CHARS = 1 << 15;
/** What separates two records of a trail file written by AWS (see TrailSplitter.fastScan). */
const NEXT_RECORD = '},{"eventVersion":"';
/** Text the fast path waits for a separator in before it hands over to the exact scan. */
const FAST_LIMIT = 1 << 20;
/** Batches JSON.parse may refuse on the fast path before it hands over to the exact scan. */
const FAST_MISSES = 3;

/**
 * Splits the text of a trail file (`{"Records":[...]}`) into batches of whole records as it arrives, so a file is
 * never held or parsed whole. It only finds where each record ends (depth and strings, jumping over string contents
 * with indexOf); JSON.parse reads the batches. `push` and `end` return false when the text is not exactly that
 * shape (another export format, other top-level members, bad JSON): the caller then parses the file whole, which
 * gives the same records and reasons as before.
 */
export class TrailSplitter {
  /** Unconsumed text, from the start of the current batch (or the scan position when no batch is open). */
  private text = '';
  private pos = 0;
  private stage: 'prefix' | 'elements' | 'after' | 'closed' = 'prefix';
  private depth = 0;
  private inString = false;
  /** In the Records array between elements: true after `[` or `,` (a record must follow), false after a record. */
  private needRecord = true;
  private first = true;
  private batchStart = -1;
  private batchEnd = -1;

  constructor(private readonly onBatch: (records: unknown[]) => void) {}

  /** True while the text received is the start of a trail file; the text is kept when the prefix does not match. */
  get prefixText(): string | undefined {
    return this.stage === 'prefix' ? this.text : undefined;
  }

  push(chunk: string): boolean {
    this.text += chunk;
    if (this.stage === 'prefix') {
      const m = TRAIL_PREFIX.exec(this.text);
      if (!m) return this.text.trimStart().length < 16;
      this.stage = 'elements';
      this.pos = m[0].length;
    }
    return this.fast ? this.fastScan() : this.scan();
  }

  /** True when the whole text was a trail file and every batch was handed over. */
  end(): boolean {
    // The fast path leaves the last records and the closing brackets to the exact scan.
    if (this.fast && !this.toExact()) return false;
    return this.stage === 'closed';
  }

  /** While true, batches end at {@link NEXT_RECORD} and JSON.parse checks them (see {@link fastScan}). */
  private fast = true;
  private searchFrom = 0;
  private misses = 0;

  /**
   * AWS writes `eventVersion` first in every record, so `},{"eventVersion":"` nearly always separates two records;
   * indexOf finds it without looking at each character. A batch cut there is used only when JSON.parse accepts it:
   * an array that parses from a record's start can only end at the end of a record (a cut inside a string or a
   * nested value leaves it unterminated or unbalanced). After a few refusals, or when no separator shows up, the
   * rest goes through the exact scan.
   */
  private fastScan(): boolean {
    for (;;) {
      const at = this.text.indexOf(NEXT_RECORD, Math.max(this.searchFrom, this.pos + BATCH_CHARS));
      if (at < 0) {
        if (this.text.length - this.pos > FAST_LIMIT) return this.toExact();
        return true;
      }
      let records: unknown;
      try {
        records = JSON.parse(`[${this.text.slice(this.pos, at + 1)}]`);
      } catch {
        if (++this.misses > FAST_MISSES) return this.toExact();
        this.searchFrom = at + 1;
        continue;
      }
      this.onBatch(records as unknown[]);
      this.first = false;
      this.text = this.text.slice(at + 2);
      this.pos = 0;
      this.searchFrom = 0;
    }
  }

  /** Goes on with the exact scan from the start of the next record. */
  private toExact(): boolean {
    this.fast = false;
    return this.scan();
  }

  private scan(): boolean {
    const text = this.text;
    const len = text.length;
    let i = this.pos;
    if (this.inString) {
      i = stringEnd(text, i - 1, len);
      if (i < 0) {
        this.pos = len;
        return true;
      }
      this.inString = false;
      i++;
    }
    while (i < len) {
      if (this.depth > 0) {
        // Inside a record: only brackets count; strings are jumped over (their brackets do not count).
        let depth = this.depth;
        for (; i < len; i++) {
          const c = text.charCodeAt(i);
          if (c === 34) {
            const end = stringEnd(text, i, len);
            if (end < 0) {
              this.depth = depth;
              this.inString = true;
              i = len;
              break;
            }
            i = end;
          } else if (c === 123 || c === 91) depth++;
          else if ((c === 125 || c === 93) && --depth === 0) break;
        }
        if (this.inString) break;
        this.depth = depth;
        if (depth > 0) break;
        i++;
        this.batchEnd = i;
        this.needRecord = false;
        if (this.batchEnd - this.batchStart >= BATCH_CHARS && !this.flush()) return false;
        continue;
      }
      const c = text.charCodeAt(i++);
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.stage !== 'elements') {
        // After the Records array: only the closing brace of the file, and whitespace.
        if (c !== 125 || this.stage === 'closed') return false;
        this.stage = 'closed';
      } else if (c === 123 && this.needRecord) {
        // Between the Records array's elements.
        if (this.batchStart < 0) this.batchStart = i - 1;
        this.depth = 1;
        this.first = false;
      } else if (c === 44 && !this.needRecord) this.needRecord = true;
      else if (c === 93 && (!this.needRecord || this.first)) {
        if (!this.flush()) return false;
        this.stage = 'after';
      } else return false;
    }
    this.pos = Math.min(i, len);
    // Keep only what an open batch needs.
    const keep = this.batchStart >= 0 ? this.batchStart : this.pos;
    if (keep > 0) {
      this.text = this.text.slice(keep);
      this.pos -= keep;
      if (this.batchStart >= 0) {
        this.batchEnd -= keep;
        this.batchStart = 0;
      }
    }
    return true;
  }

  /** Parses the records gathered so far; false when they are not valid JSON. */
  private flush(): boolean {
    if (this.batchStart < 0 || this.batchEnd <= this.batchStart) return true;
    let records: unknown;
    try {
      records = JSON.parse(`[${this.text.slice(this.batchStart, this.batchEnd)}]`);
    } catch {
      return false;
    }
    this.onBatch(records as unknown[]);
    this.batchStart = -1;
    this.batchEnd = -1;
    return true;
  }
}
