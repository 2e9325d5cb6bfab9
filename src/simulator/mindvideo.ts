/** The MindVideo task API, simulated: tasks, events, idempotency and costs as the seeds describe. */
import { models, type ModelSlug } from "../../generated/models/registry.js";
import { validateInput } from "../validation.js";
import { estimateCost, MAX_RETRY_AFTER_SECONDS } from "./facts.js";
import { canonicalJson, decodeSegment, parseJson, reply, type Incoming, type Reply } from "./http.js";
import { sha256HexSync } from "./sha256.js";
import { eventsUntil, lifecycleFor, snapshot } from "./lifecycle.js";
import { outputUrl } from "./outputs.js";
import type { RequestContext, SimulatorState, StoredTask } from "./state.js";

const IDEMPOTENCY_KEY_MAX = 255;

export function mindvideoError(ctx: RequestContext, status: number, code: string, type: string, message: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}): Reply {
  return reply(status, { error: { code, message, type, ...extra }, request_id: ctx.requestId }, { "x-request-id": ctx.requestId, ...headers });
}

const iso = (ms: number) => new Date(ms).toISOString();

export function mindvideoView(state: SimulatorState, task: StoredTask, ctx: RequestContext) {
  const at = state.clock.now();
  const snap = snapshot(task.life, at);
  const ended = snap.phase !== "queued" && snap.phase !== "processing";
  const succeeded = snap.phase === "succeeded";
  const body = {
    request_id: ctx.requestId,
    task_id: task.id,
    model: task.model,
    status: snap.phase,
    progress: snap.progress,
    cost_estimate: task.cost,
    cost_actual: ended ? (succeeded ? task.cost : 0) : null,
    output: succeeded ? outputsOf(task, ctx) : null,
    error:
      snap.phase === "failed"
        ? { code: "generation_failed", message: "The simulated model failed (prompt marker [fail] or scenario fail)." }
        : snap.phase === "cancelled"
          ? { code: "cancelled", message: "The task was cancelled (prompt marker [cancel] or scenario cancel)." }
          : null,
    created_at: iso(task.life.createdAt),
    updated_at: iso(Math.min(at, snap.endsAt)),
    completed_at: ended ? iso(snap.endsAt) : null,
  };
  const retryAfter = ended || !state.pollHints ? undefined : String(Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil((snap.endsAt - at) / 1000))));
  return { body, retryAfter };
}

function outputsOf(task: StoredTask, ctx: RequestContext) {
  if (models[task.model].output === "image") {
    const count = Number(task.input.n ?? 1);
    return { images: Array.from({ length: count }, (_, i) => ({ url: outputUrl(ctx.origin, task, i) })) };
  }
  return { videos: [{ url: outputUrl(ctx.origin, task, 0) }] };
}

async function create(state: SimulatorState, request: Incoming, ctx: RequestContext): Promise<Reply> {
  const key = request.header("idempotency-key");
  if (key !== null && (key.length < 1 || key.length > IDEMPOTENCY_KEY_MAX)) {
    return mindvideoError(ctx, 400, "invalid_request", "invalid_request_error", `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_MAX} characters (got ${key.length})`, { param: "Idempotency-Key" });
  }
  const read = await request.body(state.maxBodyBytes);
  if (!read.ok) {
    return read.reason === "too-large"
      ? mindvideoError(ctx, 413, "request_too_large", "request_too_large_error", `Request body too large (the limit is ${state.maxBodyBytes} bytes)`)
      : mindvideoError(ctx, 400, "invalid_json", "invalid_request_error", "The request body could not be read");
  }
  const parsed = parseJson(read.text);
  const body = parsed.ok ? parsed.value : undefined;
  if (!parsed.ok || !body || typeof body !== "object" || Array.isArray(body)) {
    return mindvideoError(ctx, 400, "invalid_json", "invalid_request_error", parsed.ok ? "The body must be a JSON object" : "The body is not valid JSON");
  }
  const { model, input } = body as { model?: unknown; input?: unknown };
  const checked = validateInput(String(model), input, { provider: "mindvideo" });
  if (!checked.ok) return mindvideoError(ctx, 400, "invalid_input", "invalid_request_error", checked.errors.map((e) => e.message).join("; "), { param: checked.errors[0]!.path });
  const scopedKey = key === null ? undefined : `${ctx.tenant} ${key}`;
  // Only a keyed create needs the payload's fingerprint.
  const fingerprint = scopedKey === undefined ? "" : sha256HexSync(canonicalJson({ model, input }));
  const previous = scopedKey === undefined ? undefined : state.keys.get(scopedKey);
  if (previous) {
    if (previous.fingerprint !== fingerprint) {
      return mindvideoError(ctx, 409, "idempotency_key_reused", "idempotency_error", "This Idempotency-Key was used with a different request body", { param: "Idempotency-Key" });
    }
    const { body: replay } = mindvideoView(state, state.tasks.get(previous.taskId)!, ctx);
    return reply(200, replay, { "idempotent-replayed": "true", "x-request-id": ctx.requestId });
  }
  const slug = model as ModelSlug;
  const fields = input as Record<string, unknown>;
  const now = state.clock.now();
  const task: StoredTask = {
    provider: "mindvideo",
    id: `task_sim_${++state.counter}_${crypto.randomUUID().slice(0, 6)}`,
    tenant: ctx.tenant,
    model: slug,
    input: fields,
    life: lifecycleFor(fields.prompt, state.timing, now, ctx.scenario),
    cost: estimateCost(slug, fields),
    scenario: ctx.scenario,
    linksExpireAt: Infinity,
  };
  task.linksExpireAt = ctx.scenario === "expired-links" ? snapshot(task.life, now).endsAt : snapshot(task.life, now).endsAt + state.linkTtlMs;
  state.tasks.set(task.id, task);
  state.charges.push({ taskId: task.id, amount: task.cost });
  if (scopedKey !== undefined) state.keys.set(scopedKey, { taskId: task.id, fingerprint });
  const { body: created, retryAfter } = mindvideoView(state, task, ctx);
  return reply(200, created, { "idempotent-replayed": "false", "x-request-id": ctx.requestId, ...(retryAfter ? { "retry-after": retryAfter } : {}) });
}

function events(state: SimulatorState, task: StoredTask, query: URLSearchParams, ctx: RequestContext): Reply {
  const rawLimit = query.get("limit");
  const limit = rawLimit === null ? 20 : Number(rawLimit);
  if (rawLimit !== null && (!/^\d+$/.test(rawLimit) || limit < 1 || limit > 100)) {
    return mindvideoError(ctx, 400, "invalid_request", "invalid_request_error", `limit must be a whole number from 1 to 100 (got ${JSON.stringify(rawLimit)})`, { param: "limit" });
  }
  const all = eventsUntil(task.life, state.clock.now()).map((event, i) => ({
    id: `evt_${task.id}_${i + 1}`,
    task_id: task.id,
    type: `task.${event.type}`,
    status: event.phase,
    progress: event.progress,
    created_at: new Date(event.at).toISOString(),
  }));
  const after = query.get("after");
  const start = after === null ? 0 : all.findIndex((event) => event.id === after) + 1;
  if (after !== null && start === 0) return mindvideoError(ctx, 400, "invalid_cursor", "invalid_request_error", `Unknown cursor ${JSON.stringify(after)}`, { param: "after" });
  const data = all.slice(start, start + limit);
  const hasMore = start + limit < all.length;
  return reply(200, { object: "list", task_id: task.id, data, has_more: hasMore, next_cursor: hasMore ? data.at(-1)!.id : null }, { "x-request-id": ctx.requestId });
}

/** Answers a /api/v1/... request (auth and scenarios already handled). */
export async function handleMindVideo(state: SimulatorState, request: Incoming, url: URL, ctx: RequestContext): Promise<Reply> {
  if (url.pathname === "/api/v1/tasks") {
    if (request.method === "POST") return create(state, request, ctx);
    return mindvideoError(ctx, 404, "not_found", "not_found_error", `No route ${request.method} ${url.pathname}`);
  }
  const match = /^\/api\/v1\/tasks\/([^/]+)(\/events)?$/.exec(url.pathname);
  if (request.method !== "GET" || !match) return mindvideoError(ctx, 404, "not_found", "not_found_error", `No route ${request.method} ${url.pathname}`);
  const id = decodeSegment(match[1]!);
  if (id === undefined) return mindvideoError(ctx, 400, "invalid_request", "invalid_request_error", "The task id in the path is not valid percent-encoding", { param: "task_id" });
  const task = state.tasks.get(id);
  if (!task || task.provider !== "mindvideo" || task.tenant !== ctx.tenant) {
    return mindvideoError(ctx, 404, "task_not_found", "not_found_error", `Task ${JSON.stringify(id)} was not found`, { param: "task_id" });
  }
  if (match[2]) return events(state, task, url.searchParams, ctx);
  const { body, retryAfter } = mindvideoView(state, task, ctx);
  return reply(200, body, { "x-request-id": ctx.requestId, ...(retryAfter ? { "retry-after": retryAfter } : {}) });
}
