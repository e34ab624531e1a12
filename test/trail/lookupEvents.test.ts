import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { createCloudTrailClient } from '../../core/trail/awsClients';
import { fetchLookupEvents, type LookupEventsOptions } from '../../core/trail/lookupEvents';
import { invictusRecords, startFakeCloudTrail, type FakeCloudTrail } from '../helpers/fakeCloudTrail';
import { MemoryStore } from './lookupEventsStore';

const ACCOUNT = '218007301253';
const credentials = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' };
const all = invictusRecords();
/** 260 consecutive real records: six pages, several seconds that hold more than one event. */
const records = all.slice(1000, 1260);

let fake: FakeCloudTrail;

before(async () => {
  fake = await startFakeCloudTrail({
    regions: { 'us-east-1': records },
    faults: { 'us-east-1': { 2: 'http500', 3: 'drop', 5: 'throttle' } },
  });
});
after(() => fake.close());

function options(store: MemoryStore, extra: Partial<LookupEventsOptions> = {}): LookupEventsOptions {
  return {
    account: ACCOUNT,
    regions: ['us-east-1'],
    clientFor: (region) => createCloudTrailClient(region, { credentials, endpoint: fake.url }),
    cursorOf: store.cursorOf,
    sink: store.sink,
    ...extra,
  };
}

void test('every event arrives exactly once through 500s, a dropped connection and a throttle, within 2 requests/s', async () => {
  const store = new MemoryStore();
  const summary = await fetchLookupEvents(options(store));
  const stats = summary.regions[0];
  assert.equal(stats?.error, undefined);
  assert.deepEqual([...store.idsOf('us-east-1')].sort(), records.map((r) => r.eventID).sort());
  assert.equal(stats?.events, records.length);
  assert.equal(stats?.retries, 3);
  assert.equal(stats?.throttles, 1);
  assert.deepEqual(
    fake.requests.map((r) => r.outcome),
    ['ok', 'http500', 'drop', 'ok', 'throttle', 'ok', 'ok', 'ok', 'ok'],
  );
  assert.ok(fake.maxRequestsPerSecond('us-east-1') <= 2, `saw ${fake.maxRequestsPerSecond('us-east-1')} requests in one second`);
  const newest = records.at(-1);
  assert.equal(store.cursorOf('us-east-1')?.newest?.time, Date.parse(newest?.eventTime ?? ''));
  assert.equal(store.cursorOf('us-east-1')?.pending, undefined);
});
