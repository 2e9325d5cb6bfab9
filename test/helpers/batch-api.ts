/**
 * A real local server modelling the MindVideo task API as batches use it: create (validated,
 * idempotent by key + payload, 409 on a reused key with another payload), get, costs from the
 * seeds' figures, 429 storms with Retry-After, and real output files (Content-Length, Range). Its
 * `/__mock/tasks` and `/__mock/reset` follow the stateful mock's, so tests can move to that mock
 * by changing `startBatchApi` only.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { models, type ModelSlug } from "../../generated/models/registry.js";
import { readNodeBody as readBody } from "../../scripts/lib/serve-web.js";
import { estimateCost } from "../../src/simulator/facts.js";
import { canonicalJson } from "../../src/node/batch/keys.js";
import { validateInput } from "../../src/validation.js";
import { patternBytes } from "./file-server.js";

export interface BatchApiOptions {
  /** How long a task runs before it succeeds. Default 0 (done at creation). */
  taskMs?: number;
  /** Output file size in bytes. Default 20 000. */
  fileBytes?: number;
  /** The clock deciding when a storm ends (a test's virtual clock). Default Date.now. */
  now?: () => number;
}

interface ApiTask {
  id: string;
  model: ModelSlug;
  input: Record<string, unknown>;
  key: string | undefined;
  createdAt: number;
  cost: number;
}

export interface BatchApi {
  /** Base URLs and the task count: the one place to change when pointing tests at another mock. */
  baseUrls: { mindvideo: string };
  taskCount(): Promise<number>;
  /** The bytes the server serves for a task's n-th output. */
  fileBytes(taskId: string, index?: number): Uint8Array;
  tasks: Map<string, ApiTask>;
  counts: { create: number; get: number; file: number; rateLimited: number; total: number };
  /** For the next `ms` (on options.now), every API request answers 429 with `Retry-After: retryAfterSeconds`. */
  storm(ms: number, retryAfterSeconds: number): void;
  close(): Promise<void>;
}

export async function startBatchApi(options: BatchApiOptions = {}): Promise<BatchApi> {
  const tasks = new Map<string, ApiTask>();
  const byKey = new Map<string, { taskId: string; fingerprint: string }>();
  const counts = { create: 0, get: 0, file: 0, rateLimited: 0, total: 0 };
  const now = options.now ?? Date.now;
  let storm = { until: 0, retryAfter: 1 };
  let counter = 0;
  const sockets = new Set<Socket>();
  let base = "";
  const size = options.fileBytes ?? 20_000;
  const bytesFor = (taskId: string, index = 0) => patternBytes(size, createHash("sha256").update(`${taskId}/${index}`).digest().readUInt32LE(0));

  const send = (res: import("node:http").ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers }).end(text);
  };
  const fail = (res: import("node:http").ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) =>
    send(res, status, { error: { code, message, type: status === 429 ? "rate_limit_error" : "invalid_request_error" }, request_id: `req_${counter}` }, headers);

  const view = (task: ApiTask) => {
    const done = Date.now() >= task.createdAt + (options.taskMs ?? 0);
    const image = models[task.model].output === "image";
    const n = image ? Number(task.input.n ?? 1) : 1;
    const urls = Array.from({ length: n }, (_, i) => ({ url: `${base}/files/${task.id}/${i}.${image ? "png" : "mp4"}` }));
    return {
      request_id: `req_${task.id}`,
      task_id: task.id,
      model: task.model,
      status: done ? "succeeded" : "processing",
      progress: done ? 100 : 50,
      cost_estimate: task.cost,
      cost_actual: done ? task.cost : null,
      output: done ? (image ? { images: urls } : { videos: urls }) : null,
      error: null,
      created_at: new Date(task.createdAt).toISOString(),
      updated_at: new Date().toISOString(),
      completed_at: done ? new Date(task.createdAt + (options.taskMs ?? 0)).toISOString() : null,
    };
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const body = await readBody(req);
    if (url.pathname === "/__mock/tasks" && req.method === "GET") {
      return send(res, 200, { total: tasks.size, data: [...tasks.values()].map((t) => ({ task_id: t.id, model: t.model, idempotency_key: t.key ?? null })) });
    }
    if (url.pathname === "/__mock/reset" && req.method === "POST") {
      tasks.clear();
      byKey.clear();
      return send(res, 200, { ok: true });
    }
    const file = /^\/files\/([^/]+)\/(\d+)\.(mp4|png)$/.exec(url.pathname);
    if (file && req.method === "GET") {
      counts.file++;
      if (!tasks.has(file[1]!)) return res.writeHead(404).end();
      const bytes = bytesFor(file[1]!, Number(file[2]));
      const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? "")?.[1] ?? 0);
      const part = bytes.subarray(start);
      res.writeHead(start > 0 ? 206 : 200, {
        "content-type": file[3] === "png" ? "image/png" : "video/mp4",
        "content-length": part.length,
        "accept-ranges": "bytes",
        ...(start > 0 ? { "content-range": `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}),
      });
      return res.end(part);
    }
    counts.total++;
    if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) return fail(res, 401, "invalid_api_key", "Missing bearer API key");
    if (now() < storm.until) {
      counts.rateLimited++;
      return fail(res, 429, "rate_limited", "Too many requests", { "retry-after": String(storm.retryAfter) });
    }
    if (url.pathname === "/api/v1/tasks" && req.method === "POST") {
      counts.create++;
      let parsed: { model?: unknown; input?: unknown };
      try {
        parsed = JSON.parse(body);
      } catch {
        return fail(res, 400, "invalid_json", "The body must be JSON");
      }
      const checked = validateInput(String(parsed.model), parsed.input, { provider: "mindvideo" });
      if (!checked.ok) return fail(res, 400, "invalid_input", checked.errors.map((e) => e.message).join("; "));
      const key = req.headers["idempotency-key"] as string | undefined;
      const fingerprint = canonicalJson([parsed.model, parsed.input]);
      const previous = key === undefined ? undefined : byKey.get(key);
      if (previous) {
        if (previous.fingerprint !== fingerprint) return fail(res, 409, "idempotency_key_reused", "This Idempotency-Key was used with a different request body");
        return send(res, 200, view(tasks.get(previous.taskId)!), { "idempotent-replayed": "true" });
      }
      const task: ApiTask = { id: `task_b_${++counter}`, model: parsed.model as ModelSlug, input: parsed.input as Record<string, unknown>, key, createdAt: Date.now(), cost: estimateCost(parsed.model as ModelSlug, parsed.input as Record<string, unknown>) };
      tasks.set(task.id, task);
      if (key !== undefined) byKey.set(key, { taskId: task.id, fingerprint });
      return send(res, 200, view(task), { "idempotent-replayed": "false" });
    }
    const get = /^\/api\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
    if (get && req.method === "GET") {
      counts.get++;
      const task = tasks.get(decodeURIComponent(get[1]!));
      if (!task) return fail(res, 404, "task_not_found", `Task ${get[1]} was not found`);
      const answer = view(task);
      return send(res, 200, answer, answer.status === "succeeded" ? {} : { "retry-after": "1" });
    }
    fail(res, 404, "not_found", `No route ${req.method} ${url.pathname}`);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrls: { mindvideo: base },
    taskCount: async () => ((await (await fetch(`${base}/__mock/tasks`)).json()) as { total: number }).total,
    fileBytes: bytesFor,
    tasks,
    counts,
    storm: (ms, retryAfterSeconds) => {
      storm = { until: now() + ms, retryAfter: retryAfterSeconds };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** `count` jobs.jsonl lines for a video model (the seeds' 720p × 5 s example prices each at 0.0657). */
export function videoJobs(count: number, prefix = "job"): { id: string; model: "doubao-seedance-2-0-fast"; input: Record<string, unknown> }[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i + 1}`, model: "doubao-seedance-2-0-fast" as const, input: { prompt: `variant ${i + 1}`, resolution: "720p", duration: 5 } }));
}
