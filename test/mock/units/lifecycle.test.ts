/**
 * A simulated task's life as pure functions of the clock: phases, progress, events, prompt markers
 * and scenarios (the README's mock section: `[fail]`, `[cancel]`, `[duration=<ms>]` capped at a day,
 * `slow` ten times longer), with every boundary checked on both sides.
 */
import { describe, expect, it } from "vitest";
import { eventsUntil, lifecycleFor, progressCurve, snapshot, type Lifecycle } from "../../../src/simulator/lifecycle.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);
const timing = { queuedMs: 1_000, processingMs: 4_000 };

describe("lifecycleFor", () => {
  it.each([
    ["a plain prompt succeeds", { given: { prompt: "a harbour", scenario: undefined }, want: "succeeded" }],
    ["a prompt that is not a string succeeds", { given: { prompt: 42, scenario: undefined }, want: "succeeded" }],
    ["[fail] fails", { given: { prompt: "x [fail] y", scenario: undefined }, want: "failed" }],
    ["[cancel] cancels", { given: { prompt: "x [cancel]", scenario: undefined }, want: "cancelled" }],
    ["[fail] wins over [cancel]", { given: { prompt: "[cancel] [fail]", scenario: undefined }, want: "failed" }],
    ["the fail scenario fails a plain prompt", { given: { prompt: "a harbour", scenario: "fail" }, want: "failed" }],
    ["the cancel scenario cancels a plain prompt", { given: { prompt: "a harbour", scenario: "cancel" }, want: "cancelled" }],
    ["the fail scenario wins over [cancel]", { given: { prompt: "[cancel]", scenario: "fail" }, want: "failed" }],
    ["[fail] wins over the cancel scenario", { given: { prompt: "[fail]", scenario: "cancel" }, want: "failed" }],
    ["other scenarios keep the outcome", { given: { prompt: "a harbour", scenario: "slow" }, want: "succeeded" }],
    ["a marker without brackets is text", { given: { prompt: "fail cancel", scenario: "none" }, want: "succeeded" }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(lifecycleFor(given.prompt, timing, T0, given.scenario).outcome).toBe(want);
  });

  it.each([
    ["the configured timing without a marker", { given: { prompt: "a harbour", scenario: "none" }, want: { queuedMs: 1_000, processingMs: 4_000 } }],
    ["slow: ten times as long, queued ten times too", { given: { prompt: "a harbour", scenario: "slow" }, want: { queuedMs: 10_000, processingMs: 40_000 } }],
    ["[duration=60000]: the whole life is a minute, queued as configured", { given: { prompt: "[duration=60000]", scenario: "none" }, want: { queuedMs: 1_000, processingMs: 59_000 } }],
    ["[duration=2000]: queued at most a fifth of it", { given: { prompt: "[duration=2000]", scenario: "none" }, want: { queuedMs: 400, processingMs: 1_600 } }],
    ["[duration=0]: over at once", { given: { prompt: "[duration=0]", scenario: "none" }, want: { queuedMs: 0, processingMs: 0 } }],
    ["a marker past a day is capped at a day", { given: { prompt: `[duration=${DAY_MS + 1}]`, scenario: "none" }, want: { queuedMs: 1_000, processingMs: DAY_MS - 1_000 } }],
    ["a marker of exactly a day is kept", { given: { prompt: `[duration=${DAY_MS}]`, scenario: "none" }, want: { queuedMs: 1_000, processingMs: DAY_MS - 1_000 } }],
    ["a marker too long for a number is capped at a day", { given: { prompt: `[duration=${"9".repeat(400)}]`, scenario: "none" }, want: { queuedMs: 1_000, processingMs: DAY_MS - 1_000 } }],
    ["slow with a marker: the marker sets the length, the queue is slowed up to a fifth", { given: { prompt: "[duration=100000]", scenario: "slow" }, want: { queuedMs: 10_000, processingMs: 90_000 } }],
    ["a negative-looking marker is not a marker", { given: { prompt: "[duration=-5]", scenario: "none" }, want: { queuedMs: 1_000, processingMs: 4_000 } }],
  ] as const)("%s", (_name, { given, want }) => {
    const life = lifecycleFor(given.prompt, timing, T0, given.scenario);
    expect(life.timing).toEqual(want);
    expect(life.createdAt).toBe(T0);
  });

  it("without a scenario argument the prompt alone decides", () => {
    expect(lifecycleFor("a harbour", timing, T0)).toEqual({ createdAt: T0, timing, outcome: "succeeded" });
  });

  it("a slow timing longer than a day is capped at a day", () => {
    const life = lifecycleFor("a harbour", { queuedMs: 1_000, processingMs: DAY_MS }, T0, "slow");
    expect(life.timing.queuedMs + life.timing.processingMs).toBe(DAY_MS);
    expect(life.timing.queuedMs).toBe(10_000);
  });
});

describe("snapshot", () => {
  const life: Lifecycle = { createdAt: T0, timing, outcome: "succeeded" };
  const startsAt = T0 + 1_000;
  const endsAt = T0 + 5_000;

  it.each([
    ["at creation: queued, 0 %", { given: T0, want: { phase: "queued", progress: 0, endsAt } }],
    ["a millisecond before processing: still queued", { given: startsAt - 1, want: { phase: "queued", progress: 0, endsAt } }],
    ["when processing starts: processing, 0 %", { given: startsAt, want: { phase: "processing", progress: 0, endsAt } }],
    ["at the end: the outcome, 100 %", { given: endsAt, want: { phase: "succeeded", progress: 100, endsAt } }],
    ["long after: the outcome, 100 %", { given: endsAt + DAY_MS, want: { phase: "succeeded", progress: 100, endsAt } }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(snapshot(life, given)).toEqual(want);
  });

  it("a millisecond before the end: still processing, below 100 %, near the end", () => {
    const last = snapshot(life, endsAt - 1);
    expect(last.phase).toBe("processing");
    expect(last.progress).toBeLessThan(100);
    expect(last.progress).toBeGreaterThan(90);
  });

  it("ends with the lifecycle's outcome", () => {
    expect(snapshot({ ...life, outcome: "cancelled" }, endsAt).phase).toBe("cancelled");
    expect(snapshot({ ...life, outcome: "failed" }, endsAt).phase).toBe("failed");
  });

  it("progress while processing follows the curve, in whole percent, and never falls", () => {
    let last = 0;
    for (let at = startsAt; at < endsAt; at += 50) {
      const { progress } = snapshot(life, at);
      expect(progress).toBe(Math.floor(progressCurve(life, (at - startsAt) / timing.processingMs) * 100));
      expect(progress).toBeGreaterThanOrEqual(last);
      last = progress;
    }
    expect(last).toBeGreaterThan(90);
  });
});

describe("progressCurve", () => {
  const lives = Array.from({ length: 300 }, (_, i): Lifecycle => ({ createdAt: T0 + i * 7_919, timing: { queuedMs: 1_000, processingMs: 4_000 + (i % 13) * 1_000 }, outcome: "succeeded" }));
  /** Where the curve crosses the straight line inside (0, 1): 2k - 1 times for k periods. */
  const crossings = (life: Lifecycle) => {
    let count = 0;
    let previous = 0;
    for (let i = 1; i < 400; i++) {
      const x = i / 400;
      const side = Math.sign(progressCurve(life, x) - x);
      if (side !== 0 && previous !== 0 && side !== previous) count++;
      if (side !== 0) previous = side;
    }
    return count;
  };
  const deviation = (life: Lifecycle) => Math.max(...Array.from({ length: 801 }, (_, i) => Math.abs(progressCurve(life, i / 800) - i / 800)));

  it("starts at 0, ends at 1 and only rises, for every task", () => {
    const broken = lives.filter((life) => {
      const ys = Array.from({ length: 201 }, (_, i) => progressCurve(life, i / 200));
      return ys[0] !== 0 || Math.abs(ys[200]! - 1) > 1e-12 || ys.some((y, i) => i > 0 && y <= ys[i - 1]!);
    });
    expect(broken).toEqual([]);
  });

  it("is the same curve for the same task and differs between tasks", () => {
    expect(progressCurve(lives[0]!, 0.3)).toBe(progressCurve({ ...lives[0]! }, 0.3));
    const values = new Set(lives.map((life) => progressCurve(life, 0.3).toFixed(6)));
    expect(values.size).toBeGreaterThan(250);
  });

  it("speeds up and slows down 2 to 4 times, each count occurring", () => {
    const periods = new Set(lives.map((life) => (crossings(life) + 1) / 2));
    expect([...periods].sort()).toEqual([2, 3, 4]);
  });

  it("bends by less than the bound that keeps it rising, by both signs, and sometimes near the bound", () => {
    // |a| < 0.3 with a/(2πk) the largest deviation: up to 0.3/(2π·2) ≈ 0.0239.
    const bends = lives.map((life) => ({ size: deviation(life) * 2 * Math.PI * ((crossings(life) + 1) / 2), up: progressCurve(life, 0.5 / ((crossings(life) + 1) / 2) / 2) > 0.5 / ((crossings(life) + 1) / 2) / 2 }));
    expect(Math.max(...bends.map((b) => b.size))).toBeLessThanOrEqual(0.3);
    expect(Math.max(...bends.map((b) => b.size))).toBeGreaterThan(0.27);
    expect(Math.min(...bends.map((b) => b.size))).toBeLessThan(0.03);
    expect(new Set(bends.map((b) => b.up))).toEqual(new Set([true, false]));
  });
});

describe("eventsUntil", () => {
  const life: Lifecycle = { createdAt: T0, timing, outcome: "failed" };
  const all = [
    { at: T0, type: "queued", phase: "queued", progress: 0 },
    { at: T0 + 1_000, type: "processing", phase: "processing", progress: 0 },
    { at: T0 + 2_000, type: "progress", phase: "processing", progress: 25 },
    { at: T0 + 3_000, type: "progress", phase: "processing", progress: 50 },
    { at: T0 + 4_000, type: "progress", phase: "processing", progress: 75 },
    { at: T0 + 5_000, type: "failed", phase: "failed", progress: 100 },
  ];

  it.each([
    ["before creation: none", { given: T0 - 1, want: 0 }],
    ["at creation: queued", { given: T0, want: 1 }],
    ["a millisecond before processing", { given: T0 + 999, want: 1 }],
    ["processing starts", { given: T0 + 1_000, want: 2 }],
    ["25 % reached", { given: T0 + 2_000, want: 3 }],
    ["just before 50 %", { given: T0 + 2_999, want: 3 }],
    ["75 % reached", { given: T0 + 4_000, want: 5 }],
    ["just before the end", { given: T0 + 4_999, want: 5 }],
    ["the end", { given: T0 + 5_000, want: 6 }],
    ["long after", { given: T0 + DAY_MS, want: 6 }],
  ])("%s", (_name, { given, want }) => {
    expect(eventsUntil(life, given)).toEqual(all.slice(0, want));
  });
});
