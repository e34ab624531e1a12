// The trail scanner alone against JSON.parse, on the same gunzipped trail files, in one process, alternating.
// Usage: node --import tsx bench/trailScan.bench.ts [DIR] [FILES] [OTHER.wasm]   (default bench/.corpus/AWSLogs, 40 files)
// Prints MB/s per round for: utf8 decode + JSON.parse (what the exact way does per file); the scanner alone (copy
// into wasm memory + stage 1 + stage 2); the scanner + the record objects (trailScan.ts); the scanner + the objects
// + reading every member the aggregation reads (requestParameters/resources included), and the ratios to JSON.parse.
// With OTHER.wasm (e.g. main's dist/trailScan.wasm copied aside), it then times the two scanners alone, alternating
// file by file so both see the same load, and prints how much faster this build's is, by wall and by CPU time.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import { scanTrail } from '../core/trail/trailScan';
import type { TrailRecord } from '../core/trail/record';

const dir = process.argv[2] ?? join(__dirname, '.corpus', 'AWSLogs');
const count = Number(process.argv[3] ?? 40);
const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json.gz')).sort().slice(0, count);
const texts = files.map((f) => gunzipSync(readFileSync(join(dir, f))));
const mb = texts.reduce((n, t) => n + t.length, 0) / 1e6;

interface Scanner {
  memory: { buffer: ArrayBuffer };
  prepare(n: number): number;
  scan(n: number): number;
}
const wasmApi = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: unknown } } }).WebAssembly;
const instantiate = (path: string) => new wasmApi.Instance(new wasmApi.Module(readFileSync(path)), {}).exports as Scanner;
const wasm = instantiate(join(__dirname, '..', 'dist', 'trailScan.wasm'));
const other = process.argv[4] === undefined ? undefined : instantiate(process.argv[4]);

let sink = 0;
function scanWith(scanner: Scanner, t: Buffer): void {
  const at = scanner.prepare(t.length);
  new Uint8Array(scanner.memory.buffer, at, t.length).set(t);
  sink += scanner.scan(t.length);
}
function wasmOnly(): void {
  for (const t of texts) scanWith(wasm, t);
}
function jsonParse(): void {
  for (const t of texts) sink += (JSON.parse(t.toString('utf8')) as { Records: unknown[] }).Records.length;
}
function scanOnly(): void {
  // The records' objects are built by scanTrail; the spans alone are timed by scanning and dropping them.
  for (const t of texts) {
    const r = scanTrail(t);
    if (typeof r === 'number') throw new Error(`refused (${r})`);
    sink += r.length;
  }
}
function scanAndRead(): void {
  for (const t of texts) {
    const r = scanTrail(t) as TrailRecord[];
    for (const x of r) {
      sink += (x.eventName as string).length + ((x.userIdentity as { type?: string } | undefined)?.type?.length ?? 0);
      if (x.requestParameters !== undefined) sink++;
      if (x.resources !== undefined) sink++;
    }
  }
}
const cases: [string, () => void][] = [
  ['decode + JSON.parse', jsonParse],
  ['wasm scan alone (copy + stages 1, 2)', wasmOnly],
  ['scanTrail (spans + record objects)', scanOnly],
  ['scanTrail + every member read', scanAndRead],
];
console.log(`${files.length} files, ${mb.toFixed(0)} MB gunzipped; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (let round = 1; round <= 5; round++) {
  const ms: number[] = [];
  for (const [, run] of cases) {
    const start = performance.now();
    run();
    ms.push(performance.now() - start);
  }
  const base = ms[0] ?? 1;
  console.log(`round ${round}: ${cases.map(([name], i) => `${name} ${((mb / (ms[i] ?? 1)) * 1000).toFixed(0)} MB/s (${((ms[i] ?? 0) / base).toFixed(2)} ×)`).join('; ')}`);
}
console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')} (checksum ${sink})`);
if (other) {
  // [this build's, the other's] wall and CPU ms per round; which goes first flips from file to file and round to round.
  const scanners = [wasm, other];
  for (let round = 1; round <= 8; round++) {
    const wall = [0, 0];
    const cpu = [0, 0];
    texts.forEach((t, i) => {
      for (const k of (i + round) % 2 ? [0, 1] : [1, 0]) {
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        scanWith(scanners[k] ?? wasm, t);
        wall[k] = (wall[k] ?? 0) + performance.now() - start;
        const used = process.cpuUsage(cpuStart);
        cpu[k] = (cpu[k] ?? 0) + (used.user + used.system) / 1000;
      }
    });
    const [thisWall = 1, otherWall = 1] = wall;
    const [thisCpu = 1, otherCpu = 1] = cpu;
    console.log(`other wasm, round ${round}: this ${((mb / thisWall) * 1000).toFixed(0)} MB/s, other ${((mb / otherWall) * 1000).toFixed(0)} MB/s; this is ${(otherWall / thisWall).toFixed(2)} × as fast by wall, ${(otherCpu / thisCpu).toFixed(2)} × by CPU`);
  }
  console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')} (checksum ${sink})`);
}
