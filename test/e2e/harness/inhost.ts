// Bundles the in-host tests (test/e2e/inhost/) into one CommonJS file for `extensionTestsPath`, and reads their report.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { InHostReport } from '../inhost/harness';
import { ROOT } from './codeServer';

/** Writes `outDir/index.js`; the tests will write their report to `resultsFile`. Returns the bundle's path. */
export async function bundleInHostTests(outDir: string, resultsFile: string): Promise<string> {
  const outfile = join(outDir, 'index.js');
  await esbuild.build({
    entryPoints: [join(ROOT, 'test/e2e/inhost/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    define: { TRAILTIGHT_INHOST_RESULTS: JSON.stringify(resultsFile) },
    logLevel: 'warning',
  });
  return outfile;
}

/** Reads the report and throws unless it has at least one test and none failed. Prints one line per test. */
export function checkInHostReport(resultsFile: string, log: (line: string) => void): InHostReport {
  const report = JSON.parse(readFileSync(resultsFile, 'utf8')) as InHostReport;
  for (const r of report.results) log(`${r.ok ? 'ok  ' : 'FAIL'} in-host: ${r.name} (${r.ms} ms)${r.error ? `\n${r.error}` : ''}`);
  if (report.total === 0) throw new Error('the in-host run reported no tests');
  if (report.failed > 0) throw new Error(`${report.failed} of ${report.total} in-host tests failed`);
  return report;
}
