/**
 * The video generations gateway, simulated: tasks and callbacks delivered with the schedule the
 * spec states (x-callback-policy), to public https:// receivers only (see callback-target.ts).
 */
import type { ModelSlug } from "../../generated/models/registry.js";
import { validateInput } from "../validation.js";
import { callbackTarget } from "./callback-target.js";
import { CALLBACK_POLICY, GATEWAY_CREDITS_PER_SECOND } from "./facts.js";
import { decodeSegment, parseJson, reply, type Incoming, type Reply } from "./http.js";
import { lifecycleFor, snapshot } from "./lifecycle.js";
import { outputUrl } from "./outputs.js";
import type { CallbackDelivery, RequestContext, SimulatorState, StoredTask } from "./state.js";

export function gatewayError(ctx: RequestContext, status: number, type: string, message: string, param?: string, headers: Record<string, string> = {}): Reply {
  return reply(status, { error: { code: status, message, type, ...(param ? { param } : {}) } }, { "x-request-id": ctx.requestId, ...headers });
}

const STATUS = { queued: "pending", processing: "processing", succeeded: "completed", failed: "failed", cancelled: "cancelled" } as const;

export function gatewayView(state: SimulatorState, task: StoredTask, origin: string) {
  const at = state.clock.now();
  const snap = snapshot(task.life, at);
  const ended = snap.phase !== "queued" && snap.phase !== "processing";
  const seconds = (ms: number) => Math.floor(ms / 1000);
  return {
    created: seconds(task.life.createdAt),
    ...(ended ? { completed: seconds(snap.endsAt) } : {}),
    id: task.id,
    model: task.model,
    object: "video.generation.task",
    progress: snap.progress,
    status: STATUS[snap.phase],
    task_info: { can_cancel: !ended, estimated_time: Math.max(0, Math.ceil((snap.endsAt - at) / 1000)), video_duration: Number(task.input.duration ?? 5) },
    type: "video",
    usage: { billing_rule: "per_second", credits_reserved: task.cost, user_group: "default" },
    ...(snap.phase === "succeeded" ? { result: { videos: [{ url: outputUrl(origin, task, 0), expires_at: seconds(task.linksExpireAt) }] } } : {}),
    ...(snap.phase === "failed" ? { error: { code: "generation_failed", message: "The simulated model failed (prompt marker [fail] or scenario fail)." } } : {}),
    ...(snap.phase === "cancelled" ? { error: { code: "cancelled", message: "The task was cancelled (prompt marker [cancel] or scenario cancel)." } } : {}),
  };
}

async function deliver(state: SimulatorState, task: StoredTask, target: URL, origin: string, attempt: number): Promise<void> {
  const body = gatewayView(state, task, origin);
  const record: CallbackDelivery = { taskId: task.id, url: target.href, attempt, at: state.clock.now(), body };
  state.deliveries.push(record);
  const abort = new AbortController();
  const timeout = state.clock.setTimeout(() => abort.abort(new Error("callback timed out")), CALLBACK_POLICY.timeoutSeconds * 1000 * state.callbackTimeScale);
  try {
    const response = await state.fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), redirect: "manual", signal: abort.signal });
    record.status = response.status;
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) return;
  } catch (cause) {
    record.error = (cause as Error).message;
  } finally {
    state.clock.clearTimeout(timeout);
  }
  const delay = CALLBACK_POLICY.retryDelaysSeconds[attempt - 1];
  // Stryker disable next-line LogicalOperator: the policy has one delay per retry, so both operands are true for the same attempts and && equals ||
  if (attempt <= CALLBACK_POLICY.maxRetries && delay !== undefined) state.later(delay * 1000 * state.callbackTimeScale, () => void deliver(state, task, target, origin, attempt + 1));
}

async function create(state: SimulatorState, request: Incoming, ctx: RequestContext): Promise<Reply> {
  const read = await request.body(state.maxBodyBytes);
  if (!read.ok) {
    return read.reason === "too-large"
      ? gatewayError(ctx, 413, "request_too_large_error", `Request body too large (the limit is ${state.maxBodyBytes} bytes)`)
      : gatewayError(ctx, 400, "invalid_request_error", "The request body could not be read");
  }
  const parsed = parseJson(read.text);
  const body = parsed.ok ? parsed.value : undefined;
  if (!parsed.ok || !body || typeof body !== "object" || Array.isArray(body)) {
    return gatewayError(ctx, 400, "invalid_request_error", parsed.ok ? "The body must be a JSON object" : "The body is not valid JSON");
  }
  const { model, ...input } = body as Record<string, unknown>;
  const checked = validateInput(String(model), input, { provider: "gateway", prefix: "" });
  if (!checked.ok) return gatewayError(ctx, 400, "invalid_request_error", checked.errors.map((e) => e.message).join("; "), checked.errors[0]!.path || undefined);
  let target: URL | undefined;
  if (typeof input.callback_url === "string") {
    const checkedTarget = callbackTarget(input.callback_url, state.allowLoopbackCallbacks);
    if (!checkedTarget.ok) return gatewayError(ctx, 400, "invalid_request_error", checkedTarget.reason, "callback_url");
    target = checkedTarget.url;
  }
  const now = state.clock.now();
  const life = lifecycleFor(input.prompt, state.timing, now, ctx.scenario);
  const endsAt = snapshot(life, now).endsAt;
  const task: StoredTask = {
    provider: "gateway",
    id: `task-unified-${Math.floor(now / 1000)}-sim${++state.counter}`,
    tenant: ctx.tenant,
    model: model as ModelSlug,
    input,
    life,
    // Stryker disable next-line ArithmeticOperator: GATEWAY_CREDITS_PER_SECOND is 1 (seed 003: 8 credits for 8 s), so multiplying and dividing by it agree
    cost: Number(input.duration ?? 5) * GATEWAY_CREDITS_PER_SECOND,
    scenario: ctx.scenario,
    linksExpireAt: ctx.scenario === "expired-links" ? endsAt : endsAt + state.linkTtlMs,
  };
  state.tasks.set(task.id, task);
  state.charges.push({ taskId: task.id, amount: task.cost });
  if (target) {
    const to = target;
    state.later(endsAt - now, () => void deliver(state, task, to, ctx.origin, 1));
  }
  const { completed: _completed, result: _result, error: _error, ...created } = gatewayView(state, task, ctx.origin) as Record<string, unknown>;
  return reply(200, created, { "x-request-id": ctx.requestId });
}

/** Answers a /v1/... request (auth and scenarios already handled). */
export async function handleGateway(state: SimulatorState, request: Incoming, url: URL, ctx: RequestContext): Promise<Reply> {
  if (url.pathname === "/v1/videos/generations" && request.method === "POST") return create(state, request, ctx);
  const match = /^\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
  if (request.method !== "GET" || !match) return gatewayError(ctx, 404, "not_found_error", `No route ${request.method} ${url.pathname}`);
  const id = decodeSegment(match[1]!);
  if (id === undefined) return gatewayError(ctx, 400, "invalid_request_error", "The task id in the path is not valid percent-encoding", "task_id");
  const task = state.tasks.get(id);
  if (!task || task.provider !== "gateway" || task.tenant !== ctx.tenant) return gatewayError(ctx, 404, "not_found_error", "Task not found", "task_id");
  return reply(200, gatewayView(state, task, ctx.origin), { "x-request-id": ctx.requestId });
}
