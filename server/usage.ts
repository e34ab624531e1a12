// The workspace's observed usage as the server holds it: each folder's `.trailtight/cache.json`, indexed once per load.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCache } from '../core/trail/cache';
import type { UsageRow } from '../core/trail/observation';
import { TrailIndex, type PrincipalInfo } from '../core/usage/trailIndex';
import type { UsageStatusParams } from './protocol';

/** The workspace state folder, relative to a workspace folder (DESIGN.md contracts). */
export const STATE_DIR = '.trailtight';

/** One workspace folder's history: its index, or why there is none. */
export interface FolderUsage {
  /** Undefined when the folder has no cache, or it could not be used (`message` says why). */
  readonly index: TrailIndex | undefined;
  readonly rows: readonly UsageRow[];
  readonly message?: string;
}

const NONE: FolderUsage = { index: undefined, rows: [] };

/**
 * The caches of the workspace folders. Loads run one at a time; a reload asked for while one runs is done right
 * after it, so the last change on disk always wins. `onLoaded` hears the status after each completed load.
 */
export class WorkspaceUsage {
  private folders = new Map<string, FolderUsage>();
  private pending: Promise<void> | undefined;
  private dirty = false;
  private loadedOnce = false;

  constructor(
    private readonly roots: () => readonly string[],
    private readonly onLoaded: (status: UsageStatusParams) => void,
  ) {}

  /** True once a first load has completed. */
  get loaded(): boolean {
    return this.loadedOnce;
  }

  /** (Re)loads every folder's cache; resolves when the newest state on disk is loaded. */
  reload(): Promise<void> {
    this.dirty = true;
    this.pending ??= this.drain();
    return this.pending;
  }

  /**
   * Resolves when the state on disk is loaded: waits for a (re)load under way, starts the first one if nothing was
   * loaded yet, so a request sent right after a change never answers from the history before it.
   */
  ready(): Promise<void> {
    return this.pending ?? (this.loadedOnce ? Promise.resolve() : this.reload());
  }

  /** The history of the folder holding a document; undefined outside the folders or before the first load. */
  folder(root: string | undefined): FolderUsage | undefined {
    return root === undefined ? undefined : this.folders.get(root);
  }

  /** The loaded folders' histories. */
  loadedFolders(): (FolderUsage & { readonly index: TrailIndex })[] {
    return [...this.folders.values()].filter((f): f is FolderUsage & { index: TrailIndex } => f.index !== undefined);
  }

  /** Every principal of every loaded folder, most recently active first. */
  principals(): PrincipalInfo[] {
    const byArn = new Map<string, PrincipalInfo>();
    for (const { index } of this.loadedFolders()) {
      for (const p of index.principals()) {
        const known = byArn.get(p.arn);
        if (!known || p.lastActivity > known.lastActivity) byArn.set(p.arn, p);
      }
    }
    return [...byArn.values()].sort((a, b) => b.lastActivity - a.lastActivity || a.arn.localeCompare(b.arn));
  }

  /** The first loaded folder that knows a principal (by ARN or unambiguous name), with its ARN. */
  find(principal: string): { index: TrailIndex; principal: PrincipalInfo } | undefined {
    for (const { index } of this.loadedFolders()) {
      const found = index.principal(principal).principal;
      if (found) return { index, principal: found };
    }
    return undefined;
  }

  /** The history as one line of facts for the status bar, over every folder. */
  status(): UsageStatusParams {
    const loaded = this.loadedFolders();
    const messages = [...this.folders.values()].flatMap((f) => (f.message ? [f.message] : []));
    if (loaded.length === 0) {
      const message = messages.length > 0 ? messages.join(' ') : `No CloudTrail history in this workspace (${STATE_DIR}/cache.json): import logs or fetch events.`;
      return { loaded: false, message };
    }
    const accounts = new Set<string>();
    let from: number | undefined;
    let to: number | undefined;
    for (const { index } of loaded) {
      const c = index.coverage;
      for (const a of c.accounts) accounts.add(a);
      if (c.from !== undefined && (from === undefined || c.from < from)) from = c.from;
      if (c.to !== undefined && (to === undefined || c.to > to)) to = c.to;
    }
    return {
      loaded: true,
      ...(messages.length > 0 ? { message: messages.join(' ') } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      accounts: accounts.size,
      principals: this.principals().length,
    };
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const roots = [...this.roots()];
        const loaded = await Promise.all(roots.map(loadFolder));
        // Something changed while reading: read again before anyone sees a state that is already old.
        if (this.dirty) continue;
        this.folders = new Map(roots.map((root, i) => [root, loaded[i] ?? NONE]));
        this.loadedOnce = true;
        this.onLoaded(this.status());
      }
    } finally {
      this.pending = undefined;
    }
  }
}

/** Reads and indexes one folder's cache. Never throws: an unreadable cache is a message. */
async function loadFolder(root: string): Promise<FolderUsage> {
  let missing = false;
  // Bytes, not text: the cache's binary columns are cut out of the buffer before its JSON is decoded.
  const read = async (path: string): Promise<Buffer> => {
    try {
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') missing = true;
      throw error;
    }
  };
  try {
    const { cache, message } = await readCache(join(root, STATE_DIR), read);
    if (message) return { index: undefined, rows: [], message };
    if (missing) return NONE;
    return { index: TrailIndex.build(cache.snapshot), rows: cache.snapshot.usage };
  } catch (error) {
    return { index: undefined, rows: [], message: `Cannot load the usage cache of ${root}: ${(error as Error).message}` };
  }
}
