// Sorting many rows by a few string keys with few distinct values (principals, actions, services, days), exactly
// as a stable sort comparing the strings would, without comparing strings per row: each distinct string is ranked
// once, then the rows are ordered by their integer ranks.

/** The order of `localeCompare`, which snapshots have always used, without making a collator per comparison. */
const compareText = new Intl.Collator().compare;

/**
 * The rank of each of `texts` (distinct strings) in {@link compareText} order: rank a < rank b exactly when text a
 * sorts before text b, and texts the collator calls equal (canonically equivalent spellings) share a rank. So
 * comparing ranks gives the sign of comparing the texts, for every pair.
 */
export function collatedRanks(texts: readonly string[]): Int32Array {
  const byText = texts.map((_, i) => i).sort((a, b) => compareText(texts[a]!, texts[b]!));
  const ranks = new Int32Array(texts.length);
  let rank = 0;
  for (let i = 1; i < byText.length; i++) {
    if (compareText(texts[byText[i - 1]!]!, texts[byText[i]!]!) !== 0) rank++;
    ranks[byText[i]!] = rank;
  }
  return ranks;
}

/**
 * The order of `count` rows by their keys, most significant first: `keys[k][row]` is a row's rank (≥ 0) in key k.
 * Rows with equal ranks in every key keep their original order, so this is the order a stable sort with the
 * comparator `(a, b) => keys[0][a] - keys[0][b] || keys[1][a] - keys[1][b] || …` gives. It is a least-significant
 * key first radix sort: one stable counting sort per key, linear in the rows and the ranks.
 */
export function orderByRanks(count: number, keys: readonly Int32Array[]): Uint32Array {
  let order = new Uint32Array(count);
  for (let row = 0; row < count; row++) order[row] = row;
  let next = new Uint32Array(count);
  for (let k = keys.length - 1; k >= 0; k--) {
    const key = keys[k]!;
    let ranks = 0;
    for (let row = 0; row < count; row++) ranks = Math.max(ranks, key[row]! + 1);
    // starts[r] is where the next row of rank r goes.
    const starts = new Uint32Array(ranks + 1);
    for (let row = 0; row < count; row++) starts[key[row]! + 1]!++;
    for (let r = 1; r <= ranks; r++) starts[r]! += starts[r - 1]!;
    for (let i = 0; i < count; i++) {
      const row = order[i]!;
      next[starts[key[row]!]!++] = row;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** Numbers for distinct strings, in the order first seen. */
export class StringIds {
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(text, id);
      this.list.push(text);
    }
    return id;
  }

  /**
   * {@link id} for one column of sorted rows, which repeats a value row after row (a principal, a daily row's
   * service): a repeat costs no map lookup.
   */
  column(): (text: string) => number {
    let last: string | undefined;
    let lastId = -1;
    return (text) => {
      if (text !== last) {
        last = text;
        lastId = this.id(text);
      }
      return lastId;
    };
  }
}

/** Replaces each id in `column` with `ranks[id]`. */
export function toRanks(column: Int32Array, ranks: Int32Array): void {
  for (let i = 0; i < column.length; i++) column[i] = ranks[column[i]!]!;
}
