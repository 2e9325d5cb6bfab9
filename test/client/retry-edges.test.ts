import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_OPTIONS, RETRYABLE_STATUSES, retryAfterMs, retryDelayMs, type RetryOptions } from "../../src/retry.js";

const NOW = Date.UTC(2026, 10, 22, 4, 0, 0);
const options = (overrides: Partial<RetryOptions> = {}): RetryOptions => ({ ...DEFAULT_RETRY_OPTIONS, ...overrides });

describe("retryAfterMs: a server hint is read exactly, or ignored", () => {
  it.each([
    ["retry-after-ms with spaces around it", { given: { "retry-after-ms": " 1500 " }, want: 1500 }],
    ["retry-after-ms with a fraction", { given: { "retry-after-ms": "1.5" }, want: 1.5 }],
    ["retry-after-ms of 0", { given: { "retry-after-ms": "0" }, want: 0 }],
    ["retry-after-ms of 16 digits", { given: { "retry-after-ms": "1234567890123456" }, want: 1234567890123456 }],
    ["retry-after-ms of 17 digits falls back to Retry-After", { given: { "retry-after-ms": "12345678901234567", "retry-after": "3" }, want: 3000 }],
    ["retry-after-ms with text after the number falls back", { given: { "retry-after-ms": "5ms", "retry-after": "2" }, want: 2000 }],
    ["retry-after-ms with text before the number falls back", { given: { "retry-after-ms": "x5", "retry-after": "2" }, want: 2000 }],
    ["retry-after-ms with seven decimals falls back", { given: { "retry-after-ms": "1.1234567", "retry-after": "2" }, want: 2000 }],
    ["an empty retry-after-ms falls back", { given: { "retry-after-ms": "", "retry-after": "2" }, want: 2000 }],
    ["Retry-After with spaces around it", { given: { "retry-after": " 4 " }, want: 4000 }],
    ["Retry-After with a fraction", { given: { "retry-after": "2.5" }, want: 2500 }],
    ["Retry-After of 0", { given: { "retry-after": "0" }, want: 0 }],
    ["Retry-After of only spaces", { given: { "retry-after": "   " }, want: undefined }],
    ["Retry-After longer than 64 characters", { given: { "retry-after": `1${" ".repeat(70)}` }, want: 1000 }],
    ["Retry-After of 65 digits", { given: { "retry-after": "1".repeat(65) }, want: undefined }],
    ["Retry-After negative", { given: { "retry-after": "-3" }, want: undefined }],
    ["Retry-After with a unit", { given: { "retry-after": "3s" }, want: undefined }],
    ["Retry-After with text before it", { given: { "retry-after": "in 3" }, want: undefined }],
    ["an HTTP date in the future", { given: { "retry-after": new Date(NOW + 9_000).toUTCString() }, want: 9_000 }],
    ["an HTTP date right now", { given: { "retry-after": new Date(NOW).toUTCString() }, want: undefined }],
    ["an HTTP date with text after it", { given: { "retry-after": `${new Date(NOW + 9_000).toUTCString()} please` }, want: undefined }],
    ["an ISO date", { given: { "retry-after": new Date(NOW + 9_000).toISOString() }, want: undefined }],
    ["a date-shaped text that is no date", { given: { "retry-after": "Abc, 99 Xyz 2026 99:99:99 GMT" }, want: undefined }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(retryAfterMs(new Headers(given), () => NOW)).toBe(want);
  });
});

describe("retryDelayMs", () => {
  it.each([
    ["a hint of 0 is raised to the floor (minDelayMs)", { given: { retry: 1, headers: { "retry-after": "0" }, options: options() }, want: 100 }],
    ["the floor is initialDelayMs when that is smaller", { given: { retry: 1, headers: { "retry-after": "0" }, options: options({ initialDelayMs: 40 }) }, want: 40 }],
    ["the floor is at least 1 ms", { given: { retry: 1, headers: { "retry-after": "0" }, options: options({ initialDelayMs: 0, minDelayMs: 0 }) }, want: 1 }],
    ["the floor applies to backoff too", { given: { retry: 1, headers: undefined, options: options({ initialDelayMs: 200, minDelayMs: 150, jitter: 1 }), random: 0.9 }, want: 150 }],
    ["a missing minDelayMs means the default floor", { given: { retry: 1, headers: { "retry-after": "0" }, options: { ...options(), minDelayMs: undefined as never } }, want: 100 }],
    ["a hint below the cap is obeyed", { given: { retry: 1, headers: { "retry-after-ms": "59999" }, options: options() }, want: 59_999 }],
    ["a hint at the cap", { given: { retry: 1, headers: { "retry-after-ms": "60000" }, options: options() }, want: 60_000 }],
    ["a hint with no headers object: backoff", { given: { retry: 3, headers: undefined, options: options(), random: 0 }, want: 2_000 }],
    ["a very late retry stays at the cap (no overflow)", { given: { retry: 5000, headers: undefined, options: options(), random: 0 }, want: 8_000 }],
    ["jitter is rounded to whole milliseconds", { given: { retry: 1, headers: undefined, options: options({ initialDelayMs: 333, jitter: 0.5 }), random: 0.5 }, want: 250 }],
  ] as const)("%s", (_name, { given, want }) => {
    const random = "random" in given ? () => given.random : () => 0;
    expect(retryDelayMs(given.retry, given.headers ? new Headers(given.headers) : undefined, given.options, random)).toBe(want);
  });

  it("defaults: 2 retries from 500 ms doubling to 8 s, hints capped at 60 s, floor 100 ms, a quarter of jitter; frozen", () => {
    expect(DEFAULT_RETRY_OPTIONS).toEqual({ maxRetries: 2, initialDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000, minDelayMs: 100, jitter: 0.25 });
    expect(Object.isFrozen(DEFAULT_RETRY_OPTIONS)).toBe(true);
  });

  it("retries only statuses that may succeed unchanged", () => {
    expect([...RETRYABLE_STATUSES].sort()).toEqual([408, 429, 500, 502, 503, 504]);
  });
});
