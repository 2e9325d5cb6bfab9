/**
 * maxConcurrentRequests: a client never has more calls in flight than its cap; the rest wait in
 * order, holding nothing; the timeout covers a call's time on the wire, not its wait for a turn; a
 * signal that aborts while the call waits ends it at once, and nothing is sent for it.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { MindVideo } from "../../src/index.js";
import { APIUserAbortError, MindVideoError } from "../../src/errors.js";
import { DEFAULT_CLIENT_OPTIONS } from "../../src/config.js";
import { RequestSlots } from "../../src/request-slots.js";

const TASK = '{"task_id":"task_1","status":"processing","progress":40}';

/** A fetch whose answers the test releases one by one; counts what is in flight. */
function heldFetch() {
  const pending: (() => void)[] = [];
  const state = { inFlight: 0, maxInFlight: 0, sent: 0 };
  const fetch = (request: Request) =>
    new Promise<Response>((resolve, reject) => {
      state.sent++;
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
      pending.push(() => {
        state.inFlight--;
        resolve(new Response(TASK, { status: 200, headers: { "content-type": "application/json" } }));
      });
    });
  return { fetch, pending, state };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
};

afterEach(() => vi.useRealTimers());

describe("RequestSlots", () => {
  it("hands slots out in arrival order, and a released slot goes to the longest waiter", async () => {
    const slots = new RequestSlots(1);
    const order: number[] = [];
    expect(slots.tryAcquire()).toBe(true);
    const waits = [1, 2, 3].map((n) => slots.acquire().then(() => order.push(n)));
    expect(slots.waiting).toBe(3);
    for (let i = 0; i < 3; i++) {
      slots.release();
      await flush();
    }
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
    expect(slots.inUse).toBe(1);
    slots.release();
    expect(slots.inUse).toBe(0);
  });

  it("a waiter whose signal aborts leaves the queue at once and takes no slot", async () => {
    const slots = new RequestSlots(1);
    slots.tryAcquire();
    const controller = new AbortController();
    const reason = new Error("stop");
    const aborted = slots.acquire(controller.signal);
    const next = slots.acquire();
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    expect(slots.waiting).toBe(1);
    slots.release();
    await next;
    expect(slots.inUse).toBe(1);
    expect(slots.waiting).toBe(0);
  });

  it("an already aborted signal is refused without queueing; a free slot is not taken past a waiter", async () => {
    const slots = new RequestSlots(1);
    slots.tryAcquire();
    await expect(slots.acquire(AbortSignal.abort(new Error("gone")))).rejects.toThrow("gone");
    expect(slots.waiting).toBe(0);
    const queued = slots.acquire();
    expect(slots.tryAcquire()).toBe(false);
    slots.release();
    await queued;
  });
});

describe("RequestSlots edges", () => {
  it("a free slot is taken at once by acquire() too", async () => {
    const slots = new RequestSlots(1);
    await slots.acquire();
    expect([slots.inUse, slots.waiting]).toEqual([1, 0]);
  });

  it("a waiter that aborts from the middle of the queue leaves the others in their order", async () => {
    const slots = new RequestSlots(1);
    slots.tryAcquire();
    const order: string[] = [];
    const middle = new AbortController();
    const first = slots.acquire().then(() => order.push("first"));
    const second = slots.acquire(middle.signal).catch(() => order.push("second aborted"));
    const third = slots.acquire().then(() => order.push("third"));
    middle.abort(new Error("gone"));
    await second;
    expect(slots.waiting).toBe(2);
    slots.release();
    await first;
    slots.release();
    await third;
    expect(order).toEqual(["second aborted", "first", "third"]);
    expect([slots.inUse, slots.waiting]).toEqual([1, 0]);
  });

  it("a granted waiter's signal aborting later changes nothing", async () => {
    const slots = new RequestSlots(1);
    slots.tryAcquire();
    const controller = new AbortController();
    const granted = slots.acquire(controller.signal);
    slots.release();
    await granted;
    controller.abort(new Error("too late"));
    await Promise.resolve();
    expect([slots.inUse, slots.waiting]).toEqual([1, 0]);
  });
});

describe("maxConcurrentRequests", () => {
  it("has a documented default", () => {
    expect(DEFAULT_CLIENT_OPTIONS.maxConcurrentRequests).toBe(64);
  });

  it("never has more calls in flight than the cap; every call completes", async () => {
    const held = heldFetch();
    const mv = new MindVideo({ apiKey: "mv_test", baseUrl: "http://api.test", fetch: held.fetch, maxConcurrentRequests: 3 });
    const calls = Array.from({ length: 10 }, () => mv.tasks.get("task_1"));
    for (let done = 0; done < 10; done++) {
      await flush();
      expect(held.state.inFlight).toBeLessThanOrEqual(3);
      held.pending.shift()!();
    }
    expect((await Promise.all(calls)).map((t) => t.status)).toEqual(Array(10).fill("processing"));
    expect(held.state.maxInFlight).toBe(3);
  });

  it("the timeout covers the time on the wire, not the wait for a turn", async () => {
    vi.useFakeTimers();
    // Each answer takes 400 ms; the timeout is 500 ms; the third call waits 800 ms for its turn.
    const fetch = (request: Request) =>
      new Promise<Response>((resolve, reject) => {
        const timer = setTimeout(() => resolve(new Response(TASK, { status: 200, headers: { "content-type": "application/json" } })), 400);
        request.signal.addEventListener("abort", () => (clearTimeout(timer), reject(request.signal.reason)), { once: true });
      });
    const mv = new MindVideo({ apiKey: "mv_test", baseUrl: "http://api.test", fetch, maxConcurrentRequests: 1, timeoutMs: 500, maxRetries: 0 });
    const calls = Promise.allSettled([1, 2, 3].map(() => mv.tasks.get("task_1")));
    await vi.advanceTimersByTimeAsync(1_300);
    expect((await calls).map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
  });

  it("a call aborted while it waits for its turn ends at once, and nothing is sent for it", async () => {
    const held = heldFetch();
    const mv = new MindVideo({ apiKey: "mv_test", baseUrl: "http://api.test", fetch: held.fetch, maxConcurrentRequests: 1 });
    const first = mv.tasks.get("task_1");
    const controller = new AbortController();
    const second = mv.tasks.get("task_1", { signal: controller.signal });
    await flush();
    controller.abort(new Error("user gave up"));
    await expect(second).rejects.toBeInstanceOf(APIUserAbortError);
    expect(held.state.sent).toBe(1);
    held.pending.shift()!();
    await first;
    // The slot came back: the next call is sent at once.
    const third = mv.tasks.get("task_1");
    await flush();
    expect(held.state.sent).toBe(2);
    held.pending.shift()!();
    await third;
  });

  it.each<[string, { given: number; want: RegExp | undefined }]>([
    ["zero", { given: 0, want: /maxConcurrentRequests must be a whole number ≥ 1, or Infinity/ }],
    ["a fraction", { given: 1.5, want: /maxConcurrentRequests must be a whole number ≥ 1/ }],
    ["negative", { given: -4, want: /maxConcurrentRequests/ }],
    ["NaN", { given: Number.NaN, want: /maxConcurrentRequests/ }],
    ["Infinity (no cap)", { given: Infinity, want: undefined }],
    ["one", { given: 1, want: undefined }],
  ])("the option %s", (_name, { given, want }) => {
    const make = () => new MindVideo({ apiKey: "mv_test", baseUrl: "http://api.test", maxConcurrentRequests: given });
    if (want) expect(make).toThrow(MindVideoError), expect(make).toThrow(want);
    else expect(make).not.toThrow();
  });
});

describe("a caller's fetch that ignores its signal", () => {
  /** Never answers the first request and never listens to its signal; answers every later one. */
  function deafFetch() {
    let calls = 0;
    const fetch = (_request: Request) => (++calls === 1 ? new Promise<Response>(() => {}) : Promise.resolve(new Response(TASK, { status: 200, headers: { "content-type": "application/json" } })));
    return { fetch, calls: () => calls };
  }

  it("still times out, and its request slot goes to the next call", async () => {
    vi.useFakeTimers();
    const deaf = deafFetch();
    const client = new MindVideo({ apiKey: "mv_test", baseUrl: "http://api.test", fetch: deaf.fetch, maxConcurrentRequests: 1, maxRetries: 0, timeoutMs: 100 });
    const first = client.tasks.get("task_1").then(
      () => "answered",
      (error: unknown) => (error as Error).constructor.name,
    );
    const second = client.tasks.get("task_1");
    await vi.advanceTimersByTimeAsync(150);
    expect(await first).toBe("APITimeoutError");
    await expect(second).resolves.toMatchObject({ task_id: "task_1" });
    expect(deaf.calls()).toBe(2);
  });

  it("a call waiting for a slot has its options checked at once", async () => {
    const deaf = deafFetch();
    const client = new MindVideo({ apiKey: "mv_test", baseUrl: "http://api.test", fetch: deaf.fetch, maxConcurrentRequests: 1, maxRetries: 0, timeoutMs: 60_000 });
    void client.tasks.get("task_1").catch(() => {});
    await flush();
    await expect(client.tasks.get("task_1", { timeoutMs: Number.NaN })).rejects.toThrow(/timeoutMs/);
  });
});
