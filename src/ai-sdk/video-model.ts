/**
 * Experimental_VideoModelV4 over one video model: `doStart` creates the task and returns
 * `{ provider, taskId }`, `doStatus` reads it, `doGenerate` does both on the client's wait schedule.
 */
import {
  InvalidArgumentError,
  type Experimental_VideoModelV4,
  type Experimental_VideoModelV4CallOptions,
  type Experimental_VideoModelV4OperationStartResult,
  type Experimental_VideoModelV4OperationStatusResult,
  type Experimental_VideoModelV4Result,
  type Experimental_VideoModelV4VideoData,
  type JSONObject,
  type JSONValue,
} from "@ai-sdk/provider";
import type { ModelSlug } from "../../generated/models/registry.js";
import type { GenerationTask } from "../generations.js";
import { splitHeaders, type Backend } from "./backend.js";
import { toAISDKError } from "./errors.js";
import { modelFields } from "./model-fields.js";
import { submit, taskMetadata, waitFor, type CallContext } from "./task.js";
import { PROVIDER_KEY, type MindVideoOperation } from "./types.js";
import { videoInput } from "./video-input.js";

/**
 * The AI SDK retries doGenerate with the same options object: remember the key and the task per
 * call, so a retry resends the same Idempotency-Key and resumes waiting instead of paying again.
 */
const calls = new WeakMap<object, { idempotencyKey: string; task?: GenerationTask }>();

export class MindVideoVideoModel implements Experimental_VideoModelV4 {
  readonly specificationVersion = "v4";
  readonly provider: string;
  /** No video model takes a count: the AI SDK starts one task per video. */
  readonly maxVideosPerCall = 1;
  readonly #backend: Backend;

  constructor(
    readonly modelId: ModelSlug,
    backend: Backend,
  ) {
    this.#backend = backend;
    this.provider = `${backend.name}.video`;
  }

  #context(options: { headers?: Record<string, string | undefined> | undefined; abortSignal?: AbortSignal | undefined }): CallContext {
    return { backend: this.#backend, slug: this.modelId, headers: options.headers, signal: options.abortSignal };
  }

  async doStart(options: Experimental_VideoModelV4CallOptions & { webhookUrl?: string }): Promise<Experimental_VideoModelV4OperationStartResult> {
    const timestamp = new Date();
    const { input, warnings } = await videoInput(modelFields(this.modelId), options);
    // The AI SDK puts its own idempotency-key header on start calls and keeps it across retries.
    const { task, idempotencyKey } = await submit(this.#context(options), input, undefined);
    const operation: MindVideoOperation = { provider: this.#backend.provider, taskId: task.id };
    return { operation, warnings, providerMetadata: { [PROVIDER_KEY]: taskMetadata(task, idempotencyKey) }, response: { timestamp, modelId: this.modelId, headers: undefined } };
  }

  async doStatus(options: { operation: JSONValue; abortSignal?: AbortSignal; headers?: Record<string, string | undefined> }): Promise<Experimental_VideoModelV4OperationStatusResult> {
    const timestamp = new Date();
    const taskId = this.#taskIdOf(options.operation);
    const backend = this.#backend;
    let task: GenerationTask;
    try {
      task = await backend.generations().get(taskId, { headers: splitHeaders(options.headers).headers, ...(options.abortSignal ? { signal: options.abortSignal } : {}) });
    } catch (error) {
      throw toAISDKError(error, { step: "read", url: backend.taskUrl(taskId), taskId });
    }
    const response = { timestamp, modelId: this.modelId, headers: undefined };
    const providerMetadata = { [PROVIDER_KEY]: taskMetadata(task, undefined) };
    if (task.status === "succeeded") return { status: "completed", videos: videosOf(task), warnings: [], providerMetadata: { [PROVIDER_KEY]: videoMetadata(task, undefined) }, response };
    if (task.status === "failed" || task.status === "cancelled") {
      return { status: "error", error: `Task ${task.id} ${task.status}${task.error ? `: ${task.error.message}${task.error.code ? ` (${task.error.code})` : ""}` : ""}`, providerMetadata, response };
    }
    return { status: "pending", providerMetadata, response };
  }

  async doGenerate(options: Experimental_VideoModelV4CallOptions): Promise<Experimental_VideoModelV4Result> {
    const timestamp = new Date();
    const { input, warnings } = await videoInput(modelFields(this.modelId), options);
    const context = this.#context(options);
    const call = calls.get(options) ?? { idempotencyKey: splitHeaders(options.headers).idempotencyKey ?? crypto.randomUUID() };
    calls.set(options, call);
    const submitted = call.task ?? (await submit(context, input, call.idempotencyKey)).task;
    call.task = submitted;
    // A retry resumes this wait (see `calls`), so a failed poll may be retried.
    const task = await waitFor(context, submitted, "read");
    const idempotencyKey = this.#backend.idempotent ? call.idempotencyKey : undefined;
    return {
      videos: videosOf(task),
      warnings,
      providerMetadata: { [PROVIDER_KEY]: videoMetadata(task, idempotencyKey) },
      response: { timestamp, modelId: this.modelId, headers: undefined },
    };
  }

  #taskIdOf(operation: JSONValue): string {
    const op = operation as Partial<MindVideoOperation> | null;
    if (typeof op !== "object" || op === null || typeof op.taskId !== "string" || op.taskId === "" || op.provider !== this.#backend.provider) {
      throw new InvalidArgumentError({
        argument: "operation",
        message: `operation must be { provider: "${this.#backend.provider}", taskId } as returned by experimental_startVideo with a ${this.#backend.name} model (got ${JSON.stringify(operation)?.slice(0, 200)})`,
      });
    }
    return op.taskId;
  }
}

const MEDIA_TYPES: Record<string, string> = { mp4: "video/mp4", m4v: "video/mp4", webm: "video/webm", mov: "video/quicktime" };

function mediaTypeOf(url: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(url.split(/[?#]/)[0] ?? "")?.[1]?.toLowerCase();
  return (extension && MEDIA_TYPES[extension]) ?? "video/mp4";
}

function videosOf(task: GenerationTask): Experimental_VideoModelV4VideoData[] {
  return task.outputs.filter((o) => o.kind === "video").map((o) => ({ type: "url", url: o.url, mediaType: mediaTypeOf(o.url) }));
}

/** The task's facts plus each video's link and, where the provider states one, when it stops working. */
function videoMetadata(task: GenerationTask, idempotencyKey: string | undefined): JSONObject {
  const videos = task.outputs
    .filter((o) => o.kind === "video")
    .map((o) => ({ url: o.url, mediaType: mediaTypeOf(o.url), ...(task.expiresAt === undefined ? {} : { expiresAt: task.expiresAt }) }));
  return { ...taskMetadata(task, idempotencyKey), videos };
}
