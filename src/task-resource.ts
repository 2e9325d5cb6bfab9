/**
 * One task resource, parameterized by provider: create a task, read it, wait for it, run it. Both
 * clients are thin typed fronts over one of these, and the neutral GenerationClient is built from
 * it once; what differs between the providers (paths, terminal and success statuses, the retry
 * policy of a create, the options it can honour, the normalizer) is data in a TaskResourceSpec.
 */
import type { Provider } from "../generated/models/registry.js";
import { callOperation, type CallInit } from "./call.js";
import { assertTaskId, assertTaskObject } from "./checks.js";
import type { RequestOptions, ResolvedConfig } from "./config.js";
import { InvalidResponseError, TaskFailedError, UnsupportedOptionError } from "./errors.js";
import type { GenerationClient, GenerationSubmitOptions, GenerationTask, GenerationWaitOptions } from "./generations.js";
import { waitForTask, type PollObservation, type TaskWaitOptions } from "./poll.js";
import { retryAfterMs } from "./retry.js";
import type { RetryPolicy } from "./transport.js";

/** The least a provider's task is: a status, maybe a progress. */
export interface TaskShape {
  status: string;
  progress?: number | undefined;
}

type Sent = Promise<{ response: Response }>;

/** Options of a create: per-request ones, plus what shapes the body. */
export interface TaskCreateOptions extends RequestOptions {
  idempotencyKey?: string | undefined;
  validate?: boolean | undefined;
  applyDefaults?: boolean | undefined;
}

/** create options and wait options; `timeoutMs` is the overall deadline, `requestTimeoutMs` each request's. */
export type TaskRunOptions<T> = Omit<TaskCreateOptions, "timeoutMs"> & TaskWaitOptions<T>;

export interface TaskResourceSpec<T extends TaskShape> {
  provider: Provider;
  /** Used in messages: "MindVideo", "VideoGateway". */
  clientName: string;
  /** Labels of the operations in messages, e.g. "MindVideo tasks.create". */
  labels: { create: string; get: string; wait: string };
  /** Where the id is in a create answer (`task_id`, `id`). */
  idField: string;
  terminal: ReadonlySet<string>;
  /** The one terminal status that is a success. */
  succeeded: string;
  /**
   * "idempotent" when a create carries an Idempotency-Key the server honours (retried like a GET);
   * "unsent-only" when a retry could create a second task (retried only when certainly not sent).
   */
  createRetryPolicy: RetryPolicy;
  /** Options a create cannot honour on this provider, with the reason: refused, never dropped. */
  unsupported: Readonly<Partial<Record<keyof TaskCreateOptions, string>>>;
  /** Checks (and completes) the body; throws InputValidationError; nothing is sent when it throws. */
  prepare(params: unknown, options: TaskCreateOptions): Promise<unknown>;
  sendCreate(body: unknown, init: CallInit): Sent;
  sendGet(taskId: string, init: CallInit): Sent;
  /** What the answer says about the time left, if the provider says anything. */
  remainingMs?: ((task: T) => number | undefined) | undefined;
  normalize(task: T): GenerationTask;
  /** A neutral request as this provider's create params. */
  toParams(request: { model: string; input: unknown }): unknown;
}

export interface Created<T> {
  task: T;
  /** The server's Retry-After on the create answer: the first wait of a run. */
  retryAfterMs: number | undefined;
  /** The key the create was sent with; undefined where the provider has none. */
  idempotencyKey: string | undefined;
}

export interface TaskResource<T extends TaskShape> {
  readonly spec: TaskResourceSpec<T>;
  create(params: unknown, options?: TaskCreateOptions): Promise<Created<T>>;
  get(taskId: string, options?: RequestOptions): Promise<T>;
  wait(taskId: string, options?: TaskWaitOptions<T>, initial?: PollObservation<T>): Promise<T>;
  /** create + wait; resolves to the succeeded task, throws TaskFailedError on another terminal status. */
  run(params: unknown, options?: TaskRunOptions<T>): Promise<Created<T>>;
}

export function createTaskResource<T extends TaskShape>(config: ResolvedConfig, spec: TaskResourceSpec<T>): TaskResource<T> {
  const observe = async (taskId: string, options: RequestOptions): Promise<PollObservation<T>> => {
    const { data, response } = await callOperation(config, { ...options, retryPolicy: "idempotent" }, (init) => spec.sendGet(taskId, init));
    assertTaskObject(data, response.status, spec.labels.get);
    return { value: data as unknown as T, retryAfterMs: retryAfterMs(response.headers) };
  };

  const wait = async (taskId: string, options: TaskWaitOptions<T> = {}, initial?: PollObservation<T>): Promise<T> => {
    assertTaskId(taskId, spec.labels.wait);
    return waitForTask(taskId, spec.terminal, (request) => observe(taskId, request), { ...options, clock: options.clock ?? config.clock }, initial, spec.remainingMs);
  };

  const create = async (params: unknown, options: TaskCreateOptions = {}): Promise<Created<T>> => {
    for (const [option, reason] of Object.entries(spec.unsupported)) {
      if (options[option as keyof TaskCreateOptions] !== undefined) throw new UnsupportedOptionError(option, spec.clientName, reason);
    }
    const body = await spec.prepare(params, options);
    const idempotencyKey = spec.createRetryPolicy === "idempotent" ? (options.idempotencyKey ?? crypto.randomUUID()) : undefined;
    const { data, response } = await callOperation(config, { ...options, retryPolicy: spec.createRetryPolicy, idempotencyKey }, (init) => spec.sendCreate(body, init));
    assertTaskObject(data, response.status, spec.labels.create);
    const id = data[spec.idField];
    if (typeof id !== "string" || id === "") throw new InvalidResponseError({ status: response.status, message: `${spec.labels.create}: the answer has no ${spec.idField}`, idempotencyKey });
    return { task: data as unknown as T, retryAfterMs: retryAfterMs(response.headers), idempotencyKey };
  };

  const run = async (params: unknown, options: TaskRunOptions<T> = {}): Promise<Created<T>> => {
    const { timeoutMs: _deadline, requestTimeoutMs, onUpdate: _onUpdate, pollIntervalMs: _min, maxPollIntervalMs: _max, clock: _clock, ...createOptions } = options;
    const created = await create(params, { ...createOptions, timeoutMs: requestTimeoutMs });
    const id = (created.task as unknown as Record<string, string>)[spec.idField]!;
    // The create answer is the first observation: its Retry-After (the server's ETA) sets the first wait.
    const task = spec.terminal.has(created.task.status) ? created.task : await wait(id, options, { value: created.task, retryAfterMs: created.retryAfterMs });
    if (task.status !== spec.succeeded) throw new TaskFailedError(task, id, errorDetail(task));
    return { ...created, task };
  };

  // A plain read: no Retry-After to look up, one async step fewer than a poll's observation.
  const get = async (taskId: string, options: RequestOptions = {}): Promise<T> => {
    assertTaskId(taskId, spec.labels.get);
    const { data, response } = await callOperation(config, { ...options, retryPolicy: "idempotent" }, (init) => spec.sendGet(taskId, init));
    assertTaskObject(data, response.status, spec.labels.get);
    return data as unknown as T;
  };

  return { spec, create, get, wait, run };
}

/** The provider-neutral client over one resource: the same four calls for every provider. */
export function generationClient<T extends TaskShape>(resource: TaskResource<T>): GenerationClient {
  const { spec } = resource;
  const neutralUpdates = <O extends GenerationWaitOptions>(options: O) => ({ ...options, onUpdate: options.onUpdate && ((task: T) => options.onUpdate!(spec.normalize(task))) });
  return {
    provider: spec.provider,
    submit: async (request, options: GenerationSubmitOptions = {}) => spec.normalize((await resource.create(spec.toParams(request), options)).task),
    get: async (id, options) => spec.normalize(await resource.get(id, options)),
    wait: async (id, options = {}) => spec.normalize(await resource.wait(id, neutralUpdates(options))),
    run: async (request, options = {}) => {
      try {
        return spec.normalize((await resource.run(spec.toParams(request), neutralUpdates(options))).task);
      } catch (error) {
        if (!(error instanceof TaskFailedError)) throw error;
        // Failures carry the neutral task, like everything else this client returns.
        throw new TaskFailedError(spec.normalize(error.task as T), error.taskId, errorDetail(error.task));
      }
    },
  };
}

/** The provider's own failure message, as TaskFailedError quotes it (bounded). */
function errorDetail(task: unknown): string | undefined {
  const message = (task as { error?: { message?: unknown } | null }).error?.message;
  return typeof message === "string" && message !== "" ? message.slice(0, 1_000) : undefined;
}
