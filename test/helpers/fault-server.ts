/**
 * A real HTTP server on 127.0.0.1 speaking the MindVideo task API, with scripted faults for the
 * next requests: resets before or after creating the task, stalls mid-body, truncated JSON, HTML
 * error pages. It keeps the idempotency semantics of the seeds, so duplicate charges are visible.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { listenOnLoopback } from "./loopback.js";
import { readNodeBody as readBody } from "../../scripts/lib/serve-web.js";

export type Fault =
  | "reset-before-create"
  | "reset-after-create"
  | "stall-mid-body"
  | "truncated-json"
  | "invalid-json-200"
  | { html: number }
  | { status: number; body?: unknown; headers?: Record<string, string> };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface FaultServer {
  url: string;
  requests: RecordedRequest[];
  /** Tasks created (each one would be charged). */
  tasks: Map<string, { task: Record<string, unknown>; payload: string }>;
  /** Faults applied to the next requests, in order. */
  faults: Fault[];
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  const requests: RecordedRequest[] = [];
  const tasks = new Map<string, { task: Record<string, unknown>; payload: string }>();
  const byKey = new Map<string, string>();
  const faults: Fault[] = [];

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
    const fault = faults.shift();
    if (fault === "reset-before-create") return req.socket.destroy();
    if (typeof fault === "object" && "html" in fault) {
      res.writeHead(fault.html, { "content-type": "text/html" });
      return res.end(`<!DOCTYPE html><html><head><title>${fault.html} Bad Gateway</title></head><body><center><h1>${fault.html} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`);
    }
    if (typeof fault === "object" && "status" in fault) {
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      return res.end(typeof fault.body === "string" ? fault.body : JSON.stringify(fault.body ?? { error: { code: "x", message: `status ${fault.status}`, type: "test" } }));
    }
    if (fault === "truncated-json" && req.method === "GET") {
      res.writeHead(500, { "content-type": "application/json" });
      return res.end('{"error": {"code": "internal_error", "message": "Inter');
    }

    const answer = route(req.method ?? "", req.url ?? "", req.headers, body);
    if (fault === "reset-after-create") return req.socket.destroy();
    const text = JSON.stringify(answer.body);
    if (fault === "stall-mid-body") {
      res.writeHead(answer.status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) });
      res.write(text.slice(0, 10)); // and never the rest
      return;
    }
    if (fault === "invalid-json-200") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(text.slice(0, text.length - 5));
    }
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(text);
  });

  function route(method: string, url: string, headers: IncomingMessage["headers"], body: string) {
    if (method === "POST" && url === "/api/v1/tasks") {
      const key = String(headers["idempotency-key"] ?? "");
      const existing = key ? byKey.get(key) : undefined;
      if (existing) {
        const entry = tasks.get(existing)!;
        if (entry.payload !== body) return { status: 409, body: { error: { code: "idempotency_key_reused", message: "key reused with a different payload", type: "idempotency_error" } } };
        return { status: 200, body: entry.task, headers: { "idempotent-replayed": "true" } };
      }
      const id = `task_${tasks.size + 1}`;
      const task = { request_id: `req_${requests.length}`, task_id: id, status: "queued", cost_estimate: 0.585, cost_actual: null, output: null };
      tasks.set(id, { task, payload: body });
      if (key) byKey.set(key, id);
      return { status: 200, body: task };
    }
    const match = /^\/api\/v1\/tasks\/([^/]+)$/.exec(url);
    if (method === "GET" && match) {
      const entry = tasks.get(match[1]!);
      if (!entry) return { status: 404, body: { error: { code: "task_not_found", message: "Task not found", type: "not_found_error" } } };
      return { status: 200, body: entry.task };
    }
    return { status: 404, body: { error: { code: "not_found", message: `no route ${method} ${url}`, type: "not_found_error" } } };
  }

  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    requests,
    tasks,
    faults,
    close: listening.close,
  };
}
