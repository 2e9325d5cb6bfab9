/**
 * 3. The mock's throughput (autocannon, 10 connections): the stateful mock (contract front over the
 * in-process simulator), the simulator alone, static Prism alone and the front over the same Prism,
 * for a create and a GET of one task, in the same run. autocannon runs in its own process
 * (bench/autocannon-child.ts): in this one it would take the servers' thread (a real mock and its
 * clients are never one process).
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { startMockStack, type ApiName } from "../scripts/lib/mock-stack.js";
import { repoRoot } from "../scripts/lib/paths.js";
import { freePort, startPrism } from "../scripts/lib/prism.js";
import { startSimulators } from "../scripts/lib/simulator-server.js";
import type { Run, RunResult } from "./autocannon-child.js";

const headers = { authorization: "Bearer bench", "content-type": "application/json" };
const body = JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "a harbour at dawn" } });

const exec = promisify(execFile);

async function autocannonRuns(runs: Run[]): Promise<RunResult[]> {
  const { stdout } = await exec(process.execPath, ["--import", "tsx", join(repoRoot, "bench/autocannon-child.ts"), JSON.stringify(runs)], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as RunResult[];
}

async function taskPath(url: string): Promise<string> {
  const created = (await (await fetch(`${url}/api/v1/tasks`, { method: "POST", headers, body })).json()) as { task_id: string };
  return `/api/v1/tasks/${created.task_id}`;
}

/** Running static Prism mocks to use instead of starting them (the smoke pass borrows the test run's). */
export type RunningPrisms = Record<ApiName, string>;

export async function mockThroughput(quick: boolean, running?: RunningPrisms) {
  const duration = 5;
  const smokeRequests = 100;
  const length = quick ? { requests: smokeRequests } : { seconds: duration };
  const connections = 10;
  const simulators = await startSimulators({});
  const stateful = await startMockStack({ stateful: true, mindvideoPort: 0, gatewayPort: 0 });
  const started = running ? [] : await Promise.all((["mindvideo", "gateway"] as const).map(async (api) => startPrism({ api, port: await freePort(), mode: "mock" })));
  const prismUrls: RunningPrisms = running ?? { mindvideo: started[0]!.url, gateway: started[1]!.url };
  const fronted = await startMockStack({ mindvideoPort: 0, gatewayPort: 0, prismUrls });
  try {
    const targets = {
      "stateful mock (front + simulator)": { url: stateful.mindvideo.url, get: await taskPath(stateful.mindvideo.url) },
      "simulator alone": { url: simulators.mindvideo.url, get: await taskPath(simulators.mindvideo.url) },
      "static Prism alone": { url: prismUrls.mindvideo, get: "/api/v1/tasks/task_demo_model" },
      "static mock (front + Prism)": { url: fronted.mindvideo.url, get: "/api/v1/tasks/task_demo_model" },
    };
    const runs: Run[] = [];
    const measured: { name: string; create: number; get: number }[] = [];
    const run = (url: string, method: "GET" | "POST", path: string, span: Run["length"]) => runs.push({ url: `${url}${path}`, method, headers, ...(method === "POST" ? { body } : {}), connections, length: span }) - 1;
    for (const [name, t] of Object.entries(targets)) {
      // A second of each first, unmeasured: every server is timed with its code optimized, not the first one to run cold.
      if (!quick) for (const [method, path] of [["POST", "/api/v1/tasks"], ["GET", t.get]] as const) run(t.url, method, path, { seconds: 1 });
      measured.push({ name, create: run(t.url, "POST", "/api/v1/tasks", length), get: run(t.url, "GET", t.get, length) });
    }
    const results = await autocannonRuns(runs);
    const rows = measured.map(({ name, create, get }) => ({ name, create: results[create]!, get: results[get]! }));
    const mock = rows[0]!;
    const simulator = rows[1]!;
    return {
      connections,
      durationSeconds: duration,
      span: quick ? `${smokeRequests} requests` : `${duration} s`,
      rows,
      frontShareOfSimulator: { create: Math.round((mock.create.rps / simulator.create.rps) * 100) / 100, get: Math.round((mock.get.rps / simulator.get.rps) * 100) / 100 },
      met: mock.create.rps >= 5_000 && mock.get.rps >= 5_000,
      target: "stateful mock ≥ 5,000 requests/s for GET and create at 10 connections, every exchange checked against the contract",
    };
  } finally {
    await Promise.all([simulators.close(), stateful.stop(), fronted.stop(), ...started.map((prism) => prism.stop())]);
  }
}
