/**
 * Where a Region's LookupEvents history stands in the cache, and how one fetch window moves it forward.
 *
 * LookupEvents returns the newest events first, so a window [from, to] is stored from its top down. A fetch that
 * stops part-way (cancelled, failed) has stored the top of the window but not its bottom; the cursor records that
 * as `pending`, and the next fetch first fills exactly the missing part, then asks for what is newer than `newest`.
 * Times are epoch milliseconds; `ids` are the EventIds already stored at that exact time, skipped when the next
 * request's inclusive StartTime/EndTime returns them again.
 */

/** A time and the events already stored at that time. */
export interface Boundary {
  readonly time: number;
  readonly ids: readonly string[];
}

/** A window interrupted part-way: events newer than `to` (and those in `to.ids`) up to `top` are stored. */
export interface PendingWindow {
  readonly from?: Boundary;
  readonly to: Boundary;
  readonly top: Boundary;
}

/** The per-account-per-Region fetch position, stored by the cache with each page. */
export interface LookupCursor {
  /** Every event up to and including this boundary is stored. */
  readonly newest?: Boundary;
  readonly pending?: PendingWindow;
}

/** An event's identity and time, as far as the cursor cares. */
export interface EventStamp {
  readonly id: string;
  readonly time: number;
}

class MutableBoundary {
  readonly ids: string[];
  constructor(
    readonly time: number,
    ids: readonly string[],
  ) {
    this.ids = [...ids];
  }
  freeze(): Boundary {
    return { time: this.time, ids: [...this.ids] };
  }
}

function merged(upper: Boundary, lower: Boundary | undefined): Boundary {
  if (!lower || lower.time !== upper.time) return upper;
  return { time: upper.time, ids: [...new Set([...lower.ids, ...upper.ids])] };
}

/** Tracks one window [from, end] page by page: which events are new, and the cursor to store after each page. */
export class WindowScan {
  private readonly exclude: Set<string>;
  private readonly fixedTop: Boundary | undefined;
  private top: MutableBoundary | undefined;
  private low: MutableBoundary | undefined;

  /** `base` is the cursor before this window; `resume` the pending window it continues, if any. */
  constructor(
    private readonly base: LookupCursor,
    readonly from: Boundary | undefined,
    readonly endTime: number,
    resume?: PendingWindow,
  ) {
    this.exclude = new Set([...(from?.ids ?? []), ...(resume?.to.ids ?? [])]);
    this.fixedTop = resume?.top;
    this.low = resume ? new MutableBoundary(resume.to.time, resume.to.ids) : undefined;
  }

  /** Continues a pending window, or opens the next one from `newest` (or `since` on a first fetch) to `endTime`. */
  static next(cursor: LookupCursor, endTime: number, since: number | undefined): WindowScan {
    const pending = cursor.pending;
    if (pending) return new WindowScan(cursor, pending.from, pending.to.time, pending);
    const from = cursor.newest ?? (since === undefined ? undefined : { time: since, ids: [] });
    return new WindowScan(cursor, from, endTime);
  }

  /** The events of a page not stored before, in page order; moves the window's top and low boundaries. */
  accept<T extends EventStamp>(events: readonly T[]): T[] {
    const fresh = events.filter((event) => !this.exclude.has(event.id));
    for (const event of fresh) {
      this.exclude.add(event.id);
      this.raiseTop(event);
      this.lowerLow(event);
    }
    return fresh;
  }

  /** The cursor that describes the cache once this page is stored; `done` when the page had no NextToken. */
  cursorAfterPage(done: boolean): LookupCursor {
    if (done) {
      const top = this.fixedTop ?? this.top?.freeze();
      const newest = top ? merged(top, this.from) : this.from;
      return newest ? { newest } : {};
    }
    const top = this.fixedTop ?? this.top?.freeze();
    if (!this.low || !top) return this.base;
    return { ...this.base, pending: { ...(this.from ? { from: this.from } : {}), to: this.low.freeze(), top } };
  }

  private raiseTop(event: EventStamp): void {
    if (this.fixedTop) return;
    if (!this.top || event.time > this.top.time) this.top = new MutableBoundary(event.time, [event.id]);
    else if (event.time === this.top.time) this.top.ids.push(event.id);
  }

  private lowerLow(event: EventStamp): void {
    if (!this.low || event.time < this.low.time) this.low = new MutableBoundary(event.time, [event.id]);
    else if (event.time === this.low.time) this.low.ids.push(event.id);
  }
}
