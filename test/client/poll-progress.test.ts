/** Polls placed from progress and server estimates; with no signal the plain schedule stays. */
import { describe, expect, it } from "vitest";
import { createProgressTracker, type ProgressSignal } from "../../src/poll-estimate.js";
import { poll, type Clock } from "../../src/poll.js";
import { createManualClock, createSimulator } from "../../src/simulator/index.js";
import { progressCurve } from "../../src/simulator/lifecycle.js";

describe("createProgressTracker", () => {
  it.each<[string, { given: [ProgressSignal, number][]; want: (number | undefined)[] }]>([
    ["no progress, no estimate: no suggestion", { given: [[{}, 1_000], [{}, 2_000]], want: [undefined, undefined] }],
    ["one progress answer: nothing to time yet", { given: [[{ progress: 0 }, 1_000]], want: [undefined] }],
    // 0 → 2 in 1 s is under the 5-point minimum: look again after the time watched so far.
    ["progress moving too little: waits as long as it watched", { given: [[{ progress: 0 }, 1_000], [{ progress: 2 }, 2_000]], want: [undefined, 1_000] }],
    // 20 (±1) points in 2 s, the rate to come within ±30 %: the end is 79 / (21/2000 × 1.3) ≈ 5.8 s away at
    // the earliest, 80 / (19/2000 × 0.7) ≈ 12 s at the latest; too wide for one poll, so one lag (1 s) after the earliest.
    ["an uncertain end: one lag after the earliest end", { given: [[{ progress: 0 }, 1_000], [{ progress: 20 }, 3_000]], want: [undefined, 79 / ((21 / 2_000) * 1.3) + 1_000] }],
    // 5 points in 1 s: earliest 94 / (6/1000 × 1.3) ≈ 12.1 s; the lag grows with it: 10 % of (2 s + 12.1 s).
    ["an early rate far from the end: the lag is 10 % of the shortest duration", { given: [[{ progress: 0 }, 1_000], [{ progress: 5 }, 2_000]], want: [undefined, 94 / ((6 / 1_000) * 1.3) + 0.1 * (2_000 + 94 / ((6 / 1_000) * 1.3))] }],
    // 90 points in 9 s: earliest 9 / (91/9000 × 1.3) ≈ 0.68 s, latest 10 / (89/9000 × 0.7) ≈ 1.44 s, within a lag: poll at the latest.
    ["a narrow window near the end: at the latest end", { given: [[{ progress: 0 }, 1_000], [{ progress: 90 }, 10_000]], want: [undefined, 10 / ((89 / 9_000) * 0.7)] }],
    ["a server estimate is used as given", { given: [[{ remainingMs: 4_000 }, 1_000]], want: [4_000] }],
    ["a negative or non-finite estimate is ignored", { given: [[{ remainingMs: -5 }, 1_000], [{ remainingMs: Number.NaN }, 2_000]], want: [undefined, undefined] }],
    ["progress out of range is ignored", { given: [[{ progress: 150 }, 1_000], [{ progress: -1 }, 2_000]], want: [undefined, undefined] }],
  ])("%s", (_name, { given, want }) => {
    const tracker = createProgressTracker();
    expect(given.map(([signal, at]) => tracker.suggest(signal, at))).toEqual(want);
  });
});

describe("poll with a progress signal", () => {
  const run = async (answers: { done: boolean; progress?: number; retryAfterMs?: number }[], withSignal: boolean) => {
    const virtual = createManualClock(0);
    const sleeps: number[] = [];
    const clock: Clock = { now: virtual.now, sleep: async (ms) => void (sleeps.push(ms), virtual.advance(ms)) };
    let i = 0;
    await poll({
      fetchOnce: async () => {
        const a = answers[Math.min(i++, answers.length - 1)]!;
        return { value: a, retryAfterMs: a.retryAfterMs };
      },
      isDone: (a) => a.done,
      fingerprint: (a) => String(a.progress),
      onDeadline: () => new Error("deadline"),
      clock,
      ...(withSignal ? { progressSignal: (a: { progress?: number }) => ({ progress: a.progress }) } : {}),
    });
    return sleeps;
  };

  it("without any signal, the plain schedule (1 s while young)", async () => {
    expect(await run([{ done: false }, { done: false }, { done: true }], true)).toEqual([1_000, 1_000]);
  });

  it("a Retry-After still wins over progress", async () => {
    expect(await run([{ done: false, progress: 0 }, { done: false, progress: 50, retryAfterMs: 700 }, { done: true }], true)).toEqual([1_000, 700]);
  });

  it("progress rising 20 points a second: the next poll is placed from the rate, not on the plain schedule", async () => {
    const sleeps = await run([{ done: false, progress: 0 }, { done: false, progress: 20 }, { done: true, progress: 100 }], true);
    expect(sleeps[0]).toBe(1_000);
    // 79 points at up to 21 × 1.3 a second end 2.9 s away at the earliest: polled a lag (1 s) after that.
    expect(sleeps[1]).toBeCloseTo(79 / (21 * 1.3) * 1_000 + 1_000, 6);
  });
});

describe("the simulator's progress curve", () => {
  const lives = Array.from({ length: 40 }, (_, i) => ({ createdAt: Date.UTC(2026, 0, 1) + i * 7_919, timing: { queuedMs: 1_000, processingMs: 9_000 + i * 131 }, outcome: "succeeded" as const }));

  it("is honest: starts at 0, ends at 1, never falls", () => {
    for (const life of lives) {
      expect(progressCurve(life, 0)).toBeCloseTo(0, 12);
      expect(progressCurve(life, 1)).toBeCloseTo(1, 12);
      for (let x = 0; x < 1; x += 0.01) expect(progressCurve(life, x + 0.01)).toBeGreaterThan(progressCurve(life, x));
    }
  });

  it("is not a straight line, and not the same curve for every task", () => {
    const offLine = lives.map((life) => Math.max(...Array.from({ length: 99 }, (_, i) => Math.abs(progressCurve(life, (i + 1) / 100) - (i + 1) / 100))));
    expect(offLine.filter((d) => d > 0.004).length).toBeGreaterThan(lives.length / 2);
    expect(new Set(lives.map((life) => progressCurve(life, 0.3).toFixed(4))).size).toBeGreaterThan(10);
  });

  it("is what the simulator reports", async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const simulator = createSimulator({ clock, timing: { queuedMs: 1_000, processingMs: 9_000 } });
    const created = (await (await simulator.handle(new Request("http://mock/api/v1/tasks", { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } }) }))).json()) as { task_id: string };
    clock.advance(1_000 + 3_000);
    const task = (await (await simulator.handle(new Request(`http://mock/api/v1/tasks/${created.task_id}`, { headers: { authorization: "Bearer k" } }))).json()) as { progress: number };
    const life = { createdAt: Date.UTC(2026, 0, 1), timing: { queuedMs: 1_000, processingMs: 9_000 }, outcome: "succeeded" as const };
    expect(task.progress).toBe(Math.floor(progressCurve(life, 3_000 / 9_000) * 100));
  });
});
