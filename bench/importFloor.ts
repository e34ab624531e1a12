// The least any import of the corpus can cost on this machine in Trailtight's design: every file read and gunzipped
// (and, with `scan`, scanned by the WebAssembly scanner, dist/trailScan.wasm) on one thread per core, files dealt
// round-robin, synchronously (no thread idles on I/O), nothing decoded or aggregated. Printed as JSON: {"ms": ...}.
// Usage: node --import tsx bench/importFloor.ts DIR gunzip|scan
import { Worker } from 'node:worker_threads';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const dir = process.argv[2] ?? '';
const mode = process.argv[3] ?? 'gunzip';
const files = readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.json.gz'))
  .sort()
  .map((f) => join(dir, f));
const threads = availableParallelism();

// Each file is gunzipped the import's way (core/trail/gunzipInto.ts, loaded through the tsx loader the workers
// inherit), into the scanner's memory when scanning, else into a buffer of the same size.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { files, wasmPath, gunzipPath } = workerData;
require('tsx/cjs');
const { gunzipInto } = require(gunzipPath);
let wasm;
if (wasmPath) wasm = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), {}).exports;
let records = 0;
let buffer = new Uint8Array(0);
for (const file of files) {
  const bytes = readFileSync(file);
  const length = bytes.readUInt32LE(bytes.length - 4);
  let out;
  if (wasm) {
    const at = wasm.prepare(length);
    out = new Uint8Array(wasm.memory.buffer, at, length + 1);
  } else {
    if (buffer.length < length + 1) buffer = new Uint8Array(length + 1);
    out = buffer.subarray(0, length + 1);
  }
  const result = gunzipInto(bytes, out);
  if (!result || result.length !== length) throw new Error(file + ': not gunzipped directly');
  if (wasm) records += wasm.scan(length);
}
parentPort.postMessage(records);
`;

async function main(): Promise<void> {
  const wasmPath = mode === 'scan' ? join(__dirname, '..', 'dist', 'trailScan.wasm') : undefined;
  const start = performance.now();
  const counts = await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const mine = files.filter((_, n) => n % threads === t);
      return new Promise<number>((resolve, reject) => {
        const worker = new Worker(WORKER, { eval: true, workerData: { files: mine, wasmPath, gunzipPath: join(__dirname, '..', 'core', 'trail', 'gunzipInto.ts') } });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, threads, files: files.length, records: counts.reduce((a, b) => a + b, 0) }));
}

void main();
