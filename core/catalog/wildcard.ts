/** True when an IAM string uses the `*` or `?` wildcards. */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

const cache = new Map<string, RegExp>();

/**
 * Turns an IAM wildcard pattern (`*` any run, `?` one character) into an anchored RegExp, case-insensitive by
 * default (`flags`), cached.
 */
export function wildcardToRegExp(pattern: string, flags = 'i'): RegExp {
  const key = `${flags}\u0000${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${source}$`, flags);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/** True when `value` matches the IAM wildcard `pattern`, case-insensitively. */
export function matchesWildcard(pattern: string, value: string): boolean {
  return wildcardToRegExp(pattern).test(value);
}
