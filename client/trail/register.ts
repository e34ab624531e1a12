// Wires the usage features into the extension: the cache commands, the Last Accessed panel and the Usage Report.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { LastAccessedView, principalArnOf } from '../views/lastAccessedView';
import { UsageReportPanels } from '../views/usageReportPanel';
import { CacheUsageSource } from '../views/usageSource';
import { clearCache } from './clearCache';
import { fetchEvents } from './fetchEvents';
import { importLogs } from './importLogs';
import { TrailRuntime } from './runtime';
import { CacheJobs, workspaceCacheDir } from './workspaceCache';

/** The usage cache of any workspace folder (ctx.ts also synchronises it to the server). */
const CACHE_GLOB = '**/.trailtight/cache.json';

/** Registers the usage commands and views; everything is disposed with the extension. */
export function registerTrailFeatures(ctx: Ctx, context: vscode.ExtensionContext): void {
  const source = new CacheUsageSource(workspaceCacheDir, (message) => ctx.output.warn(message));
  const view = new LastAccessedView(source);
  const reports = new UsageReportPanels(context.extensionUri, source);
  const refresh = (): void => {
    view.refresh();
    void reports.refresh();
  };
  // Debounced: an import writes the cache once, but a fetch writes it after every page.
  let timer: NodeJS.Timeout | undefined;
  const refreshSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(CACHE_GLOB);
  context.subscriptions.push(
    view,
    reports,
    watcher,
    watcher.onDidChange(refreshSoon),
    watcher.onDidCreate(refreshSoon),
    watcher.onDidDelete(refreshSoon),
    vscode.workspace.onDidChangeWorkspaceFolders(refresh),
    { dispose: () => clearTimeout(timer) },
  );

  const runtime = new TrailRuntime(context.asAbsolutePath('dist'));
  const jobs = new CacheJobs();
  ctx.registerCommand('trailtight.importLogs', importLogs(runtime, jobs, refresh));
  ctx.registerCommand('trailtight.fetchEvents', fetchEvents(runtime, jobs, refresh));
  ctx.registerCommand('trailtight.clearCache', clearCache(jobs, refresh));
  ctx.registerCommand('trailtight.lastAccessed.refresh', () => refresh);
  ctx.registerCommand('trailtight.lastAccessed.filter', () => () => view.askFilter());
  ctx.registerCommand('trailtight.lastAccessed.clearFilter', () => () => view.setFilter(''));
  ctx.registerCommand('trailtight.copyPrincipalArn', () => async (arg: unknown) => {
    const arn = principalArnOf(arg);
    if (!arn) throw new Error('choose a principal in the Last Accessed view to copy its ARN.');
    await vscode.env.clipboard.writeText(arn);
    vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
  });
  ctx.registerCommand('trailtight.showUsageReport', () => async (arg: unknown) => {
    const arn = principalArnOf(arg) ?? (await pickPrincipal(view));
    if (arn) await reports.show(arn);
  });
}

async function pickPrincipal(view: LastAccessedView): Promise<string | undefined> {
  const principals = await view.principals();
  if (principals.length === 0) {
    void vscode.window.showInformationMessage('Trailtight: the usage cache has no principals yet. Import CloudTrail logs or fetch recent events first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    principals.map((p) => ({ label: p.name, description: p.arn, arn: p.arn })),
    { title: 'Usage Report', placeHolder: 'Which principal?', matchOnDescription: true },
  );
  return picked?.arn;
}
