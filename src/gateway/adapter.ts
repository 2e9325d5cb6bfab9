/**
 * The gateway's side of the task resource: its paths, statuses, retry policy and input checks
 * (callback_url above all), and the normalizer from its VideoTask to the neutral GenerationTask.
 */
import type createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi/gateway.js";
import type { ResolvedConfig } from "../config.js";
import { InputValidationError } from "../errors.js";
import type { GenerationStatus, GenerationTask } from "../generations.js";
import { loadValidation } from "../lazy-validation.js";
import { files, finiteNumber, isoFromSeconds, neutralStatus, taskError, taskObject, text } from "../normalize.js";
import type { TaskCreateOptions, TaskResourceSpec } from "../task-resource.js";
import { GATEWAY_TERMINAL_STATUSES, type VideoGenerationResponse, type VideoTask } from "./types.js";

export type GatewayApi = ReturnType<typeof createClient<paths>>;

const GATEWAY_STATUS: Readonly<Record<string, GenerationStatus>> = Object.freeze({ pending: "queued", processing: "processing", completed: "succeeded", failed: "failed", cancelled: "cancelled" });
/** The gateway keeps output links for 24 hours after completion. */
const LINK_TTL_MS = 24 * 60 * 60 * 1000;

export function fromGatewayTask(task: VideoTask | VideoGenerationResponse): GenerationTask {
  const t = taskObject(task, "VideoGateway") as VideoTask;
  const result = typeof t.result === "object" && t.result !== null ? (t.result as { videos?: unknown }) : {};
  // Stryker disable next-line ArrayDeclaration: the fallback list is only searched for objects that state expires_at, which no filler entry is
  const rawVideos = Array.isArray(result.videos) ? (result.videos as { url?: unknown; expires_at?: unknown }[]) : [];
  const videos = files(result.videos, "result.videos", "VideoGateway");
  const expires = rawVideos.find((v) => typeof v === "object" && v !== null && v.expires_at !== undefined && v.expires_at !== null)?.expires_at;
  const completed = typeof t.completed === "number" && videos.length > 0 ? t.completed : undefined;
  const expiresAt =
    expires !== undefined
      ? isoFromSeconds(expires, "result.videos[].expires_at", "VideoGateway")
      : completed !== undefined
        ? isoFromSeconds(completed + LINK_TTL_MS / 1000, "completed", "VideoGateway")
        : undefined;
  const progress = finiteNumber(t.progress);
  const reserved = finiteNumber((t.usage as { credits_reserved?: unknown } | undefined)?.credits_reserved);
  const error = taskError(t.error);
  return {
    provider: "gateway",
    id: text(t.id, 256) ?? "",
    model: text(t.model) ?? "",
    ...neutralStatus(t.status, GATEWAY_STATUS),
    ...(progress === undefined ? {} : { progress }),
    outputs: videos.map((v) => ({ kind: "video" as const, url: v.url })),
    cost: { unit: "credits", ...(reserved === undefined ? {} : { estimate: reserved }) },
    ...(error ? { error } : {}),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    raw: task,
  };
}

/** The gateway's own estimate of the time left (`task_info.estimated_time`, seconds), if sane. */
export function estimatedRemainingMs(task: VideoTask): number | undefined {
  const seconds = (task as { task_info?: { estimated_time?: unknown } }).task_info?.estimated_time;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export function gatewayTaskSpec(config: ResolvedConfig, api: GatewayApi): TaskResourceSpec<VideoTask> {
  return {
    provider: "gateway",
    clientName: "VideoGateway",
    labels: { create: "VideoGateway create", get: "VideoGateway tasks.get", wait: "VideoGateway tasks.wait" },
    idField: "id",
    terminal: GATEWAY_TERMINAL_STATUSES,
    succeeded: "completed",
    // No idempotency header is documented: a create is retried only when it certainly never reached the server.
    createRetryPolicy: "unsent-only",
    unsupported: { idempotencyKey: "the video gateway documents no Idempotency-Key; a retried create may start a second task" },
    prepare: (params, options) => checkedBody(params as { model: string } & Record<string, unknown>, options, config),
    sendCreate: (body, init) => api.POST("/v1/videos/generations", { body: body as never, ...init }),
    sendGet: (taskId, init) => api.GET("/v1/tasks/{task_id}", { params: { path: { task_id: taskId } }, ...init }),
    remainingMs: estimatedRemainingMs,
    normalize: fromGatewayTask,
    toParams: (request) => ({ model: request.model, ...(request.input as object) }),
  };
}

/** The body as it will be sent, checked: schema, callback_url (always), and its JSON form again. */
async function checkedBody(params: { model: string } & Record<string, unknown>, options: TaskCreateOptions, config: ResolvedConfig): Promise<Record<string, unknown>> {
  if (typeof params !== "object" || params === null) throw new InputValidationError("unknown", [{ path: "", message: "the request must be an object with model and prompt" }]);
  const { model, ...input } = params;
  const label = String(model);
  // callback_url is refused when it is anything but a safe string, whatever `validate` says.
  const problems = "callback_url" in input && input.callback_url !== undefined ? (await loadCallbackUrlChecks()).callbackUrlProblems(input.callback_url, label) : [];
  let body: Record<string, unknown> = params;
  if (options.validate ?? config.validate) {
    const { validateInput } = await loadValidation();
    const result = validateInput(model, input, { provider: "gateway", prefix: "", applyDefaults: options.applyDefaults });
    const errors = [...(result.ok ? [] : result.errors.filter((e) => !(problems.length > 0 && e.path === "callback_url"))), ...problems];
    if (errors.length > 0) throw new InputValidationError(label, errors);
    body = { model, ...(result as { value: object }).value };
  } else if (problems.length > 0) {
    throw new InputValidationError(label, problems);
  }
  // What is checked is what is sent: the JSON form (toJSON, getters) is checked again and sent as is.
  let wire: unknown;
  try {
    wire = JSON.parse(JSON.stringify(body));
  } catch (error) {
    throw new InputValidationError(label, [{ path: "", message: `the request cannot be sent as JSON for ${label} (${(error as Error).message})` }]);
  }
  if (typeof wire !== "object" || wire === null || Array.isArray(wire)) throw new InputValidationError(label, [{ path: "", message: `the request must serialize to a JSON object for ${label}` }]);
  const sent = wire as Record<string, unknown>;
  // Case-insensitive decoders (Go's encoding/json folds case, and the Kelvin sign to k) would read these as callback_url.
  const lookalike = Object.keys(sent).find((key) => key !== "callback_url" && key.normalize("NFKC").toLowerCase() === "callback_url");
  if (lookalike !== undefined) {
    throw new InputValidationError(label, [{ path: lookalike, message: `${JSON.stringify(lookalike)} is read as callback_url by case-insensitive servers; use the key callback_url for ${label}` }]);
  }
  if ("callback_url" in sent) {
    const late = (await loadCallbackUrlChecks()).callbackUrlProblems(sent.callback_url, label);
    if (late.length > 0) throw new InputValidationError(label, late);
  }
  return sent;
}

/**
 * The callback_url checks (with ipaddr.js, a CommonJS module whose loader costs start-up time) load
 * on the first create that names a callback_url, not when the package is imported.
 */
let callbackUrlChecks: Promise<typeof import("./callback-url.js")> | undefined;
function loadCallbackUrlChecks(): Promise<typeof import("./callback-url.js")> {
  callbackUrlChecks ??= import("./callback-url.js");
  return callbackUrlChecks;
}
