import { obj, str } from './record';

/** Why part of a file could not be used; `line` is 1-based when the problem is on one line of a JSON-lines file. */
export interface FileProblem {
  readonly reason: string;
  readonly line?: number;
}

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
  if (records.length === 0 && problems.length === 0) problems.push({ reason: 'no CloudTrail records in the file' });
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
function recordsOf(values: unknown[], problems: FileProblem[], line?: number): object[] {
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
