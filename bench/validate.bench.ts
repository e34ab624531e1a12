// `npm run bench`: validation speed over every AWS managed policy, and language-server start to first diagnostics.
// The machines are shared and noisy, so every figure is a median over repeated runs and comes with a baseline
// measured in the same process (JSON.parse and jsonc-parser's parseTree over the same texts, a bare `node` spawn):
// the ratios are the comparable numbers, the milliseconds only describe this run.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseTree, type ParseError } from 'jsonc-parser';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { loadCatalog } from '../core/catalog/load';
import { parsePolicy } from '../core/policy/parse';
import { validatePolicy } from '../core/validate';
import { latestManagedPolicies, type CorpusPolicy } from '../test/corpus/corpora';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const PASSES = 5;
const LARGEST_RUNS = 21;
const SPAWNS = 7;
const GOALS = { largestMs: 20, p95Ms: 2, corpusMs: 1500, firstDiagnosticsMs: 500 };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Median over passes of the time to run `fn` on every policy of the corpus, after one untimed warm-up pass. */
function corpusTime(policies: readonly CorpusPolicy[], fn: (text: string) => void): number {
  policies.forEach((p) => fn(p.text));
  return median(Array.from({ length: PASSES }, () => timed(() => policies.forEach((p) => fn(p.text)))));
}

function benchValidation(): { lines: string[]; misses: string[] } {
  const loadStart = performance.now();
  const catalog = loadCatalog(DIST);
  const catalogMs = performance.now() - loadStart;
  const policies = latestManagedPolicies();
  const validate = (text: string) => validatePolicy(text, { catalog, kind: 'identity' });

  const jsonParseMs = corpusTime(policies, (text) => JSON.parse(text));
  const parseTreeMs = corpusTime(policies, (text) => parseTree(text, [] as ParseError[]));
  const parsePolicyMs = corpusTime(policies, (text) => parsePolicy(text));

  // Per-policy time is the median of its PASSES runs, so one GC pause does not make a policy look slow.
  // One untimed pass lets the JIT settle, as it has in a server that has been running for a while.
  policies.forEach((p) => validate(p.text));
  const perPolicy = policies.map(() => [] as number[]);
  const passTotals: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    passTotals.push(timed(() => policies.forEach((p, i) => perPolicy[i]!.push(timed(() => validate(p.text))))));
  }
  const times = perPolicy.map(median);
  const corpusMs = median(passTotals);
  const slowest = policies.map((p, i) => ({ name: p.name, ms: times[i]!, kb: p.text.length / 1000 })).sort((a, b) => b.ms - a.ms);

  const largest = policies.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  const largestMs = median(Array.from({ length: LARGEST_RUNS }, () => timed(() => validate(largest.text))));
  const largestParseMs = median(Array.from({ length: LARGEST_RUNS }, () => timed(() => parseTree(largest.text, []))));

  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  const max = slowest[0]!;
  const mb = policies.reduce((n, p) => n + p.text.length, 0) / 1e6;
  const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  const lines = [
    `Catalog load (dist/catalog.json): ${ms(catalogMs)}`,
    `Corpus: ${policies.length} managed policies (latest versions), ${mb.toFixed(1)} MB compact JSON`,
    '',
    '| measure | time | goal | vs JSON.parse | vs parseTree |',
    '|---|---|---|---|---|',
    `| JSON.parse, whole corpus (baseline) | ${ms(jsonParseMs)} | | 1.0× | |`,
    `| jsonc-parser parseTree, whole corpus (baseline) | ${ms(parseTreeMs)} | | ${ratio(parseTreeMs, jsonParseMs)} | 1.0× |`,
    `| parsePolicy, whole corpus | ${ms(parsePolicyMs)} | | ${ratio(parsePolicyMs, jsonParseMs)} | ${ratio(parsePolicyMs, parseTreeMs)} |`,
    `| **validatePolicy, whole corpus** | ${ms(corpusMs)} | ≤ ${GOALS.corpusMs} ms | ${ratio(corpusMs, jsonParseMs)} | ${ratio(corpusMs, parseTreeMs)} |`,
    `| validatePolicy per policy, p50 | ${ms(p50)} | | | |`,
    `| validatePolicy per policy, p95 | ${ms(p95)} | ≤ ${GOALS.p95Ms} ms | | |`,
    `| validatePolicy per policy, max (${max.name}, ${max.kb.toFixed(0)} kB) | ${ms(max.ms)} | | | |`,
    `| validatePolicy, largest (${largest.name}, ${(largest.text.length / 1000).toFixed(0)} kB), median of ${LARGEST_RUNS} | ${ms(largestMs)} | ≤ ${GOALS.largestMs} ms | | ${ratio(largestMs, largestParseMs)} |`,
    '',
    `Slowest five: ${slowest.slice(0, 5).map((s) => `${s.name} ${ms(s.ms)} (${s.kb.toFixed(0)} kB)`).join(', ')}`,
  ];
  const misses = [
    corpusMs > GOALS.corpusMs && `whole corpus ${ms(corpusMs)} > ${GOALS.corpusMs} ms`,
    p95 > GOALS.p95Ms && `p95 ${ms(p95)} > ${GOALS.p95Ms} ms`,
    largestMs > GOALS.largestMs && `largest ${ms(largestMs)} > ${GOALS.largestMs} ms`,
  ].filter((m): m is string => typeof m === 'string');
  return { lines, misses };
}

/** Milliseconds from spawning `node args` until `ready` resolves with the child running. */
async function timeSpawn(args: string[], ready: (child: ReturnType<typeof spawn>) => Promise<void>): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    await ready(child);
    return performance.now() - start;
  } finally {
    child.kill();
  }
}

/** Initialize, open a policy with one mistake, and wait for the server's diagnostics on it. */
async function firstDiagnostics(child: ReturnType<typeof spawn>): Promise<void> {
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const uri = 'file:///bench/app-role.json';
  const published = new Promise<void>((resolve) => {
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string }) => {
      if (params.uri === uri) resolve();
    });
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`server exited with ${code}`))));
  connection.listen();
  try {
    await Promise.race([connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} }), exited]);
    await connection.sendNotification('initialized', {});
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    await Promise.race([published, exited]);
  } finally {
    connection.dispose();
  }
}

async function benchServer(): Promise<{ lines: string[]; misses: string[] }> {
  const server = join(DIST, 'server.js');
  if (!existsSync(server)) return { lines: [], misses: [`${server} is missing: run \`npm run build\` first`] };
  const bare: number[] = [];
  const starts: number[] = [];
  for (let i = 0; i < SPAWNS; i++) {
    bare.push(await timeSpawn(['-e', ''], (child) => new Promise((resolve) => child.once('exit', () => resolve()))));
    starts.push(await timeSpawn([server, '--stdio'], firstDiagnostics));
  }
  const startMs = median(starts);
  const bareMs = median(bare);
  return {
    lines: [
      `| measure (median of ${SPAWNS} spawns) | time | goal | vs bare node |`,
      '|---|---|---|---|',
      `| \`node -e ""\` start to exit (baseline) | ${bareMs.toFixed(0)} ms | | 1.0× |`,
      `| **\`node dist/server.js --stdio\`: spawn, initialize, didOpen → first publishDiagnostics** | ${startMs.toFixed(0)} ms | ≤ ${GOALS.firstDiagnosticsMs} ms | ${(startMs / bareMs).toFixed(1)}× |`,
    ],
    misses: startMs > GOALS.firstDiagnosticsMs ? [`first diagnostics ${startMs.toFixed(0)} ms > ${GOALS.firstDiagnosticsMs} ms`] : [],
  };
}

function machine(): string {
  const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return `${cpus().length} cores (${model}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/** The 1-minute load average: on shared machines it says how much the other tenants weighed on this run. */
function load(): string {
  return loadavg()[0]!.toFixed(1);
}

async function main(): Promise<void> {
  const loadBefore = load();
  const validation = benchValidation();
  const server = await benchServer();
  const header = `\`npm run bench\` — ${machine()}, load average ${loadBefore} at the start, ${load()} at the end`;
  console.log([header, '', ...validation.lines, '', ...server.lines].join('\n'));
  const misses = [...validation.misses, ...server.misses];
  console.log(misses.length ? `\nMISSED: ${misses.join('; ')}` : '\nAll goals met.');
  process.exitCode = misses.length ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
