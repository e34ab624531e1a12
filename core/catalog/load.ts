import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, type CatalogData } from './catalog';

/** Loads the catalog written at build time beside the bundle (`dist/catalog.json`). */
export function loadCatalog(dir: string): Catalog {
  const file = join(dir, 'catalog.json');
  return new Catalog(JSON.parse(readFileSync(file, 'utf8')) as CatalogData);
}
