// Bundles the four entry points and writes the compact IAM catalog next to them.
import * as esbuild from 'esbuild';
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
for (const options of builds) {
  const ctx = await esbuild.context({ ...common, ...options, outdir: 'dist' });
  if (watch) await ctx.watch();
  else {
    await ctx.rebuild();
    await ctx.dispose();
  }
}
