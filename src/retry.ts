/** When and how long to wait before retrying a request. */

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Backoff before the first retry; doubles each retry. */
  initialDelayMs: number;
  /** Cap of the exponential backoff. */
  maxDelayMs: number;
  /** Cap on a server's Retry-After / retry-after-ms hint. */
  maxRetryAfterMs: number;
  /**
   * Floor of every delay, server hints included (a `Retry-After: 0` storm cannot make a tight
   * loop). The floor applied is min(minDelayMs, initialDelayMs), and at least 1 ms.
   */
  minDelayMs: number;
  /** Fraction of the backoff removed at random, so clients that failed together do not retry together. */
  jitter: number;
}

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  minDelayMs: 100,
  jitter: 0.25,
});

/** Statuses worth retrying: the request may succeed unchanged later. 409 and other 4xx never are. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Delay before retry number `retry` (1-based): the server's hint when it gives a usable one
 * (capped at maxRetryAfterMs), otherwise min(initialDelayMs · 2^(retry-1), maxDelayMs) minus up
 * to `jitter` of it; never below the floor (see minDelayMs).
 */
export function retryDelayMs(retry: number, headers: Headers | undefined, options: RetryOptions, random: () => number = Math.random): number {
  const floor = Math.max(1, Math.min(options.minDelayMs ?? DEFAULT_RETRY_OPTIONS.minDelayMs, options.initialDelayMs));
  const hinted = headers ? retryAfterMs(headers) : undefined;
  if (hinted !== undefined) return Math.max(floor, Math.min(hinted, options.maxRetryAfterMs));
  const base = Math.min(options.initialDelayMs * 2 ** Math.min(retry - 1, 60), options.maxDelayMs);
  return Math.max(floor, Math.round(base * (1 - options.jitter * random())));
}

// Up to 16 digits (below 2^53): a huge hint is read, then capped by the caller, not ignored.
const SECONDS = /^\d{1,16}(\.\d{1,6})?$/;

/**
 * `retry-after-ms`, else `Retry-After` as seconds or an HTTP date. Undefined when absent,
 * malformed, negative, zero-length or in the past: such a hint is ignored, not obeyed.
 */
export function retryAfterMs(headers: Headers, now: () => number = Date.now): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms !== undefined && SECONDS.test(ms)) return Number(ms);
  const value = headers.get("retry-after")?.trim();
  // Stryker disable next-line StringLiteral: an empty value also matches neither pattern below, so both ways it is ignored
  if (value === undefined || value === "" || value.length > 64) return undefined;
  if (SECONDS.test(value)) return Number(value) * 1000;
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) return undefined;
  const delta = Date.parse(value) - now();
  return Number.isFinite(delta) && delta > 0 ? delta : undefined;
}
