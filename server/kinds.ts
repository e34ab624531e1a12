import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BINDINGS_FILE, bindingFor, bindingKindEdits, bindingPrincipalEdits, parseBindings, type Binding } from '../core/config/bindings';
import type { TextEdit } from '../core/findings/finding';
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
  /** The workspace folder (file system path) holding the document; undefined outside every folder. */
  readonly folder: string | undefined;
  /** The first binding whose path matches the document, whatever it sets. */
  readonly binding: Binding | undefined;
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
    const where = { fileName, folder: place?.folder, binding };
    if (binding?.kind) return { kind: binding.kind, source: 'bindings', ...where };
    const override = this.overrides.get(uri);
    if (override) return { kind: override, source: 'override', ...where };
    return { kind: undefined, source: 'inferred', ...where };
  }

  /** The workspace folders (file system paths). */
  get roots(): readonly string[] {
    return this.folders;
  }

  /** The bindings of a workspace folder as last read. */
  bindingsOf(folder: string): readonly Binding[] {
    return this.bindings.get(folder) ?? [];
  }

  /** Writes the kind of a document into its folder's bindings file (atomically) and reloads it. */
  persist(uri: string, kind: PolicyKind): PersistKindResult {
    const result = this.writeBindings(uri, (text, path) => bindingKindEdits(text, path, kind));
    if (result.bindingsFile) this.overrides.delete(uri);
    return result;
  }

  /** Writes the principal of a document (null removes it) into its folder's bindings file and reloads it. */
  bindPrincipal(uri: string, principal: string | null): PersistKindResult {
    return this.writeBindings(uri, (text, path) => bindingPrincipalEdits(text, path, principal));
  }

  private writeBindings(uri: string, change: (text: string, relativePath: string) => { edits: TextEdit[] } | { error: string }): PersistKindResult {
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
    const result = change(text, place.relativePath);
    if ('error' in result) return { bindingsFile: null, error: result.error };
    if (result.edits.length === 0) return { bindingsFile: file };
    try {
      mkdirSync(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, applyTextEdits(text, result.edits));
      renameSync(temp, file);
    } catch (error) {
      return { bindingsFile: null, error: `Cannot write ${file}: ${(error as Error).message}` };
    }
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
