/**
 * The one polling loop and the task wait built on it, on virtual time: schedule inputs that are no
 * durations fall back, the overall deadline is kept both on the clock and by its own timer (a
 * fetch that hangs), an abort ends it with APIUserAbortError, and no timer outlives a wait.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { APIUserAbortError, MindVideoError, WaitTimeoutError } from "../../src/index.js";
import { DEFAULT_POLL_OPTIONS, nextPollDelay, poll, waitForTask, type PollObservation } from "../../src/poll.js";
import { virtualClock } from "../helpers/virtual-clock.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("nextPollDelay with options that are no durations", () => {
  const { pollIntervalMs: MIN, maxPollIntervalMs: MAX } = DEFAULT_POLL_OPTIONS;
  it.each([
    ["a negative shortest delay falls back", { given: { elapsed: 0, options: { pollIntervalMs: -5 } }, want: MIN }],
    ["a numeric string falls back", { given: { elapsed: 0, options: { pollIntervalMs: "5000" } }, want: MIN }],
    ["NaN falls back", { given: { elapsed: 0, options: { pollIntervalMs: Number.NaN } }, want: MIN }],
    ["0 is a usable shortest delay", { given: { elapsed: 5_000, options: { pollIntervalMs: 0 } }, want: 5_000 * DEFAULT_POLL_OPTIONS.elapsedFraction }],
    ["a negative longest delay falls back", { given: { elapsed: 10_000_000, options: { maxPollIntervalMs: -1 } }, want: MAX }],
    ["a longest delay of 0 is raised to the shortest", { given: { elapsed: 10_000_000, options: { maxPollIntervalMs: 0 } }, want: MIN }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(nextPollDelay(given.elapsed, undefined, given.options as never)).toBe(want);
  });
});

/** A poll over scripted answers on a virtual clock that starts far from 0 (time is measured from the start). */
function scripted<T>(answers: T[], start = 1_000_000) {
  const clock = virtualClock(start);
  let fetches = 0;
  const fetchOnce = async (): Promise<PollObservation<T>> => ({ value: answers[Math.min(fetches++, answers.length - 1)]! });
  return { clock, fetchOnce, fetches: () => fetches };
}

describe("poll", () => {
  const base = { isDone: (v: { done: boolean }) => v.done, fingerprint: (v: { done: boolean }) => String(v.done), onDeadline: () => new Error("deadline") };

  it("measures elapsed time from its start, not from the clock's zero", async () => {
    const s = scripted([{ done: false }, { done: false }, { done: false }, { done: true }]);
    await poll({ ...base, fetchOnce: s.fetchOnce, clock: s.clock });
    expect(s.clock.slept).toEqual([1_000, 1_000, 1_000]);
  });

  it.each([
    ["negative", -1],
    ["NaN", Number.NaN],
    ["a string", "100"],
  ])("refuses a %s timeoutMs before polling", async (_name, timeoutMs) => {
    const s = scripted([{ done: true }]);
    const error = await poll({ ...base, fetchOnce: s.fetchOnce, clock: s.clock, timeoutMs: timeoutMs as number }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MindVideoError);
    expect((error as Error).message).toBe(`wait: timeoutMs must be a number ≥ 0 or Infinity (got ${String(timeoutMs)})`);
    expect(s.fetches()).toBe(0);
  });

  it.each([
    ["0", 0],
    ["Infinity", Infinity],
  ])("accepts a timeoutMs of %s", async (_name, timeoutMs) => {
    const s = scripted([{ done: true }]);
    expect(await poll({ ...base, fetchOnce: s.fetchOnce, clock: s.clock, timeoutMs })).toEqual({ done: true });
  });

  it("makes no poll that would land on the deadline: it sleeps to the deadline and ends", async () => {
    const s = scripted([{ done: false }, { done: true }]);
    const error = await poll({ ...base, fetchOnce: s.fetchOnce, clock: s.clock, timeoutMs: DEFAULT_POLL_OPTIONS.pollIntervalMs }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("deadline");
    expect(s.fetches()).toBe(1);
    expect(s.clock.slept).toEqual([DEFAULT_POLL_OPTIONS.pollIntervalMs]);
  });

  it("polls once more when the deadline is a moment after the next poll", async () => {
    const s = scripted([{ done: false }, { done: true }]);
    expect(await poll({ ...base, fetchOnce: s.fetchOnce, clock: s.clock, timeoutMs: DEFAULT_POLL_OPTIONS.pollIntervalMs + 1 })).toEqual({ done: true });
    expect(s.fetches()).toBe(2);
  });

  it("ends a fetch that hangs at the deadline by its own timer, and leaves no timer behind", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const clock = virtualClock(5_000_000);
    let seenSignal: AbortSignal | undefined;
    const hanging = (signal: AbortSignal) =>
      new Promise<PollObservation<{ done: boolean }>>((_resolve, reject) => {
        seenSignal = signal;
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    const waiting = waitForTask("task_1", new Set(["done"]), ({ signal }) => hanging(signal) as never, { timeoutMs: 50, clock }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(49);
    expect(seenSignal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await waiting;
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ taskId: "task_1", lastStatus: undefined, timeoutMs: 50 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("clears its deadline timer when the wait ends early", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const s = scripted([{ done: false }, { done: true }]);
    await poll({ ...base, fetchOnce: s.fetchOnce, clock: s.clock, timeoutMs: 60_000 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("ends in APIUserAbortError carrying the caller's reason when its signal aborts", async () => {
    const controller = new AbortController();
    const reason = new Error("user left");
    const clock = virtualClock();
    const sleepy = { ...clock, sleep: async (ms: number, signal?: AbortSignal) => (controller.abort(reason), clock.sleep(ms, signal)) };
    const s = scripted([{ done: false }]);
    const error = await poll({ ...base, fetchOnce: s.fetchOnce, clock: sleepy, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toBe("Waiting was aborted");
    expect((error as Error).cause).toBe(reason);
  });
});

describe("waitForTask", () => {
  type T = { status: string; progress?: number };
  const run = async (answers: T[], options: { remainingMs?: (t: T) => number | undefined; requestTimeoutMs?: number; maxRetries?: number; timeoutMs?: number } = {}) => {
    const clock = virtualClock(7_000_000);
    const calls: unknown[] = [];
    let i = 0;
    const result = await waitForTask<T>(
      "task_1",
      new Set(["succeeded"]),
      async (fetchOptions) => (calls.push(fetchOptions), { value: answers[Math.min(i++, answers.length - 1)]! }),
      { clock, requestTimeoutMs: options.requestTimeoutMs, maxRetries: options.maxRetries, timeoutMs: options.timeoutMs },
      undefined,
      options.remainingMs,
    ).catch((e: unknown) => e);
    return { result, slept: clock.slept, calls };
  };
  // Progress rising 20 points per poll: a rate the tracker can time (when it is allowed to).
  const rising = (status: string) => [0, 20, 40, 60].map((progress) => ({ status, progress }));
  const plain = [1_000, 1_000, 1_000];

  it("times the progress of a running task (polls are not the plain schedule)", async () => {
    const { slept } = await run([...rising("processing"), { status: "succeeded" }]);
    expect(slept).toHaveLength(4);
    expect(slept.slice(0, 3)).not.toEqual(plain);
  });

  it.each(["queued", "upscaling"])("does not time the progress of a %s task", async (status) => {
    const { slept } = await run([...rising(status), { status: "succeeded" }]);
    expect(slept.slice(0, 3)).toEqual(plain);
  });

  it("uses the server's estimate of the time left", async () => {
    const { slept } = await run([{ status: "queued" }, { status: "succeeded" }], { remainingMs: () => 4_000 });
    expect(slept).toEqual([4_000]);
  });

  it("hands each poll the per-request timeout, the retries and the wait's signal", async () => {
    const { calls } = await run([{ status: "succeeded" }], { requestTimeoutMs: 1_234, maxRetries: 2 });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ timeoutMs: 1_234, maxRetries: 2 });
    expect((calls[0] as { signal: unknown }).signal).toBeInstanceOf(AbortSignal);
  });

  it("ends in WaitTimeoutError naming the task, its last status and the timeout", async () => {
    const { result } = await run([{ status: "processing" }], { timeoutMs: 2_500 });
    expect(result).toBeInstanceOf(WaitTimeoutError);
    expect(result).toMatchObject({ taskId: "task_1", lastStatus: "processing", timeoutMs: 2_500 });
  });
});
