import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runFetch } from '../../cli/commands/fetch';
import { UsageError, type Io } from '../../cli/commands/command';
import { loadCatalog } from '../../core/catalog/load';
import { listProfiles, profileRegion } from '../../core/trail/awsProfiles';
import { readCache } from '../../core/trail/cache';
import { invictusRecords, startFakeCloudTrail, type FakeCloudTrail } from '../helpers/fakeCloudTrail';

const catalog = loadCatalog(join(__dirname, '..', '..', 'dist'));
const all = invictusRecords();
const east = all.slice(300, 400);
const west = all.slice(1800, 1880).map((r) => ({ ...r, awsRegion: 'eu-west-1' }));
const dir = mkdtempSync(join(tmpdir(), 'trailtight-fetch-'));
const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), HOME: dir };

let fake: FakeCloudTrail;

before(async () => {
  writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, '[tester]\naws_access_key_id = AKIDFAKE\naws_secret_access_key = fake\n');
  writeFileSync(
    env.AWS_CONFIG_FILE,
    '# comment\n[default]\nregion = eu-west-1\n[profile tester]\nregion = eu-west-1\n[profile sso-dev]\nsso_session = corp\n[sso-session corp]\nsso_region = us-east-1\n',
  );
  fake = await startFakeCloudTrail({ regions: { 'us-east-1': east, 'eu-west-1': west }, faults: { 'eu-west-1': { 1: 'http500' } } });
});
after(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function capture(): Io & { stdout: string; stderr: string } {
  const io = { cwd: dir, stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

void test('profiles come from both shared files (SSO sessions are not profiles) and give the default Regions', async () => {
  assert.deepEqual(await listProfiles(env), ['default', 'sso-dev', 'tester']);
  assert.equal(await profileRegion('tester', env), 'eu-west-1');
  assert.equal(await profileRegion('tester', { ...env, AWS_REGION: 'ap-south-1' }), 'ap-south-1');
});

void test('trailtight fetch with a profile fills the cache for both default Regions, then continues incrementally', async () => {
  const args = ['--profile', 'tester', '--endpoint', fake.url, '--cache', join(dir, '.trailtight')];
  const first = capture();
  assert.equal(await runFetch(args, first, { catalog, env, progress: false }), 0, first.stderr);
  const { cache } = await readCache(join(dir, '.trailtight'));
  assert.equal(cache.snapshot.totals.records, east.length + west.length);
  assert.deepEqual(Object.keys(cache.cursors).sort(), ['218007301253/eu-west-1', '218007301253/us-east-1']);

  for (const region of ['us-east-1', 'eu-west-1']) assert.ok(fake.maxRequestsPerSecond(region) <= 2);

  // A second process has limiters of its own: it is paced within itself, and retries if AWS throttles it.
  const firstRequests = fake.requests.length;
  const second = capture();
  assert.equal(await runFetch(args, second, { catalog, env, progress: false }), 0, second.stderr);
  assert.equal((await readCache(join(dir, '.trailtight'))).cache.snapshot.totals.records, east.length + west.length);
  for (const region of ['us-east-1', 'eu-west-1']) assert.ok(fake.maxRequestsPerSecond(region, firstRequests) <= 2);
});

void test('an unknown profile fails with exit code 1 and names the profile', async () => {
  const io = capture();
  assert.equal(await runFetch(['--profile', 'nobody', '--endpoint', fake.url], io, { catalog, env, progress: false }), 1);
  assert.match(io.stderr, /nobody/);
});

void test('a bad --since is a usage error', async () => {
  await assert.rejects(runFetch(['--since', 'yesterday-ish'], capture(), { catalog, env, progress: false }), UsageError);
});
