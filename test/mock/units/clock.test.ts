/** The simulator's clocks: the manual one (virtual time, timers in order) and the system one (host timers, driven here by vitest's fake timers). */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createManualClock, MAX_TIMER_MS, systemClock } from "../../../src/simulator/index.js";

describe("createManualClock", () => {
  it("starts where told, at 0 by default, and moves only when told", () => {
    expect(createManualClock().now()).toBe(0);
    const clock = createManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.advance(250)).toBe(0);
    expect(clock.now()).toBe(1_250);
    expect(clock.set(2_000)).toBe(0);
    expect(clock.now()).toBe(2_000);
  });

  it.each([
    ["a timer due now runs when time moves by 0", { given: { delay: 0, advance: 0 }, want: { ran: 1, at: 100 } }],
    ["a timer runs exactly when due", { given: { delay: 50, advance: 50 }, want: { ran: 1, at: 150 } }],
    ["not a millisecond early", { given: { delay: 50, advance: 49 }, want: { ran: 0, at: undefined } }],
    ["a negative delay counts as 0", { given: { delay: -10, advance: 0 }, want: { ran: 1, at: 100 } }],
    ["an infinite delay waits 2^31 - 1 ms", { given: { delay: Infinity, advance: MAX_TIMER_MS }, want: { ran: 1, at: 100 + MAX_TIMER_MS } }],
    ["an infinite delay is not due before 2^31 - 1 ms", { given: { delay: Infinity, advance: MAX_TIMER_MS - 1 }, want: { ran: 0, at: undefined } }],
    ["NaN waits 2^31 - 1 ms too", { given: { delay: Number.NaN, advance: MAX_TIMER_MS - 1 }, want: { ran: 0, at: undefined } }],
  ])("%s", (_name, { given, want }) => {
    const clock = createManualClock(100);
    let at: number | undefined;
    clock.setTimeout(() => (at = clock.now()), given.delay);
    expect(clock.advance(given.advance)).toBe(want.ran);
    expect(at).toBe(want.at);
    expect(clock.pending()).toBe(1 - want.ran);
  });

  it("runs due timers in time order, ties in the order they were set, each seeing its own time", () => {
    const clock = createManualClock(0);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`c@${clock.now()}`), 30);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => seen.push(`b1@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push(`b2@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push("late"), 31);
    expect(clock.pending()).toBe(5);
    expect(clock.advance(30)).toBe(4);
    expect(seen).toEqual(["a@10", "b1@20", "b2@20", "c@30"]);
    expect(clock.now()).toBe(30);
    expect(clock.pending()).toBe(1);
  });

  it("a timer set by a running timer runs in the same advance when it falls due", () => {
    const clock = createManualClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(clock.now());
      clock.setTimeout(() => seen.push(clock.now()), 5);
    }, 10);
    expect(clock.advance(20)).toBe(2);
    expect(seen).toEqual([10, 15]);
  });

  it("a cleared timer never runs", () => {
    const clock = createManualClock(0);
    let ran = false;
    const handle = clock.setTimeout(() => (ran = true), 10);
    expect(handle.scheduledFor).toBe(10);
    clock.clearTimeout(handle);
    expect(clock.pending()).toBe(0);
    expect(clock.advance(100)).toBe(0);
    expect(ran).toBe(false);
  });

  it.each([
    ["backwards", { given: 50 }],
    ["NaN", { given: Number.NaN }],
  ])("set() does not move %s and runs nothing", (_name, { given }) => {
    const clock = createManualClock(100);
    let ran = false;
    clock.setTimeout(() => (ran = true), 0);
    expect(clock.set(given)).toBe(0);
    expect(clock.now()).toBe(100);
    expect(ran).toBe(false);
  });

  it("set() to the current time runs what is due now", () => {
    const clock = createManualClock(100);
    let ran = 0;
    clock.setTimeout(() => ran++, 0);
    expect(clock.set(100)).toBe(1);
    expect(ran).toBe(1);
  });
});

describe("systemClock", () => {
  afterEach(() => void vi.useRealTimers());

  it("is frozen and tells wall time", () => {
    vi.useFakeTimers({ now: 5_000 });
    expect(Object.isFrozen(systemClock)).toBe(true);
    expect(systemClock.now()).toBe(5_000);
  });

  it.each([
    ["a short wait fires when due, not before", { given: 1_000, want: 1_000 }],
    ["a negative wait fires at once", { given: -50, want: 0 }],
    ["a wait of exactly 2^31 - 1 ms fires then", { given: MAX_TIMER_MS, want: MAX_TIMER_MS }],
    ["a wait past 2^31 - 1 ms is chained to its full length", { given: MAX_TIMER_MS + 5_000, want: MAX_TIMER_MS + 5_000 }],
    ["an infinite wait is 2^31 - 1 ms", { given: Infinity, want: MAX_TIMER_MS }],
  ])("%s", (_name, { given, want }) => {
    vi.useFakeTimers({ now: 0 });
    let firedAt: number | undefined;
    const handle = systemClock.setTimeout(() => (firedAt = Date.now()), given);
    expect(handle.scheduledFor).toBe(want);
    if (want > 0) {
      vi.advanceTimersByTime(want - 1);
      expect(firedAt).toBeUndefined();
    }
    vi.advanceTimersByTime(1);
    expect(firedAt).toBe(want);
  });

  it("clearTimeout stops a wait, a chained one too", () => {
    vi.useFakeTimers({ now: 0 });
    let fired = 0;
    const short = systemClock.setTimeout(() => fired++, 10);
    const long = systemClock.setTimeout(() => fired++, MAX_TIMER_MS + 10);
    vi.advanceTimersByTime(MAX_TIMER_MS);
    systemClock.clearTimeout(short);
    systemClock.clearTimeout(long);
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(fired).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
