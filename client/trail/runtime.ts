// What the trail commands need from the installed extension: the catalog and the import worker beside the bundle.
import { join } from 'node:path';
import type { Catalog } from '../../core/catalog/catalog';
import { loadCatalog } from '../../core/catalog/load';
import { workerRunner } from '../../core/trail/importPool';
import type { RunnerFactory } from './importRun';

/** The bundle folder (`dist/`), with the catalog loaded once, on first use. */
export class TrailRuntime {
  private loaded: Catalog | undefined;

  constructor(private readonly distDir: string) {}

  /** The IAM catalog (`dist/catalog.json`). */
  get catalog(): Catalog {
    this.loaded ??= loadCatalog(this.distDir);
    return this.loaded;
  }

  /** Import workers (`dist/importWorker.js`), used when there are enough files to pay for them. */
  runner(): RunnerFactory {
    return workerRunner({ workerScript: join(this.distDir, 'importWorker.js'), catalogDir: this.distDir });
  }
}
