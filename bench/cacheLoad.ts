// Part of the import benchmark: loads the cache in the folder given, in a fresh process as the language server
// does. Prints one JSON line: {"ms": elapsed, "rows": usage rows}.
import { readCache } from '../core/trail/cache';

void (async () => {
  const start = performance.now();
  const { cache } = await readCache(process.argv[2] ?? '');
  console.log(JSON.stringify({ ms: performance.now() - start, rows: cache.snapshot.usage.length }));
})();
