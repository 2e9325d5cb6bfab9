/** The MindVideo task API, simulated: tasks, events, idempotency and costs as the seeds describe. */
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { models, type ModelSlug } from "../../generated/models/registry.js";
import { validateInput } from "../../src/validation.js";
import { bearerToken, parseJson, readBody, sendJson } from "./http.js";
import { eventsUntil, lifecycleFor, snapshot, type Lifecycle, type Timing } from "./lifecycle.js";

/** Price per second of video by resolution, or per image; the seeds' examples come out exactly. */
const PRICES: Record<string, { perSecond?: Record<string, number>; perImage?: number }> = {
  "doubao-seedance-1-0-pro-quality": { perSecond: { "480p": 0.025, "720p": 0.05, "1080p": 0.117 } },
  "doubao-seedance-2-0-fast": { perSecond: { "480p": 0.0066, "720p": 0.01314 } },
  "apimart-doubao-seedance-4-0": { perImage: 0.0252 },
};
const FALLBACK_PRICE = { perSecond: 0.05, perImage: 0.03 };

export function estimateCost(slug: ModelSlug, input: Record<string, unknown>): number {
  const info = models[slug];
  const merged = { ...info.defaults, ...input } as Record<string, unknown>;
  const price = PRICES[slug];
  const cost =
    info.output === "image"
      ? (price?.perImage ?? FALLBACK_PRICE.perImage) * Number(merged.n ?? 1)
      : (price?.perSecond?.[String(merged.resolution)] ?? FALLBACK_PRICE.perSecond) * Number(merged.duration ?? 5);
  return Math.round(cost * 10_000) / 10_000;
}

interface SimTask {
  id: string;
  model: ModelSlug;
  input: Record<string, unknown>;
  life: Lifecycle;
  costEstimate: number;
}

export interface MindVideoSimulator {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Every charge made, one per task created (replays charge nothing). */
  charges: { taskId: string; amount: number }[];
  tasks: Map<string, SimTask>;
}

export interface MindVideoSimulatorOptions {
  /** Send Retry-After (the time left) while a task runs. Default true. */
  pollHints?: boolean | undefined;
}

export function createMindVideoSimulator(timing: Timing, now: () => number = Date.now, options: MindVideoSimulatorOptions = {}): MindVideoSimulator {
  const pollHints = options.pollHints ?? true;
  const tasks = new Map<string, SimTask>();
  const byKey = new Map<string, { taskId: string; fingerprint: string }>();
  const charges: { taskId: string; amount: number }[] = [];
  let counter = 0;

  const error = (res: ServerResponse, status: number, code: string, type: string, message: string, extra: Record<string, string> = {}) =>
    sendJson(res, status, { error: { code, message, type, ...extra }, request_id: `req_sim_${randomUUID().slice(0, 8)}` });

  function view(task: SimTask, at = now()) {
    const snap = snapshot(task.life, at);
    const ended = snap.phase !== "queued" && snap.phase !== "processing";
    const succeeded = snap.phase === "succeeded";
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      body: {
        request_id: `req_sim_${randomUUID().slice(0, 8)}`,
        task_id: task.id,
        model: task.model,
        status: snap.phase,
        progress: snap.progress,
        cost_estimate: task.costEstimate,
        cost_actual: ended ? (succeeded ? task.costEstimate : 0) : null,
        output: succeeded ? outputFor(task) : null,
        error: snap.phase === "failed" ? { code: "generation_failed", message: "The simulated model failed (prompt contains [fail])." } : snap.phase === "cancelled" ? { code: "cancelled", message: "The task was cancelled (prompt contains [cancel])." } : null,
        created_at: iso(task.life.createdAt),
        updated_at: iso(Math.min(at, snap.endsAt)),
        completed_at: ended ? iso(snap.endsAt) : null,
      },
      /** Seconds until the task should end: the poll hint. */
      retryAfter: ended || !pollHints ? undefined : String(Math.max(1, Math.ceil((snap.endsAt - at) / 1000))),
    };
  }

  function outputFor(task: SimTask) {
    if (models[task.model].output === "image") {
      const count = Number(task.input.n ?? 1);
      return { images: Array.from({ length: count }, (_, i) => ({ url: `https://example.com/output/${task.id}/${i}.png` })) };
    }
    return { videos: [{ url: `https://example.com/output/${task.id}/0.mp4` }] };
  }

  async function create(req: IncomingMessage, res: ServerResponse) {
    const text = await readBody(req);
    const body = parseJson(text) as { model?: unknown; input?: unknown } | undefined;
    if (!body || typeof body !== "object") return error(res, 400, "invalid_json", "invalid_request_error", "The body must be a JSON object");
    const checked = validateInput(String(body.model), body.input, { provider: "mindvideo" });
    if (!checked.ok) return error(res, 400, "invalid_input", "invalid_request_error", checked.errors.map((e) => e.message).join("; "), { param: checked.errors[0]!.path });
    const key = req.headers["idempotency-key"];
    const fingerprint = createHash("sha256").update(JSON.stringify([body.model, body.input])).digest("hex");
    if (typeof key === "string" && byKey.has(key)) {
      const previous = byKey.get(key)!;
      if (previous.fingerprint !== fingerprint) {
        return error(res, 409, "idempotency_key_reused", "idempotency_error", "This Idempotency-Key was used with a different request body", { param: "Idempotency-Key" });
      }
      return sendJson(res, 200, view(tasks.get(previous.taskId)!).body, { "idempotent-replayed": "true", "x-request-id": "req_sim_replay" });
    }
    const model = body.model as ModelSlug;
    const input = body.input as Record<string, unknown>;
    const task: SimTask = { id: `task_sim_${++counter}_${randomUUID().slice(0, 6)}`, model, input, life: lifecycleFor(input.prompt, timing, now()), costEstimate: estimateCost(model, input) };
    tasks.set(task.id, task);
    charges.push({ taskId: task.id, amount: task.costEstimate });
    if (typeof key === "string") byKey.set(key, { taskId: task.id, fingerprint });
    const { body: created, retryAfter } = view(task);
    sendJson(res, 200, created, { "idempotent-replayed": "false", "x-request-id": `req_sim_${counter}`, ...(retryAfter ? { "retry-after": retryAfter } : {}) });
  }

  function events(res: ServerResponse, task: SimTask, query: URLSearchParams) {
    const limit = Math.min(100, Math.max(1, Number(query.get("limit") ?? 20) || 20));
    const all = eventsUntil(task.life, now()).map((event, i) => ({
      id: `evt_${task.id}_${i + 1}`,
      task_id: task.id,
      type: `task.${event.type}`,
      status: event.phase,
      progress: event.progress,
      created_at: new Date(event.at).toISOString(),
    }));
    const after = query.get("after");
    const start = after === null ? 0 : all.findIndex((event) => event.id === after) + 1;
    if (after !== null && start === 0) return error(res, 400, "invalid_cursor", "invalid_request_error", `Unknown cursor ${after}`, { param: "after" });
    const data = all.slice(start, start + limit);
    const hasMore = start + limit < all.length;
    sendJson(res, 200, { object: "list", task_id: task.id, data, has_more: hasMore, next_cursor: hasMore ? data.at(-1)!.id : null }, { "x-request-id": "req_sim_events" });
  }

  return {
    charges,
    tasks,
    async handle(req, res) {
      if (!bearerToken(req)) return error(res, 401, "invalid_api_key", "authentication_error", "Missing bearer API key");
      const url = new URL(req.url ?? "/", "http://simulator");
      if (req.method === "POST" && url.pathname === "/api/v1/tasks") return create(req, res);
      const match = /^\/api\/v1\/tasks\/([^/]+)(\/events)?$/.exec(url.pathname);
      if (req.method === "GET" && match) {
        const task = tasks.get(decodeURIComponent(match[1]!));
        if (!task) return error(res, 404, "task_not_found", "not_found_error", `Task ${match[1]} was not found`, { param: "task_id" });
        if (match[2]) return events(res, task, url.searchParams);
        const { body, retryAfter } = view(task);
        return sendJson(res, 200, body, { "x-request-id": body.request_id, ...(retryAfter ? { "retry-after": retryAfter } : {}) });
      }
      error(res, 404, "not_found", "not_found_error", `No route ${req.method} ${url.pathname}`);
    },
  };
}
