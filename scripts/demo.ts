// `npm start`: a one-command local demo. Installs code-server if needed, packages the extension, installs the .vsix
// into a fresh profile under .e2e/demo/, copies samples/ (policies, bindings, settings) with the sample trail already
// imported into its .trailtight/cache.json, and prints the URL. Ctrl+C stops everything.
// PORT=NNNN picks the port (default 8080, or a free one if 8080 is taken).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CodeServer, freePort, ROOT } from '../test/e2e/harness/codeServer';
import { importWithCli } from '../test/e2e/harness/trail';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  run('bash', ['scripts/e2e/install.sh', '--no-browser']);
  run('npm', ['run', '--silent', 'package']);
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  const runDir = join(ROOT, '.e2e/demo');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const workspace = join(runDir, 'samples');
  cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
  importWithCli(workspace, [join(workspace, 'trail')]);

  const requested = process.env.PORT ? Number(process.env.PORT) : undefined;
  const port = requested ?? ((await portIsFree(8080)) ? 8080 : await freePort());
  const server = new CodeServer({ runDir, port });
  await server.installExtension(join(ROOT, `trailtight-${version}.vsix`), 'trailtight.trailtight');
  await server.start();

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server…');
    void server.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  console.log(`\nTrailtight ${version} is running in code-server (VS Code in the browser) on a copy of samples/:\n`);
  console.log(`  ${server.workbenchUrl(workspace)}\n`);
  console.log('The sample trail (samples/trail/) is imported: open ssm-agent-role.json for unused actions and "Trailtight:');
  console.log('Tighten to Observed Usage", or the Trailtight view in the activity bar for Last Accessed and Usage Reports.');
  console.log(`Server log: ${server.logFile}. Ctrl+C to stop.`);
  await server.exited;
  if (!stopping) {
    console.error(`code-server exited unexpectedly; see ${server.logFile}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
