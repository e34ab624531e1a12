// The three aggregate tables of a UsageBuilder as typed columns: usage per (principal, action), daily calls per
// (principal, service, day) and S3 usage per (principal, bucket, action). Keys are numbers of the builder's
// interned strings; a row is its number in every column, in the order rows were added.
import { grownFloat64, grownInt32, RowKeys } from './rowKeys';

/** Region numbers below this are bits of a usage row's `regionBits` (a Smi); AWS has fewer commercial Regions. */
export const REGION_BITS = 30;

/** Usage per (principal, action): when first and last seen, calls allowed, denied and made via a service, Regions. */
export class UsageTable {
  readonly keys = new RowKeys(2);
  firstSeen = new Float64Array(this.keys.capacity);
  lastSeen = new Float64Array(this.keys.capacity);
  count = new Float64Array(this.keys.capacity);
  denied = new Float64Array(this.keys.capacity);
  viaService = new Float64Array(this.keys.capacity);
  /** Regions by the builder's region number: bit n for numbers below {@link REGION_BITS}. */
  regionBits = new Int32Array(this.keys.capacity);
  /** The names of a row's Regions numbered {@link REGION_BITS} or more, for the rare rows that have any. */
  readonly moreRegions = new Map<number, Set<string>>();

  get size(): number {
    return this.keys.size;
  }

  /** Principal numbers by row. */
  get principal(): Int32Array {
    return this.keys.keys[0];
  }

  /** Action numbers by row. */
  get action(): Int32Array {
    return this.keys.keys[1];
  }

  /** Adds one call at `time`; returns the row. */
  addCall(principal: number, action: number, time: number, denied: number, viaService: number): number {
    const row = this.keys.find(principal, action);
    if (row < 0) return this.added(principal, action, time, time, 1 - denied, denied, viaService);
    if (time < this.firstSeen[row]!) this.firstSeen[row] = time;
    else if (time > this.lastSeen[row]!) this.lastSeen[row] = time;
    this.count[row]! += 1 - denied;
    this.denied[row]! += denied;
    this.viaService[row]! += viaService;
    return row;
  }

  /** Adds calls aggregated elsewhere; returns the row, whose Regions the caller adds. */
  merge(principal: number, action: number, firstSeen: number, lastSeen: number, count: number, denied: number, viaService: number): number {
    const row = this.keys.find(principal, action);
    if (row < 0) return this.added(principal, action, firstSeen, lastSeen, count, denied, viaService);
    if (firstSeen < this.firstSeen[row]!) this.firstSeen[row] = firstSeen;
    if (lastSeen > this.lastSeen[row]!) this.lastSeen[row] = lastSeen;
    this.count[row]! += count;
    this.denied[row]! += denied;
    this.viaService[row]! += viaService;
    return row;
  }

  /** Adds Region number `id` (named `name`) to a row. */
  addRegion(row: number, id: number, name: string): void {
    if (id < REGION_BITS) this.regionBits[row]! |= 1 << id;
    else this.addMoreRegion(row, name);
  }

  /** Adds the Regions of a {@link RegionSet}. */
  addRegionSet(row: number, bits: number, more: readonly string[]): void {
    this.regionBits[row]! |= bits;
    for (const name of more) this.addMoreRegion(row, name);
  }

  private addMoreRegion(row: number, name: string): void {
    let set = this.moreRegions.get(row);
    if (!set) {
      set = new Set();
      this.moreRegions.set(row, set);
    }
    set.add(name);
  }

  private added(principal: number, action: number, firstSeen: number, lastSeen: number, count: number, denied: number, viaService: number): number {
    const row = this.keys.add(principal, action);
    if (row >= this.firstSeen.length) {
      const rows = this.keys.capacity;
      this.firstSeen = grownFloat64(this.firstSeen, rows);
      this.lastSeen = grownFloat64(this.lastSeen, rows);
      this.count = grownFloat64(this.count, rows);
      this.denied = grownFloat64(this.denied, rows);
      this.viaService = grownFloat64(this.viaService, rows);
      this.regionBits = grownInt32(this.regionBits, rows);
    }
    this.firstSeen[row] = firstSeen;
    this.lastSeen[row] = lastSeen;
    this.count[row] = count;
    this.denied[row] = denied;
    this.viaService[row] = viaService;
    return row;
  }
}

/** Calls per (principal, service, day): allowed and denied. Days are day numbers (days since 1970). */
export class DailyTable {
  readonly keys = new RowKeys(3);
  count = new Float64Array(this.keys.capacity);
  denied = new Float64Array(this.keys.capacity);

  get size(): number {
    return this.keys.size;
  }

  get principal(): Int32Array {
    return this.keys.keys[0];
  }

  get service(): Int32Array {
    return this.keys.keys[1];
  }

  get day(): Int32Array {
    return this.keys.keys[2];
  }

  add(principal: number, service: number, day: number, count: number, denied: number): void {
    let row = this.keys.find(principal, service, day);
    if (row < 0) {
      row = this.keys.add(principal, service, day);
      if (row >= this.count.length) {
        this.count = grownFloat64(this.count, this.keys.capacity);
        this.denied = grownFloat64(this.denied, this.keys.capacity);
      }
    }
    this.count[row]! += count;
    this.denied[row]! += denied;
  }
}

/** S3 usage per (principal, bucket, action). */
export class BucketTable {
  readonly keys = new RowKeys(3);
  firstSeen = new Float64Array(this.keys.capacity);
  lastSeen = new Float64Array(this.keys.capacity);
  count = new Float64Array(this.keys.capacity);
  denied = new Float64Array(this.keys.capacity);

  get size(): number {
    return this.keys.size;
  }

  get principal(): Int32Array {
    return this.keys.keys[0];
  }

  get bucket(): Int32Array {
    return this.keys.keys[1];
  }

  get action(): Int32Array {
    return this.keys.keys[2];
  }

  merge(principal: number, bucket: number, action: number, firstSeen: number, lastSeen: number, count: number, denied: number): void {
    let row = this.keys.find(principal, bucket, action);
    if (row < 0) {
      row = this.keys.add(principal, bucket, action);
      if (row >= this.firstSeen.length) {
        const rows = this.keys.capacity;
        this.firstSeen = grownFloat64(this.firstSeen, rows);
        this.lastSeen = grownFloat64(this.lastSeen, rows);
        this.count = grownFloat64(this.count, rows);
        this.denied = grownFloat64(this.denied, rows);
      }
      this.firstSeen[row] = firstSeen;
      this.lastSeen[row] = lastSeen;
      this.count[row] = count;
      this.denied[row] = denied;
      return;
    }
    if (firstSeen < this.firstSeen[row]!) this.firstSeen[row] = firstSeen;
    if (lastSeen > this.lastSeen[row]!) this.lastSeen[row] = lastSeen;
    this.count[row]! += count;
    this.denied[row]! += denied;
  }
}
