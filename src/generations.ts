/**
 * One interface over both providers: submit, get, wait and run resolve to the same normalized
 * GenerationTask, so an application can switch providers without touching its code.
 */
import type { ModelInputs, ModelSlug, Provider } from "../generated/models/registry.js";
import type { RequestOptions } from "./config.js";
import { TaskFailedError } from "./errors.js";
import type { PollScheduleOptions } from "./poll.js";
import type { GatewayCreateOptions, VideoGenerationResponse, VideoTask } from "./gateway/types.js";
import type { CreateOptions, Task } from "./mindvideo/types.js";

export type GenerationStatus = "queued" | "processing" | "succeeded" | "failed" | "cancelled";

/** What a GenerationTask's cost counts: the gateway's credits, or MindVideo's money. */
export type CostUnit = "credits" | "money";

export interface GenerationTask {
  provider: Provider;
  id: string;
  model: string;
  status: GenerationStatus;
  progress?: number;
  outputs: { kind: "video" | "image"; url: string }[];
  /** In `unit`: the gateway counts credits, MindVideo an amount of money (the account's currency). */
  cost?: { estimate?: number; actual?: number; unit: CostUnit };
  error?: { code?: string; message: string };
  /** When the output links stop working (the gateway's last 24 hours). */
  expiresAt?: string;
  /** The provider's own answer, untouched. */
  raw: unknown;
}

/** `{ model, input }` for any model of either provider, `input` narrowed by `model`. */
export type GenerationRequest<M extends ModelSlug = ModelSlug> = { [K in M]: { model: K; input: ModelInputs[K] } }[M];

export interface GenerationWaitOptions extends PollScheduleOptions {
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  onUpdate?: ((task: GenerationTask) => void) | undefined;
}

export type GenerationSubmitOptions = RequestOptions & Pick<CreateOptions, "validate" | "applyDefaults" | "idempotencyKey">;

export interface GenerationClient {
  readonly provider: Provider;
  submit<M extends ModelSlug>(request: GenerationRequest<M>, options?: GenerationSubmitOptions): Promise<GenerationTask>;
  get(id: string, options?: RequestOptions): Promise<GenerationTask>;
  wait(id: string, options?: GenerationWaitOptions): Promise<GenerationTask>;
  /** submit + wait; throws TaskFailedError (carrying the GenerationTask) on failed or cancelled. */
  run<M extends ModelSlug>(request: GenerationRequest<M>, options?: GenerationSubmitOptions & GenerationWaitOptions): Promise<GenerationTask>;
}

const KNOWN: ReadonlySet<string> = new Set<GenerationStatus>(["queued", "processing", "succeeded", "failed", "cancelled"]);
/** A status neither known nor mappable is reported as still running. */
const normalizeStatus = (status: string): GenerationStatus => (KNOWN.has(status) ? (status as GenerationStatus) : "processing");

const GATEWAY_STATUS: Record<string, GenerationStatus> = { pending: "queued", processing: "processing", completed: "succeeded", failed: "failed", cancelled: "cancelled" };
const LINK_TTL_MS = 24 * 60 * 60 * 1000;

export function fromMindVideoTask(task: Task): GenerationTask {
  const output = (task.output ?? {}) as { videos?: { url: string }[]; images?: { url: string }[] };
  return {
    provider: "mindvideo",
    id: task.task_id,
    model: task.model ?? "",
    status: normalizeStatus(task.status),
    ...(task.progress === undefined ? {} : { progress: task.progress }),
    outputs: [...(output.videos ?? []).map((f) => ({ kind: "video" as const, url: f.url })), ...(output.images ?? []).map((f) => ({ kind: "image" as const, url: f.url }))],
    cost: {
      unit: "money",
      ...(task.cost_estimate === undefined ? {} : { estimate: task.cost_estimate }),
      ...(typeof task.cost_actual === "number" ? { actual: task.cost_actual } : {}),
    },
    ...(task.error ? { error: { code: task.error.code, message: task.error.message } } : {}),
    raw: task,
  };
}

export function fromGatewayTask(task: VideoTask | VideoGenerationResponse): GenerationTask {
  const t = task as VideoTask;
  const videos = t.result?.videos ?? [];
  const expires = videos.find((v) => v.expires_at !== undefined)?.expires_at;
  const expiresAt = expires !== undefined ? expires * 1000 : typeof t.completed === "number" && videos.length > 0 ? t.completed * 1000 + LINK_TTL_MS : undefined;
  return {
    provider: "gateway",
    id: t.id ?? "",
    model: t.model ?? "",
    status: GATEWAY_STATUS[t.status ?? ""] ?? "processing",
    ...(t.progress === undefined ? {} : { progress: t.progress }),
    outputs: videos.map((v) => ({ kind: "video" as const, url: v.url })),
    cost: { unit: "credits", ...(t.usage?.credits_reserved === undefined ? {} : { estimate: t.usage.credits_reserved }) },
    ...(t.error ? { error: { ...(t.error.code === undefined ? {} : { code: t.error.code }), message: t.error.message ?? t.error.code ?? "failed" } } : {}),
    ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
    raw: task,
  };
}

function finished(task: GenerationTask): GenerationTask {
  if (task.status === "failed" || task.status === "cancelled") throw new TaskFailedError(task, task.id, task.error?.message);
  return task;
}

const adaptWait = <T>(options: GenerationWaitOptions, normalize: (t: T) => GenerationTask) => ({
  ...options,
  onUpdate: options.onUpdate && ((task: T) => options.onUpdate!(normalize(task))),
});

interface MindVideoLike {
  tasks: {
    create(params: never, options?: CreateOptions): Promise<Task>;
    get(id: string, options?: RequestOptions): Promise<Task>;
    wait(id: string, options?: object): Promise<Task>;
    run(params: never, options?: object): Promise<Task>;
  };
}

export function mindVideoGenerations(client: MindVideoLike): GenerationClient {
  const self: GenerationClient = {
    provider: "mindvideo",
    submit: async (request, options) => fromMindVideoTask(await client.tasks.create(request as never, options)),
    get: async (id, options) => fromMindVideoTask(await client.tasks.get(id, options)),
    wait: async (id, options = {}) => fromMindVideoTask(await client.tasks.wait(id, adaptWait(options, fromMindVideoTask))),
    // tasks.run starts waiting from the create answer's Retry-After; failures carry the normalized task.
    run: async (request, options = {}) => {
      try {
        return fromMindVideoTask(await client.tasks.run(request as never, adaptWait(options, fromMindVideoTask)));
      } catch (error) {
        if (error instanceof TaskFailedError) throw new TaskFailedError(fromMindVideoTask(error.task as Task), error.taskId, (error.task as Task).error?.message);
        throw error;
      }
    },
  };
  return self;
}

interface GatewayLike {
  videos: { create(params: never, options?: GatewayCreateOptions): Promise<VideoGenerationResponse> };
  tasks: { get(id: string, options?: RequestOptions): Promise<VideoTask>; wait(id: string, options?: object): Promise<VideoTask> };
}

export function gatewayGenerations(client: GatewayLike): GenerationClient {
  const self: GenerationClient = {
    provider: "gateway",
    submit: async (request, options = {}) => {
      const { idempotencyKey: _unsupported, ...rest } = options;
      return fromGatewayTask(await client.videos.create({ model: request.model, ...(request.input as object) } as never, rest));
    },
    get: async (id, options) => fromGatewayTask(await client.tasks.get(id, options)),
    wait: async (id, options = {}) => fromGatewayTask(await client.tasks.wait(id, adaptWait(options, fromGatewayTask))),
    run: async (request, options = {}) => {
      const submitted = await self.submit(request, options);
      return finished(submitted.status === "queued" || submitted.status === "processing" ? await self.wait(submitted.id, options) : submitted);
    },
  };
  return self;
}
