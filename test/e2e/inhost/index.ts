// The extensionTestsPath entry, bundled to CommonJS by the launchers (test/e2e/run.ts and test/e2e/vscode.ts).
// Each *.inhost.ts file registers its tests on import.
import * as vscode from 'vscode';
import { runAll } from './harness';
import './policy.inhost';

/** Where the launcher expects the report; injected at bundle time with esbuild's `define`. */
declare const TRAILTIGHT_INHOST_RESULTS: string;

/** Called by the extension host: runs the tests, writes the report, and throws if any failed (exit code for test-electron). */
export async function run(): Promise<void> {
  // The built-in JSON extension registers its code action provider once its language server has started, which its
  // activate() awaits. VS Code cancels a code action request in flight when the providers of its document change, so
  // a request made while that server starts (it starts with the first JSON document) comes back empty. Start it first.
  await vscode.extensions.getExtension('vscode.json-language-features')?.activate();
  const report = await runAll(TRAILTIGHT_INHOST_RESULTS);
  if (report.failed > 0) throw new Error(`${report.failed} of ${report.total} in-host tests failed; see ${TRAILTIGHT_INHOST_RESULTS}`);
}
