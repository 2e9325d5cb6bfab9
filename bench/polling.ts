/**
 * 5. Polling: requests per task and the delay between completion and detection, for wait() and for
 * fixed intervals, against the task simulator. Time is virtual (an injected clock), so 300 s tasks
 * take milliseconds and the figures are exact, while the requests are real HTTP to the simulator.
 */
import { serveWeb } from "../scripts/lib/serve-web.js";
import { createManualClock, createSimulator } from "../src/simulator/index.js";
import { MindVideo, VideoGateway } from "../src/index.js";
import type { Clock } from "../src/poll.js";
import { progressOnlyWait } from "../test/helpers/progress-wait.js";
import { round } from "./lib.js";

interface Strategy {
  name: string;
  /** Which API, and what the answers carry besides status. */
  api: "mindvideo" | "gateway";
  hints: boolean;
  progress: boolean;
  schedule: { pollIntervalMs?: number; maxPollIntervalMs?: number };
  /** A target row: the answers carry progress or an estimate, and no Retry-After. */
  target?: boolean;
}

const STRATEGIES: Strategy[] = [
  { name: "wait(), server sends Retry-After", api: "mindvideo", hints: true, progress: true, schedule: {} },
  { name: "wait(), progress only (MindVideo)", api: "mindvideo", hints: false, progress: true, schedule: {}, target: true },
  { name: "wait(), task_info.estimated_time (gateway)", api: "gateway", hints: false, progress: true, schedule: {}, target: true },
  { name: "wait(), no signal at all", api: "mindvideo", hints: false, progress: false, schedule: {} },
  { name: "fixed 500 ms", api: "mindvideo", hints: false, progress: false, schedule: { pollIntervalMs: 500, maxPollIntervalMs: 500 } },
  { name: "fixed 5 s", api: "mindvideo", hints: false, progress: false, schedule: { pollIntervalMs: 5_000, maxPollIntervalMs: 5_000 } },
];

/** Answers without `progress`: what a client sees from a server that reports nothing but status. */
async function withoutProgress(response: Response): Promise<Response> {
  if (!response.headers.get("content-type")?.includes("json")) return response;
  const body = (await response.json()) as Record<string, unknown>;
  delete body.progress;
  return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
}

async function measure(strategy: Strategy, durationMs: number) {
  const virtual = createManualClock(Date.UTC(2026, 0, 1));
  const clock: Clock = { now: virtual.now, sleep: async (ms) => void virtual.advance(ms) };
  const simulator = createSimulator({ clock: virtual, timing: { queuedMs: 1_000, processingMs: 4_000 }, pollHints: strategy.hints });
  let gets = 0;
  const server = await serveWeb(async (request) => {
    if (request.method === "GET") gets++;
    const response = await simulator.handle(request);
    return strategy.progress ? response : withoutProgress(response);
  }, 0);
  try {
    const prompt = `bench [duration=${durationMs}]`;
    let id: string;
    if (strategy.api === "gateway") {
      const gw = new VideoGateway({ apiKey: "bench", baseUrl: server.url });
      const created = await gw.videos.create({ model: "doubao-seedance-1.0-pro-fast", prompt } as never);
      id = (await gw.tasks.wait(String((created as { id: string }).id), { ...strategy.schedule, clock })).id;
    } else {
      const mv = new MindVideo({ apiKey: "bench", baseUrl: server.url });
      id = (await mv.tasks.run({ model: "doubao-seedance-2-0-fast", input: { prompt } }, { ...strategy.schedule, clock })).task_id;
    }
    const completedAt = simulator.tasks().find((t) => t.id === id)!.endsAt;
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

/**
 * Progress only, over many tasks: each task's progress curve is different (seeded by its creation
 * time and length), so five offsets cannot flatter a rule tuned to a few curves. In-process (the
 * simulator's own lifecycle answers each poll), virtual time.
 */
async function progressOverCurves(durationMs: number, tasks: number) {
  let requests = 0;
  let worstOverAllowed = 0;
  let worstDelayMs = 0;
  let late = 0;
  for (let i = 0; i < tasks; i++) {
    const length = durationMs + ((i * 997) % 1_000);
    const createdAt = Date.UTC(2026, 0, 1) + i * 7_919;
    const { requests: sent, delayMs: delay } = await progressOnlyWait(length, createdAt);
    requests += sent;
    const allowed = Math.max(1_000, length / 10);
    worstDelayMs = Math.max(worstDelayMs, delay);
    worstOverAllowed = Math.max(worstOverAllowed, delay / allowed);
    if (delay > allowed) late++;
  }
  return { taskSeconds: durationMs / 1000, tasks, meanRequests: round(requests / tasks, 2), worstDelayMs: Math.round(worstDelayMs), late, worstDelayVsAllowed: round(worstOverAllowed, 2) };
}

export async function polling(quick: boolean) {
  const durations = quick ? [10_000] : [10_000, 60_000, 300_000];
  const offsets = quick ? OFFSETS_MS.slice(0, 2) : OFFSETS_MS;
  const rows = [];
  for (const durationMs of durations) {
    const results: Record<string, { requests: number; detectionDelayMs: number }> = {};
    for (const s of STRATEGIES) results[s.name] = await measureAveraged(s, durationMs, offsets);
    const fixed = results["fixed 500 ms"]!;
    const delayTarget = Math.max(1_000, durationMs / 10);
    rows.push({
      taskSeconds: durationMs / 1000,
      detectionTargetMs: delayTarget,
      strategies: Object.fromEntries(
        Object.entries(results).map(([name, r]) => [name, { ...r, requestRatioVsFixed500: round(r.requests / fixed.requests, 3), target: STRATEGIES.find((s) => s.name === name)!.target === true, meetsTarget: r.requests <= fixed.requests * 0.15 && r.detectionDelayMs <= delayTarget }]),
      ),
    });
  }
  const curves = [];
  for (const durationMs of durations) curves.push(await progressOverCurves(durationMs, quick ? 10 : 200));
  return { rows, curves, offsetsMs: offsets, target: "with progress or an estimate reported: ≤ 0.15× a fixed 500 ms poller's requests (mean), worst detection delay ≤ max(1 s, 10 % of the task's duration); with no signal, the plain schedule" };
}
