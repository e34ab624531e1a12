import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { createCloudTrailClient } from '../../core/trail/awsClients';
import { fetchLookupEvents, type LookupEventsOptions, type LookupPage } from '../../core/trail/lookupEvents';
import { RateLimiters } from '../../core/trail/rateLimiter';
import { invictusRecords, startFakeCloudTrail, type FakeCloudTrail } from '../helpers/fakeCloudTrail';
import { MemoryStore } from './lookupEventsStore';

const credentials = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' };
const records = invictusRecords().slice(500, 720);

let fake: FakeCloudTrail;

before(async () => {
  fake = await startFakeCloudTrail({ regions: { 'us-east-1': records } });
});
after(() => fake.close());

function options(store: MemoryStore, limiters: RateLimiters): LookupEventsOptions {
  return {
    account: '218007301253',
    regions: ['us-east-1'],
    clientFor: (region) => createCloudTrailClient(region, { credentials, endpoint: fake.url }),
    cursorOf: store.cursorOf,
    sink: store.sink,
    limiters,
  };
}

void test('a fetch cancelled after two pages keeps them, and the next fetch stores exactly the rest', async () => {
  const store = new MemoryStore();
  const limiters = new RateLimiters();
  const controller = new AbortController();
  const sink = async (page: LookupPage): Promise<void> => {
    await store.sink(page);
    if (store.pages === 2) controller.abort();
  };
  const cancelled = await fetchLookupEvents({ ...options(store, limiters), sink, signal: controller.signal });

  assert.equal(cancelled.cancelled, true);
  assert.equal(cancelled.regions[0]?.error, undefined);
  const served = fake.requests.flatMap((r) => r.events);
  assert.equal(served.length, 100);
  assert.deepEqual(store.idsOf('us-east-1'), served);
  assert.ok(store.cursorOf('us-east-1')?.pending, 'the cursor remembers the unfinished window');

  const resumed = await fetchLookupEvents(options(store, limiters));
  assert.equal(resumed.cancelled, false);
  assert.deepEqual([...store.idsOf('us-east-1')].sort(), records.map((r) => r.eventID).sort());
  assert.equal(store.cursorOf('us-east-1')?.pending, undefined);
  assert.ok(fake.maxRequestsPerSecond('us-east-1') <= 2);
});
