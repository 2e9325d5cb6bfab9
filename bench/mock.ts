/**
 * 3. The mock's throughput (autocannon, 10 connections): the stateful mock (contract front over the
 * in-process simulator), the simulator alone, static Prism alone and the front over Prism, for a
 * create and a GET of one task, in the same run. autocannon runs in its own process: in this one it
 * would take the servers' thread (a real mock and its clients are never one process).
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { startMockStack } from "../scripts/lib/mock-stack.js";
import { freePort, startPrism } from "../scripts/lib/prism.js";
import { startSimulators } from "../scripts/lib/simulator-server.js";

const headers = { authorization: "Bearer bench", "content-type": "application/json" };
const body = JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "a harbour at dawn" } });

const autocannonCli = createRequire(import.meta.url).resolve("autocannon/autocannon.js");
const exec = promisify(execFile);

/** Requests/s over `length`: seconds when measuring, or a number of requests for the smoke pass (a few hundred are enough to prove the path works). */
async function rps(url: string, method: "GET" | "POST", path: string, length: { seconds: number } | { requests: number }, connections: number) {
  const span = "seconds" in length ? ["-d", String(length.seconds)] : ["-a", String(length.requests)];
  const args = [autocannonCli, "--json", "-c", String(connections), ...span, "-m", method, ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}=${v}`]), ...(method === "POST" ? ["-b", body] : []), `${url}${path}`];
  const { stdout } = await exec(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  const result = JSON.parse(stdout) as { requests: { average: number; total: number }; duration: number; non2xx: number; errors: number };
  // autocannon's average is per whole second sampled: a sub-second run has none, so rate it from its total.
  const perSecond = "seconds" in length ? result.requests.average : result.requests.total / Math.max(result.duration, 0.001);
  return { rps: Math.round(perSecond), non2xx: result.non2xx, errors: result.errors };
}

async function taskPath(url: string): Promise<string> {
  const created = (await (await fetch(`${url}/api/v1/tasks`, { method: "POST", headers, body })).json()) as { task_id: string };
  return `/api/v1/tasks/${created.task_id}`;
}

export async function mockThroughput(quick: boolean) {
  const duration = 5;
  const length = quick ? { requests: 300 } : { seconds: duration };
  const connections = 10;
  const simulators = await startSimulators({});
  const stateful = await startMockStack({ stateful: true, mindvideoPort: await freePort(), gatewayPort: await freePort() });
  const prism = await startPrism({ api: "mindvideo", port: await freePort(), mode: "mock" });
  const fronted = await startMockStack({ mindvideoPort: await freePort(), gatewayPort: await freePort() });
  try {
    const targets = {
      "stateful mock (front + simulator)": { url: stateful.mindvideo.url, get: await taskPath(stateful.mindvideo.url) },
      "simulator alone": { url: simulators.mindvideo.url, get: await taskPath(simulators.mindvideo.url) },
      "static Prism alone": { url: prism.url, get: "/api/v1/tasks/task_demo_model" },
      "static mock (front + Prism)": { url: fronted.mindvideo.url, get: "/api/v1/tasks/task_demo_model" },
    };
    const rows = [];
    for (const [name, t] of Object.entries(targets)) {
      // A second of each first, unmeasured: every server is timed with its code optimized, not the first one to run cold.
      if (!quick) for (const [method, path] of [["POST", "/api/v1/tasks"], ["GET", t.get]] as const) await rps(t.url, method, path, { seconds: 1 }, connections);
      rows.push({ name, create: await rps(t.url, "POST", "/api/v1/tasks", length, connections), get: await rps(t.url, "GET", t.get, length, connections) });
    }
    const mock = rows[0]!;
    const simulator = rows[1]!;
    return {
      connections,
      durationSeconds: duration,
      span: quick ? "300 requests" : `${duration} s`,
      rows,
      frontShareOfSimulator: { create: Math.round((mock.create.rps / simulator.create.rps) * 100) / 100, get: Math.round((mock.get.rps / simulator.get.rps) * 100) / 100 },
      met: mock.create.rps >= 5_000 && mock.get.rps >= 5_000,
      target: "stateful mock ≥ 5,000 requests/s for GET and create at 10 connections, every exchange checked against the contract",
    };
  } finally {
    await Promise.all([simulators.close(), stateful.stop(), prism.stop(), fronted.stop()]);
  }
}
