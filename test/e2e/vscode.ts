// `npm run test:vscode`: the same in-host tests as `npm run test:e2e`, in desktop VS Code through
// @vscode/test-electron, for developer machines. It downloads VS Code from update.code.visualstudio.com, so it does
// NOT work where only npm and Debian are reachable (CI there runs `npm run test:e2e`, which uses code-server).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from './harness/codeServer';
import { bundleInHostTests, checkInHostReport } from './harness/inhost';

async function main(): Promise<number> {
  console.log(
    'test:vscode runs the in-host tests in desktop VS Code, downloaded by @vscode/test-electron into .vscode-test/.\n' +
      'It needs access to update.code.visualstudio.com; where only npm and Debian are reachable, use npm run test:e2e.\n',
  );
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) return 1;
  const runDir = mkdtempSync(join(tmpdir(), 'trailtight-vscode-'));
  try {
    const resultsFile = join(runDir, 'inhost-results.json');
    const bundle = await bundleInHostTests(join(runDir, 'inhost'), resultsFile);
    const workspace = join(runDir, 'workspace');
    cpSync(join(ROOT, 'test/e2e/workspace'), workspace, { recursive: true });
    try {
      await runTests({
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: bundle,
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(runDir, 'user-data')],
      });
    } catch (error) {
      // runTests rejects both when the download fails and when the tests fail; the report tells them apart.
      if (!existsSync(resultsFile)) {
        console.error(`test:vscode could not run VS Code (no test report): ${error instanceof Error ? error.message : String(error)}`);
        console.error('If VS Code cannot be downloaded here, this is expected: run npm run test:e2e instead.');
        return 1;
      }
    }
    const report = checkInHostReport(resultsFile, console.log);
    console.log(`test:vscode: ${report.total - report.failed} of ${report.total} in-host tests passed`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

void main().then((code) => {
  process.exitCode = code;
});
