// Bundles the entry points and writes the compact IAM catalog, its action names and the trail scanner (WebAssembly)
// next to them.
import * as esbuild from 'esbuild';
import asc from 'assemblyscript/asc';
import { buildCatalog } from './scripts/buildCatalog.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD build requires its modules dynamically, which a bundle cannot resolve; its ESM build can.
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { entryPoints: { extension: 'client/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/main.ts' } },
  // `trailtight fetch` is a bundle of its own (dist/fetch.js, loaded when it runs): it alone needs the AWS SDK, ~1 MB
  // of code that every other command, an import above all, would hold in memory for nothing.
  { entryPoints: { cli: 'cli/main.ts' }, banner: { js: '#!/usr/bin/env node' }, external: ['./fetch.js'] },
  { entryPoints: { fetch: 'cli/commands/fetch.ts' } },
  { entryPoints: { importWorker: 'core/trail/importWorker.ts' } },
  { entryPoints: { importThread: 'core/trail/importThread.ts' } },
];

await buildCatalog('dist/catalog.json');
// The import's trail-file scanner (core/trail/trailScan.ts loads it from beside the bundles): SIMD128, no runtime.
const scanner = await asc.main(['wasm/trailScan.ts', '--outFile', 'dist/trailScan.wasm', '-O3', '--enable', 'simd', '--runtime', 'stub', '--noAssert']);
if (scanner.error) {
  console.error(scanner.stderr.toString());
  process.exit(1);
}
for (const options of builds) {
  const ctx = await esbuild.context({ ...common, ...options, outdir: 'dist' });
  if (watch) await ctx.watch();
  else {
    await ctx.rebuild();
    await ctx.dispose();
  }
}
