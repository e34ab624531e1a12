// What the trail commands need from the installed extension: the catalog and the import thread beside the bundle.
import { join } from 'node:path';
import type { Catalog } from '../../core/catalog/catalog';
import { loadCatalog } from '../../core/catalog/load';
import type { ImportThreadOptions } from '../../core/trail/runImportThread';

/** The bundle folder (`dist/`), with the catalog loaded once, on first use. */
export class TrailRuntime {
  private loaded: Catalog | undefined;

  constructor(private readonly distDir: string) {}

  /** The IAM catalog (`dist/catalog.json`). */
  get catalog(): Catalog {
    this.loaded ??= loadCatalog(this.distDir);
    return this.loaded;
  }

  /** The import thread (`dist/importThread.js`) and its workers (`dist/importWorker.js`). */
  importThread(): Pick<ImportThreadOptions, 'threadScript' | 'pool'> {
    return {
      threadScript: join(this.distDir, 'importThread.js'),
      pool: { workerScript: join(this.distDir, 'importWorker.js'), catalogDir: this.distDir },
    };
  }
}
