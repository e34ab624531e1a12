/** Levenshtein distance, stopping early once it exceeds `limit` (returns limit + 1 then). */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The closest of `candidates` to `typed`, compared case-insensitively: the nearest by edit distance within a
 * tolerance that grows with the length, else the shortest candidate that starts with what was typed (a name cut
 * short, `GetObj`). Undefined when nothing is close enough to be a useful guess.
 */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  if (lower.length === 0) return undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(lower.length / 4)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase(), Math.min(limit, bestDistance));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined) return best;
  if (lower.length < 3) return undefined;
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(lower));
  return prefixed.sort((a, b) => a.length - b.length || a.localeCompare(b))[0];
}
