// Wires the commands that write the usage cache (import, fetch, clear) and tells the server when the cache changed.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { clearCache } from './clearCache';
import { fetchEvents } from './fetchEvents';
import { importLogs } from './importLogs';
import { TrailRuntime } from './runtime';
import { CacheJobs } from './workspaceCache';

/** The usage cache of any workspace folder. */
const CACHE_GLOB = '**/.trailtight/cache.json';

/** Registers the cache commands and the cache file watcher; everything is disposed with the extension. */
export function registerTrailFeatures(ctx: Ctx, context: vscode.ExtensionContext): void {
  const runtime = new TrailRuntime(context.asAbsolutePath('dist'));
  const jobs = new CacheJobs();
  // The commands report their own writes when they finish and resolve once the server has loaded the new history.
  const written = () => ctx.notifyCacheChanged();
  ctx.registerCommand('trailtight.importLogs', importLogs(runtime, jobs, written));
  ctx.registerCommand('trailtight.fetchEvents', fetchEvents(runtime, jobs, written));
  ctx.registerCommand('trailtight.clearCache', clearCache(jobs, written));

  // Changes made elsewhere (the CLI, another window, a deleted file). A fetch writes after every page: those are
  // ignored while a job runs, and a burst of outside writes is reported once.
  let timer: NodeJS.Timeout | undefined;
  const changedOutside = (): void => {
    if (jobs.busy) return;
    clearTimeout(timer);
    timer = setTimeout(() => void ctx.notifyCacheChanged(), 300);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(CACHE_GLOB);
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(changedOutside),
    watcher.onDidCreate(changedOutside),
    watcher.onDidDelete(changedOutside),
    { dispose: () => clearTimeout(timer) },
  );
}
