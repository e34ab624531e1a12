// Does a large usage cache delay the server's first diagnostics? Spawns `node dist/server.js --stdio` in a workspace
// without a cache (the baseline) and in one with a cache of ROWS usage rows, alternately, and times spawn → initialize
// → didOpen → first publishDiagnostics in both, and in the second also → `trailtight/usageChanged` (cache loaded).
// The machine is shared and noisy: read the ratio against the baseline of the same run, not the times.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { emptyCache, writeCache } from '../core/trail/cache';
import type { UsageRow } from '../core/trail/observation';

const ROWS = 300_000;
const ROUNDS = 7;
/** First diagnostics with a cache may take at most this many times the baseline's. */
const GOAL_RATIO = 1.25;
const SERVER = join(__dirname, '..', 'dist', 'server.js');

interface Timing {
  readonly firstDiagnostics: number;
  readonly usageLoaded?: number;
}

async function run(root: string, waitForUsage: boolean): Promise<Timing> {
  const start = performance.now();
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const uri = pathToFileURL(join(root, 'app-role.json')).href;
  let firstDiagnostics = 0;
  const published = new Promise<void>((resolve) =>
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string }) => {
      if (params.uri !== uri || firstDiagnostics > 0) return;
      firstDiagnostics = performance.now() - start;
      resolve();
    }),
  );
  const usage = new Promise<number>((resolve) => connection.onNotification('trailtight/usageChanged', () => resolve(performance.now() - start)));
  connection.listen();
  try {
    const rootUri = pathToFileURL(root).href;
    await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }], capabilities: {} });
    await connection.sendNotification('initialized', {});
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    await published;
    return waitForUsage ? { firstDiagnostics, usageLoaded: await usage } : { firstDiagnostics };
  } finally {
    connection.dispose();
    child.kill();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const empty = mkdtempSync(join(tmpdir(), 'tt-bench-nocache-'));
  const cached = mkdtempSync(join(tmpdir(), 'tt-bench-cache-'));
  const usage: UsageRow[] = [];
  for (let p = 0; p < ROWS / 1000; p++) {
    const principal = `arn:aws:iam::111122223333:role/app/role-${p}`;
    for (let a = 0; a < 1000; a++) {
      usage.push({ principal, action: `svc${a % 40}:Action${a}`, firstSeen: 1.78e12 + a, lastSeen: 1.79e12 + p, count: a + 1, denied: a % 3, viaService: 0, regions: ['us-east-1'] });
    }
  }
  await writeCache(join(cached, '.trailtight'), { ...emptyCache(), snapshot: { ...emptyCache().snapshot, usage } });
  const base: number[] = [];
  const withCache: number[] = [];
  const loaded: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      base.push((await run(empty, false)).firstDiagnostics);
      const timing = await run(cached, true);
      withCache.push(timing.firstDiagnostics);
      loaded.push(timing.usageLoaded ?? NaN);
    }
  } finally {
    rmSync(empty, { recursive: true, force: true });
    rmSync(cached, { recursive: true, force: true });
  }
  const ratio = median(withCache) / median(base);
  console.log(`Node ${process.version}, ${ROUNDS} alternating rounds, cache of ${ROWS.toLocaleString('en-US')} usage rows`);
  console.log(`| measure (median) | time | vs baseline |`);
  console.log(`|---|---|---|`);
  console.log(`| first diagnostics, no cache (baseline) | ${median(base).toFixed(0)} ms | 1.00× |`);
  console.log(`| **first diagnostics, with the cache** | ${median(withCache).toFixed(0)} ms | ${ratio.toFixed(2)}× (goal ≤ ${GOAL_RATIO}×) |`);
  console.log(`| cache loaded (usageChanged), from spawn | ${median(loaded).toFixed(0)} ms | ${(median(loaded) / median(base)).toFixed(2)}× |`);
  if (ratio > GOAL_RATIO) {
    console.log(`MISSED: first diagnostics with a cache ${ratio.toFixed(2)}× the baseline > ${GOAL_RATIO}×`);
    process.exitCode = 1;
  }
}

void main();
