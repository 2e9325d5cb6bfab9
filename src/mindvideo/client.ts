import createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi/mindvideo.js";
import { apiServers } from "../../generated/models/servers.js";
import { callOperation } from "../call.js";
import { createConfig, type ClientOptions, type RequestOptions, type ResolvedConfig } from "../config.js";
import { assertTaskId } from "../checks.js";
import { InvalidResponseError } from "../errors.js";
import type { GenerationClient } from "../generations.js";
import { createTaskResource, generationClient, type TaskResource } from "../task-resource.js";
import { mindVideoTaskSpec, type MindVideoApi } from "./adapter.js";
import type { CreateOptions, CreateTaskParams, CreatedTask, EventsOptions, MindVideoModel, RunOptions, SucceededTask, Task, TaskEventList, WaitOptions } from "./types.js";

export const MINDVIDEO_DEFAULTS = Object.freeze({
  clientName: "MindVideo",
  apiKeyEnv: "MINDVIDEO_API_KEY",
  baseUrl: apiServers.mindvideo,
} as const);

export type MindVideoOptions = ClientOptions;

/** `client.tasks`: MindVideo's task API. */
export interface Tasks {
  /** Submits a task. Validates `input` first (nothing is sent when it is invalid). */
  create<M extends MindVideoModel>(params: CreateTaskParams<M>, options?: CreateOptions): Promise<CreatedTask>;
  get(taskId: string, options?: RequestOptions): Promise<Task>;
  events(taskId: string, options?: EventsOptions): Promise<TaskEventList>;
  /** Polls until the task is succeeded, failed or cancelled, and returns it in that state. */
  wait(taskId: string, options?: WaitOptions): Promise<Task>;
  /** create + wait; resolves to the succeeded task, typed by the model's output kind. */
  run<M extends MindVideoModel>(params: CreateTaskParams<M>, options?: RunOptions): Promise<SucceededTask<M> & { readonly idempotencyKey: string }>;
}

export class MindVideo {
  readonly tasks: Tasks;
  /** The provider-neutral interface shared with the gateway. */
  readonly generations: GenerationClient;
  readonly #config: ResolvedConfig;

  constructor(options: MindVideoOptions = {}) {
    this.#config = createConfig(options, MINDVIDEO_DEFAULTS);
    const api = createClient<paths>({ baseUrl: this.#config.baseUrl });
    const resource = createTaskResource(this.#config, mindVideoTaskSpec(this.#config, api));
    this.tasks = new MindVideoTasks(this.#config, api, resource);
    this.generations = generationClient(resource);
  }

  get baseUrl(): string {
    return this.#config.baseUrl;
  }
}

class MindVideoTasks implements Tasks {
  readonly #config: ResolvedConfig;
  readonly #api: MindVideoApi;
  readonly #resource: TaskResource<Task>;

  constructor(config: ResolvedConfig, api: MindVideoApi, resource: TaskResource<Task>) {
    this.#config = config;
    this.#api = api;
    this.#resource = resource;
  }

  async create<M extends MindVideoModel>(params: CreateTaskParams<M>, options: CreateOptions = {}): Promise<CreatedTask> {
    const { task, idempotencyKey } = await this.#resource.create(params, options);
    return { ...task, idempotencyKey: idempotencyKey! };
  }

  get(taskId: string, options: RequestOptions = {}): Promise<Task> {
    return this.#resource.get(taskId, options);
  }

  async events(taskId: string, options: EventsOptions = {}): Promise<TaskEventList> {
    assertTaskId(taskId, "MindVideo tasks.events");
    const { after, limit, ...requestOptions } = options;
    const query = { ...(after === undefined ? {} : { after }), ...(limit === undefined ? {} : { limit }) };
    const { data, response } = await callOperation(this.#config, { ...requestOptions, retryPolicy: "idempotent" }, (init) =>
      this.#api.GET("/api/v1/tasks/{task_id}/events", { params: { path: { task_id: taskId }, query }, ...init }),
    );
    if (typeof data !== "object" || data === null || Array.isArray(data) || !Array.isArray((data as { data?: unknown }).data)) {
      throw new InvalidResponseError({ status: response.status, message: `MindVideo tasks.events: the ${response.status} answer is not a list of events (an object whose data is an array)` });
    }
    return data as TaskEventList;
  }

  wait(taskId: string, options: WaitOptions = {}): Promise<Task> {
    return this.#resource.wait(taskId, options);
  }

  async run<M extends MindVideoModel>(params: CreateTaskParams<M>, options: RunOptions = {}): Promise<SucceededTask<M> & { readonly idempotencyKey: string }> {
    const { task, idempotencyKey } = await this.#resource.run(params, options);
    return { ...(task as unknown as SucceededTask<M>), idempotencyKey: idempotencyKey! };
  }
}
