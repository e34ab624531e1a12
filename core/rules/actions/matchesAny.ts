import type { Catalog } from '../../catalog/catalog';

const memo = new WeakMap<Catalog, Map<string, boolean>>();

/**
 * Whether an action wildcard matches at least one catalog action, remembered per pattern: AWS's read-only
 * policies repeat hundreds of `service:Describe*` patterns, and each expansion scans a whole service.
 */
export function wildcardMatchesAny(catalog: Catalog, pattern: string): boolean {
  let known = memo.get(catalog);
  if (!known) memo.set(catalog, (known = new Map()));
  const key = pattern.toLowerCase();
  let result = known.get(key);
  if (result === undefined) {
    result = catalog.expand(pattern).length > 0;
    if (known.size > 50_000) known.clear();
    known.set(key, result);
  }
  return result;
}
