/**
 * 5. Polling: requests per task and the delay between completion and detection, for wait() and for
 * fixed intervals, against the task simulator. Time is virtual (an injected clock), so 300 s tasks
 * take milliseconds and the figures are exact, while the requests are real HTTP to the simulator.
 */
import { serveWeb } from "../scripts/lib/serve-web.js";
import { createManualClock, createSimulator } from "../src/simulator/index.js";
import { MindVideo } from "../src/index.js";
import type { Clock } from "../src/poll.js";
import { round } from "./lib.js";

interface Strategy {
  name: string;
  hints: boolean;
  schedule: { pollIntervalMs?: number; maxPollIntervalMs?: number };
}

const STRATEGIES: Strategy[] = [
  { name: "wait(), server sends Retry-After", hints: true, schedule: {} },
  { name: "wait(), no server hint", hints: false, schedule: {} },
  { name: "fixed 500 ms", hints: false, schedule: { pollIntervalMs: 500, maxPollIntervalMs: 500 } },
  { name: "fixed 5 s", hints: false, schedule: { pollIntervalMs: 5_000, maxPollIntervalMs: 5_000 } },
];

async function measure(strategy: Strategy, durationMs: number) {
  const virtual = createManualClock(Date.UTC(2026, 0, 1));
  const clock: Clock = { now: virtual.now, sleep: async (ms) => void virtual.advance(ms) };
  const simulator = createSimulator({ clock: virtual, timing: { queuedMs: 1_000, processingMs: 4_000 }, pollHints: strategy.hints });
  let gets = 0;
  const server = await serveWeb((request) => {
    if (request.method === "GET") gets++;
    return simulator.handle(request);
  }, 0);
  try {
    const mv = new MindVideo({ apiKey: "bench", baseUrl: server.url });
    const task = await mv.tasks.run({ model: "doubao-seedance-2-0-fast", input: { prompt: `bench [duration=${durationMs}]` } }, { ...strategy.schedule, clock });
    const completedAt = simulator.tasks().find((t) => t.id === task.task_id)!.endsAt;
    return { requests: gets, detectionDelayMs: virtual.now() - completedAt };
  } finally {
    await server.stop();
  }
}

/** Durations a little off the nominal ones, so fixed intervals are not flattered by landing exactly on the end. */
const OFFSETS_MS = [0, 130, 370, 620, 880];

async function measureAveraged(strategy: Strategy, durationMs: number, offsets: number[]) {
  const runs = [];
  for (const offset of offsets) runs.push(await measure(strategy, durationMs + offset));
  return {
    requests: round(runs.reduce((sum, r) => sum + r.requests, 0) / runs.length, 1),
    detectionDelayMs: Math.round(Math.max(...runs.map((r) => r.detectionDelayMs))),
  };
}

export async function polling(quick: boolean) {
  const durations = quick ? [10_000] : [10_000, 60_000, 300_000];
  const offsets = quick ? OFFSETS_MS.slice(0, 2) : OFFSETS_MS;
  const rows = [];
  for (const durationMs of durations) {
    const results = Object.fromEntries(await Promise.all(STRATEGIES.map(async (s) => [s.name, await measureAveraged(s, durationMs, offsets)] as const)));
    const fixed = results["fixed 500 ms"]!;
    const delayTarget = Math.max(1_000, durationMs / 10);
    rows.push({
      taskSeconds: durationMs / 1000,
      detectionTargetMs: delayTarget,
      strategies: Object.fromEntries(
        Object.entries(results).map(([name, r]) => [name, { ...r, requestRatioVsFixed500: round(r.requests / fixed.requests, 3), meetsTarget: r.requests < fixed.requests / 10 && r.detectionDelayMs <= delayTarget }]),
      ),
    });
  }
  return { rows, offsetsMs: offsets, target: "under 1/10 of fixed-500 ms requests (mean), worst detection delay ≤ max(1 s, 10 % of the task's duration)" };
}
