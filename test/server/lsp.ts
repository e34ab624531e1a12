// Drives `node dist/server.js --stdio` the way any editor does: a JSON-RPC connection over the child's stdio.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  ShowMessageRequest,
  StreamMessageReader,
  StreamMessageWriter,
  ConfigurationRequest,
  type Diagnostic,
  type NotificationType,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

type Waiter<T> = { match: (value: T) => boolean; resolve: (value: T) => void };

/** How long a test waits for an expected message before failing with a clear error instead of hanging. */
const WAIT_MS = 15_000;

/** A running server and the client side of its connection. */
export class LspSession {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  private readonly diagnosticWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private readonly messageWaiters: Waiter<ShowMessageParams>[] = [];
  private readonly notificationWaiters = new Map<string, Waiter<unknown>[]>();
  /** What `workspace/configuration` answers for the `trailtight` section. */
  settings: unknown = {};
  stderr = '';

  constructor(options: { configurationSupport?: boolean } = {}) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => settle(this.diagnosticWaiters, params));
    this.connection.onNotification(ShowMessageNotification.type, (params) => settle(this.messageWaiters, params));
    this.connection.onRequest(ShowMessageRequest.type, (params) => {
      settle(this.messageWaiters, params);
      return null;
    });
    if (options.configurationSupport !== false) {
      this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    }
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.listen();
  }

  async initialize(rootPath?: string, configurationSupport = true): Promise<void> {
    const rootUri = rootPath ? pathToFileURL(rootPath).href : null;
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities: { workspace: { configuration: configurationSupport, codeLens: { refreshSupport: true } } },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves with the next diagnostics published for `uri` that satisfy `match`; register before triggering. */
  nextDiagnostics(uri: string, match: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return wait(this.diagnosticWaiters, (p) => p.uri === uri && match(p.diagnostics), `diagnostics for ${uri}`).then((p) => p.diagnostics);
  }

  /** Resolves with the next `window/showMessage` (notification or request) that satisfies `match`. */
  nextMessage(match: (m: ShowMessageParams) => boolean): Promise<ShowMessageParams> {
    return wait(this.messageWaiters, match, 'a window/showMessage');
  }

  /** Opens a document and waits for its first diagnostics. */
  async open(uri: string, text: string, languageId = 'json'): Promise<Diagnostic[]> {
    const diagnostics = this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
    return diagnostics;
  }

  /** Resolves with the next notification of a type that satisfies `match`; register before triggering. */
  nextNotification<P>(type: NotificationType<P>, match: (params: P) => boolean = () => true): Promise<P> {
    let waiters = this.notificationWaiters.get(type.method);
    if (!waiters) {
      const list: Waiter<unknown>[] = [];
      this.connection.onNotification(type, (params) => settle(list, params));
      this.notificationWaiters.set(type.method, list);
      waiters = list;
    }
    return wait(waiters as Waiter<P>[], match, type.method);
  }

  async changeSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { trailtight: settings } });
  }

  async close(): Promise<void> {
    this.connection.dispose();
    this.child.kill();
    if (this.child.exitCode === null) await new Promise((resolve) => this.child.once('exit', resolve));
  }
}

function wait<T>(waiters: Waiter<T>[], match: (value: T) => boolean, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS);
    waiters.push({
      match,
      resolve: (value) => {
        clearTimeout(timer);
        resolve(value);
      },
    });
  });
}

function settle<T>(waiters: Waiter<T>[], value: T): void {
  for (let i = 0; i < waiters.length; i++) {
    const waiter = waiters[i]!;
    if (waiter.match(value)) {
      waiters.splice(i--, 1);
      waiter.resolve(value);
    }
  }
}

/** A file URI under a folder that need not exist (the server only reads bindings from disk). */
export function fileUri(...parts: string[]): string {
  return pathToFileURL(join(...parts)).href;
}
