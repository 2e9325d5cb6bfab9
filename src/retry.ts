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
  /** Fraction of the backoff removed at random, so clients that failed together do not retry together. */
  jitter: number;
}

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  jitter: 0.25,
});

/** Statuses worth retrying: the request may succeed unchanged later. 409 and other 4xx never are. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Delay before retry number `retry` (1-based): the server's hint when it gives one (capped at
 * maxRetryAfterMs), otherwise min(initialDelayMs · 2^(retry-1), maxDelayMs) minus up to `jitter` of it.
 */
export function retryDelayMs(retry: number, headers: Headers | undefined, options: RetryOptions, random: () => number = Math.random): number {
  const hinted = headers ? retryAfterMs(headers) : undefined;
  if (hinted !== undefined) return Math.min(hinted, options.maxRetryAfterMs);
  const base = Math.min(options.initialDelayMs * 2 ** (retry - 1), options.maxDelayMs);
  return Math.round(base * (1 - options.jitter * random()));
}

/** `retry-after-ms`, else `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: () => number = Date.now): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}
