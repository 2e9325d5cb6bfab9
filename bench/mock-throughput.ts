/**
 * `npm run bench:mock [-- --duration 5]`: the mock's throughput with autocannon, before and after the
 * contract front, in the same run. Before: `prism proxy` in front of the simulator (stateful) and a
 * bare Prism mock (static). After: the front over the in-process simulator, and the front over Prism.
 * Figures are requests per second on this machine; compare them as ratios.
 */
import autocannon from "autocannon";
import { parseArgs } from "node:util";
import { startMockStack } from "../scripts/lib/mock-stack.js";
import { freePort, startPrism } from "../scripts/lib/prism.js";
import { startSimulators } from "../scripts/lib/simulator-server.js";

const { values } = parseArgs({ options: { duration: { type: "string", default: "5" }, connections: { type: "string", default: "10" } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
const headers = { authorization: "Bearer bench", "content-type": "application/json" };
const body = JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "a harbour at dawn" } });

async function measure(url: string, method: "GET" | "POST", path: string): Promise<{ rps: number; non2xx: number; errors: number }> {
  const result = await autocannon({ url: `${url}${path}`, method, headers, ...(method === "POST" ? { body } : {}), duration, connections });
  return { rps: Math.round(result.requests.average), non2xx: result.non2xx, errors: result.errors };
}

async function existingTask(url: string): Promise<string> {
  const created = (await (await fetch(`${url}/api/v1/tasks`, { method: "POST", headers, body })).json()) as { task_id: string };
  return `/api/v1/tasks/${created.task_id}`;
}

const rows: string[] = [];
async function compare(name: string, before: string, after: string, beforePath: string, afterPath: string, method: "GET" | "POST") {
  const b = await measure(before, method, beforePath);
  const a = await measure(after, method, afterPath);
  rows.push(`| ${name} | ${b.rps} | ${a.rps} | ${(a.rps / b.rps).toFixed(2)} | ${b.non2xx}/${a.non2xx} | ${b.errors}/${a.errors} |`);
  console.log(rows.at(-1));
}

// Stateful: prism proxy → simulator (before) vs front → simulator (after).
const simulators = await startSimulators({});
const proxy = await startPrism({ api: "mindvideo", port: await freePort(), mode: "proxy", upstream: simulators.mindvideo.url });
const stateful = await startMockStack({ stateful: true, mindvideoPort: 0, gatewayPort: 0 });
// Static: bare Prism (before) vs front → Prism (after).
const bare = await startPrism({ api: "mindvideo", port: await freePort(), mode: "mock" });
const fronted = await startMockStack({ mindvideoPort: 0, gatewayPort: 0 });
try {
  console.log(`autocannon, ${connections} connections, ${duration} s each\n| case | before req/s | after req/s | after/before | non-2xx before/after | errors before/after |\n| --- | --- | --- | --- | --- | --- |`);
  await compare("stateful POST /api/v1/tasks", proxy.url, stateful.mindvideo.url, "/api/v1/tasks", "/api/v1/tasks", "POST");
  await compare("stateful GET /api/v1/tasks/{id}", proxy.url, stateful.mindvideo.url, await existingTask(proxy.url), await existingTask(stateful.mindvideo.url), "GET");
  await compare("static POST /api/v1/tasks", bare.url, fronted.mindvideo.url, "/api/v1/tasks", "/api/v1/tasks", "POST");
  await compare("static GET /api/v1/tasks/{id}", bare.url, fronted.mindvideo.url, "/api/v1/tasks/task_demo_model", "/api/v1/tasks/task_demo_model", "GET");
} finally {
  await Promise.all([proxy.stop(), simulators.close(), stateful.stop(), bare.stop(), fronted.stop()]);
}
