// Where the VS Code commands keep the usage cache, and the guards every command that writes it goes through.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { cachePath } from '../../core/trail/cache';
import type { Ctx } from '../ctx';

/** The workspace's state folder: `<first workspace folder>/.trailtight`; undefined without a folder. */
export function workspaceCacheDir(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? join(folder.uri.fsPath, '.trailtight') : undefined;
}

/** The state folder, or an error saying what to do. */
export function requireCacheDir(): string {
  const dir = workspaceCacheDir();
  if (!dir) throw new Error('open a folder first: the usage cache is kept in the workspace folder\'s .trailtight folder.');
  return dir;
}

/** Refuses to run in an untrusted workspace (the commands are also disabled there through `enablement`). */
export function requireTrust(what: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new Error(`${what} is disabled in untrusted workspaces. Trust this workspace (Workspaces: Manage Workspace Trust) to use it.`);
  }
}

/** The cache file of a state folder, for messages. */
export function cacheFileOf(dir: string): string {
  return cachePath(dir);
}

/**
 * One cache-writing job at a time: an import and a fetch that both read the cache, add to it and write it back would
 * otherwise lose one another's work.
 */
export class CacheJobs {
  private running: string | undefined;

  /** True while a job runs (its writes are reported when it ends). */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Runs `job` unless another is running, in which case it says so and resolves to undefined. */
  async run<T>(label: string, job: () => Promise<T>): Promise<T | undefined> {
    if (this.running !== undefined) {
      void vscode.window.showInformationMessage(`Trailtight: ${this.running} is still running; try again when it has finished.`);
      return undefined;
    }
    this.running = label;
    try {
      return await job();
    } finally {
      this.running = undefined;
    }
  }
}

/** Runs `task` under a cancellable notification; cancelling aborts the signal the task was given. */
export function withCancellableProgress<T>(
  title: string,
  task: (progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await task(progress, controller.signal);
    } finally {
      subscription.dispose();
    }
  });
}

/**
 * Logs the full summary and shows the one-line one; "Show Details" reveals the output channel. Not awaited, so the
 * command resolves (with its result, for callers such as tests) without waiting for the user to dismiss it.
 */
export function showSummary(ctx: Ctx, message: string, details: string, isError = false): void {
  ctx.output.info(details);
  const shown = isError
    ? vscode.window.showErrorMessage(`Trailtight: ${message}`, 'Show Details')
    : vscode.window.showInformationMessage(`Trailtight: ${message}`, 'Show Details');
  void shown.then((choice) => {
    if (choice === 'Show Details') ctx.output.show(true);
  });
}
