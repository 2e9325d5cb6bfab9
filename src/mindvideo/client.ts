import createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi/mindvideo.js";
import { apiServers } from "../../generated/models/servers.js";
import { callOperation } from "../call.js";
import { loadValidation } from "../lazy-validation.js";
import { createConfig, type ClientOptions, type RequestOptions, type ResolvedConfig } from "../config.js";
import { assertTaskId, assertTaskObject } from "../checks.js";
import { InputValidationError, InvalidResponseError, TaskFailedError } from "../errors.js";
import { mindVideoGenerations, type GenerationClient } from "../generations.js";
import { waitForTask } from "../poll.js";
import { retryAfterMs } from "../retry.js";
import {
  TERMINAL_STATUSES,
  type CreateOptions,
  type CreateTaskParams,
  type CreatedTask,
  type EventsOptions,
  type MindVideoModel,
  type RunOptions,
  type SucceededTask,
  type Task,
  type TaskEventList,
  type WaitOptions,
} from "./types.js";

export const MINDVIDEO_DEFAULTS = Object.freeze({
  clientName: "MindVideo",
  apiKeyEnv: "MINDVIDEO_API_KEY",
  baseUrl: apiServers.mindvideo,
} as const);

export type MindVideoOptions = ClientOptions;

export class MindVideo {
  readonly tasks: Tasks;
  /** The provider-neutral interface shared with the gateway. */
  readonly generations: GenerationClient;
  readonly #config: ResolvedConfig;

  constructor(options: MindVideoOptions = {}) {
    this.#config = createConfig(options, MINDVIDEO_DEFAULTS);
    this.tasks = new Tasks(this.#config);
    this.generations = mindVideoGenerations(this);
  }

  get baseUrl(): string {
    return this.#config.baseUrl;
  }
}

export class Tasks {
  readonly #config: ResolvedConfig;
  readonly #api: ReturnType<typeof createClient<paths>>;

  constructor(config: ResolvedConfig) {
    this.#config = config;
    this.#api = createClient<paths>({ baseUrl: config.baseUrl });
  }

  /** Submits a task. Validates `input` first (nothing is sent when it is invalid). */
  async create<M extends MindVideoModel>(params: CreateTaskParams<M>, options: CreateOptions = {}): Promise<CreatedTask> {
    return (await this.#create(params as { model: string; input: unknown }, options)).task;
  }

  async #create(params: { model: string; input: unknown }, options: CreateOptions): Promise<{ task: CreatedTask; retryAfterMs: number | undefined }> {
    const body = await this.#checked(params, options);
    const idempotencyKey = options.idempotencyKey ?? crypto.randomUUID();
    const { data, response } = await callOperation(this.#config, { ...options, retryPolicy: "idempotent", idempotencyKey }, (init) =>
      this.#api.POST("/api/v1/tasks", { body: body as never, ...init }),
    );
    assertTaskObject(data, response.status, "MindVideo tasks.create");
    if (typeof data.task_id !== "string") throw new InvalidResponseError({ status: response.status, message: "MindVideo tasks.create: the answer has no task_id", idempotencyKey });
    return { task: { ...(data as unknown as Task), idempotencyKey }, retryAfterMs: retryAfterMs(response.headers) };
  }

  async get(taskId: string, options: RequestOptions = {}): Promise<Task> {
    assertTaskId(taskId, "MindVideo tasks.get");
    return (await this.#observe(taskId, options)).value;
  }

  async events(taskId: string, options: EventsOptions = {}): Promise<TaskEventList> {
    assertTaskId(taskId, "MindVideo tasks.events");
    const { after, limit, ...requestOptions } = options;
    const query = { ...(after === undefined ? {} : { after }), ...(limit === undefined ? {} : { limit }) };
    const { data } = await callOperation(this.#config, { ...requestOptions, retryPolicy: "idempotent" }, (init) =>
      this.#api.GET("/api/v1/tasks/{task_id}/events", { params: { path: { task_id: taskId }, query }, ...init }),
    );
    return data as TaskEventList;
  }

  /** Polls until the task is succeeded, failed or cancelled, and returns it in that state. */
  async wait(taskId: string, options: WaitOptions = {}): Promise<Task> {
    return this.#wait(taskId, options, undefined);
  }

  #wait(taskId: string, options: WaitOptions, initial: { value: Task; retryAfterMs: number | undefined } | undefined): Promise<Task> {
    assertTaskId(taskId, "MindVideo tasks.wait");
    return waitForTask(taskId, TERMINAL_STATUSES, async (request) => this.#observe(taskId, request), { ...options, clock: options.clock ?? this.#config.clock }, initial);
  }

  /** create + wait; resolves to the succeeded task, typed by the model's output kind. */
  async run<M extends MindVideoModel>(params: CreateTaskParams<M>, options: RunOptions = {}): Promise<SucceededTask<M> & { readonly idempotencyKey: string }> {
    const { timeoutMs, requestTimeoutMs, signal, maxRetries, clock: _clock, ...rest } = options;
    const { task: created, retryAfterMs } = await this.#create(params as { model: string; input: unknown }, { ...rest, signal, maxRetries, timeoutMs: requestTimeoutMs });
    // The create answer is the first observation: its Retry-After (the server's ETA) sets the first wait.
    const task = TERMINAL_STATUSES.has(created.status) ? created : await this.#wait(created.task_id, options, { value: created, retryAfterMs });
    if (task.status !== "succeeded") throw new TaskFailedError(task, created.task_id, task.error?.message ?? undefined);
    return { ...(task as unknown as SucceededTask<M>), idempotencyKey: created.idempotencyKey };
  }

  async #observe(taskId: string, options: RequestOptions): Promise<{ value: Task; retryAfterMs: number | undefined }> {
    const { data, response } = await callOperation(this.#config, { ...options, retryPolicy: "idempotent" }, (init) =>
      this.#api.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: taskId } }, ...init }),
    );
    assertTaskObject(data, response.status, "MindVideo tasks.get");
    return { value: data as unknown as Task, retryAfterMs: retryAfterMs(response.headers) };
  }

  async #checked(params: { model: string; input: unknown }, options: CreateOptions): Promise<{ model: string; input: unknown }> {
    if (!(options.validate ?? this.#config.validate)) return params;
    // Loaded on first use: bundlers split the validators (every model's schema) into their own chunk.
    const { validateInput } = await loadValidation();
    const result = validateInput(params?.model, params?.input, { provider: "mindvideo", applyDefaults: options.applyDefaults });
    if (!result.ok) throw new InputValidationError(String(params?.model), result.errors);
    return { model: params.model, input: result.value };
  }
}
