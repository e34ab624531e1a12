import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

/** AWS's documented LookupEvents quota: two requests per second, per account, per Region. */
export const LOOKUP_EVENTS_PER_SECOND = 2;

/** Waits `ms` milliseconds, rejecting with the signal's reason when it is aborted first. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(Math.max(0, ms), undefined, signal ? { signal } : undefined);
}

/** Ends a request's hold on the limiter; call it once the response (or the error) has come back. */
export type Release = () => void;

class Permit {
  releasedAt: number | undefined;
  readonly done: Promise<void>;
  private resolve: () => void = () => undefined;

  constructor() {
    this.done = new Promise((resolve) => (this.resolve = resolve));
  }

  release(at: number): void {
    if (this.releasedAt !== undefined) return;
    this.releasedAt = at;
    this.resolve();
  }
}

/**
 * Keeps any one-second window at the server under `perSecond` requests, whatever the network latency.
 *
 * A server counts a request when it arrives, which is some time after we send it and before its response comes back.
 * So the request sent `perSecond` places after another may start only a full second after that other one has
 * finished: then their arrivals are at least a second apart, however long either spent on the wire. (Spacing sends
 * evenly is not enough: a slow first request, such as one that opens a TLS connection, arrives late and crowds the
 * next ones.) Requests are granted in the order they ask.
 */
export class RateLimiter {
  private readonly recent: Permit[] = [];
  private releasedFloor = -Infinity;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly perWindow: number,
    private readonly windowMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Resolves when the caller may send one request; the caller must call the returned release when it finishes. */
  acquire(signal?: AbortSignal): Promise<Release> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<Release> {
    signal?.throwIfAborted();
    while (this.recent.length >= this.perWindow) {
      const oldest = this.recent[0] as Permit;
      await untilAborted(oldest.done, signal);
      this.releasedFloor = Math.max(this.releasedFloor, oldest.releasedAt ?? this.now());
      await sleep(this.releasedFloor + this.windowMs - this.now(), signal);
      this.recent.shift();
    }
    const permit = new Permit();
    this.recent.push(permit);
    return () => permit.release(this.now());
  }
}

async function untilAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  signal.throwIfAborted();
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** One limiter per account and Region, shared by every fetch that uses this registry. */
export class RateLimiters {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly perSecond: number = LOOKUP_EVENTS_PER_SECOND) {}

  /** The limiter of one account in one Region. */
  for(account: string, region: string): RateLimiter {
    const key = `${account}/${region}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter(this.perSecond);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
