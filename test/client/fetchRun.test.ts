import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadCatalog } from '../../core/catalog/load';
import { readCache } from '../../core/trail/cache';
import { fetchIntoCache } from '../../client/trail/fetchRun';
import { fetchDetails, fetchMessage } from '../../client/trail/summaries';
import { initialRegions, regionChoices } from '../../client/trail/regions';
import { invictusRecords, startFakeCloudTrail, type FakeCloudTrail } from '../helpers/fakeCloudTrail';

const catalog = loadCatalog(join(__dirname, '..', '..', 'dist'));
const east = invictusRecords().slice(0, 120);
const dir = mkdtempSync(join(tmpdir(), 'trailtight-client-fetch-'));
const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), HOME: dir };
const cacheDir = join(dir, '.trailtight');

let fake: FakeCloudTrail;

before(async () => {
  writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, '[tester]\naws_access_key_id = AKIDFAKE\naws_secret_access_key = fake\n');
  writeFileSync(env.AWS_CONFIG_FILE, '[profile tester]\nregion = us-east-1\n');
  fake = await startFakeCloudTrail({ regions: { 'us-east-1': east } });
});
after(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

void test('a fetch stores every event in the workspace cache and reports what it added', async () => {
  const run = await fetchIntoCache({ cacheDir, catalog, profile: 'tester', regions: ['us-east-1'], endpoint: fake.url, env });
  assert.ok(run.ok);
  assert.equal(run.summary.cancelled, false);
  assert.equal(run.added.records, east.length);
  assert.equal((await readCache(cacheDir)).cache.snapshot.totals.records, east.length);
  assert.match(fetchMessage(run), new RegExp(`^Fetched ${east.length} new events from 1 Region of account \\d{12}: [\\d.]+% mapped, \\d+ denied\\.$`));
  assert.match(fetchDetails(run, 'tester', 'cache.json'), /us-east-1: 3 pages, 120 new events/);
});

void test('a profile that does not exist fails with what to do, and writes nothing', async () => {
  const other = join(dir, 'other', '.trailtight');
  const run = await fetchIntoCache({ cacheDir: other, catalog, profile: 'nobody', regions: ['us-east-1'], endpoint: fake.url, env });
  assert.deepEqual([run.ok, !run.ok && run.cancelled], [false, false]);
  assert.match(fetchMessage(run), /^Fetch failed: /);
  assert.equal((await readCache(other)).cache.snapshot.totals.records, 0);
});

void test('a cancelled fetch says so and keeps what was stored', async () => {
  const controller = new AbortController();
  controller.abort();
  const run = await fetchIntoCache({ cacheDir, catalog, profile: 'tester', regions: ['us-east-1'], endpoint: fake.url, env, signal: controller.signal });
  assert.equal(run.ok, false);
  assert.deepEqual([run.ok, !run.ok && run.cancelled], [false, true]);
  assert.match(fetchMessage(run), /^Fetch cancelled/);
  assert.equal((await readCache(cacheDir)).cache.snapshot.totals.records, east.length);
});

void test('Regions: configured ones first, else the profile Region and us-east-1; the picker pre-selects them', () => {
  assert.deepEqual(initialRegions([], 'eu-west-1'), ['eu-west-1', 'us-east-1']);
  assert.deepEqual(initialRegions([' ap-south-1 ', ''], 'eu-west-1'), ['ap-south-1']);
  const choices = regionChoices(['eu-west-1', 'us-east-1']);
  assert.deepEqual(choices.filter((c) => c.picked).map((c) => c.region), ['eu-west-1', 'us-east-1']);
  assert.equal(new Set(choices.map((c) => c.region)).size, choices.length);
});
