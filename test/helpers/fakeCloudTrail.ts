/**
 * A local CloudTrail endpoint for tests: speaks the JSON 1.1 protocol of LookupEvents (and STS GetCallerIdentity in
 * the query protocol, for the CLI), pages real records newest first, enforces a per-Region request rate with
 * ThrottlingException, and injects 500s, throttles and dropped connections on a schedule.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** A CloudTrail record as delivered in a trail file. */
export type TrailRecord = Readonly<Record<string, unknown>> & { readonly eventID: string; readonly eventTime: string };

/** A failure injected instead of a normal answer. */
export type Fault = 'http500' | 'throttle' | 'drop';

/** One request as the server saw it. */
export interface ServedRequest {
  readonly region: string;
  /** Arrival time in milliseconds (monotonic clock). */
  readonly at: number;
  readonly outcome: 'ok' | 'throttled' | 'invalid' | Fault;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly events: readonly string[];
}

/** Options of {@link startFakeCloudTrail}. */
export interface FakeCloudTrailOptions {
  readonly regions: Readonly<Record<string, readonly TrailRecord[]>>;
  readonly requestsPerSecond?: number;
  /** Faults by Region, keyed by the 1-based number of the request in that Region. */
  readonly faults?: Readonly<Record<string, Readonly<Record<number, Fault>>>>;
  readonly account?: string;
}

interface LookupInput {
  readonly StartTime?: number;
  readonly EndTime?: number;
  readonly MaxResults?: number;
  readonly NextToken?: string;
}

interface PageToken {
  readonly offset: number;
  readonly start: number | null;
  readonly end: number | null;
}

/** The running fake; `url` is its endpoint. */
export class FakeCloudTrail {
  readonly requests: ServedRequest[] = [];
  private readonly records = new Map<string, TrailRecord[]>();
  private readonly counts = new Map<string, number>();
  url = '';

  constructor(
    private readonly server: Server,
    private readonly options: FakeCloudTrailOptions,
  ) {
    for (const [region, records] of Object.entries(options.regions)) this.add(region, records);
  }

  /** Makes more records visible in a Region (as if they had just happened). */
  add(region: string, records: readonly TrailRecord[]): void {
    const all = [...(this.records.get(region) ?? []), ...records];
    all.sort((a, b) => epochSeconds(b) - epochSeconds(a) || a.eventID.localeCompare(b.eventID));
    this.records.set(region, all);
  }

  /** The largest number of requests to one Region that arrived within any one second (from request number `from` on). */
  maxRequestsPerSecond(region: string, from = 0): number {
    const times = this.requests.slice(from).filter((r) => r.region === region).map((r) => r.at);
    let max = 0;
    for (let i = 0; i < times.length; i++) {
      let j = i;
      while (j < times.length && (times[j] ?? Infinity) - (times[i] ?? 0) < 1000) j++;
      max = Math.max(max, j - i);
    }
    return max;
  }

  /** Stops the server and drops open connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answers one request (bound as the server's request handler). */
  handle(request: IncomingMessage, response: ServerResponse, body: string): void {
    const at = performance.now();
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(request.headers.authorization ?? '');
    const region = scope?.[1] ?? 'unsigned';
    if (scope?.[2] === 'sts') return this.callerIdentity(response);
    if (request.headers['x-amz-target'] !== 'CloudTrail_20131101.LookupEvents') {
      return this.fail(response, { region, at, outcome: 'invalid', events: [] }, 400, 'UnknownOperationException');
    }
    const count = (this.counts.get(region) ?? 0) + 1;
    this.counts.set(region, count);
    const input = JSON.parse(body) as LookupInput;
    const seen = { region, at, ...times(input), events: [] };
    const fault = this.options.faults?.[region]?.[count];
    if (this.overLimit(region, at)) return this.fail(response, { ...seen, outcome: 'throttled' }, 400, 'ThrottlingException');
    if (fault === 'throttle') return this.fail(response, { ...seen, outcome: fault }, 400, 'ThrottlingException');
    if (fault === 'http500') return this.fail(response, { ...seen, outcome: fault }, 500, 'InternalFailure');
    this.lookup(request, response, region, input, { ...seen, outcome: fault ?? 'ok' });
  }

  private overLimit(region: string, at: number): boolean {
    const limit = this.options.requestsPerSecond ?? 2;
    return this.requests.filter((r) => r.region === region && at - r.at < 1000).length >= limit;
  }

  private lookup(request: IncomingMessage, response: ServerResponse, region: string, input: LookupInput, seen: ServedRequest): void {
    const start = input.StartTime ?? null;
    const end = input.EndTime ?? null;
    const token = input.NextToken ? decodeToken(input.NextToken) : { offset: 0, start, end };
    if (!token || token.start !== start || token.end !== end) {
      return this.fail(response, { ...seen, outcome: 'invalid' }, 400, 'InvalidNextTokenException');
    }
    const matching = (this.records.get(region) ?? []).filter((r) => inWindow(epochSeconds(r), start, end));
    const size = Math.min(input.MaxResults ?? 50, 50);
    const page = matching.slice(token.offset, token.offset + size);
    const next = token.offset + size < matching.length ? encodeToken({ offset: token.offset + size, start, end }) : undefined;
    this.requests.push({ ...seen, events: seen.outcome === 'ok' ? page.map((r) => r.eventID) : [] });
    const text = JSON.stringify({ Events: page.map(toLookupEvent), ...(next ? { NextToken: next } : {}) });
    if (seen.outcome === 'drop') return dropMidResponse(request, response, text);
    send(response, 200, text);
  }

  private fail(response: ServerResponse, seen: ServedRequest, status: number, type: string): void {
    this.requests.push(seen);
    send(response, status, JSON.stringify({ __type: type, message: `${type} (injected by the test endpoint)` }));
  }

  private callerIdentity(response: ServerResponse): void {
    const account = this.options.account ?? '218007301253';
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
        `<Arn>arn:aws:iam::${account}:user/tester</Arn><UserId>AIDATESTER</UserId><Account>${account}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }
}

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startFakeCloudTrail(options: FakeCloudTrailOptions): Promise<FakeCloudTrail> {
  const server = createServer();
  const fake = new FakeCloudTrail(server, options);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => fake.handle(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** The real records of the Invictus corpus, oldest first (the test fixture copy when present). */
export function invictusRecords(): TrailRecord[] {
  const root = join(__dirname, '..', '..');
  const fixture = join(root, 'test', 'fixtures', 'cloudtrail-invictus', 'CloudTrail');
  const folder = existsSync(fixture) ? fixture : join(root, '..', 'shared', 'corpus', 'cloudtrail-invictus', 'CloudTrail');
  const records = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => (JSON.parse(readFileSync(join(folder, name), 'utf8')) as { Records: TrailRecord[] }).Records);
  return records.sort((a, b) => epochSeconds(a) - epochSeconds(b) || a.eventID.localeCompare(b.eventID));
}

/** A record's eventTime in epoch seconds. */
export function epochSeconds(record: TrailRecord): number {
  return Date.parse(record.eventTime) / 1000;
}

function times(input: LookupInput): { startTime?: number; endTime?: number } {
  return {
    ...(input.StartTime !== undefined ? { startTime: input.StartTime } : {}),
    ...(input.EndTime !== undefined ? { endTime: input.EndTime } : {}),
  };
}

function inWindow(seconds: number, start: number | null, end: number | null): boolean {
  return (start === null || seconds >= start) && (end === null || seconds <= end);
}

function toLookupEvent(record: TrailRecord): Record<string, unknown> {
  const identity = (record.userIdentity ?? {}) as Record<string, unknown>;
  return {
    EventId: record.eventID,
    EventName: record.eventName,
    ReadOnly: String(record.readOnly ?? 'false'),
    AccessKeyId: identity.accessKeyId,
    EventTime: epochSeconds(record),
    EventSource: record.eventSource,
    Username: identity.userName,
    Resources: [],
    CloudTrailEvent: JSON.stringify(record),
  };
}

function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(text: string): PageToken | undefined {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageToken;
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function dropMidResponse(request: IncomingMessage, response: ServerResponse, text: string): void {
  response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) });
  response.write(text.slice(0, Math.floor(text.length / 2)), () => request.socket.destroy());
}
