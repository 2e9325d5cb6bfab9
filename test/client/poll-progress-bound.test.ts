/**
 * The promise of progress-based polling, checked over many tasks rather than a few: whatever the
 * shape of a task's (irregular, honest) progress curve, the end is detected within max(1 s, 10 % of
 * the task's duration), with far fewer requests than a fixed 500 ms poller. Virtual time; the
 * simulator's own lifecycle gives each answer.
 */
import { describe, expect, it } from "vitest";
import { progressOnlyWait as waitFor } from "../helpers/progress-wait.js";

describe("progress-only polling over many progress curves", () => {
  it.each([10_000, 60_000, 300_000])("%i ms tasks: every end detected within max(1 s, a tenth of the duration), at under a fifth of a 500 ms poller's requests", async (nominalMs) => {
    const results = [];
    // 60 tasks, each with its own curve (the curve is seeded by creation time and duration).
    for (let i = 0; i < 60; i++) {
      const durationMs = nominalMs + ((i * 997) % 1_000);
      results.push({ durationMs, ...(await waitFor(durationMs, Date.UTC(2026, 0, 1) + i * 7_919)) });
    }
    const late = results.filter((r) => r.delayMs > Math.max(1_000, r.durationMs / 10));
    expect(late).toEqual([]);
    const meanRequests = results.reduce((sum, r) => sum + r.requests, 0) / results.length;
    expect(meanRequests).toBeLessThan((nominalMs / 500) * 0.2);
  });
});
