import createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi/gateway.js";
import { apiServers } from "../../generated/models/servers.js";
import { callOperation } from "../call.js";
import { loadValidation } from "../lazy-validation.js";
import { createConfig, type ClientOptions, type RequestOptions, type ResolvedConfig } from "../config.js";
import { assertTaskId, assertTaskObject } from "../checks.js";
import { InputValidationError, InvalidResponseError, TaskFailedError } from "../errors.js";
import { gatewayGenerations, type GenerationClient } from "../generations.js";
import { waitForTask } from "../poll.js";
import { retryAfterMs } from "../retry.js";
import {
  GATEWAY_TERMINAL_STATUSES,
  type GatewayCreateOptions,
  type GatewayModel,
  type GatewayRunOptions,
  type GatewayWaitOptions,
  type VideoGenerationParams,
  type VideoGenerationResponse,
  type VideoTask,
} from "./types.js";

export const GATEWAY_DEFAULTS = Object.freeze({
  clientName: "VideoGateway",
  apiKeyEnv: "VIDEO_GATEWAY_API_KEY",
  baseUrl: apiServers.gateway,
} as const);

export type VideoGatewayOptions = ClientOptions;

/**
 * The OpenAI-style video generations gateway. It documents no idempotency header, so a create is
 * retried only when the request certainly never reached the server; GETs retry as usual.
 */
export class VideoGateway {
  readonly videos: Videos;
  readonly tasks: GatewayTasks;
  /** The provider-neutral interface shared with MindVideo. */
  readonly generations: GenerationClient;

  constructor(options: VideoGatewayOptions = {}) {
    const config = createConfig(options, GATEWAY_DEFAULTS);
    const api = createClient<paths>({ baseUrl: config.baseUrl });
    this.tasks = new GatewayTasks(config, api);
    this.videos = new Videos(config, api, this.tasks);
    this.generations = gatewayGenerations(this);
  }
}

type Api = ReturnType<typeof createClient<paths>>;

export class Videos {
  readonly #config: ResolvedConfig;
  readonly #api: Api;
  readonly #tasks: GatewayTasks;

  constructor(config: ResolvedConfig, api: Api, tasks: GatewayTasks) {
    this.#config = config;
    this.#api = api;
    this.#tasks = tasks;
  }

  /** Starts a generation. Validates the body first, callback_url included; nothing is sent when it is invalid. */
  async create<M extends GatewayModel>(params: VideoGenerationParams<M>, options: GatewayCreateOptions = {}): Promise<VideoGenerationResponse> {
    const body = await this.#checked(params as unknown as { model: string } & Record<string, unknown>, options);
    const { data, response } = await callOperation(this.#config, { ...options, retryPolicy: "unsent-only" }, (init) =>
      this.#api.POST("/v1/videos/generations", { body: body as never, ...init }),
    );
    assertTaskObject(data, response.status, "VideoGateway create");
    return data as VideoGenerationResponse;
  }

  /** create + wait; resolves to the completed task, throws TaskFailedError on failed or cancelled. */
  async run<M extends GatewayModel>(params: VideoGenerationParams<M>, options: GatewayRunOptions = {}): Promise<VideoTask & { status: "completed" }> {
    const { timeoutMs: _deadline, requestTimeoutMs, signal, maxRetries, onUpdate: _onUpdate, pollIntervalMs: _p, maxPollIntervalMs: _m, ...createOptions } = options;
    const created = await this.create(params, { ...createOptions, signal, maxRetries, timeoutMs: requestTimeoutMs });
    const id = created.id;
    if (typeof id !== "string" || id === "") throw new InvalidResponseError({ message: "VideoGateway create: the answer has no task id" });
    const task = await this.#tasks.wait(id, options);
    if (task.status !== "completed") throw new TaskFailedError(task, id, task.error?.message);
    return task as VideoTask & { status: "completed" };
  }

  async #checked(params: { model: string } & Record<string, unknown>, options: GatewayCreateOptions): Promise<Record<string, unknown>> {
    if (typeof params !== "object" || params === null) throw new InputValidationError("unknown", [{ path: "", message: "the request must be an object with model and prompt" }]);
    const { model, ...input } = params;
    const label = String(model);
    // callback_url is refused when it is anything but a safe string, whatever `validate` says.
    const problems = "callback_url" in input && input.callback_url !== undefined ? (await loadCallbackUrlChecks()).callbackUrlProblems(input.callback_url, label) : [];
    let body: Record<string, unknown> = params;
    if (options.validate ?? this.#config.validate) {
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
}

export class GatewayTasks {
  readonly #config: ResolvedConfig;
  readonly #api: Api;

  constructor(config: ResolvedConfig, api: Api) {
    this.#config = config;
    this.#api = api;
  }

  async get(taskId: string, options: RequestOptions = {}): Promise<VideoTask> {
    assertTaskId(taskId, "VideoGateway tasks.get");
    return (await this.#observe(taskId, options)).value;
  }

  /** Polls until completed, failed or cancelled. */
  async wait(taskId: string, options: GatewayWaitOptions = {}): Promise<VideoTask> {
    assertTaskId(taskId, "VideoGateway tasks.wait");
    return waitForTask(taskId, GATEWAY_TERMINAL_STATUSES, async (request) => this.#observe(taskId, request), { ...options, clock: options.clock ?? this.#config.clock }, undefined, estimatedRemainingMs);
  }

  async #observe(taskId: string, options: RequestOptions): Promise<{ value: VideoTask; retryAfterMs: number | undefined }> {
    const { data, response } = await callOperation(this.#config, { ...options, retryPolicy: "idempotent" }, (init) =>
      this.#api.GET("/v1/tasks/{task_id}", { params: { path: { task_id: taskId } }, ...init }),
    );
    assertTaskObject(data, response.status, "VideoGateway tasks.get");
    return { value: data as VideoTask, retryAfterMs: retryAfterMs(response.headers) };
  }
}

/** The gateway's own estimate of the time left (`task_info.estimated_time`, seconds), if sane. */
function estimatedRemainingMs(task: VideoTask): number | undefined {
  const seconds = (task as { task_info?: { estimated_time?: unknown } }).task_info?.estimated_time;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
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
