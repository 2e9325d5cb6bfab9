import { afterEach, describe, expect, it, vi } from "vitest";
import { anySignal, followSignal, longTimeout, MAX_TIMER_MS, sleep } from "../../src/sleep.js";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("longTimeout edges", () => {
  const table: [string, { given: number; firesAfter: number }][] = [
    ["NaN fires now", { given: Number.NaN, firesAfter: 0 }],
    ["a negative delay fires now", { given: -5, firesAfter: 0 }],
    ["past the timer limit waits the whole delay", { given: MAX_TIMER_MS + 10, firesAfter: MAX_TIMER_MS + 10 }],
  ];
  it.each(table)("%s", (_name, { given, firesAfter }) => {
    vi.useFakeTimers();
    const fired = vi.fn();
    longTimeout(fired, given);
    if (firesAfter > 0) {
      vi.advanceTimersByTime(firesAfter - 1);
      expect(fired).not.toHaveBeenCalled();
    }
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it("Infinity never fires and cancel of a chained wait stops it", () => {
    vi.useFakeTimers();
    const never = vi.fn();
    longTimeout(never, Infinity)();
    const chained = vi.fn();
    const cancel = longTimeout(chained, MAX_TIMER_MS * 2);
    vi.advanceTimersByTime(MAX_TIMER_MS + 1);
    cancel();
    vi.advanceTimersByTime(MAX_TIMER_MS * 2);
    expect(never).not.toHaveBeenCalled();
    expect(chained).not.toHaveBeenCalled();
  });
});

describe("signals without AbortSignal.any", () => {
  it("anySignal aborts with the first source's reason, and at once for an already aborted one", () => {
    vi.stubGlobal("AbortSignal", Object.assign(function () {}, { prototype: AbortSignal.prototype }));
    const a = new AbortController();
    const b = new AbortController();
    const joined = anySignal([a.signal, undefined, b.signal]);
    expect(joined.aborted).toBe(false);
    b.abort("b first");
    a.abort("a later");
    expect(joined.reason).toBe("b first");
    const gone = new AbortController();
    gone.abort("gone");
    expect(anySignal([gone.signal, a.signal]).reason).toBe("gone");
    expect(followSignal(a.signal)).toBe(a.signal);
    expect(followSignal(undefined)).toBeUndefined();
  });

  it("sleep rejects with the abort reason", async () => {
    const c = new AbortController();
    const waiting = sleep(1_000_000, c.signal);
    c.abort("stop");
    await expect(waiting).rejects.toBe("stop");
  });
});
