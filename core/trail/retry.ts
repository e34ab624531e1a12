import { sleep } from './rateLimiter';

/** Why a failed request may succeed when tried again. */
export type RetryReason = 'throttle' | 'server' | 'network';

/** Bounded exponential backoff with full jitter (delay drawn uniformly from 0 to min(cap, base * 2^n)). */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly capMs: number;
  readonly random: () => number;
}

/** Defaults suited to LookupEvents: five attempts, 250 ms base, 8 s cap. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 250, capMs: 8000, random: Math.random };

const THROTTLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
]);

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** Classifies an SDK or socket error as retryable (and why), or undefined when retrying cannot help. */
export function retryReason(error: unknown): RetryReason | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as ErrorShape;
  const status = e.$metadata?.httpStatusCode;
  if (typeof e.name === 'string' && THROTTLE_NAMES.has(e.name)) return 'throttle';
  if (status === 429) return 'throttle';
  if (status !== undefined && status >= 500) return 'server';
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return 'network';
  if (e.name === 'TimeoutError') return 'network';
  // A socket closed mid-response surfaces as a bare Error from the body stream, without a code.
  if (typeof e.message === 'string' && /socket hang up|aborted|premature close|ECONNRESET/i.test(e.message)) {
    return 'network';
  }
  return undefined;
}

/** The wait before retry number `retry` (1-based). */
export function backoffDelay(retry: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (retry - 1));
  return policy.random() * ceiling;
}

/** Options of {@link withRetries}. */
export interface RetryOptions {
  readonly policy: RetryPolicy;
  readonly signal?: AbortSignal;
  /** Called before each retry, so callers can count throttles and retries. */
  readonly onRetry?: (reason: RetryReason, error: unknown) => void;
}

/** Runs `attempt` until it succeeds, fails for good, runs out of attempts, or the signal aborts. */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      options.signal?.throwIfAborted();
      const reason = retryReason(error);
      if (reason === undefined || tried >= options.policy.maxAttempts) throw error;
      options.onRetry?.(reason, error);
      await sleep(backoffDelay(tried, options.policy), options.signal);
    }
  }
}
