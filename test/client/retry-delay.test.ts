import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_OPTIONS, retryAfterMs, retryDelayMs } from "../../src/retry.js";

const headers = (entries: Record<string, string>) => new Headers(entries);
const NOW = Date.parse("2026-11-21T10:00:00Z");

describe("retryDelayMs", () => {
  it.each([
    ["retry 1, no jitter", { retry: 1, random: 0, want: 500 }],
    ["retry 2, no jitter", { retry: 2, random: 0, want: 1_000 }],
    ["retry 4, no jitter", { retry: 4, random: 0, want: 4_000 }],
    ["retry 5 reaches the 8 s cap", { retry: 5, random: 0, want: 8_000 }],
    ["retry 9 stays at the cap", { retry: 9, random: 0, want: 8_000 }],
    ["full jitter removes a quarter", { retry: 1, random: 1, want: 375 }],
    ["half jitter", { retry: 3, random: 0.5, want: 1_750 }],
  ])("%s", (_name, { retry, random, want }) => {
    expect(retryDelayMs(retry, undefined, DEFAULT_RETRY_OPTIONS, () => random)).toBe(want);
  });

  it.each([
    ["Retry-After seconds", { given: { "retry-after": "7" }, want: 7_000 }],
    ["retry-after-ms wins over Retry-After", { given: { "retry-after-ms": "250", "retry-after": "7" }, want: 250 }],
    ["a hint above 60 s is capped at 60 s", { given: { "retry-after": "3600" }, want: 60_000 }],
    ["a huge retry-after-ms is capped too", { given: { "retry-after-ms": "90000" }, want: 60_000 }],
    ["an unreadable hint falls back to backoff", { given: { "retry-after": "soon" }, want: 500 }],
  ])("%s", (_name, { given, want }) => {
    expect(retryDelayMs(1, headers(given), DEFAULT_RETRY_OPTIONS, () => 0)).toBe(want);
  });
});

describe("retryAfterMs", () => {
  it.each([
    ["seconds", { given: { "retry-after": "30" }, want: 30_000 }],
    ["an HTTP date", { given: { "retry-after": new Date(NOW + 12_000).toUTCString() }, want: 12_000 }],
    ["a date in the past is ignored", { given: { "retry-after": new Date(NOW - 5_000).toUTCString() }, want: undefined }],
    ["absent", { given: {}, want: undefined }],
    ["negative milliseconds are ignored", { given: { "retry-after-ms": "-5" }, want: undefined }],
  ])("%s", (_name, { given, want }) => {
    expect(retryAfterMs(headers(given as Record<string, string>), () => NOW)).toBe(want);
  });
});
