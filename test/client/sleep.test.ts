import { afterEach, describe, expect, it, vi } from "vitest";
import { anySignal, followSignal, longTimeout, MAX_TIMER_MS, sleep } from "../../src/sleep.js";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("longTimeout", () => {
  it("fires after ms", async () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    longTimeout(fired, 100);
    await vi.advanceTimersByTimeAsync(99);
    expect(fired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it("past 2^31−1 ms it waits the whole time (chained), not fire at once", async () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    longTimeout(fired, MAX_TIMER_MS + 10);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(fired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(9);
    expect(fired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["a negative delay", -5],
    ["NaN", Number.NaN],
    ["zero", 0],
  ])("%s: fires at once", async (_name, ms) => {
    vi.useFakeTimers();
    const fired = vi.fn();
    longTimeout(fired, ms);
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it("Infinity never fires and arms no timer", async () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const cancel = longTimeout(fired, Infinity);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS * 3);
    expect(fired).not.toHaveBeenCalled();
    cancel();
  });

  it("cancelled, never fires, also while chained", async () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    longTimeout(fired, 50)();
    const cancelLong = longTimeout(fired, MAX_TIMER_MS + 10);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    cancelLong();
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(fired).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("sleep", () => {
  it("resolves after ms and leaves no listener on the signal", async () => {
    vi.useFakeTimers();
    const signal = new AbortController().signal;
    const removed = vi.spyOn(signal, "removeEventListener");
    const added = vi.spyOn(signal, "addEventListener");
    const done = vi.fn();
    void sleep(100, signal).then(done);
    await vi.advanceTimersByTimeAsync(99);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalledTimes(1);
    expect(added).toHaveBeenCalledWith("abort", expect.any(Function), { once: true });
    expect(removed).toHaveBeenCalledWith("abort", added.mock.calls[0]![1]);
  });

  it("resolves without a signal", async () => {
    vi.useFakeTimers();
    const done = vi.fn();
    void sleep(10).then(done);
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toHaveBeenCalled();
  });

  it("rejects at once with the reason of an already aborted signal, arming no timer", async () => {
    vi.useFakeTimers();
    const reason = new Error("stop");
    await expect(sleep(1000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the reason the moment the signal aborts, and its timer is gone", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = sleep(1000, controller.signal);
    const reason = new Error("cancelled");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("followSignal and anySignal", () => {
  it("followSignal: none for none; its own signal that follows", () => {
    expect(followSignal(undefined)).toBeUndefined();
    const controller = new AbortController();
    const followed = followSignal(controller.signal)!;
    expect(followed).not.toBe(controller.signal);
    controller.abort("why");
    expect([followed.aborted, followed.reason]).toEqual([true, "why"]);
  });

  it("followSignal without AbortSignal.any: the signal itself", () => {
    vi.stubGlobal("AbortSignal", Object.assign(function () {}, { any: undefined }));
    const controller = new AbortController();
    expect(followSignal(controller.signal)).toBe(controller.signal);
  });

  it("anySignal: one signal is used as is, undefined ones are skipped", () => {
    const controller = new AbortController();
    expect(anySignal([undefined, controller.signal, undefined])).toBe(controller.signal);
  });

  it.each([
    ["with AbortSignal.any", false],
    ["without it (the fallback)", true],
  ])("anySignal %s: aborts with the first reason", (_name, withoutAny) => {
    if (withoutAny) vi.stubGlobal("AbortSignal", Object.assign(function () {}, { any: undefined }));
    const [a, b] = [new AbortController(), new AbortController()];
    const any = anySignal([a.signal, b.signal]);
    expect(any.aborted).toBe(false);
    b.abort("second");
    a.abort("first");
    expect([any.aborted, any.reason]).toEqual([true, "second"]);
  });

  it("anySignal without AbortSignal.any: an already aborted one aborts it at once", () => {
    vi.stubGlobal("AbortSignal", Object.assign(function () {}, { any: undefined }));
    const [a, b] = [new AbortController(), new AbortController()];
    b.abort("early");
    const any = anySignal([a.signal, b.signal]);
    expect([any.aborted, any.reason]).toEqual([true, "early"]);
  });

  it("anySignal without AbortSignal.any: no listener left once it aborted", () => {
    vi.stubGlobal("AbortSignal", Object.assign(function () {}, { any: undefined }));
    const [a, b] = [new AbortController(), new AbortController()];
    const any = anySignal([a.signal, b.signal]);
    a.abort("first");
    b.abort("second");
    expect(any.reason).toBe("first");
  });
});
