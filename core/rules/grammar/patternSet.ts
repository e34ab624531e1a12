import { literalPrefix, patternCovers } from './patternCovers';

/** A count of expensive steps a rule may still take, so no input can make a check quadratic without bound. */
export class Budget {
  constructor(private remaining: number) {}
  /** Takes `n` steps; false once the budget is spent (callers then stop and report nothing more). */
  spend(n = 1): boolean {
    this.remaining -= n;
    return this.remaining >= 0;
  }
}

interface Entry {
  readonly index: number;
  readonly pattern: string;
}

/**
 * The values of one element (actions or resources) indexed so "which other value covers this one?" costs a lookup
 * per prefix length of the value rather than a scan of every pattern: wildcard patterns are filed under their
 * literal prefix, which must be a prefix of anything they cover.
 */
export class PatternSet {
  private readonly exact = new Map<string, number>();
  private readonly byPrefix = new Map<string, Entry[]>();
  /** The distinct lengths of the literal prefixes, so a lookup tries only those. */
  private readonly prefixLengths: number[];

  constructor(
    values: readonly string[],
    private readonly ignoreCase: boolean,
  ) {
    const lengths = new Set<number>();
    values.forEach((raw, index) => {
      const value = this.normalize(raw);
      if (!this.exact.has(value)) this.exact.set(value, index);
      if (value.includes('*') || value.includes('?')) {
        const prefix = literalPrefix(value);
        lengths.add(prefix.length);
        const list = this.byPrefix.get(prefix) ?? [];
        list.push({ index, pattern: value });
        this.byPrefix.set(prefix, list);
      }
    });
    this.prefixLengths = [...lengths].sort((a, b) => a - b);
  }

  /**
   * The index of a value of this set that covers `raw` (equal to it or a wildcard matching all it matches),
   * ignoring the value at `except`; undefined when none does or the budget runs out.
   */
  coverOf(raw: string, budget: Budget, except?: number): number | undefined {
    const value = this.normalize(raw);
    const same = this.exact.get(value);
    if (same !== undefined && same !== except) return same;
    for (const length of this.prefixLengths) {
      if (length > value.length) break;
      const candidates = this.byPrefix.get(value.slice(0, length));
      if (!candidates) continue;
      for (const c of candidates) {
        if (c.index === except || c.pattern === value) continue;
        if (!budget.spend(c.pattern.length + value.length)) return undefined;
        if (patternCovers(c.pattern, value, false)) return c.index;
      }
    }
    return undefined;
  }

  private normalize(value: string): string {
    return this.ignoreCase ? value.toLowerCase() : value;
  }
}
