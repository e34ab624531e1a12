// "Trailtight: Import CloudTrail Logs…": files and folders into the workspace usage cache, with cancellable progress.
import * as vscode from 'vscode';
import { formatCount } from '../../core/usage/lastAccessedModel';
import type { Ctx } from '../ctx';
import type { ImportRun } from '../../core/trail/importRun';
import { runImportThread } from '../../core/trail/runImportThread';
import type { TrailRuntime } from './runtime';
import { importDetails, importMessage } from './summaries';
import { cacheFileOf, requireCacheDir, requireTrust, showSummary, withCancellableProgress, type CacheJobs } from './workspaceCache';

/**
 * The paths an invocation names: a path string, a Uri, an array of those, or the Explorer's `(uri, selectedUris)`.
 * Undefined when there is no argument (then the user picks).
 */
export function pathsFromArguments(args: readonly unknown[]): string[] | undefined {
  const [first, second] = args;
  const source = Array.isArray(second) && second.length > 0 ? second : first;
  if (source === undefined || source === null) return undefined;
  const list: unknown[] = Array.isArray(source) ? source : [source];
  const paths = list.map((item) => {
    if (typeof item === 'string') return item;
    if (item instanceof vscode.Uri) {
      if (item.scheme !== 'file') throw new Error(`only local files can be imported, not ${item.toString()}.`);
      return item.fsPath;
    }
    throw new Error('give the import a path, a file URI, or a list of them.');
  });
  return paths.length > 0 ? paths : undefined;
}

async function pickPaths(): Promise<string[] | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Import CloudTrail Logs',
    openLabel: 'Import',
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'CloudTrail logs': ['json', 'gz', 'jsonl', 'ndjson'], 'All files': ['*'] },
  });
  return picked?.map((uri) => uri.fsPath);
}

/** The command; resolves to what the import did (undefined when the user dismissed the picker). */
export function importLogs(runtime: TrailRuntime, jobs: CacheJobs, onWritten: () => Promise<void>) {
  return (ctx: Ctx) =>
    async (...args: unknown[]): Promise<ImportRun | undefined> => {
      requireTrust('Importing CloudTrail logs');
      const cacheDir = requireCacheDir();
      const paths = pathsFromArguments(args) ?? (await pickPaths());
      if (!paths) return undefined;
      return jobs.run('an import', async () => {
        const run = await withCancellableProgress('Trailtight: importing CloudTrail logs', async (progress, signal) => {
          let reported = 0;
          return runImportThread(paths, {
            cacheDir,
            ...runtime.importThread(),
            signal,
            onProgress: (p) => {
              const percent = p.total === 0 ? 100 : (100 * p.done) / p.total;
              progress.report({ increment: percent - reported, message: `${p.done}/${p.total} files, ${formatCount(p.records)} records` });
              reported = percent;
            },
          });
        });
        if (run.written) await onWritten();
        const details = importDetails(paths, run, cacheFileOf(cacheDir));
        showSummary(ctx, importMessage(run), details, run.summary.filesFound === 0);
        return run;
      });
    };
}
