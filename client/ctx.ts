import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { kindLabel, kindName } from '../core/language/kindLabel';
import {
  cacheChangedNotification,
  policyStatusNotification,
  usageChangedNotification,
  type PolicyStatusParams,
  type UsageStatusParams,
} from '../server/protocol';
import { Config } from './config';

/** The context key true while the active editor holds a policy (enables Tighten and Bind). */
const POLICY_EDITOR_CONTEXT = 'trailtight.policyEditor';

/**
 * The extension's one context: it owns the language client, the status bar item and every disposable, and knows the
 * last status the server reported for each document and for the usage history.
 */
export class Ctx implements vscode.Disposable {
  readonly config = new Config();
  readonly output = vscode.window.createOutputChannel('Trailtight', { log: true });
  private readonly statusBar = vscode.window.createStatusBarItem('trailtight.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.output, this.statusBar];
  private readonly statuses = new Map<string, PolicyStatusParams>();
  private readonly usageChanged = new vscode.EventEmitter<UsageStatusParams>();
  /** Fired when the server (re)loaded the usage cache, and with `loaded: false` when the server stops. */
  readonly onDidChangeUsage = this.usageChanged.event;
  private languageClient: LanguageClient | undefined;
  private policyEditor: boolean | undefined;

  constructor(private readonly extension: vscode.ExtensionContext) {
    this.statusBar.name = 'Trailtight';
    this.disposables.push(vscode.window.onDidChangeActiveTextEditor(() => this.updateStatusBar()));
    this.disposables.push(this.usageChanged);
    this.updateStatusBar();
    this.statusBar.show();
  }

  /** The running client; commands that need the server call this and get a clear error when it is not running. */
  get client(): LanguageClient {
    if (!this.languageClient) throw new Error('The Trailtight server is not running. Run "Trailtight: Restart Server".');
    return this.languageClient;
  }

  /** Registers a command built from a `(ctx) => handler` factory; errors reach the user instead of vanishing. */
  registerCommand(id: string, factory: (ctx: Ctx) => (...args: unknown[]) => unknown): void {
    const handler = factory(this);
    this.disposables.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          this.output.error(error instanceof Error ? error : String(error));
          void vscode.window.showErrorMessage(`Trailtight: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        }
      }),
    );
  }

  /** Starts the language server (or restarts it), reporting a failure to the user. */
  async start(): Promise<void> {
    await this.stop();
    const module = this.extension.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: ['file', 'untitled'].flatMap((scheme) => [
        { language: 'json', scheme },
        { language: 'jsonc', scheme },
      ]),
      synchronize: {
        configurationSection: Config.section,
        fileEvents: [
          // The cache is not here: the client reports its changes with cacheChangedNotification (trail/register.ts).
          vscode.workspace.createFileSystemWatcher('**/.trailtight/bindings.json'),
        ],
      },
      initializationOptions: { settings: this.config.serverSettings() },
      outputChannel: this.output,
    };
    const client = new LanguageClient('trailtight', 'Trailtight', serverOptions, clientOptions);
    this.languageClient = client;
    client.onDidChangeState(() => this.updateStatusBar());
    client.onNotification(policyStatusNotification, (status) => {
      this.statuses.set(status.uri, status);
      this.updateStatusBar();
    });
    client.onNotification(usageChangedNotification, (status) => this.usageChanged.fire(status));
    try {
      await client.start();
    } catch (error) {
      const choice = await vscode.window.showErrorMessage(
        `Trailtight: the language server failed to start: ${error instanceof Error ? error.message : String(error)}`,
        'Show Output',
      );
      if (choice) this.output.show();
    }
    this.updateStatusBar();
  }

  async stop(): Promise<void> {
    const client = this.languageClient;
    this.languageClient = undefined;
    this.statuses.clear();
    if (client) {
      this.usageChanged.fire({ loaded: false });
      await client.dispose();
    }
  }

  /**
   * Tells the server the usage cache changed on disk and resolves once the server reports the reloaded history (or
   * stops), so a command that wrote the cache ends when its result is visible. A server that is not running loads
   * the cache when it starts.
   */
  async notifyCacheChanged(): Promise<void> {
    const client = this.languageClient;
    if (client?.state !== State.Running) return;
    let subscriptions: vscode.Disposable[] = [];
    const reloaded = new Promise<void>((resolve) => {
      const done = () => {
        for (const s of subscriptions) s.dispose();
        resolve();
      };
      subscriptions = [this.onDidChangeUsage(done), client.onDidChangeState(done)];
    });
    try {
      await client.sendNotification(cacheChangedNotification, {});
    } catch (error) {
      for (const s of subscriptions) s.dispose();
      this.output.error(`Could not tell the server the usage cache changed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    await reloaded;
  }

  /** What the server last said about a document. */
  statusOf(uri: vscode.Uri): PolicyStatusParams | undefined {
    return this.statuses.get(uri.toString());
  }

  private updateStatusBar(): void {
    const state = this.languageClient?.state;
    const item = this.statusBar;
    item.backgroundColor = undefined;
    const document = vscode.window.activeTextEditor?.document;
    const status = document ? this.statusOf(document.uri) : undefined;
    this.setPolicyEditor(state === State.Running && status?.isPolicy === true);
    if (state === State.Starting) {
      item.text = '$(sync~spin) Trailtight';
      item.tooltip = 'The Trailtight server is starting';
      item.command = 'trailtight.showOutput';
      return;
    }
    if (state !== State.Running) {
      item.text = '$(error) Trailtight';
      item.tooltip = 'The Trailtight server is not running. Click to see its output; "Trailtight: Restart Server" starts it.';
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      item.command = 'trailtight.showOutput';
      return;
    }
    if (status?.isPolicy && status.kind && status.kindSource) {
      item.text = `$(shield) ${kindName(status.kind)}`;
      item.tooltip = `Trailtight: policy kind ${kindLabel(status.kind, status.kindSource)}. Click to change it.`;
      item.command = 'trailtight.setPolicyKind';
    } else {
      item.text = '$(shield) Trailtight';
      item.tooltip = 'Trailtight is running. Open a policy JSON file to validate it.';
      item.command = 'trailtight.showOutput';
    }
  }

  private setPolicyEditor(value: boolean): void {
    if (this.policyEditor === value) return;
    this.policyEditor = value;
    void vscode.commands.executeCommand('setContext', POLICY_EDITOR_CONTEXT, value);
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
