/**
 * Edges of the retry hints and the timers under them: hints that only look like a date or a
 * number, a wait that is an exact multiple of the longest timer, and signals that must not gather
 * listeners on the signal they follow.
 */
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { retryAfterMs } from "../../src/retry.js";
import { anySignal, followSignal, longTimeout, MAX_TIMER_MS } from "../../src/sleep.js";

const NOW = Date.parse("2026-11-21T10:00:00Z");
const FUTURE = "Sat, 21 Nov 2026 10:00:30 GMT"; // 30 s after NOW

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("retryAfterMs reads only whole, well-formed hints", () => {
  it.each<[string, { given: Record<string, string>; want: number | undefined }]>([
    ["an HTTP date 30 s ahead", { given: { "retry-after": FUTURE }, want: 30_000 }],
    ["text before the date", { given: { "retry-after": `x${FUTURE}` }, want: undefined }],
    ["a zone offset after GMT", { given: { "retry-after": `${FUTURE}-1200` }, want: undefined }],
    ["retry-after-ms padded with a no-break space (kept by Headers, trimmed here)", { given: { "retry-after-ms": "\u00a0250\u00a0" }, want: 250 }],
    ["Retry-After padded with a no-break space", { given: { "retry-after": "\u00a07\u00a0" }, want: 7_000 }],
  ])("%s", (_name, { given, want }) => {
    expect(retryAfterMs(new Headers(given), () => NOW)).toBe(want);
  });
});

describe("longTimeout at exact multiples of the longest timer", () => {
  it.each([2, 3])("%i × (2^31 − 1) ms fires exactly then", async (times) => {
    vi.useFakeTimers();
    const fired = vi.fn();
    longTimeout(fired, times * MAX_TIMER_MS);
    await vi.advanceTimersByTimeAsync(times * MAX_TIMER_MS - 1);
    expect(fired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });
});

describe("derived signals add no listener to the signal they follow", () => {
  it("anySignal over several signals (AbortSignal.any)", () => {
    const [a, b] = [new AbortController(), new AbortController()];
    const any = anySignal([a.signal, b.signal]);
    expect([getEventListeners(a.signal, "abort").length, getEventListeners(b.signal, "abort").length]).toEqual([0, 0]);
    b.abort("b");
    expect(any.reason).toBe("b");
  });

  it("followSignal", () => {
    const controller = new AbortController();
    followSignal(controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("without AbortSignal.any, the listeners on the others go once one aborted", () => {
    vi.stubGlobal("AbortSignal", Object.assign(function () {}, { any: undefined }));
    const [a, b, c] = [new AbortController(), new AbortController(), new AbortController()];
    const any = anySignal([a.signal, b.signal, c.signal]);
    expect(getEventListeners(c.signal, "abort")).toHaveLength(1);
    a.abort("first");
    expect(any.reason).toBe("first");
    expect([getEventListeners(b.signal, "abort").length, getEventListeners(c.signal, "abort").length]).toEqual([0, 0]);
  });
});
