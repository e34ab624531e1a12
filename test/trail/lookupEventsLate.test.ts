import { strict as assert } from 'node:assert';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createCloudTrailClient } from '../../core/trail/awsClients';
import { emptyCache, type TrailCache } from '../../core/trail/cache';
import { LATE_EVENT_OVERLAP_MS, RECENT_EVENTS_LIMIT, WindowScan, type LookupCursor } from '../../core/trail/lookupCursor';
import { fetchLookupEvents, type LookupEventsOptions } from '../../core/trail/lookupEvents';
import { LookupCacheWriter } from '../../core/trail/lookupSink';
import { RateLimiters } from '../../core/trail/rateLimiter';
import { epochSeconds, invictusRecords, startFakeCloudTrail, type FakeCloudTrail, type TrailRecord } from '../helpers/fakeCloudTrail';
import { MemoryStore } from './lookupEventsStore';
import { testMapper } from './helpers';

const ACCOUNT = '218007301253';
const credentials = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' };
const records = invictusRecords().slice(1400, 1600);
const firstBatch = records.slice(0, 150);
const newestFirst = firstBatch.at(-1) as TrailRecord;
/** A record of the first batch's time range, from an earlier second than its newest, that CloudTrail delivers late. */
const late = firstBatch.slice(0, 120).reverse().find((r) => epochSeconds(r) < epochSeconds(newestFirst)) as TrailRecord;
const onTime = firstBatch.filter((r) => r !== late);
const newer = records.slice(150);

const fakes: FakeCloudTrail[] = [];
after(() => Promise.all(fakes.map((f) => f.close())));

async function fake(initial: readonly TrailRecord[]): Promise<FakeCloudTrail> {
  const started = await startFakeCloudTrail({ regions: { 'eu-west-1': initial } });
  fakes.push(started);
  return started;
}

function options(endpoint: FakeCloudTrail, cursorOf: LookupEventsOptions['cursorOf'], sink: LookupEventsOptions['sink'], limiters: RateLimiters): LookupEventsOptions {
  return {
    account: ACCOUNT,
    regions: ['eu-west-1'],
    clientFor: (region) => createCloudTrailClient(region, { credentials, endpoint: endpoint.url }),
    cursorOf,
    sink,
    limiters,
  };
}

before(() => {
  assert.ok(epochSeconds(newestFirst) - epochSeconds(late) < LATE_EVENT_OVERLAP_MS / 1000, 'the late record is inside the overlap');
});

void test('an event delivered late with an older time is picked up by the next fetch; no event is stored twice', async () => {
  const endpoint = await fake(onTime);
  const store = new MemoryStore();
  const limiters = new RateLimiters();
  await fetchLookupEvents(options(endpoint, store.cursorOf, store.sink, limiters));
  assert.ok(!store.idsOf('eu-west-1').includes(late.eventID));

  endpoint.add('eu-west-1', [late, ...newer]);
  const firstRequests = endpoint.requests.length;
  const second = await fetchLookupEvents(options(endpoint, store.cursorOf, store.sink, limiters));
  const starts = endpoint.requests.slice(firstRequests).map((r) => r.startTime);
  assert.deepEqual([...new Set(starts)], [epochSeconds(newestFirst) - LATE_EVENT_OVERLAP_MS / 1000]);
  assert.ok((second.regions[0]?.duplicates ?? 0) > 0, 'the overlap was read again and skipped');
  const ids = store.idsOf('eu-west-1');
  assert.equal(new Set(ids).size, ids.length, 'no event stored twice');
  assert.deepEqual([...ids].sort(), records.map((r) => r.eventID).sort());

  const third = await fetchLookupEvents(options(endpoint, store.cursorOf, store.sink, limiters));
  assert.deepEqual([third.regions[0]?.events, store.idsOf('eu-west-1').length], [0, records.length]);
  assert.ok(endpoint.maxRequestsPerSecond('eu-west-1') <= 2);
});

void test('a fetch over the overlap cancelled part-way resumes without losing the late event or storing any event twice', async () => {
  const endpoint = await fake(onTime);
  const store = new MemoryStore();
  const limiters = new RateLimiters();
  await fetchLookupEvents(options(endpoint, store.cursorOf, store.sink, limiters));
  endpoint.add('eu-west-1', [late, ...newer]);
  const controller = new AbortController();
  const pagesBefore = store.pages;
  const sink: LookupEventsOptions['sink'] = async (page) => {
    await store.sink(page);
    if (store.pages === pagesBefore + 1) controller.abort();
  };
  const cancelled = await fetchLookupEvents({ ...options(endpoint, store.cursorOf, sink, limiters), signal: controller.signal });
  assert.equal(cancelled.cancelled, true);
  assert.ok(store.cursorOf('eu-west-1')?.pending);
  await fetchLookupEvents(options(endpoint, store.cursorOf, store.sink, limiters));
  const ids = store.idsOf('eu-west-1');
  assert.equal(new Set(ids).size, ids.length, 'no event stored twice');
  assert.deepEqual([...ids].sort(), records.map((r) => r.eventID).sort());
});

void test('in the cache, a late event fetched in a second pass counts exactly as if it had come on time', async () => {
  const total = (cache: TrailCache) => cache.snapshot.usage.reduce((n, row) => n + row.count + row.denied, 0);
  const staged = await fake(onTime);
  const writer = new LookupCacheWriter(await mkdtemp(join(tmpdir(), 'tt-late-')), emptyCache(), testMapper());
  const limiters = new RateLimiters();
  await fetchLookupEvents(options(staged, (region) => writer.cursorOf(ACCOUNT, region), writer.sink, limiters));
  staged.add('eu-west-1', [late, ...newer]);
  await fetchLookupEvents(options(staged, (region) => writer.cursorOf(ACCOUNT, region), writer.sink, limiters));

  const whole = await fake(records);
  const reference = new LookupCacheWriter(await mkdtemp(join(tmpdir(), 'tt-late-')), emptyCache(), testMapper());
  await fetchLookupEvents(options(whole, (region) => reference.cursorOf(ACCOUNT, region), reference.sink, new RateLimiters()));
  assert.ok(total(reference.cache) > 0);
  assert.equal(total(writer.cache), total(reference.cache));
});

const MINUTE = 60_000;
/** `count` events, ten per second, going back from `newest`. */
const stamps = (count: number, newest: number) => Array.from({ length: count }, (_, i) => ({ id: `e${i}`, time: newest - Math.floor(i / 10) * 1000 }));

void test('the overlap keeps at most the limit of EventIds, and a cursor from before the overlap starts at its newest event', () => {
  const newest = Date.parse('2026-11-20T12:00:00Z');
  const busy = WindowScan.next({}, newest + MINUTE, undefined);
  busy.accept(stamps(RECENT_EVENTS_LIMIT + 500, newest));
  const cursor = busy.cursorAfterPage(true);
  assert.equal(cursor.recent?.events.length, RECENT_EVENTS_LIMIT);
  // Whole seconds are dropped: the 5,001st newest event's second goes, and what is kept is complete from the next one.
  assert.equal(cursor.recent?.from, newest - (RECENT_EVENTS_LIMIT / 10 - 1) * 1000);
  const next = WindowScan.next(cursor, newest + 2 * MINUTE, undefined);
  assert.equal(next.startTime, cursor.recent?.from);
  assert.deepEqual(next.accept(stamps(RECENT_EVENTS_LIMIT, newest)), []);

  const legacy: LookupCursor = { newest: { time: newest, ids: ['e0'] } };
  assert.equal(WindowScan.next(legacy, newest + MINUTE, undefined).startTime, newest);
  const quiet = WindowScan.next({}, newest + MINUTE, undefined);
  quiet.accept(stamps(3, newest));
  assert.equal(WindowScan.next(quiet.cursorAfterPage(true), newest + MINUTE, undefined).startTime, newest - LATE_EVENT_OVERLAP_MS);
});
