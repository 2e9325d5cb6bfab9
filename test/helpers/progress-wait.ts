/**
 * One progress-only wait in virtual time: poll() against the simulator's own lifecycle for a task of
 * `durationMs` created at `createdAt` (its curve is seeded by both). Shared by the progress-polling
 * test and the polling bench, so both judge the same loop.
 */
import { poll, type Clock } from "../../src/poll.js";
import { lifecycleFor, snapshot } from "../../src/simulator/lifecycle.js";

export async function progressOnlyWait(durationMs: number, createdAt: number): Promise<{ requests: number; delayMs: number }> {
  let now = createdAt;
  const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  const life = lifecycleFor(`[duration=${durationMs}]`, { queuedMs: 1_000, processingMs: 4_000 }, createdAt);
  const observe = () => {
    const s = snapshot(life, now);
    return { value: { status: s.phase, progress: s.progress, endsAt: s.endsAt } };
  };
  let requests = 0;
  const last = await poll({
    clock,
    initial: observe(),
    fetchOnce: async () => (requests++, observe()),
    isDone: (task) => task.status !== "queued" && task.status !== "processing",
    fingerprint: (task) => `${task.status}:${task.progress}`,
    onDeadline: () => new Error("no deadline was set"),
    progressSignal: (task) => ({ progress: task.status === "processing" ? task.progress : undefined }),
  });
  return { requests, delayMs: now - last.endsAt };
}
