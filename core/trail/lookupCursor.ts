/**
 * Where a Region's LookupEvents history stands in the cache, and how one fetch window moves it forward.
 *
 * LookupEvents returns the newest events first, so a window [from, to] is stored from its top down. A fetch that
 * stops part-way (cancelled, failed) has stored the top of the window but not its bottom; the cursor records that
 * as `pending`, and the next fetch first fills exactly the missing part, then asks for what is newer than `newest`.
 * Times are epoch milliseconds; `ids` are the EventIds already stored at that exact time, skipped when the next
 * request's inclusive StartTime/EndTime returns them again.
 *
 * CloudTrail delivers events up to ~15 minutes late, with their original (older) time: a fetch that started strictly
 * after `newest` would never see them. So a new window starts {@link LATE_EVENT_OVERLAP_MS} before `newest`, and the
 * cursor keeps the EventIds stored in that overlap (`recent`) so that re-reading it stores only the late arrivals.
 */

/** How far before the newest stored event a fetch starts again, to pick up events CloudTrail delivered late. */
export const LATE_EVENT_OVERLAP_MS = 20 * 60_000;

/** At most this many EventIds are kept for the overlap; a busier overlap is shortened to its newest events. */
export const RECENT_EVENTS_LIMIT = 5_000;

/** A time and the events already stored at that time. */
export interface Boundary {
  readonly time: number;
  readonly ids: readonly string[];
}

/** Events stored at or after `from`: every one of them has its stamp in `events`. */
export interface RecentEvents {
  readonly from: number;
  readonly events: readonly EventStamp[];
}

/** A window interrupted part-way: events newer than `to` (and those in `to.ids`) up to `top` are stored. */
export interface PendingWindow {
  readonly from?: Boundary;
  readonly to: Boundary;
  readonly top: Boundary;
  /** The window's StartTime (before `from` by the overlap); absent in caches written before the overlap existed. */
  readonly start?: number;
  /** The events of this window stored so far that may fall in the next overlap. */
  readonly recent?: RecentEvents;
}

/** The per-account-per-Region fetch position, stored by the cache with each page. */
export interface LookupCursor {
  /** Every event up to and including this boundary is stored (late arrivals aside, which the overlap catches). */
  readonly newest?: Boundary;
  readonly pending?: PendingWindow;
  /** The events stored in the overlap before `newest`; absent in caches written before the overlap existed. */
  readonly recent?: RecentEvents;
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

/** The later boundary; at the same time, one boundary with the ids of both. */
function later(a: Boundary | undefined, b: Boundary | undefined): Boundary | undefined {
  if (!a || !b) return a ?? b;
  if (a.time === b.time) return { time: a.time, ids: [...new Set([...b.ids, ...a.ids])] };
  return a.time > b.time ? a : b;
}

/** Where a window after `newest` starts: the overlap before it, as far back as `recent` knows the stored events. */
function overlapStart(cursor: LookupCursor, newest: Boundary): number {
  const known = cursor.recent?.from ?? newest.time;
  return Math.min(newest.time, Math.max(newest.time - LATE_EVENT_OVERLAP_MS, known));
}

/** The stored events a cursor knows near `newest` (just the ids at `newest` in a cursor from before the overlap). */
function recentOf(cursor: LookupCursor): RecentEvents {
  if (cursor.recent) return cursor.recent;
  const newest = cursor.newest;
  return newest ? { from: newest.time, events: newest.ids.map((id) => ({ id, time: newest.time })) } : { from: 0, events: [] };
}

/** EventIds by time, complete from `from` on; bounded by time (the overlap) and by count. */
class RecentSet {
  private readonly times = new Map<string, number>();

  constructor(
    private from: number,
    events: readonly EventStamp[] = [],
  ) {
    for (const e of events) this.times.set(e.id, e.time);
  }

  has(id: string): boolean {
    return this.times.has(id);
  }

  add(event: EventStamp): void {
    if (event.time >= this.from) this.times.set(event.id, event.time);
  }

  /** Adds another set's events; the union is complete only from the later of the two starts. */
  merge(other: RecentEvents): void {
    this.from = Math.max(this.from, other.from);
    for (const e of other.events) this.add(e);
  }

  /** Forgets events before `cutoff`, then the oldest seconds beyond the count limit. */
  freeze(cutoff: number): RecentEvents {
    this.from = Math.max(this.from, cutoff);
    let events = [...this.times].map(([id, time]) => ({ id, time })).filter((e) => e.time >= this.from);
    events.sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : 1));
    const firstDropped = events[RECENT_EVENTS_LIMIT];
    if (firstDropped) {
      // Whole seconds go, so that "complete from `from` on" stays true.
      this.from = firstDropped.time + 1000;
      events = events.filter((e) => e.time >= this.from);
    }
    for (const [id, time] of this.times) if (time < this.from) this.times.delete(id);
    return { from: this.from, events };
  }
}

/** Tracks one window [start, end] page by page: which events are new, and the cursor to store after each page. */
export class WindowScan {
  private readonly exclude: Set<string>;
  private readonly fixedTop: Boundary | undefined;
  private top: MutableBoundary | undefined;
  private low: MutableBoundary | undefined;
  /** The events this window stored (those of an interrupted part included), for the next overlap. */
  private readonly stored: RecentSet;

  /**
   * `base` is the cursor before this window; `from` the boundary the window continues from (newest stored, or
   * `since`); `startTime` the request's StartTime (the overlap before `from`); `resume` the pending window it
   * continues, if any.
   */
  constructor(
    private readonly base: LookupCursor,
    readonly from: Boundary | undefined,
    readonly startTime: number | undefined,
    readonly endTime: number,
    resume?: PendingWindow,
  ) {
    const known = [...recentOf(base).events, ...(resume?.recent?.events ?? [])].map((e) => e.id);
    this.exclude = new Set([...(from?.ids ?? []), ...(resume?.to.ids ?? []), ...known]);
    this.fixedTop = resume?.top;
    this.low = resume ? new MutableBoundary(resume.to.time, resume.to.ids) : undefined;
    // A window interrupted by an older version stored its top part without keeping the ids: nothing of it is known.
    const storedFrom = resume ? (resume.recent?.from ?? resume.top.time + 1000) : 0;
    this.stored = new RecentSet(storedFrom, resume?.recent?.events ?? []);
  }

  /** Continues a pending window, or opens the next one from `newest` less the overlap (or `since` on a first fetch). */
  static next(cursor: LookupCursor, endTime: number, since: number | undefined): WindowScan {
    const pending = cursor.pending;
    if (pending) return new WindowScan(cursor, pending.from, pending.start ?? pending.from?.time, pending.to.time, pending);
    if (cursor.newest) return new WindowScan(cursor, cursor.newest, overlapStart(cursor, cursor.newest), endTime);
    const from = since === undefined ? undefined : { time: since, ids: [] };
    return new WindowScan(cursor, from, since, endTime);
  }

  /** The events of a page not stored before, in page order; moves the window's top and low boundaries. */
  accept<T extends EventStamp>(events: readonly T[]): T[] {
    const fresh = events.filter((event) => !this.exclude.has(event.id));
    for (const event of fresh) {
      this.exclude.add(event.id);
      this.raiseTop(event);
      this.lowerLow(event);
      this.stored.add(event);
    }
    return fresh;
  }

  /** The cursor that describes the cache once this page is stored; `done` when the page had no NextToken. */
  cursorAfterPage(done: boolean): LookupCursor {
    const top = this.fixedTop ?? this.top?.freeze();
    if (done) {
      // A late event is older than `from`: the newest boundary never moves back.
      const newest = later(top, this.from);
      if (!newest) return {};
      const recent = new RecentSet(recentOf(this.base).from, recentOf(this.base).events);
      recent.merge(this.stored.freeze(0));
      return { newest, recent: recent.freeze(newest.time - LATE_EVENT_OVERLAP_MS) };
    }
    if (!this.low || !top) return this.base;
    const pending: PendingWindow = {
      ...(this.from ? { from: this.from } : {}),
      to: this.low.freeze(),
      top,
      ...(this.startTime !== undefined ? { start: this.startTime } : {}),
      recent: this.stored.freeze(top.time - LATE_EVENT_OVERLAP_MS),
    };
    return { ...this.base, pending };
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
