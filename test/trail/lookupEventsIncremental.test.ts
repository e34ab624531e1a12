import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { createCloudTrailClient } from '../../core/trail/awsClients';
import { LATE_EVENT_OVERLAP_MS } from '../../core/trail/lookupCursor';
import { fetchLookupEvents, type LookupEventsOptions } from '../../core/trail/lookupEvents';
import { RateLimiters } from '../../core/trail/rateLimiter';
import { epochSeconds, invictusRecords, startFakeCloudTrail, type FakeCloudTrail, type TrailRecord } from '../helpers/fakeCloudTrail';
import { MemoryStore } from './lookupEventsStore';

const credentials = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' };
const records = invictusRecords().slice(2000, 2180);

/** The first index after 120 whose record shares its second with the one before: the boundary falls inside a second. */
function splitInsideASecond(list: readonly TrailRecord[]): number {
  const index = list.findIndex((r, i) => i > 120 && list[i - 1]?.eventTime === r.eventTime);
  assert.ok(index > 0, 'the slice has a second with two events');
  return index;
}

let fake: FakeCloudTrail;
const split = splitInsideASecond(records);
const older = records.slice(0, split);
const newer = records.slice(split);

before(async () => {
  fake = await startFakeCloudTrail({ regions: { 'eu-west-1': older } });
});
after(() => fake.close());

function options(store: MemoryStore, limiters: RateLimiters): LookupEventsOptions {
  return {
    account: '218007301253',
    regions: ['eu-west-1'],
    clientFor: (region) => createCloudTrailClient(region, { credentials, endpoint: fake.url }),
    cursorOf: store.cursorOf,
    sink: store.sink,
    limiters,
  };
}

void test('a second fetch asks from the overlap before the newest stored event and stores no event twice', async () => {
  const store = new MemoryStore();
  const limiters = new RateLimiters();
  await fetchLookupEvents(options(store, limiters));
  assert.equal(store.idsOf('eu-west-1').length, older.length);
  const firstRequests = fake.requests.length;

  fake.add('eu-west-1', newer);
  const summary = await fetchLookupEvents(options(store, limiters));

  const boundary = epochSeconds(older.at(-1) as TrailRecord);
  const second = fake.requests.slice(firstRequests);
  assert.ok(second.length > 0);
  for (const request of second) assert.equal(request.startTime, boundary - LATE_EVENT_OVERLAP_MS / 1000);
  assert.ok((summary.regions[0]?.duplicates ?? 0) > 0, 'the boundary second was returned again and skipped');
  assert.deepEqual([...store.idsOf('eu-west-1')].sort(), records.map((r) => r.eventID).sort());
  assert.ok(fake.maxRequestsPerSecond('eu-west-1') <= 2);
});

void test('--since bounds a first fetch', async () => {
  const store = new MemoryStore();
  const since = new Date(Date.parse((records[150] as TrailRecord).eventTime));
  await fetchLookupEvents({ ...options(store, new RateLimiters()), since });
  const expected = records.filter((r) => Date.parse(r.eventTime) >= since.getTime()).map((r) => r.eventID);
  assert.deepEqual([...store.idsOf('eu-west-1')].sort(), expected.sort());
});
