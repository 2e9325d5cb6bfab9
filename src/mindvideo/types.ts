import type { components } from "../../generated/openapi/mindvideo.js";
import type { ModelInputsByProvider, ModelOutputKinds } from "../../generated/models/registry.js";
import type { RequestOptions } from "../config.js";
import type { TaskWaitOptions } from "../poll.js";

/** The MindVideo spec's components, as openapi-typescript generates them. */
export type { components as MindVideoComponents };
/** The spec's schemas by name. */
export type MindVideoSchemas = components["schemas"];

export type MindVideoModel = keyof ModelInputsByProvider["mindvideo"] & string;
export type MindVideoInput<M extends MindVideoModel> = ModelInputsByProvider["mindvideo"][M];

export type KnownTaskStatus = MindVideoSchemas["TaskStatus"];
/** Known statuses, open to new ones: an unknown status is treated as still running. */
export type TaskStatus = KnownTaskStatus | (string & {});
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set<KnownTaskStatus>(["succeeded", "failed", "cancelled"]);

export type MediaFile = MindVideoSchemas["MediaFile"];
export type Task = Omit<MindVideoSchemas["Task"], "status"> & { status: TaskStatus };

export type KnownTaskEventType = "task.queued" | "task.processing" | "task.progress" | "task.succeeded" | "task.failed" | "task.cancelled";
export type TaskEvent = Omit<MindVideoSchemas["TaskEvent"], "type" | "status"> & { type: KnownTaskEventType | (string & {}); status?: TaskStatus };
export type TaskEventList = Omit<MindVideoSchemas["TaskEventList"], "data"> & { data: TaskEvent[] };

/** `{ model, input }` where `input` is the type of that model's schema. */
export type CreateTaskParams<M extends MindVideoModel = MindVideoModel> = { [K in M]: { model: K; input: MindVideoInput<K> } }[M];

export type TaskOutputFor<M extends MindVideoModel> = ModelOutputKinds[M] extends "image" ? { images: MediaFile[] } : { videos: MediaFile[] };
export type SucceededTask<M extends MindVideoModel> = Omit<Task, "status" | "output"> & { status: "succeeded"; output: TaskOutputFor<M> };
/** The created task, with the Idempotency-Key it was created under (resubmitting with it is safe). */
export type CreatedTask = Task & { readonly idempotencyKey: string };

export interface CreateOptions extends RequestOptions {
  /** Defaults to a new random key per call, reused on every retry of that call. */
  idempotencyKey?: string | undefined;
  /** Overrides the client's `validate`. */
  validate?: boolean | undefined;
  /** Send the schema defaults for omitted fields (default: omit them, the server applies them). */
  applyDefaults?: boolean | undefined;
}

export interface EventsOptions extends RequestOptions {
  after?: string | undefined;
  limit?: number | undefined;
}

/** How to wait for a MindVideo task (see TaskWaitOptions). */
export type WaitOptions = TaskWaitOptions<Task>;

/** create options and wait options; `timeoutMs` is the overall deadline, `requestTimeoutMs` each request's. */
export type RunOptions = Omit<CreateOptions, "timeoutMs"> & WaitOptions;
