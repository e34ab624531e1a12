// The Trailtight language server: an LSP adapter over core. Run as `node dist/server.js --stdio` (or over IPC).
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../core/catalog/catalog';
import { loadCatalog } from '../core/catalog/load';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../core/config/settings';
import { allFindings, analyze, type Analysis, type AnalysisContext } from './analysis';
import { codeActions } from './codeActions';
import { toDiagnostics } from './diagnostics';
import { filePath, WorkspaceKinds } from './kinds';
import { completion, hover, kindLens } from './language';
import {
  cacheChangedNotification,
  kindOverrideNotification,
  persistKindRequest,
  policyStatusNotification,
  usageChangedNotification,
  type UsageStatusParams,
} from './protocol';
import { STATE_DIR, WorkspaceUsage } from './usage';
import { usageHoverAt, usageLenses } from './usageLanguage';
import { registerUsageRequests } from './usageRequests';

/** Typing fast should validate once, after the burst, and only the latest text. */
const DEBOUNCE_MS = 150;

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let loadedCatalog: Catalog | undefined;
const timers = new Map<string, NodeJS.Timeout>();
/** The version each open document was last validated at, so opening does not validate twice. */
const validatedVersions = new Map<string, number>();
/**
 * The last analysis of each open document. Diagnostics, code actions, hovers, lenses and Tighten all ask for it; it is
 * reused while the document's version and `generation` are unchanged. Every change that can alter an analysis other
 * than the text (settings, kinds, bindings, folders, the usage history) goes through schedule(), which bumps it.
 */
const analyses = new Map<string, { version: number; generation: number; analysis: Analysis | undefined }>();
let generation = 0;
let settings: Settings = DEFAULT_SETTINGS;
let kinds = new WorkspaceKinds([], warn);
let pullsConfiguration = false;
let refreshesLenses = false;
let watchesFiles = false;
// The cache is loaded after the first validation (or when a usage request needs it), never before: first diagnostics
// must not wait for a history that can be large.
const usage = new WorkspaceUsage(() => kinds.roots, onUsageLoaded);

/** The catalog, read on first use so that initialize is answered before the 4 MB file is parsed. */
function catalog(): Catalog {
  loadedCatalog ??= loadCatalog(__dirname);
  return loadedCatalog;
}

function warn(message: string): void {
  connection.console.warn(message);
  void connection.window.showWarningMessage(`Trailtight: ${message}`);
}

function context(): AnalysisContext {
  return {
    catalog: catalog(),
    settings,
    kinds,
    usage,
    now: Date.now(),
    onRuleError: (rule, error) =>
      connection.console.error(`Rule ${rule} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  };
}

connection.onInitialize((params: InitializeParams) => {
  pullsConfiguration = params.capabilities.workspace?.configuration === true;
  refreshesLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  watchesFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  kinds = new WorkspaceKinds(folders.map(filePath).filter((p): p is string => p !== undefined), warn);
  const initial = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  if (initial !== undefined) applySettings(initial);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', ':'] },
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'trailtight', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (pullsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'trailtight' });
    void pullSettings();
  }
  if (watchesFiles) {
    const globPattern = `**/${STATE_DIR}/{cache,bindings}.json`;
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] });
  }
  connection.workspace.onDidChangeWorkspaceFolders(() => {
    void connection.workspace.getWorkspaceFolders().then((folders) => {
      kinds.setFolders((folders ?? []).map((f) => filePath(f.uri)).filter((p): p is string => p !== undefined));
      revalidateAll();
      if (usage.loaded) void usage.reload();
    });
  });
});

function applySettings(raw: unknown): void {
  const { settings: next, problems } = normalizeSettings(raw);
  settings = next;
  if (problems.length > 0) warn(problems.join(' '));
}

async function pullSettings(): Promise<void> {
  try {
    applySettings(await connection.workspace.getConfiguration('trailtight'));
  } catch (error) {
    connection.console.error(`Cannot read the trailtight settings: ${String(error)}`);
  }
  revalidateAll();
}

connection.onDidChangeConfiguration((params) => {
  if (pullsConfiguration) {
    void pullSettings();
    return;
  }
  applySettings((params.settings as { trailtight?: unknown } | undefined)?.trailtight);
  revalidateAll();
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  const cache = `/${STATE_DIR}/cache.json`;
  if (changes.some((c) => c.uri.endsWith(cache))) void usage.reload();
  if (changes.some((c) => !c.uri.endsWith(cache))) {
    kinds.reloadAll();
    revalidateAll();
  }
});

connection.onNotification(cacheChangedNotification, () => void usage.reload());

/** After each load of the history: tell the client, then judge the open documents against it. */
function onUsageLoaded(status: UsageStatusParams): void {
  void connection.sendNotification(usageChangedNotification, status);
  revalidateAll();
}

function revalidateAll(): void {
  generation++;
  for (const document of documents.all()) schedule(document.uri);
  if (refreshesLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
}

function schedule(uri: string): void {
  generation++;
  clearTimeout(timers.get(uri));
  timers.set(
    uri,
    setTimeout(() => {
      timers.delete(uri);
      validate(uri);
    }, DEBOUNCE_MS),
  );
}

/** The document's analysis, computed again only when its text or the workspace state changed since the last one. */
function analysisOf(document: TextDocument): Analysis | undefined {
  const known = analyses.get(document.uri);
  if (known?.version === document.version && known.generation === generation) return known.analysis;
  const analysis = analyze(document, context());
  analyses.set(document.uri, { version: document.version, generation, analysis });
  return analysis;
}

function validate(uri: string): void {
  // The latest version, whatever changed since the timer was set.
  const document = documents.get(uri);
  if (!document) return;
  validatedVersions.set(uri, document.version);
  try {
    const analysis = analysisOf(document);
    if (!analysis) {
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      void connection.sendNotification(policyStatusNotification, { uri, isPolicy: false });
      return;
    }
    const diagnostics = toDiagnostics(document, allFindings(analysis));
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    void connection.sendNotification(policyStatusNotification, {
      uri,
      isPolicy: true,
      kind: analysis.validation.kind,
      kindSource: analysis.kindSource,
    });
  } catch (error) {
    connection.console.error(`Validating ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

// A newly opened document is validated at once (first diagnostics fast); edits wait for the burst to end.
documents.onDidOpen((event) => {
  validate(event.document.uri);
  // The first diagnostics are out: now the history may load, and the documents are judged again when it has.
  if (!usage.loaded) void usage.ready();
});
documents.onDidChangeContent((event) => {
  if (validatedVersions.get(event.document.uri) !== event.document.version) schedule(event.document.uri);
});
documents.onDidClose((event) => {
  const uri = event.document.uri;
  clearTimeout(timers.get(uri));
  timers.delete(uri);
  validatedVersions.delete(uri);
  analyses.delete(uri);
  kinds.forget(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
});

connection.onCodeAction((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) {
    connection.console.log(`No code actions for ${params.textDocument.uri}: the document is not open in the server.`);
    return [];
  }
  return codeActions(document, params, context(), analysisOf(document), (message) => connection.console.log(message));
});

connection.onHover((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  return hover(document, params.position, catalog(), (offset) => {
    const analysis = analysisOf(document);
    return analysis ? usageHoverAt(analysis, offset) : undefined;
  });
});

connection.onCompletion((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? completion(document, params.position, catalog()) : [];
});

connection.onCodeLens((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const lenses = kindLens(document, kinds);
  if (lenses.length === 0) return lenses;
  const analysis = analysisOf(document);
  return analysis ? [...lenses, ...usageLenses(document.uri, analysis)] : lenses;
});

connection.onNotification(kindOverrideNotification, ({ uri, kind }) => {
  kinds.setOverride(uri, kind);
  schedule(uri);
  if (refreshesLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
});

connection.onRequest(persistKindRequest, ({ uri, kind }) => {
  const result = kinds.persist(uri, kind);
  if (result.bindingsFile) revalidateAll();
  return result;
});

registerUsageRequests(connection, {
  usage,
  kinds: () => kinds,
  documents,
  settings: () => settings,
  analyze: analysisOf,
  revalidateAll,
});

documents.listen(connection);
connection.listen();
