// The import's main-thread share, alone: merging the files' deltas, the snapshot, and encoding the cache.
// `node --expose-gc --import tsx bench/merge.bench.ts [other.ts]`. It ingests each file of the bench corpus once as
// an import worker does (a fresh builder per file, then `delta()`), then measures in ROUNDS rounds the CPU time of
// what the main thread of `trailtight import` does with the deltas. Given a module exporting another UsageBuilder
// and/or encodeCacheParts (e.g. older copies of usage.ts and cacheFormat.ts in bench/, their imports pointed at
// ../core/trail/), it alternates the two, prints the ratios of the medians, and throws when their snapshots are
// not deep-equal or their encoded caches differ. Without one it times today's code only.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadCatalog } from '../core/catalog/load';
import { encodeCacheParts, type IngestedFile } from '../core/trail/cacheFormat';
import { ingestFile } from '../core/trail/fileIngest';
import { planImport } from '../core/trail/localFiles';
import { EventMapper } from '../core/trail/mapping';
import type { UsageSnapshot } from '../core/trail/observation';
import { UsageBuilder, type UsageDelta } from '../core/trail/usage';

const CORPUS = join(__dirname, '.corpus', 'AWSLogs');
const ROUNDS = Number(process.env.ROUNDS ?? 5);

/** The part of UsageBuilder the main thread of an import uses. */
interface MergingBuilder {
  addDelta(delta: UsageDelta): void;
  snapshot(): UsageSnapshot;
}
type BuilderClass = new (mapper: () => EventMapper) => MergingBuilder;
/** What is measured: a builder, and the encoder of the cache. */
interface Subject {
  readonly UsageBuilder: BuilderClass;
  readonly encodeCacheParts: typeof encodeCacheParts;
}

interface Measure {
  readonly mergeMs: number;
  readonly snapshotMs: number;
  readonly encodeMs: number;
  readonly snapshot: UsageSnapshot;
  readonly text: string;
}

async function deltasOf(dir: string): Promise<{ deltas: UsageDelta[]; files: Record<string, IngestedFile> }> {
  const mapper = new EventMapper(loadCatalog(join(__dirname, '..', 'dist')));
  const { jobs } = await planImport([dir], {});
  const deltas: UsageDelta[] = [];
  const files: Record<string, IngestedFile> = {};
  for (const job of jobs) {
    const builder = new UsageBuilder(mapper);
    const result = await ingestFile(job, builder);
    files[result.path] = { size: result.size, mtimeMs: result.mtimeMs, hash: result.hash };
    deltas.push(builder.delta());
  }
  return { deltas, files };
}

/** The process's CPU time: the machine is shared, and a thread waiting for a core uses none. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function measure({ UsageBuilder: Builder, encodeCacheParts: encode }: Subject, deltas: readonly UsageDelta[], files: Record<string, IngestedFile>): Measure {
  // Deltas arrive by postMessage, so their strings are new to the main thread each time: clone them here too.
  const fresh = structuredClone(deltas);
  // A collection now, so that no round pays for the garbage of the one before (with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const builder = new Builder(() => {
    throw new Error('merging needs no mapper');
  });
  const t0 = cpuMs();
  for (const delta of fresh) builder.addDelta(delta);
  const t1 = cpuMs();
  const snapshot = builder.snapshot();
  const t2 = cpuMs();
  const text = [...encode({ snapshot, files, cursors: {} })].join('');
  const t3 = cpuMs();
  return { mergeMs: t1 - t0, snapshotMs: t2 - t1, encodeMs: t3 - t2, snapshot, text };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const total = (m: Measure): number => m.mergeMs + m.snapshotMs + m.encodeMs;
const line = (name: string, ms: Measure[]): string =>
  `${name}: merge ${median(ms.map((m) => m.mergeMs)).toFixed(0)} ms, snapshot ${median(ms.map((m) => m.snapshotMs)).toFixed(0)} ms, ` +
  `encode ${median(ms.map((m) => m.encodeMs)).toFixed(0)} ms, total ${median(ms.map(total)).toFixed(0)} ms`;

async function main(): Promise<void> {
  if (!existsSync(CORPUS)) throw new Error(`${CORPUS} is missing: run \`npm run bench:import\` once to build the corpus`);
  const otherPath = process.argv[2];
  const current: Subject = { UsageBuilder, encodeCacheParts };
  // The other module may export a UsageBuilder, an encodeCacheParts or both; what it lacks is today's.
  const other = otherPath === undefined ? undefined : { ...current, ...((await import(resolve(otherPath))) as Partial<Subject>) };
  const { deltas, files } = await deltasOf(CORPUS);
  const rows = (column: (d: UsageDelta) => Float64Array, width: number): number => deltas.reduce((n, d) => n + column(d).length / width, 0);
  console.log(`${deltas.length} deltas: ${rows((d) => d.usage, 8)} usage, ${rows((d) => d.daily, 5)} daily, ${rows((d) => d.buckets, 7)} bucket rows`);
  const ours: Measure[] = [];
  const theirs: Measure[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // The two alternate which goes first, so neither always runs on the other's heap.
    const first = round % 2 === 0 || !other ? measure(current, deltas, files) : undefined;
    const then = other ? measure(other, deltas, files) : undefined;
    const now = first ?? measure(current, deltas, files);
    ours.push(now);
    if (!then) continue;
    theirs.push(then);
    if (!isDeepStrictEqual(now.snapshot, then.snapshot)) throw new Error(`round ${round}: the snapshots differ`);
    if (now.text !== then.text) throw new Error(`round ${round}: the encoded caches differ`);
    console.log(`round ${round}: ${total(now).toFixed(0)} ms vs ${total(then).toFixed(0)} ms (${(total(now) / total(then)).toFixed(3)})`);
  }
  const last = ours[ours.length - 1]?.snapshot;
  console.log(`snapshot: ${last?.usage.length} usage, ${last?.daily.length} daily, ${last?.bucketUsage.length} bucket rows`);
  console.log(line('today', ours));
  if (!other) return;
  console.log(line(String(otherPath), theirs));
  const ratio = (f: (m: Measure) => number): string => (median(ours.map(f)) / median(theirs.map(f))).toFixed(3);
  console.log(`ratio of medians (today / other): merge ${ratio((m) => m.mergeMs)}, snapshot ${ratio((m) => m.snapshotMs)}, encode ${ratio((m) => m.encodeMs)}, total ${ratio(total)}`);
  console.log('snapshots deep-equal and encoded caches identical in every round');
}

void main();
