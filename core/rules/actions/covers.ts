import { wildcardToRegExp } from '../../catalog/wildcard';

const STAR = 42; // '*'
const QUESTION = 63; // '?'

/**
 * True when every string the wildcard pattern `b` matches is also matched by `a` (`*` any run, `?` one
 * character), both already lower-cased (IAM compares actions case-insensitively). Sound: a `*` of `b` is only
 * absorbed by a `*` of `a`, so `true` is never a guess. O(|a| * |b|) on two reused rows.
 */
export function actionPatternCovers(a: string, b: string): boolean {
  if (a === b || a === '*') return true;
  if (!b.startsWith(literalPrefix(a))) return false;
  if (!b.includes('*') && !b.includes('?')) return wildcardToRegExp(a).test(b);
  // row[j] = 1 when a[0..i) covers b[0..j).
  let row = new Uint8Array(b.length + 1);
  let next = new Uint8Array(b.length + 1);
  row[0] = 1;
  for (let i = 0; i < a.length; i++) {
    const p = a.charCodeAt(i);
    if (p === STAR) {
      let reachable = 0;
      for (let j = 0; j <= b.length; j++) next[j] = reachable |= row[j]!;
    } else {
      next[0] = 0;
      for (let j = 1; j <= b.length; j++) {
        const t = b.charCodeAt(j - 1);
        next[j] = row[j - 1]! & (p === QUESTION ? (t !== STAR ? 1 : 0) : t === p ? 1 : 0);
      }
    }
    [row, next] = [next, row];
  }
  return row[b.length] === 1;
}

function literalPrefix(pattern: string): string {
  const cut = pattern.search(/[*?]/);
  return cut < 0 ? pattern : pattern.slice(0, cut);
}
