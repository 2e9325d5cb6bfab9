/** The mock's shared clock: sleeps for the clients, timers for the simulator, and advance() that lets woken code run. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createManualMockClock, createSystemMockClock } from "../../../src/mock/clock.js";

describe("createManualMockClock", () => {
  it.each([
    ["negative", -1],
    ["NaN", Number.NaN],
    ["Infinity", Infinity],
  ])("advance() refuses %s", async (_name, ms) => {
    const clock = createManualMockClock(0);
    await expect(clock.advance(ms)).rejects.toThrow(new RangeError(`advance(ms): ms must be a finite number ≥ 0 (got ${ms})`));
  });

  it("advance(0) runs what is due now", async () => {
    const clock = createManualMockClock(10);
    let ran = false;
    clock.setTimeout(() => (ran = true), 0);
    await clock.advance(0);
    expect(ran).toBe(true);
    expect(clock.now()).toBe(10);
  });

  it("a sleep ends when virtual time reaches it, not before; the next step scheduled by woken code runs in the same advance", async () => {
    const clock = createManualMockClock(0);
    const woke: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(100);
        woke.push(clock.now());
      }
    })();
    await clock.advance(99);
    expect(woke).toEqual([]);
    await clock.advance(201);
    expect(woke).toEqual([100, 200, 300]);
    expect(clock.now()).toBe(300);
  });

  it("work tracked by the clock finishes before advance() goes on", async () => {
    const clock = createManualMockClock(0);
    const order: string[] = [];
    let release!: () => void;
    const work = new Promise<void>((resolve) => (release = resolve)).then(() => order.push("work"));
    expect(clock.track(work)).toBe(work);
    clock.setTimeout(() => order.push("timer"), 10);
    const advancing = clock.advance(10).then(() => order.push("advanced"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    await advancing;
    expect(order).toEqual(["work", "timer", "advanced"]);
  });

  it("clearTimeout cancels a timer", async () => {
    const clock = createManualMockClock(0);
    let ran = false;
    const handle = clock.setTimeout(() => (ran = true), 10);
    clock.clearTimeout(handle);
    await clock.advance(100);
    expect(ran).toBe(false);
  });

  it("an aborted sleep rejects with the reason, and so does an already aborted signal", async () => {
    const clock = createManualMockClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    await expect(clock.sleep(10, controller.signal)).rejects.toBe(reason);
    let after = false;
    clock.setTimeout(() => (after = true), 2_000);
    await clock.advance(2_000);
    expect(after).toBe(true);
  });

  it("a sleep that ended is not cut by a later abort", async () => {
    const clock = createManualMockClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(10, controller.signal);
    await clock.advance(10);
    controller.abort(new Error("late"));
    await expect(sleeping).resolves.toBeUndefined();
  });
});

describe("createSystemMockClock", () => {
  afterEach(() => void vi.useRealTimers());

  it("is frozen, not manual, and sleeps on wall time", async () => {
    vi.useFakeTimers({ now: 0 });
    const clock = createSystemMockClock();
    expect(Object.isFrozen(clock)).toBe(true);
    expect(clock.manual).toBe(false);
    let done = false;
    void clock.sleep(500).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(clock.now()).toBe(500);
  });

  it("an aborted wall-time sleep rejects and leaves no timer", async () => {
    vi.useFakeTimers({ now: 0 });
    const clock = createSystemMockClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(500, controller.signal);
    controller.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
    expect(vi.getTimerCount()).toBe(0);
  });
});
