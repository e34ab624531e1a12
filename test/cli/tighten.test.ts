import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { applyPatch } from 'diff';
import type { Io } from '../../cli/commands/command';
import { generateCommand } from '../../cli/commands/generate';
import { tightenCommand } from '../../cli/commands/tighten';
import { emptyCache, readCache, writeCache } from '../../core/trail/cache';
import { importFiles } from '../../core/trail/localFiles';
import { TrailIndex } from '../../core/usage/trailIndex';
import { validatePolicy } from '../../core/validate';
import { testCatalog } from '../helpers/policy';
import { INVICTUS, testMapper } from '../trail/helpers';
import { ROLE_POLICY, STEAL_ROLE } from '../usage/helpers';

/** The Invictus history ends 2023-07-10 and covers under an hour: judge it as of the next day, with no minimum. */
const JUDGE = ['--as-of', '2023-07-11', '--min-coverage-days', '0'];
const STEAL_NAME = 'stratus-red-team-ec2-steal-credentials-role';

let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailtight-tighten-'));
  const { cache } = await importFiles([INVICTUS], { cache: emptyCache(), mapper: testMapper() });
  await writeCache(join(dir, '.trailtight'), cache);
  writeFileSync(join(dir, '.trailtight', 'bindings.json'), JSON.stringify({ bindings: [{ path: 'policies/bound.json', principal: STEAL_NAME }] }));
  mkdirSync(join(dir, 'policies'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(command: typeof tightenCommand, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { cwd: dir, out: (t) => (out += t), err: (t) => (err += t) };
  const code = await command.run(args, io);
  return { code, out, err };
}

function policy(name: string, text = ROLE_POLICY): string {
  writeFileSync(join(dir, 'policies', name), text);
  return `policies/${name}`;
}

const errors = (text: string) => validatePolicy(text, { catalog: testCatalog(), kind: 'identity' }).findings.filter((f) => f.severity === 'error');

void test('tighten prints a unified diff whose result validates with zero errors; tightening that result changes nothing', async () => {
  const file = policy('bound.json');
  const first = await run(tightenCommand, file, ...JUDGE);
  assert.equal(first.code, 0);
  assert.match(first.out, /^--- a\/policies\/bound\.json\n\+\+\+ b\/policies\/bound\.json\n@@ /);
  const tightened = applyPatch(ROLE_POLICY, first.out);
  assert.equal(typeof tightened, 'string');
  assert.ok(!(tightened as string).includes('ssm:Get*') && (tightened as string).includes('"ssm:GetDocument"'));
  assert.ok(!(tightened as string).includes('TerminateInstances'));
  assert.deepEqual(errors(tightened as string), []);
  assert.match(first.err, /^policies\/bound\.json: .*NotAction/m);
  assert.equal(readFileSync(join(dir, file), 'utf8'), ROLE_POLICY, 'without --write the file is untouched');

  policy('bound.json', tightened as string);
  const again = await run(tightenCommand, file, ...JUDGE);
  assert.deepEqual([again.code, again.out], [0, '']);
});

void test('--write writes the same result; a second --write leaves the file as it is', async () => {
  const file = policy('bound.json');
  const diff = (await run(tightenCommand, file, ...JUDGE)).out;
  const written = await run(tightenCommand, file, '--write', ...JUDGE);
  assert.equal(written.code, 0);
  const text = readFileSync(join(dir, file), 'utf8');
  assert.equal(text, applyPatch(ROLE_POLICY, diff));
  assert.equal((await run(tightenCommand, file, '--write', ...JUDGE)).code, 0);
  assert.equal(readFileSync(join(dir, file), 'utf8'), text);
});

void test('principal from --principal or the file name; an unbound file fails (exit 1) without stopping the others', async () => {
  const byName = policy(`${STEAL_NAME}.policy.json`);
  const unbound = policy('unbound.json');
  const result = await run(tightenCommand, unbound, byName, ...JUDGE);
  assert.equal(result.code, 1);
  assert.match(result.err, /^trailtight tighten: policies\/unbound\.json: not bound to a principal/m);
  assert.match(result.out, new RegExp(`^--- a/policies/${STEAL_NAME}\\.policy\\.json$`, 'm'));
  const flagged = await run(tightenCommand, unbound, '--principal', STEAL_ROLE, ...JUDGE);
  assert.equal(flagged.code, 0);
  assert.equal(applyPatch(ROLE_POLICY, flagged.out), applyPatch(ROLE_POLICY, result.out.replaceAll(`${STEAL_NAME}.policy.json`, 'unbound.json')));
  const unknown = await run(tightenCommand, unbound, '--principal', 'no-such-role', ...JUDGE);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /no principal named "no-such-role"/);
});

void test('tighten changes nothing and exits 1 when the history is too old to judge', async () => {
  const file = policy('bound.json');
  const stale = await run(tightenCommand, file, '--write');
  assert.deepEqual([stale.code, stale.out], [1, '']);
  assert.match(stale.err, /nothing was tightened: the newest record \(2023-07-10\)/);
  assert.equal(readFileSync(join(dir, file), 'utf8'), ROLE_POLICY);
});

void test('a file with invalid JSON is reported with its line and left alone', async () => {
  const file = policy('broken.json', '{\n  "Version": "2012-10-17",\n  "Statement": [\n');
  const result = await run(tightenCommand, file, '--principal', STEAL_ROLE, ...JUDGE);
  assert.equal(result.code, 1);
  assert.match(result.err, /^trailtight tighten: policies\/broken\.json:\d+:\d+: /m);
});

void test('generate grants exactly the actions the principal was allowed to call', async () => {
  const result = await run(generateCommand, '--principal', STEAL_NAME);
  assert.equal(result.code, 0);
  const generated = JSON.parse(result.out) as { Statement: { Effect: string; Action: string[]; Resource: string }[] };
  const index = TrailIndex.build((await readCache(join(dir, '.trailtight'))).cache.snapshot);
  const observed = [...index.usageOf(STEAL_ROLE).values()].filter((r) => r.count > 0).map((r) => r.action).sort();
  assert.deepEqual(generated.Statement.flatMap((s) => s.Action).sort(), observed);
  assert.ok(generated.Statement.every((s) => s.Effect === 'Allow' && s.Resource === '*'));
  assert.deepEqual(errors(result.out), []);
  assert.match(result.err, /"Resource": "\*"/);
  const unknown = await run(generateCommand, '--principal', 'arn:aws:iam::123837392027:role/never-seen');
  assert.deepEqual([unknown.code, unknown.out], [1, '']);
});
