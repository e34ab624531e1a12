import { wildcardToRegExp } from '../../catalog/wildcard';

/** Beyond this many DP cells a pair is declared "not covered" (never a false finding, just a missed one). */
const MAX_CELLS = 100_000;

/**
 * True when every string the IAM wildcard pattern `inner` can match is also matched by `outer` (`*` any run,
 * `?` one character). Sound, never guessing: a `*` in `inner` can only be absorbed by a `*` in `outer`, so a `true`
 * is always right. Common shapes take a fast path; the general case is a small dynamic programme.
 */
export function patternCovers(outer: string, inner: string, ignoreCase: boolean): boolean {
  const a = ignoreCase ? outer.toLowerCase() : outer;
  const b = ignoreCase ? inner.toLowerCase() : inner;
  if (a === b || a === '*') return true;
  const prefixA = literalPrefix(a);
  const prefixB = literalPrefix(b);
  if (!prefixB.startsWith(prefixA)) return false;
  // `prefix*`: covers exactly what starts with the prefix as written.
  if (prefixA.length === a.length - 1 && a.endsWith('*')) return true;
  const suffixA = literalSuffix(a);
  if (!literalSuffix(b).endsWith(suffixA) && suffixA.length > 0) return false;
  // Without `?` in outer, its literals can only meet inner's literals and its `*` absorbs inner's wildcards, so
  // matching inner's text with outer as a regular expression decides coverage exactly.
  if (!a.includes('?')) return wildcardToRegExp(a, 's').test(b);
  return coversByTable(a, b);
}

function coversByTable(a: string, b: string): boolean {
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) return false;
  // row[j] = 1 when a[0..i) covers b[0..j).
  let row = new Uint8Array(b.length + 1);
  row[0] = 1;
  for (let i = 1; i <= a.length; i++) {
    const p = a[i - 1];
    const next = new Uint8Array(b.length + 1);
    if (p === '*') {
      let reachable = 0;
      for (let j = 0; j <= b.length; j++) {
        reachable |= row[j]!;
        next[j] = reachable;
      }
    } else {
      for (let j = 1; j <= b.length; j++) {
        const t = b[j - 1];
        const single = p === '?' ? t !== '*' : t === p;
        next[j] = single ? row[j - 1]! : 0;
      }
    }
    row = next;
  }
  return row[b.length] === 1;
}

/** The part of a pattern after its last wildcard. */
function literalSuffix(pattern: string): string {
  return pattern.slice(Math.max(pattern.lastIndexOf('*'), pattern.lastIndexOf('?')) + 1);
}

/** The part of a pattern before its first wildcard. */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*');
  const question = pattern.indexOf('?');
  const cut = Math.min(star < 0 ? pattern.length : star, question < 0 ? pattern.length : question);
  return pattern.slice(0, cut);
}
