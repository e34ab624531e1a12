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
  { entryPoints: { cli: 'cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
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
