// `npm run bench:import`: the import benchmark of issue 3. Builds (once) a corpus from the real records, then in
// one run measures `trailtight import`, a single-thread baseline, DuckDB, peak RSS, an unchanged re-import, and
// loading a cache of 1,000,000 usage rows, and two floors: the corpus only gunzipped, and gunzipped and scanned, on
// every core (importFloor.ts), what no import in this design can beat. The machine is shared and noisy: the three imports run side by side in
// ROUNDS rounds, and each round's ratios are printed with their median; read the ratios, not the times.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCorpus } from './importCorpus';
import { emptyCache, writeCache } from '../core/trail/cache';
import type { UsageRow } from '../core/trail/observation';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const ROUNDS = Number(process.env.ROUNDS ?? 3);
// Prints the process's peak RSS and CPU time (threads included) when it exits.
const PROBE = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('maxrss='+u.maxRSS+' cpu='+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;

interface Run {
  readonly ms: number;
  readonly cpuMs: number;
  readonly rssMb: number;
  readonly out: string;
}

function timed(args: string[]): Run {
  const start = performance.now();
  const run = spawnSync(process.execPath, ['--import', PROBE, ...args], { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  const probe = /maxrss=(\d+) cpu=(\d+)/.exec(run.stderr);
  return { ms, cpuMs: Number(probe?.[2] ?? NaN) / 1000, rssMb: Number(probe?.[1] ?? NaN) / 1024, out: run.stdout };
}

/** A bench script's own measure (it times its work, not its start-up), with the process's CPU time. */
function child(script: string, dir: string, ...args: string[]): Run {
  const run = timed(['--import', 'tsx', join(__dirname, script), dir, ...args]);
  return { ...run, ms: (JSON.parse(run.out.trim().split('\n').pop() ?? '{}') as { ms: number }).ms };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Writes a cache of 1,000,000 usage rows; its load is timed in a fresh process, as the language server loads it. */
async function cacheLoad(): Promise<{ rows: number; ms: number[] }> {
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
  const ms: number[] = [];
  let rows = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const run = timed(['--import', 'tsx', join(__dirname, 'cacheLoad.ts'), dir]);
    const result = JSON.parse(run.out.trim().split('\n').pop() ?? '{}') as { ms: number; rows: number };
    ms.push(result.ms);
    rows = result.rows;
  }
  rmSync(dir, { recursive: true, force: true });
  return { rows, ms };
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const corpus = buildCorpus(join(__dirname, '.corpus'));
  const logs = join(corpus.dir, 'AWSLogs');
  console.log(`corpus: ${corpus.files} .json.gz files, ${corpus.records} records, ${(corpus.bytes / 1e6).toFixed(0)} MB uncompressed`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`);
  console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  const rounds: { baseline: Run; duckdb: Run; imported: Run; gunzip: Run; scan: Run }[] = [];
  let again: Run | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const cacheDir = mkdtempSync(join(tmpdir(), 'tt-bench-'));
    const baseline = child('importBaseline.ts', logs);
    const duckdb = child('importDuckdb.ts', logs);
    const imported = timed([CLI, 'import', logs, '--cache', cacheDir]);
    const gunzip = child('importFloor.ts', logs, 'gunzip');
    const scan = child('importFloor.ts', logs, 'scan');
    if (round === 0) console.log(imported.out.trim());
    again = timed([CLI, 'import', logs, '--cache', cacheDir]);
    rmSync(cacheDir, { recursive: true, force: true });
    rounds.push({ baseline, duckdb, imported, gunzip, scan });
    const s = (r: Run) => `${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(1)} s)`;
    console.log(
      `round ${round + 1}: baseline ${s(baseline)}, DuckDB ${s(duckdb)}, import ${s(imported)}, ${imported.rssMb.toFixed(0)} MB; ` +
        `import = ${(imported.ms / duckdb.ms).toFixed(2)} × DuckDB, ${(imported.ms / baseline.ms).toFixed(2)} × baseline; ` +
        `floors: gunzip ${s(gunzip)}, gunzip + scan ${s(scan)}`,
    );
  }
  const load = await cacheLoad();
  console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  const m = (f: (r: (typeof rounds)[number]) => number) => median(rounds.map(f));
  console.log(`medians of ${ROUNDS} rounds:`);
  console.log(`single-thread baseline (gunzip + JSON.parse + aggregation): ${(m((r) => r.baseline.ms) / 1000).toFixed(2)} s, CPU ${(m((r) => r.baseline.cpuMs) / 1000).toFixed(1)} s`);
  console.log(`DuckDB read_json + GROUP BY:                           ${(m((r) => r.duckdb.ms) / 1000).toFixed(2)} s, CPU ${(m((r) => r.duckdb.cpuMs) / 1000).toFixed(1)} s`);
  console.log(`trailtight import (import thread + workers):           ${(m((r) => r.imported.ms) / 1000).toFixed(2)} s, CPU ${(m((r) => r.imported.cpuMs) / 1000).toFixed(1)} s`);
  console.log(`  import / DuckDB per round, median:   ${m((r) => r.imported.ms / r.duckdb.ms).toFixed(2)} (goal ≤ 0.4)`);
  console.log(`  import / baseline per round, median: ${m((r) => r.imported.ms / r.baseline.ms).toFixed(2)} (goal ≤ 0.4)`);
  console.log(`  import CPU / baseline CPU, median:   ${m((r) => r.imported.cpuMs / r.baseline.cpuMs).toFixed(2)}`);
  console.log(`floor, every core only gunzipping:     ${m((r) => r.gunzip.ms / r.duckdb.ms).toFixed(2)} × DuckDB, ${m((r) => r.gunzip.ms / r.baseline.ms).toFixed(2)} × baseline`);
  console.log(`floor, gunzip + the scanner, no records: ${m((r) => r.scan.ms / r.duckdb.ms).toFixed(2)} × DuckDB, ${m((r) => r.scan.ms / r.baseline.ms).toFixed(2)} × baseline`);
  console.log(`peak RSS of the import, max:          ${Math.max(...rounds.map((r) => r.imported.rssMb)).toFixed(0)} MB (goal ≤ 200)`);
  console.log(`unchanged re-import:                  ${((again?.ms ?? NaN) / 1000).toFixed(2)} s (goal ≤ 0.5)`);
  console.log(`cache load, ${load.rows} usage rows, fresh process, median: ${(median(load.ms) / 1000).toFixed(2)} s (goal ≤ 1)`);
}

void main();
