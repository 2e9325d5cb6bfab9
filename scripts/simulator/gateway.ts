/**
 * The video generations gateway, simulated: tasks and callbacks delivered with the schedule the
 * spec states (x-callback-policy). Loopback callback URLs are accepted here, for local receivers,
 * and an https:// loopback URL is delivered over plain HTTP so no certificate is needed.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ModelSlug } from "../../generated/models/registry.js";
import { bundledDocument } from "../lib/prism.js";
import { validateInput } from "../../src/validation.js";
import { bearerToken, parseJson, readBody, sendJson } from "./http.js";
import { lifecycleFor, snapshot, type Lifecycle, type Timing } from "./lifecycle.js";

export interface CallbackPolicy {
  timeoutSeconds: number;
  maxRetries: number;
  retryDelaysSeconds: number[];
}

export function callbackPolicyFromSpec(): CallbackPolicy {
  const doc = JSON.parse(readFileSync(bundledDocument("gateway"), "utf8"));
  const callback = doc.paths["/v1/videos/generations"].post.callbacks.taskFinished;
  return Object.values(callback as Record<string, { post: { "x-callback-policy": CallbackPolicy } }>)[0]!.post["x-callback-policy"];
}

export interface CallbackDelivery {
  taskId: string;
  url: string;
  attempt: number;
  at: number;
  status?: number;
  error?: string;
  body: unknown;
}

interface SimTask {
  id: string;
  model: ModelSlug;
  input: Record<string, unknown>;
  life: Lifecycle;
  credits: number;
}

export interface GatewaySimulator {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  deliveries: CallbackDelivery[];
  tasks: Map<string, SimTask>;
  /** Cancels pending callback timers. */
  close(): void;
}

export interface GatewaySimulatorOptions {
  timing: Timing;
  /** Multiplies the callback timeout and retry delays (tests shorten them). */
  callbackTimeScale?: number;
  now?: () => number;
}

const LINK_TTL_SECONDS = 24 * 60 * 60;

export function createGatewaySimulator(options: GatewaySimulatorOptions): GatewaySimulator {
  const now = options.now ?? Date.now;
  const policy = callbackPolicyFromSpec();
  const scale = options.callbackTimeScale ?? 1;
  const tasks = new Map<string, SimTask>();
  const deliveries: CallbackDelivery[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let counter = 0;

  const error = (res: ServerResponse, status: number, type: string, message: string, param?: string) =>
    sendJson(res, status, { error: { code: status, message, type, ...(param ? { param } : {}) } });

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  function view(task: SimTask, at = now()) {
    const snap = snapshot(task.life, at);
    const status = { queued: "pending", processing: "processing", succeeded: "completed", failed: "failed", cancelled: "cancelled" }[snap.phase];
    const ended = snap.phase !== "queued" && snap.phase !== "processing";
    const seconds = (ms: number) => Math.floor(ms / 1000);
    return {
      created: seconds(task.life.createdAt),
      ...(ended ? { completed: seconds(snap.endsAt) } : {}),
      id: task.id,
      model: task.model,
      object: "video.generation.task",
      progress: snap.progress,
      status,
      task_info: { can_cancel: !ended, estimated_time: Math.max(0, Math.ceil((snap.endsAt - at) / 1000)), video_duration: Number(task.input.duration ?? 5) },
      type: "video",
      usage: { billing_rule: "per_second", credits_reserved: task.credits, user_group: "default" },
      ...(snap.phase === "succeeded" ? { result: { videos: [{ url: `https://example.com/output/${task.id}.mp4`, expires_at: seconds(snap.endsAt) + LINK_TTL_SECONDS }] } } : {}),
      ...(snap.phase === "failed" ? { error: { code: "generation_failed", message: "The simulated model failed (prompt contains [fail])." } } : {}),
      ...(snap.phase === "cancelled" ? { error: { code: "cancelled", message: "The task was cancelled (prompt contains [cancel])." } } : {}),
    };
  }

  async function deliver(task: SimTask, url: string, attempt: number): Promise<void> {
    const body = view(task);
    const record: CallbackDelivery = { taskId: task.id, url, attempt, at: now(), body };
    deliveries.push(record);
    try {
      const target = new URL(url);
      if (target.protocol === "https:" && ["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) target.protocol = "http:";
      const response = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(policy.timeoutSeconds * 1000 * scale),
      });
      record.status = response.status;
      await response.body?.cancel();
      if (response.ok) return;
    } catch (cause) {
      record.error = (cause as Error).message;
    }
    const delay = policy.retryDelaysSeconds[attempt - 1];
    if (attempt <= policy.maxRetries && delay !== undefined) later(delay * 1000 * scale, () => void deliver(task, url, attempt + 1));
  }

  async function create(req: IncomingMessage, res: ServerResponse) {
    const body = parseJson(await readBody(req)) as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object") return error(res, 400, "invalid_request_error", "The body must be a JSON object");
    const { model, ...input } = body;
    const checked = validateInput(String(model), input, { provider: "gateway", prefix: "" });
    if (!checked.ok) return error(res, 400, "invalid_request_error", checked.errors.map((e) => e.message).join("; "), checked.errors[0]!.path || undefined);
    const task: SimTask = { id: `task-unified-${Math.floor(now() / 1000)}-sim${++counter}`, model: model as ModelSlug, input, life: lifecycleFor(input.prompt, options.timing, now()), credits: Number(input.duration ?? 5) * 1.6 };
    tasks.set(task.id, task);
    if (typeof input.callback_url === "string") later(snapshot(task.life, now()).endsAt - now(), () => void deliver(task, input.callback_url as string, 1));
    const { completed: _completed, result: _result, error: _error, ...created } = view(task) as Record<string, unknown>;
    sendJson(res, 200, created);
  }

  return {
    deliveries,
    tasks,
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
    async handle(req, res) {
      if (!bearerToken(req)) return error(res, 401, "authentication_error", "Invalid or expired token");
      const url = new URL(req.url ?? "/", "http://simulator");
      if (req.method === "POST" && url.pathname === "/v1/videos/generations") return create(req, res);
      const match = /^\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
      if (req.method === "GET" && match) {
        const task = tasks.get(decodeURIComponent(match[1]!));
        if (!task) return error(res, 404, "not_found_error", "Task not found", "task_id");
        return sendJson(res, 200, view(task));
      }
      error(res, 404, "not_found_error", `No route ${req.method} ${url.pathname}`);
    },
  };
}
