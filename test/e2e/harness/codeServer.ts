// Starts code-server (VS Code 1.100 in the browser) on loopback with a throwaway profile, and stops its whole
// process group. Shared by the end-to-end runner and `npm start`.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The project root (test/e2e/harness/../../..). */
export const ROOT = resolve(__dirname, '../../..');

/** Where scripts/e2e/install.sh puts code-server. */
export const CODE_SERVER_BIN = join(ROOT, '.e2e/code-server/node_modules/.bin/code-server');

/** User settings that keep the workbench quiet and offline: no welcome page, telemetry, updates or schema downloads. */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'json.schemaDownload.enable': false,
  // Run folders may sit inside this repository (npm start uses .e2e/demo/): do not offer to open it.
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
};

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface CodeServerOptions {
  /** A folder owned by this run: HOME, TMPDIR, XDG dirs, user data and extensions all go inside it. */
  readonly runDir: string;
  readonly port: number;
  /** Extra user settings merged over {@link USER_SETTINGS}. */
  readonly settings?: Record<string, unknown>;
  /** User keybindings (keybindings.json), e.g. to run commands with arguments from the keyboard. */
  readonly keybindings?: readonly unknown[];
  /** Echo code-server's output to this process's stderr as well as to the log file. */
  readonly echo?: boolean;
}

/** A code-server process in its own process group, isolated from the real home. */
export class CodeServer {
  readonly url: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  private readonly env: NodeJS.ProcessEnv;
  private child: ChildProcess | undefined;
  private exit: Promise<void> | undefined;

  constructor(private readonly options: CodeServerOptions) {
    const { runDir, port } = options;
    this.url = `http://127.0.0.1:${port}`;
    this.userDataDir = join(runDir, 'user-data');
    this.extensionsDir = join(runDir, 'extensions');
    this.logFile = join(runDir, 'code-server.log');
    const home = join(runDir, 'home');
    const dirs = {
      HOME: home,
      TMPDIR: join(runDir, 'tmp'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local/share'),
      XDG_CACHE_HOME: join(home, '.cache'),
    };
    for (const dir of [...Object.values(dirs), this.userDataDir, this.extensionsDir, join(this.userDataDir, 'User')]) {
      mkdirSync(dir, { recursive: true });
    }
    writeFileSync(
      join(this.userDataDir, 'User/settings.json'),
      JSON.stringify({ ...USER_SETTINGS, ...options.settings }, null, 2),
    );
    writeFileSync(join(this.userDataDir, 'User/keybindings.json'), JSON.stringify(options.keybindings ?? [], null, 2));
    writeFileSync(join(runDir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    // Nothing from the caller's environment that could point code-server at a real profile or a proxy.
    const inherited = { ...process.env };
    for (const name of Object.keys(inherited)) if (name.startsWith('VSCODE_')) delete inherited[name];
    this.env = { ...inherited, ...dirs };
  }

  private get commonArgs(): string[] {
    return [
      '--config', join(this.options.runDir, 'config.yaml'),
      '--user-data-dir', this.userDataDir,
      '--extensions-dir', this.extensionsDir,
    ];
  }

  /** Installs a .vsix into this profile's extensions folder and returns the folder it was unpacked into. */
  async installExtension(vsix: string, id: string): Promise<string> {
    if (!existsSync(CODE_SERVER_BIN)) throw new Error(`code-server is not installed; run scripts/e2e/install.sh`);
    await execFileAsync(CODE_SERVER_BIN, [...this.commonArgs, '--install-extension', vsix, '--force'], {
      env: this.env,
      timeout: 60_000,
    });
    const folder = readdirSync(this.extensionsDir).find((name) => name.toLowerCase().startsWith(`${id.toLowerCase()}-`));
    if (!folder) throw new Error(`installing ${vsix} left no ${id}-* folder in ${this.extensionsDir}`);
    return join(this.extensionsDir, folder);
  }

  /** Settles when the server process has exited (at once if it never started). */
  get exited(): Promise<void> {
    return this.exit ?? Promise.resolve();
  }

  /** Starts the server and resolves once it logs that it is listening and /healthz answers. */
  async start(): Promise<void> {
    const args = [
      ...this.commonArgs,
      '--bind-addr', `127.0.0.1:${this.options.port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ];
    const log = createWriteStream(this.logFile);
    // detached: the server leads a new process group, so stop() can end it with every child (extension hosts, ptys).
    const child = spawn(CODE_SERVER_BIN, args, { env: this.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exit = new Promise((done) => child.once('exit', () => done()));
    const listening = new Promise<void>((ready, fail) => {
      let seen = '';
      const onData = (chunk: Buffer): void => {
        log.write(chunk);
        if (this.options.echo) process.stderr.write(chunk);
        seen = (seen + chunk.toString()).slice(-4096);
        if (/HTTP server listening on/.test(seen)) ready();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code, signal) => fail(new Error(`code-server exited early (${code ?? signal}); see ${this.logFile}`)));
      child.once('error', fail);
    });
    await withTimeout(listening, 30_000, 'code-server did not start listening');
    const health = await fetch(`${this.url}/healthz`);
    if (!health.ok) throw new Error(`code-server /healthz answered ${health.status}`);
  }

  /** A workbench URL opening `folder`, optionally with a development extension and in-host tests (URL payload). */
  workbenchUrl(folder: string, payload?: { extensionDevelopmentPath?: string; extensionTestsPath?: string; openFile?: string }): string {
    const remote = (path: string): string => `vscode-remote://127.0.0.1:${this.options.port}${path}`;
    const params = new URLSearchParams({ folder });
    const entries: [string, string][] = [];
    if (payload?.extensionDevelopmentPath) entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
    if (payload?.extensionTestsPath) entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
    if (payload?.openFile) entries.push(['openFile', remote(payload.openFile)]);
    if (entries.length > 0) params.set('payload', JSON.stringify(entries));
    return `${this.url}/?${params.toString()}`;
  }

  /** Stops the whole process group: TERM, then KILL if it is still there after 5 s. Safe to call twice. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const group = -child.pid;
    signalGroup(group, 'SIGTERM');
    const killed = await Promise.race([this.exited.then(() => true), timer(5_000).then(() => false)]);
    if (!killed) signalGroup(group, 'SIGKILL');
    // Children outside the leader (extension hosts) may outlive it briefly; the group signal already reached them.
    signalGroup(group, 'SIGKILL');
  }
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(group, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function timer(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms).unref());
}

/** Rejects with `message` if `promise` has not settled after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let handle: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    handle = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(handle);
  }
}
