// `npm run test:e2e`: packages the extension, installs the .vsix into a throwaway code-server profile, runs the
// in-host API tests (extensionTestsPath) and then every journey in test/e2e/journeys/ in headless Chromium.
// Needs scripts/e2e/install.sh first. Flags: --no-package (reuse the .vsix), --only=NAME (a journey or "inhost"),
// --keep (keep the run folder), --update-screenshots (after a run where all passed, copy the README's screenshots to
// docs/images/). Exit code 0 only if everything passed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CodeServer, freePort, ROOT } from './harness/codeServer';
import { waitForFile } from './harness/files';
import { bundleInHostTests, checkInHostReport } from './harness/inhost';
import type { Journey, JourneyContext } from './harness/journey';
import { waitForWorkbench } from './harness/workbench';

const { values: flags } = parseArgs({
  options: {
    'no-package': { type: 'boolean' },
    only: { type: 'string' },
    keep: { type: 'boolean' },
    'update-screenshots': { type: 'boolean' },
  },
});
const CHROMIUM = '/usr/bin/chromium';
const EXTENSION_ID = 'trailtight.trailtight';
const ARTIFACTS = join(ROOT, 'test/e2e/artifacts');
/** The screenshots README.md shows, taken by the journeys (test/e2e/artifacts/<name>.png -> docs/images/<name>.png). */
const README_SCREENSHOTS = ['quick-fix', 'last-accessed', 'tighten-preview', 'usage-report'];
/** A run that takes longer than this is stuck: every wait below has its own, shorter limit. */
const WATCHDOG_MS = 8 * 60_000;

const started = Date.now();
const seconds = (since = started): string => ((Date.now() - since) / 1000).toFixed(1);
const log = (message: string): void => console.log(`[e2e ${seconds().padStart(5)} s] ${message}`);

interface Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: string;
  readonly error?: string;
}

let server: CodeServer | undefined;
let browser: BrowserContext | undefined;
let runDir: string | undefined;

async function main(): Promise<Outcome[]> {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const vsix = join(ROOT, `trailtight-${version}.vsix`);
  if (!flags['no-package']) {
    log('npm run package');
    const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (packaged.status !== 0) throw new Error(`npm run package failed (${packaged.status ?? packaged.signal})`);
  }
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing; run npm run package`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; run scripts/e2e/install.sh`);

  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  runDir = mkdtempSync(join(tmpdir(), 'trailtight-e2e-'));
  const journeys = (await loadJourneys()).filter((j) => !flags.only || flags.only === j.name);
  server = new CodeServer({ runDir, port: await freePort(), keybindings: journeys.flatMap((j) => j.keybindings ?? []) });
  const extensionDir = await server.installExtension(vsix, EXTENSION_ID);
  log(`installed ${vsix.slice(ROOT.length + 1)} into ${extensionDir}`);
  await server.start();
  log(`code-server listening on ${server.url}`);

  browser = await chromium.launchPersistentContext(join(runDir, 'browser'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  browser.setDefaultTimeout(20_000);

  const outcomes: Outcome[] = [];
  const only = flags.only;
  if (!only || only === 'inhost') outcomes.push(await attempt('inhost', (page) => inHost(page, extensionDir)));
  for (const journey of journeys) {
    outcomes.push(await attempt(journey.name, (page) => runJourney(page, journey)));
  }
  if (outcomes.length === 0) throw new Error(`nothing matched --only=${only}`);
  return outcomes;
}

/** Runs one named phase on a fresh page; a failure is recorded with a screenshot, and the next phase still runs. */
async function attempt(name: string, body: (page: Page) => Promise<void>): Promise<Outcome> {
  const since = Date.now();
  const page = await (browser as BrowserContext).newPage();
  log(`${name}: start`);
  try {
    await body(page);
    log(`${name}: passed in ${seconds(since)} s`);
    return { name, ok: true, seconds: seconds(since) };
  } catch (error) {
    const shot = join(ARTIFACTS, `${name}-failure.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${name}: FAILED after ${seconds(since)} s (screenshot ${shot.slice(ROOT.length + 1)})\n${message}`);
    return { name, ok: false, seconds: seconds(since), error: message };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** A fresh copy of test/e2e/workspace/ for one phase, so no phase sees another's edits or editor state. */
function workspaceFor(name: string): string {
  const workspace = join(runDir as string, `ws-${name}`);
  cpSync(join(ROOT, 'test/e2e/workspace'), workspace, { recursive: true });
  return workspace;
}

/** The in-host API tests: the installed extension as development extension, plus extensionTestsPath. */
async function inHost(page: Page, extensionDir: string): Promise<void> {
  const dir = runDir as string;
  const resultsFile = join(dir, 'inhost-results.json');
  const bundle = await bundleInHostTests(join(dir, 'inhost'), resultsFile);
  const workspace = workspaceFor('inhost');
  const results = waitForFile(resultsFile, () => true, 90_000);
  await page.goto((server as CodeServer).workbenchUrl(workspace, { extensionDevelopmentPath: extensionDir, extensionTestsPath: bundle }));
  await results;
  checkInHostReport(resultsFile, log);
}

async function loadJourneys(): Promise<Journey[]> {
  const dir = join(ROOT, 'test/e2e/journeys');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  const journeys: Journey[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { journey?: Journey };
    if (!module.journey) throw new Error(`${file} does not export a journey`);
    journeys.push(module.journey);
  }
  return journeys;
}

async function runJourney(page: Page, journey: Journey): Promise<void> {
  const workspace = workspaceFor(journey.name);
  await journey.prepare?.(workspace);
  const since = Date.now();
  const context: JourneyContext = {
    page,
    server: server as CodeServer,
    workspace,
    async screenshot(name, area) {
      const path = join(ARTIFACTS, `${name}.png`);
      await (area ?? page).screenshot({ path });
      return path;
    },
    step: (message) => log(`${journey.name} +${seconds(since)} s: ${message}`),
  };
  await page.goto((server as CodeServer).workbenchUrl(workspace));
  await waitForWorkbench(page);
  await journey.run(context);
}

async function teardown(failed: boolean): Promise<void> {
  await browser?.close().catch((error: unknown) => log(`closing the browser: ${String(error)}`));
  await server?.stop();
  if (!runDir) return;
  if (failed && server && existsSync(server.logFile)) copyFileSync(server.logFile, join(ARTIFACTS, 'code-server.log'));
  if (failed || flags.keep) log(`run folder kept: ${runDir}`);
  else rmSync(runDir, { recursive: true, force: true });
}

/** Copies the README's screenshots from this run's artifacts to docs/images/ (only after a run where all passed). */
function updateScreenshots(exitCode: number): number {
  if (exitCode !== 0) {
    log('--update-screenshots: not updating docs/images/ after a failed run');
    return exitCode;
  }
  const missing = README_SCREENSHOTS.filter((name) => !existsSync(join(ARTIFACTS, `${name}.png`)));
  if (missing.length > 0) {
    log(`--update-screenshots: this run took no ${missing.join(', ')} screenshot (run every journey)`);
    return 1;
  }
  mkdirSync(join(ROOT, 'docs/images'), { recursive: true });
  for (const name of README_SCREENSHOTS) copyFileSync(join(ARTIFACTS, `${name}.png`), join(ROOT, 'docs/images', `${name}.png`));
  log(`updated docs/images/: ${README_SCREENSHOTS.map((name) => `${name}.png`).join(', ')}`);
  return 0;
}

let tearingDown: Promise<void> | undefined;
function stopAll(failed: boolean): Promise<void> {
  tearingDown ??= teardown(failed);
  return tearingDown;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void stopAll(true).finally(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  log(`watchdog: still running after ${WATCHDOG_MS / 1000} s; stopping`);
  void stopAll(true).finally(() => process.exit(1));
}, WATCHDOG_MS);
watchdog.unref();

async function entry(): Promise<number> {
  let exitCode = 1;
  try {
    const outcomes = await main();
    const failed = outcomes.filter((o) => !o.ok);
    exitCode = failed.length === 0 ? 0 : 1;
    await stopAll(exitCode !== 0);
    console.log(`\n${outcomes.map((o) => `${o.ok ? 'pass' : 'FAIL'}  ${o.name.padEnd(16)} ${o.seconds} s`).join('\n')}`);
    console.log(`e2e: ${outcomes.length - failed.length} of ${outcomes.length} passed in ${seconds()} s (artifacts: test/e2e/artifacts/)`);
    if (flags['update-screenshots']) exitCode = updateScreenshots(exitCode);
  } catch (error) {
    log(`e2e: setup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await stopAll(true);
  }
  clearTimeout(watchdog);
  return exitCode;
}

void entry().then((code) => {
  process.exitCode = code;
});
