// The rows of an aggregate table found by their integer keys (ids of interned strings, day numbers), without an
// object or a Map entry per row: the keys live in typed columns and an open-addressing table of row numbers finds
// a row by hashing them. An import keeps hundreds of thousands of rows, and a row of plain objects and boxed
// numbers cost the heap several times its numbers (and V8 keeps ~2 x the heap it marked).

/** A copy of `column` with room for at least `rows` rows (twice its length at least), or `column` when it has. */
export function grownFloat64(column: Float64Array<ArrayBuffer>, rows: number): Float64Array<ArrayBuffer> {
  if (rows <= column.length) return column;
  const grown = new Float64Array(Math.max(rows, 2 * column.length));
  grown.set(column);
  return grown;
}

/** {@link grownFloat64} for integer columns. */
export function grownInt32(column: Int32Array<ArrayBuffer>, rows: number): Int32Array<ArrayBuffer> {
  if (rows <= column.length) return column;
  const grown = new Int32Array(Math.max(rows, 2 * column.length));
  grown.set(column);
  return grown;
}

const INITIAL_ROWS = 64;

/**
 * Rows numbered 0, 1, … in the order added, each with two or three integer keys (a table of two keys passes 0 as
 * the third). `keys[k][row]` is row's key k; the columns may be longer than {@link size}.
 */
export class RowKeys {
  readonly keys: [Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>];
  size = 0;
  /** Row number + 1 per slot, 0 for a free slot; at most half the slots are used. */
  private slots = new Int32Array(2 * INITIAL_ROWS);

  constructor(readonly width: 2 | 3) {
    const third = width === 3 ? new Int32Array(INITIAL_ROWS) : new Int32Array(0);
    this.keys = [new Int32Array(INITIAL_ROWS), new Int32Array(INITIAL_ROWS), third];
  }

  /** How many rows the key columns hold before they grow (value columns of the table grow to it too). */
  get capacity(): number {
    return this.keys[0].length;
  }

  /** The row with these keys, or -1. */
  find(a: number, b: number, c = 0): number {
    const [first, second, third] = this.keys;
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let slot = hashKeys(a, b, this.width === 3 ? c : 0) & mask; ; slot = (slot + 1) & mask) {
      const row = slots[slot]! - 1;
      if (row < 0) return -1;
      if (first[row] === a && second[row] === b && (this.width === 2 || third[row] === c)) return row;
    }
  }

  /** Adds a row with these keys, which no row has (the caller {@link find}s first); returns its number. */
  add(a: number, b: number, c = 0): number {
    const row = this.size++;
    if (row >= this.capacity) this.grow();
    this.keys[0][row] = a;
    this.keys[1][row] = b;
    if (this.width === 3) this.keys[2][row] = c;
    if (2 * this.size > this.slots.length) this.rehash(2 * this.slots.length);
    else this.place(row);
    return row;
  }

  private grow(): void {
    const rows = 2 * this.capacity;
    this.keys[0] = grownInt32(this.keys[0], rows);
    this.keys[1] = grownInt32(this.keys[1], rows);
    if (this.width === 3) this.keys[2] = grownInt32(this.keys[2], rows);
  }

  private rehash(slotCount: number): void {
    this.slots = new Int32Array(slotCount);
    for (let row = 0; row < this.size; row++) this.place(row);
  }

  private place(row: number): void {
    const [first, second, third] = this.keys;
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hashKeys(first[row]!, second[row]!, this.width === 3 ? third[row]! : 0) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = row + 1;
  }
}

/** Mixes three 32-bit keys so that nearby ids (small, consecutive) spread over the slots. */
function hashKeys(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0xc2b2ae3d);
  return h ^ (h >>> 16);
}
