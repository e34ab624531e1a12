import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { createCloudTrailClient } from '../../core/trail/awsClients';
import { fetchLookupEvents } from '../../core/trail/lookupEvents';
import { invictusRecords, startFakeCloudTrail, type FakeCloudTrail, type TrailRecord } from '../helpers/fakeCloudTrail';
import { MemoryStore } from './lookupEventsStore';

const credentials = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' };
const all = invictusRecords();
/** The corpus is from us-east-1; a second slice is served as eu-central-1 with its awsRegion relabelled to match. */
const east = all.slice(100, 250);
const central: TrailRecord[] = all.slice(1500, 1650).map((r) => ({ ...r, awsRegion: 'eu-central-1' }));
const failing = all.slice(2500, 2650);

let fake: FakeCloudTrail;

before(async () => {
  fake = await startFakeCloudTrail({
    regions: { 'us-east-1': east, 'eu-central-1': central, 'ap-south-1': failing },
    faults: { 'us-east-1': { 2: 'drop' }, 'ap-south-1': { 2: 'http500', 3: 'http500', 4: 'http500' } },
  });
});
after(() => fake.close());

void test('Regions are fetched concurrently, each within its own 2 requests/s; one failing Region keeps its pages', async () => {
  const store = new MemoryStore();
  const summary = await fetchLookupEvents({
    account: '218007301253',
    regions: ['us-east-1', 'eu-central-1', 'ap-south-1'],
    clientFor: (region) => createCloudTrailClient(region, { credentials, endpoint: fake.url }),
    cursorOf: store.cursorOf,
    sink: store.sink,
    retry: { maxAttempts: 3, baseMs: 5, capMs: 20, random: Math.random },
  });

  assert.deepEqual([...store.idsOf('us-east-1')].sort(), east.map((r) => r.eventID).sort());
  assert.deepEqual([...store.idsOf('eu-central-1')].sort(), central.map((r) => r.eventID).sort());
  const [, , south] = summary.regions;
  assert.equal(south?.region, 'ap-south-1');
  assert.ok(south?.error, 'ap-south-1 failed after its bounded attempts');
  const servedSouth = fake.requests.filter((r) => r.region === 'ap-south-1').flatMap((r) => r.events);
  assert.equal(servedSouth.length, 50);
  assert.deepEqual(store.idsOf('ap-south-1'), servedSouth);
  assert.ok(store.cursorOf('ap-south-1')?.pending);

  const firstOf = (region: string): number => fake.requests.find((r) => r.region === region)?.at ?? Infinity;
  const lastOf = (region: string): number => fake.requests.filter((r) => r.region === region).at(-1)?.at ?? 0;
  assert.ok(firstOf('eu-central-1') < lastOf('us-east-1'), 'both Regions were in flight at the same time');
  for (const region of ['us-east-1', 'eu-central-1', 'ap-south-1']) assert.ok(fake.maxRequestsPerSecond(region) <= 2);
});
