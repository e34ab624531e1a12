// Waiting on files without sleeping: a directory watch wakes us on every change, and the predicate decides.
import { readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Resolves with the file's text once `accept(text)` is true; rejects after `timeoutMs` with the last text seen.
 * Watches the parent directory (started before the first read, so no change slips between), which also sees
 * creation and atomic rename-saves.
 */
export async function waitForFile(path: string, accept: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let last: string | undefined;
    const check = (): void => {
      try {
        last = readFileSync(path, 'utf8');
      } catch {
        return; // Not there yet, or mid-rename: the next event brings it.
      }
      if (accept(last)) finish(() => resolve(last as string));
    };
    const watcher = watch(dirname(path), (_event, name) => {
      if (name === null || name === basename(path)) check();
    });
    const timeout = setTimeout(
      () => finish(() => reject(new Error(`${path} did not reach the expected content within ${timeoutMs} ms; last content:\n${last ?? '(missing)'}`))),
      timeoutMs,
    );
    let done = false;
    function finish(settle: () => void): void {
      if (done) return;
      done = true;
      clearTimeout(timeout);
      watcher.close();
      settle();
    }
    check();
  });
}
