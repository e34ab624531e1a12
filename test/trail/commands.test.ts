import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../cli/commands/import';
import { runUsage, type PrincipalUsage } from '../../cli/commands/usage';
import { cachePath } from '../../core/trail/cache';
import { INVICTUS } from './helpers';

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { cwd, out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

void test('trailtight import then usage --principal --json; an unchanged re-import leaves the cache alone', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'tt-cli-'));
  const first = capture(cwd);
  assert.equal(await runImport([INVICTUS], first.io, false), 0);
  assert.match(first.out.join(''), /Files: 55 read, 0 unchanged, 0 with problems/);
  assert.match(first.out.join(''), /Records: 2900 \(2851 mapped/);
  const written = await stat(cachePath(join(cwd, '.trailtight')));
  const again = capture(cwd);
  await runImport([INVICTUS], again.io, false);
  assert.match(again.out.join(''), /Files: 0 read, 55 unchanged/);
  assert.equal((await stat(cachePath(join(cwd, '.trailtight')))).mtimeMs, written.mtimeMs);
  const usage = capture(cwd);
  await runUsage(['--principal', 'arn:aws:iam::123837392027:user/benjamin', '--json'], usage.io);
  const { principals } = JSON.parse(usage.out.join('')) as { principals: PrincipalUsage[] };
  assert.equal(principals.length, 1);
  assert.ok(principals[0]?.actions.some((a) => a.action === 's3:ListAllMyBuckets'));
});
