/** 1. Client overhead per call, with a fetch stub that answers on the next tick (openapi-fetch's own method). */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import createClient from "openapi-fetch";
import type { paths } from "../generated/openapi/mindvideo.js";
import { round, throughput } from "./lib.js";
import { guardedFetch } from "./peers/guarded-fetch.js";
import { withShippedClient, type RootEntry } from "./shipped.js";

const BASE = "https://api.bench";
const TASK = JSON.stringify({ request_id: "req_1", task_id: "task_1", status: "succeeded", cost_estimate: 0.0657, cost_actual: 0.0657, output: { videos: [{ url: "https://example.com/output/demo.mp4" }] } });
const stub = async (_request: Request) => {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return new Response(TASK, { status: 200, headers: { "content-type": "application/json" } });
};
const body = { model: "doubao-seedance-2-0-fast", input: { prompt: "A cinematic tracking shot of a futuristic city street after rain", resolution: "720p", duration: 5 } } as const;

/** Timed as shipped (dist/esm's bundles under plain Node), like the peers' published code. */
export function clientOverhead(quick: boolean) {
  return withShippedClient((root) => measure(root, quick));
}

async function measure({ MindVideo }: RootEntry, quick: boolean) {
  const bare = createClient<paths>({ baseUrl: BASE, fetch: stub, headers: { Authorization: "Bearer k" } });
  const mv = new MindVideo({ apiKey: "k", baseUrl: BASE, fetch: stub });
  const options = quick ? { roundMs: 50, rounds: 1, warmUpCalls: 16 } : { roundMs: 1_000, rounds: 5 };
  const get = await throughput(
    {
      rawFetch: async () => (await stub(new Request(`${BASE}/api/v1/tasks/task_1`, { headers: { Authorization: "Bearer k" } }))).json(),
      guardedFetch: () => guardedFetch(async (init) => stub(new Request(`${BASE}/api/v1/tasks/task_1`, { headers: { Authorization: "Bearer k" }, ...init }))),
      openapiFetch: () => bare.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: "task_1" } } }),
      tasksGet: () => mv.tasks.get("task_1"),
    },
    options,
  );
  const create = await throughput(
    {
      rawFetch: async () => (await stub(new Request(`${BASE}/api/v1/tasks`, { method: "POST", headers: { Authorization: "Bearer k", "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() }, body: JSON.stringify(body) }))).json(),
      openapiFetch: () => bare.POST("/api/v1/tasks", { body, params: { header: { "Idempotency-Key": crypto.randomUUID() } } }),
      tasksCreate: () => mv.tasks.create(body),
    },
    options,
  );
  // The same comparison over real HTTP on loopback, where the network, not the client, dominates.
  const server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(TASK));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bareHttp = createClient<paths>({ baseUrl: local, headers: { Authorization: "Bearer k" } });
  const mvHttp = new MindVideo({ apiKey: "k", baseUrl: local });
  const loopback = await throughput(
    {
      openapiFetch: () => bareHttp.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: "task_1" } } }),
      tasksGet: () => mvHttp.tasks.get("task_1"),
    },
    options,
  );
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    loopbackGet: { opsPerSec: loopback, ratioVsOpenapiFetch: round(loopback.tasksGet!.opsPerSec / loopback.openapiFetch!.opsPerSec) },
    get: { opsPerSec: get, ratioVsOpenapiFetch: round(get.tasksGet!.opsPerSec / get.openapiFetch!.opsPerSec), ratioVsRawFetch: round(get.tasksGet!.opsPerSec / get.rawFetch!.opsPerSec), guardedFetchVsOpenapiFetch: round(get.guardedFetch!.opsPerSec / get.openapiFetch!.opsPerSec), target: "tasks.get ≥ 0.9× openapi-fetch" },
    create: { opsPerSec: create, ratioVsOpenapiFetch: round(create.tasksCreate!.opsPerSec / create.openapiFetch!.opsPerSec), ratioVsRawFetch: round(create.tasksCreate!.opsPerSec / create.rawFetch!.opsPerSec) },
  };
}
