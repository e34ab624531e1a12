// `npm run bench:import`: the import benchmark of issue 3. Builds (once) a corpus from the real records, then in
// one run measures `trailtight import`, a single-thread baseline, DuckDB, peak RSS, an unchanged re-import, and
// loading a cache of 1,000,000 usage rows. The machine is shared and noisy: read the ratios, not the times.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCorpus } from './importCorpus';
import { emptyCache, readCache, writeCache } from '../core/trail/cache';
import type { UsageRow } from '../core/trail/observation';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
// Prints the process's peak RSS (threads included) when it exits.
const RSS_PROBE = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`;

function timed(args: string[]): { ms: number; rssMb: number; out: string } {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  const rss = /maxrss=(\d+)/.exec(run.stderr)?.[1];
  return { ms, rssMb: rss ? Number(rss) / 1024 : NaN, out: run.stdout };
}

function child(script: string, dir: string): number {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, script), dir], { cwd: ROOT, encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').pop() ?? '{}') as { ms: number }).ms;
}

async function cacheLoad(): Promise<{ rows: number; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-bench-cache-'));
  const usage: UsageRow[] = [];
  const regions = ['us-east-1', 'eu-west-1'];
  for (let p = 0; p < 1000; p++) {
    for (let a = 0; a < 1000; a++) {
      const principal = `arn:aws:iam::111122223333:role/app/role-${p}`;
      usage.push({ principal, action: `svc${a % 40}:Action${a}`, firstSeen: 1.78e12 + a, lastSeen: 1.79e12 + p, count: a + 1, denied: a % 3, viaService: 0, regions });
    }
  }
  await writeCache(dir, { ...emptyCache(), snapshot: { ...emptyCache().snapshot, usage } });
  const start = performance.now();
  const { cache } = await readCache(dir);
  const ms = performance.now() - start;
  rmSync(dir, { recursive: true, force: true });
  return { rows: cache.snapshot.usage.length, ms };
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const corpus = buildCorpus(join(__dirname, '.corpus'));
  const logs = join(corpus.dir, 'AWSLogs');
  console.log(`corpus: ${corpus.files} .json.gz files, ${corpus.records} records, ${(corpus.bytes / 1e6).toFixed(0)} MB uncompressed`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`);
  const cacheDir = mkdtempSync(join(tmpdir(), 'tt-bench-'));
  const baseline = child('importBaseline.ts', logs);
  const duckdb = child('importDuckdb.ts', logs);
  const imported = timed(['--import', RSS_PROBE, CLI, 'import', logs, '--cache', cacheDir]);
  const again = timed([CLI, 'import', logs, '--cache', cacheDir]);
  const load = await cacheLoad();
  rmSync(cacheDir, { recursive: true, force: true });
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(imported.out.trim());
  console.log(`single-thread baseline (gunzip + JSON.parse + aggregation): ${(baseline / 1000).toFixed(2)} s`);
  console.log(`DuckDB read_json + GROUP BY:                           ${(duckdb / 1000).toFixed(2)} s`);
  console.log(`trailtight import (worker threads):                    ${(imported.ms / 1000).toFixed(2)} s  ` +
    `= ${ratio(imported.ms, duckdb)} × DuckDB (goal ≤ 0.4), ${ratio(imported.ms, baseline)} × baseline (goal ≤ 0.4)`);
  console.log(`peak RSS of the import:                               ${imported.rssMb.toFixed(0)} MB (goal ≤ 200)`);
  console.log(`unchanged re-import:                                  ${(again.ms / 1000).toFixed(2)} s (goal ≤ 0.5)`);
  console.log(`cache load, ${load.rows} usage rows:                  ${(load.ms / 1000).toFixed(2)} s (goal ≤ 1)`);
}

void main();
