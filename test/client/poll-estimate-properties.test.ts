/**
 * Properties of the progress tracker that hold whatever its tuning: which readings it trusts, that
 * a server's estimate wins, that a rate is timed from the first reading of the current run, and that
 * a suggestion lands near the predicted end (not the exact constants, which may be tuned).
 */
import { describe, expect, it } from "vitest";
import { createProgressTracker, type ProgressSignal } from "../../src/poll-estimate.js";

const suggestAll = (given: [ProgressSignal, number][]) => {
  const tracker = createProgressTracker();
  return given.map(([signal, at]) => tracker.suggest(signal, at));
};

describe("readings the tracker does not time", () => {
  it.each<[string, [ProgressSignal, number][]]>([
    ["progress 100 (done, or about to be) gives no rate", [[{ progress: 0 }, 1_000], [{ progress: 100 }, 2_000]]],
    ["a negative reading is no starting point", [[{ progress: -50 }, 1_000], [{ progress: 0 }, 2_000]]],
    ["an infinite reading is no starting point", [[{ progress: Number.NEGATIVE_INFINITY }, 1_000], [{ progress: 0 }, 2_000]]],
    ["a reading that is a string is no reading", [[{ progress: "0" as never }, 1_000], [{ progress: "50" as never }, 2_000]]],
    ["a later answer without progress", [[{ progress: 0 }, 1_000], [{}, 2_000]]],
    ["two readings at the same moment give no rate", [[{ progress: 0 }, 1_000], [{ progress: 20 }, 1_000]]],
    ["an infinite server estimate", [[{ remainingMs: Number.POSITIVE_INFINITY }, 1_000]]],
    ["a server estimate that is a string", [[{ remainingMs: "4000" as never }, 1_000]]],
  ])("%s", (_name, given) => {
    expect(suggestAll(given).at(-1)).toBeUndefined();
  });
});

describe("a server's estimate", () => {
  it("of 0 means: look now (no later than a second)", () => {
    const [suggestion] = suggestAll([[{ remainingMs: 0 }, 1_000]]);
    expect(suggestion).toBeDefined();
    expect(suggestion!).toBeLessThan(1_000);
  });

  it("wins over the rate progress shows", () => {
    // 50 points a second would say one second is left; the server says four.
    const [, suggestion] = suggestAll([[{ progress: 0 }, 1_000], [{ progress: 50, remainingMs: 4_000 }, 2_000]]);
    expect(suggestion).toBe(4_000);
  });
});

describe("timing progress", () => {
  /** The time left the rate between two readings predicts. */
  const predicted = (p0: number, t0: number, p1: number, t1: number) => ((100 - p1) * (t1 - t0)) / (p1 - p0);
  const near = (suggestion: number | undefined, end: number) => {
    expect(suggestion).toBeDefined();
    expect(suggestion!).toBeGreaterThanOrEqual((2 * end) / 3);
    expect(suggestion!).toBeLessThanOrEqual(1.5 * end);
  };

  it("times the rise from a first reading above 0", () => {
    near(suggestAll([[{ progress: 10 }, 1_000], [{ progress: 30 }, 2_000]])[1], predicted(10, 1_000, 30, 2_000));
  });

  it("a small rise from a first reading above 0 is still too little to time: it looks again soon", () => {
    const [, suggestion] = suggestAll([[{ progress: 10 }, 1_000], [{ progress: 12 }, 2_000]]);
    expect(suggestion).toBeDefined();
    expect(suggestion!).toBeLessThanOrEqual(2_000);
  });

  it("a stalled reading does not restart the clock", () => {
    const [, , suggestion] = suggestAll([[{ progress: 0 }, 1_000], [{ progress: 0 }, 2_000], [{ progress: 20 }, 3_000]]);
    near(suggestion, predicted(0, 1_000, 20, 3_000));
  });

  it("a falling reading (the task started over) restarts the clock", () => {
    const [, , suggestion] = suggestAll([[{ progress: 50 }, 1_000], [{ progress: 10 }, 2_000], [{ progress: 30 }, 3_000]]);
    near(suggestion, predicted(10, 2_000, 30, 3_000));
  });

  it("later suggestions shrink as the end nears", () => {
    const suggestions = suggestAll([[{ progress: 0 }, 1_000], [{ progress: 10 }, 2_000], [{ progress: 40 }, 5_000], [{ progress: 80 }, 9_000]]);
    const defined = suggestions.slice(1) as number[];
    expect(defined.every((s) => typeof s === "number")).toBe(true);
    for (let i = 1; i < defined.length; i++) expect(defined[i]!).toBeLessThan(defined[i - 1]!);
  });
});
