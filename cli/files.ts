import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A file to check: `explicit` when named on the command line (checked even if it does not look like a policy). */
export interface Candidate {
  readonly path: string;
  readonly explicit: boolean;
}

/**
 * The files named by the arguments: files as given, folders walked recursively for `*.json` (skipping
 * `node_modules` and dot folders). Paths are resolved from `cwd`; those that cannot be read are returned as
 * problems naming them as given.
 */
export function collectFiles(paths: readonly string[], cwd: string): { candidates: Candidate[]; problems: string[] } {
  const candidates: Candidate[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    try {
      const absolute = resolve(cwd, path);
      if (statSync(absolute).isDirectory()) walk(absolute, candidates, problems);
      else candidates.push({ path: absolute, explicit: true });
    } catch (error) {
      problems.push(`${path}: ${reason(error)}`);
    }
  }
  return { candidates, problems };
}

function walk(folder: string, out: Candidate[], problems: string[]): void {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    problems.push(`${folder}: ${reason(error)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path, out, problems);
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) {
      out.push({ path, explicit: false });
    }
  }
}

/** A file system error as a short phrase ("no such file or directory"). */
export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
