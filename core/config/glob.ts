/**
 * Turns a bindings glob into an anchored RegExp over `/`-separated relative paths: `**` spans folders, `*` and `?`
 * stay within one path segment. A pattern without wildcards matches exactly that relative path.
 */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` may also match no folder at all, so `**/x.json` matches a root-level `x.json`.
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** True when a relative path (either separator) matches a bindings glob. */
export function matchesGlob(glob: string, relativePath: string): boolean {
  return globToRegExp(glob).test(relativePath.replace(/\\/g, '/').replace(/^\.\//, ''));
}
