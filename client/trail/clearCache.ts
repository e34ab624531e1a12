// "Trailtight: Clear Usage Cache": deletes the workspace's cache.json after a modal confirmation. Bindings stay.
import { rm } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { cacheFileOf, requireCacheDir, requireTrust, type CacheJobs } from './workspaceCache';

/** The command; `{ confirmed: true }` (for tests and scripts) skips the confirmation. Resolves to whether it cleared. */
export function clearCache(jobs: CacheJobs, onWritten: () => Promise<void>) {
  return (ctx: Ctx) =>
    async (arg?: unknown): Promise<boolean> => {
      requireTrust('Clearing the usage cache');
      const file = cacheFileOf(requireCacheDir());
      const confirmed = typeof arg === 'object' && arg !== null && (arg as { confirmed?: unknown }).confirmed === true;
      if (!confirmed) {
        const choice = await vscode.window.showWarningMessage(
          'Clear the Trailtight usage cache?',
          {
            modal: true,
            detail: `This deletes ${file}: every imported and fetched usage record, and the fetch positions (the next fetch starts over). Bindings are kept.`,
          },
          'Clear Cache',
        );
        if (choice !== 'Clear Cache') return false;
      }
      const cleared = await jobs.run('clearing the cache', async () => {
        await rm(file, { force: true });
        return true;
      });
      if (!cleared) return false;
      await onWritten();
      ctx.output.info(`Cleared the usage cache ${file}`);
      void vscode.window.showInformationMessage('Trailtight: the usage cache was cleared. Import logs or fetch events to rebuild it.');
      return true;
    };
}
