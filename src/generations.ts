/**
 * One interface over both providers: submit, get, wait and run resolve to the same normalized
 * GenerationTask, so an application can switch providers without touching its code.
 */
import type { ModelInputs, ModelSlug, Provider } from "../generated/models/registry.js";
import type { RequestOptions } from "./config.js";
import { InvalidResponseError, TaskFailedError } from "./errors.js";
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

/** Longest output URL accepted; checked before any parsing so a huge string costs nothing. */
export const MAX_OUTPUT_URL_LENGTH = 16 * 1024;
/** Seconds since the epoch that a Date can hold (±8.64e15 ms). */
const MAX_EPOCH_SECONDS = 8.64e12;

const invalid = (provider: string, message: string) => new InvalidResponseError({ message: `${provider} task: ${message}` });

function taskObject(task: unknown, provider: string): Record<string, unknown> {
  if (typeof task !== "object" || task === null || Array.isArray(task)) throw invalid(provider, `expected a task object (got ${task === null ? "null" : Array.isArray(task) ? "an array" : typeof task})`);
  return task as Record<string, unknown>;
}

/** An output link the application may put in an href or src: http(s) only, length-capped first. */
function outputUrl(value: unknown, where: string, provider: string): string {
  if (typeof value !== "string") throw invalid(provider, `${where} must be a URL string (got ${value === null ? "null" : typeof value})`);
  if (value.length > MAX_OUTPUT_URL_LENGTH) throw invalid(provider, `${where} is ${value.length} characters long; at most ${MAX_OUTPUT_URL_LENGTH} are accepted`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(provider, `${where} is not an absolute URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid(provider, `${where} must be an http(s) URL (got ${url.protocol.slice(0, 32)})`);
  return value;
}

function files(value: unknown, where: string, provider: string): { url: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(provider, `${where} must be a list`);
  return value.map((file: unknown, i) => {
    if (typeof file !== "object" || file === null) throw invalid(provider, `${where}[${i}] must be an object with a url`);
    return { url: outputUrl((file as { url?: unknown }).url, `${where}[${i}].url`, provider) };
  });
}

function isoFromSeconds(seconds: unknown, where: string, provider: string): string {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || Math.abs(seconds) > MAX_EPOCH_SECONDS) {
    throw invalid(provider, `${where} must be a Unix time in seconds (got ${typeof seconds === "number" ? seconds : typeof seconds})`);
  }
  return new Date(seconds * 1000).toISOString();
}

const text = (value: unknown, max = 4096): string | undefined => (typeof value === "string" ? value.slice(0, max) : typeof value === "number" ? String(value) : undefined);
const finiteNumber = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

export function fromMindVideoTask(input: Task): GenerationTask {
  const task = taskObject(input, "MindVideo") as unknown as Task;
  if (typeof task.task_id !== "string") throw invalid("MindVideo", "task_id must be a string");
  if (typeof task.status !== "string") throw invalid("MindVideo", "status must be a string");
  const output = (typeof task.output === "object" && task.output !== null ? task.output : {}) as { videos?: unknown; images?: unknown };
  const progress = finiteNumber(task.progress);
  const estimate = finiteNumber(task.cost_estimate);
  const actual = finiteNumber(task.cost_actual);
  const error = typeof task.error === "object" && task.error !== null ? (task.error as { code?: unknown; message?: unknown }) : undefined;
  return {
    provider: "mindvideo",
    id: task.task_id,
    model: text(task.model) ?? "",
    status: normalizeStatus(task.status),
    ...(progress === undefined ? {} : { progress }),
    outputs: [
      ...files(output.videos, "output.videos", "MindVideo").map((f) => ({ kind: "video" as const, url: f.url })),
      ...files(output.images, "output.images", "MindVideo").map((f) => ({ kind: "image" as const, url: f.url })),
    ],
    cost: { unit: "money", ...(estimate === undefined ? {} : { estimate }), ...(actual === undefined ? {} : { actual }) },
    ...(error ? { error: { ...(text(error.code) === undefined ? {} : { code: text(error.code)! }), message: text(error.message) ?? text(error.code) ?? "failed" } } : {}),
    raw: task,
  };
}

export function fromGatewayTask(task: VideoTask | VideoGenerationResponse): GenerationTask {
  const t = taskObject(task, "VideoGateway") as VideoTask;
  const result = typeof t.result === "object" && t.result !== null ? (t.result as { videos?: unknown }) : {};
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
  const error = typeof t.error === "object" && t.error !== null ? (t.error as { code?: unknown; message?: unknown }) : undefined;
  const code = text(error?.code);
  return {
    provider: "gateway",
    id: text(t.id, 256) ?? "",
    model: text(t.model) ?? "",
    status: typeof t.status === "string" && Object.hasOwn(GATEWAY_STATUS, t.status) ? GATEWAY_STATUS[t.status]! : "processing",
    ...(progress === undefined ? {} : { progress }),
    outputs: videos.map((v) => ({ kind: "video" as const, url: v.url })),
    cost: { unit: "credits", ...(reserved === undefined ? {} : { estimate: reserved }) },
    ...(error ? { error: { ...(code === undefined ? {} : { code }), message: text(error.message) ?? code ?? "failed" } } : {}),
    ...(expiresAt === undefined ? {} : { expiresAt }),
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
