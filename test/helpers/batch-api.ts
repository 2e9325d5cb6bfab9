/**
 * The API batch tests run against: the real stateful mock (scripts/lib/mock-stack.ts: the
 * simulator behind the contract-checking front) with a short task timing, plus request counts.
 *
 * The mock's output files carry bytes of their own per task (and can be padded to a size), so a
 * checksum match says the file on disk is that task's file. What the mock cannot produce stays on
 * test/helpers/file-server.ts (download.test.ts): a connection cut halfway, a server that lies.
 */
import { startMockStack, type MockStack } from "../../scripts/lib/mock-stack.js";
import type { Scenario, Timing } from "../../src/simulator/index.js";

/** `count` gateway jobs (no idempotency there: the journal records the submission before the create call). */
export function gatewayJobs(count: number, prefix = "gw"): { id: string; model: "doubao-seedance-1.0-pro-fast"; input: Record<string, unknown> }[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i + 1}`, model: "doubao-seedance-1.0-pro-fast" as const, input: { prompt: `gateway variant ${i + 1}` } }));
}

/** `count` jobs.jsonl lines for a video model (the seeds' 720p × 5 s example prices each at 0.0657). */
export function videoJobs(count: number, prefix = "job"): { id: string; model: "doubao-seedance-2-0-fast"; input: Record<string, unknown> }[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i + 1}`, model: "doubao-seedance-2-0-fast" as const, input: { prompt: `variant ${i + 1}`, resolution: "720p", duration: 5 } }));
}

export interface RequestCounts {
  create: number;
  get: number;
  file: number;
  rateLimited: number;
  /** Every API request (files excluded). */
  total: number;
}

export interface MockBatchApi {
  baseUrls: { mindvideo: string; gateway: string };
  stack: MockStack;
  /** `total` of the mock's `GET /__mock/tasks`. */
  taskCount(): Promise<number>;
  /** The bytes the mock serves for a task's n-th output (a video), fetched from it over HTTP. */
  servedBytes(taskId: string, index?: number): Promise<Uint8Array>;
  /** Tasks in the mock (`GET /__mock/tasks`), both providers. */
  tasks(): Promise<{ id: string; provider: string }[]>;
  /** Requests that reached the simulator (after the front's contract checks), by kind. */
  counts: RequestCounts;
  /** `PUT /__mock/scenario`: the scenario of every request that does not name one. */
  setScenario(scenario: Scenario): Promise<void>;
  close(): Promise<void>;
}

/** Tasks that end quickly (link lifetimes scale with the timing: 300 ms keeps links for 86 min). */
export const FAST_TIMING: Readonly<Timing> = Object.freeze({ queuedMs: 50, processingMs: 250 });

/** The real stateful mock on free ports, with request counts; `outputBytes` pads every output file to that size. */
export async function startMockBatchApi(timing: Timing = FAST_TIMING, options: { outputBytes?: number; pollHints?: boolean } = {}): Promise<MockBatchApi> {
  const stack = await startMockStack({ stateful: true, mindvideoPort: 0, gatewayPort: 0, timing, outputBytes: options.outputBytes, pollHints: options.pollHints });
  const simulator = stack.simulator!;
  const counts: RequestCounts = { create: 0, get: 0, file: 0, rateLimited: 0, total: 0 };
  // The front hands every checked request to `simulator.answer` (looked up per call), so counting here sees what the mock answered.
  const answer = simulator.answer.bind(simulator);
  simulator.answer = async (request) => {
    const { pathname } = request.url;
    if (pathname.startsWith("/__mock/outputs/")) counts.file++;
    else {
      counts.total++;
      if (request.method === "POST" && (pathname === "/api/v1/tasks" || pathname === "/v1/videos/generations")) counts.create++;
      if (request.method === "GET" && (pathname.startsWith("/api/v1/tasks/") || pathname.startsWith("/v1/tasks/"))) counts.get++;
    }
    const reply = await answer(request);
    if (reply.status === 429) counts.rateLimited++;
    return reply;
  };
  const base = stack.mindvideo.url;
  return {
    baseUrls: { mindvideo: base, gateway: stack.gateway.url },
    stack,
    counts,
    tasks: async () => ((await (await fetch(`${base}/__mock/tasks`)).json()) as { data: { id: string; provider: string }[] }).data,
    taskCount: async () => ((await (await fetch(`${base}/__mock/tasks`)).json()) as { total: number }).total,
    servedBytes: async (taskId, index = 0) => {
      const response = await fetch(`${base}/__mock/outputs/${encodeURIComponent(taskId)}/${index}.mp4`);
      if (response.status !== 200) throw new Error(`the mock answered ${response.status} for ${taskId}'s output ${index}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    setScenario: async (scenario) => {
      const response = await fetch(`${base}/__mock/scenario`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ scenario }) });
      if (!response.ok) throw new Error(`PUT /__mock/scenario answered ${response.status}`);
    },
    close: () => stack.stop(),
  };
}
