// The single-thread baseline of the import benchmark: gunzip + JSON.parse + the same aggregation, nothing clever.
// Prints one JSON line: {"ms": elapsed, "records": n}.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadCatalog } from '../core/catalog/load';
import { EventMapper } from '../core/trail/mapping';
import { UsageBuilder } from '../core/trail/usage';

const dir = process.argv[2] ?? '';
const mapper = new EventMapper(loadCatalog(join(__dirname, '..', 'dist')));
const start = performance.now();
const builder = new UsageBuilder(mapper);
const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json.gz'));
for (const file of files) {
  const { Records } = JSON.parse(gunzipSync(readFileSync(join(dir, file))).toString('utf8')) as { Records: object[] };
  builder.addRecords(Records, { kind: 'files', id: dir });
}
const { totals } = builder.snapshot();
console.log(JSON.stringify({ ms: performance.now() - start, records: totals.records }));
