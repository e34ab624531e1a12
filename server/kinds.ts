import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BINDINGS_FILE, bindingFor, bindingKindEdits, parseBindings, type Binding } from '../core/config/bindings';
import { applyTextEdits } from '../core/fixes/edit';
import type { PolicyKind } from '../core/policy/document';
import type { KindSource, PersistKindResult } from './protocol';

/** How the server names and classifies one document before validating it. */
export interface DocumentKind {
  /** The kind to validate with; undefined lets core infer it. */
  readonly kind: PolicyKind | undefined;
  readonly source: KindSource;
  /** The workspace-relative path (or the URI's last segment), used for inference from folder and file names. */
  readonly fileName: string;
}

/**
 * The kinds of a workspace's documents: `.trailtight/bindings.json` of each workspace folder first, then the session
 * overrides the client sends, else inference. Problems with a bindings file go to `report`, naming the file.
 */
export class WorkspaceKinds {
  private readonly bindings = new Map<string, readonly Binding[]>();
  private readonly overrides = new Map<string, PolicyKind>();

  constructor(
    private folders: readonly string[],
    private readonly report: (message: string) => void,
  ) {
    for (const folder of folders) this.reload(folder);
  }

  /** Replaces the workspace folders (file system paths) and reads their bindings. */
  setFolders(folders: readonly string[]): void {
    this.folders = folders;
    this.bindings.clear();
    for (const folder of folders) this.reload(folder);
  }

  /** Re-reads the bindings of the folder holding a changed bindings file (or of every folder). */
  reloadAll(): void {
    for (const folder of this.folders) this.reload(folder);
  }

  setOverride(uri: string, kind: PolicyKind | null): void {
    if (kind) this.overrides.set(uri, kind);
    else this.overrides.delete(uri);
  }

  forget(uri: string): void {
    this.overrides.delete(uri);
  }

  resolve(uri: string): DocumentKind {
    const place = this.placeOf(uri);
    const binding = place ? bindingFor(this.bindings.get(place.folder) ?? [], place.relativePath) : undefined;
    const fileName = place?.relativePath ?? decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
    if (binding?.kind) return { kind: binding.kind, source: 'bindings', fileName };
    const override = this.overrides.get(uri);
    if (override) return { kind: override, source: 'override', fileName };
    return { kind: undefined, source: 'inferred', fileName };
  }

  /** Writes the kind of a document into its folder's bindings file (atomically) and reloads it. */
  persist(uri: string, kind: PolicyKind): PersistKindResult {
    const place = this.placeOf(uri);
    if (!place) return { bindingsFile: null };
    const file = join(place.folder, BINDINGS_FILE);
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        return { bindingsFile: null, error: `Cannot read ${file}: ${(error as Error).message}` };
      }
    }
    const result = bindingKindEdits(text, place.relativePath, kind);
    if ('error' in result) return { bindingsFile: null, error: result.error };
    try {
      mkdirSync(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, applyTextEdits(text, result.edits));
      renameSync(temp, file);
    } catch (error) {
      return { bindingsFile: null, error: `Cannot write ${file}: ${(error as Error).message}` };
    }
    this.overrides.delete(uri);
    this.reload(place.folder);
    return { bindingsFile: file };
  }

  private reload(folder: string): void {
    const file = join(folder, BINDINGS_FILE);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.report(`Cannot read ${file}: ${(error as Error).message}. Bindings are ignored.`);
      }
      this.bindings.set(folder, []);
      return;
    }
    const parsed = parseBindings(text, file);
    if (parsed.error) this.report(parsed.error);
    this.bindings.set(folder, parsed.bindings);
  }

  private placeOf(uri: string): { folder: string; relativePath: string } | undefined {
    const path = filePath(uri);
    if (!path) return undefined;
    // The innermost folder wins when workspace folders nest.
    const folder = [...this.folders]
      .sort((a, b) => b.length - a.length)
      .find((f) => path === f || path.startsWith(f.endsWith(sep) ? f : f + sep));
    if (!folder) return undefined;
    return { folder, relativePath: relative(folder, path).split(sep).join('/') || basename(path) };
  }
}

/** The file system path of a `file:` URI; undefined for other schemes. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
