// "Open Bound Policies": the workspace's policy files compared with a principal, found by a bounded scan.
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bindingFor, type Binding } from '../core/config/bindings';
import { isPolicyFile } from '../core/policy/kind';
import { parsePolicy } from '../core/policy/parse';
import type { TrailIndex } from '../core/usage/trailIndex';
import { roleOfFileName } from '../core/usage/trailIndex';

/** A workspace folder to scan: its path, bindings and history (for principal names and file-name inference). */
export interface ScannedFolder {
  readonly root: string;
  readonly bindings: readonly Binding[];
  readonly index: TrailIndex | undefined;
}

/** The scan stops after this many directory entries per folder, so a huge workspace cannot stall the server. */
export const MAX_SCANNED_ENTRIES = 20_000;
/** Files bigger than this are not policies anyone deploys (the largest AWS accepts is 20 KB). */
const MAX_POLICY_BYTES = 1_000_000;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'out', 'build', 'target', 'vendor']);

/**
 * The `file:` URIs of the JSON files bound to a principal ARN: by a bindings entry naming it (ARN or name), or by a
 * file name naming the role when the file has no bound principal and is a policy. Sorted; dot-folders and dependency
 * folders are skipped.
 */
export async function boundPolicies(principal: string, folders: readonly ScannedFolder[]): Promise<string[]> {
  const found: string[] = [];
  for (const folder of folders) {
    for (const file of await jsonFiles(folder.root)) {
      const relativePath = relative(folder.root, file).split(sep).join('/');
      const named = bindingFor(folder.bindings, relativePath)?.principal;
      if (named !== undefined) {
        if (sameOrNamed(named, principal, folder.index)) found.push(pathToFileURL(file).href);
      } else if (folder.index && roleOfFileName(relativePath, folder.index) === principal && (await isPolicy(file, relativePath))) {
        found.push(pathToFileURL(file).href);
      }
    }
  }
  return found.sort();
}

function sameOrNamed(named: string, principal: string, index: TrailIndex | undefined): boolean {
  if (named === principal) return true;
  return index?.principal(named).principal?.arn === principal;
}

async function isPolicy(file: string, relativePath: string): Promise<boolean> {
  try {
    if ((await stat(file)).size > MAX_POLICY_BYTES) return false;
    return isPolicyFile(parsePolicy(await readFile(file, 'utf8')).document, relativePath);
  } catch {
    return false;
  }
}

/** The `.json` files under a folder, breadth first, at most {@link MAX_SCANNED_ENTRIES} entries looked at. */
async function jsonFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const queue = [root];
  let seen = 0;
  while (queue.length > 0 && seen < MAX_SCANNED_ENTRIES) {
    const dir = queue.shift() as string;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++seen > MAX_SCANNED_ENTRIES) break;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) queue.push(join(dir, entry.name));
      } else if (entry.isFile() && /\.jsonc?$/i.test(entry.name)) files.push(join(dir, entry.name));
    }
  }
  return files;
}
