/** Creating and waiting on a task through the client, each failure mapped for the AI SDK with the right retry advice. */
import type { JSONObject } from "@ai-sdk/provider";
import type { ModelSlug } from "../../generated/models/registry.js";
import { TaskFailedError } from "../errors.js";
import type { GenerationTask } from "../generations.js";
import { splitHeaders, type Backend } from "./backend.js";
import { toAISDKError, type Step } from "./errors.js";

export interface CallContext {
  backend: Backend;
  slug: ModelSlug;
  headers: Record<string, string | undefined> | undefined;
  signal: AbortSignal | undefined;
}

export interface Submitted {
  task: GenerationTask;
  /** Sent as Idempotency-Key (MindVideo); undefined on the gateway, which has none. */
  idempotencyKey: string | undefined;
}

/**
 * Creates the task. `keyFromCaller` is an Idempotency-Key the AI SDK's retry will send again (its
 * start flow's, the caller's header, or one kept for this call), so a retry cannot charge twice.
 */
export async function submit(context: CallContext, input: Record<string, unknown>, keyFromCaller: string | undefined): Promise<Submitted> {
  const { backend, slug, signal } = context;
  const { headers, idempotencyKey: headerKey } = splitHeaders(context.headers);
  const reusedKey = keyFromCaller ?? headerKey;
  const idempotencyKey = backend.idempotent ? (reusedKey ?? crypto.randomUUID()) : undefined;
  const step: Step = !backend.idempotent ? "create-no-key" : reusedKey ? "create-same-key" : "create-new-key";
  try {
    const task = await backend.generations().submit({ model: slug, input } as never, { headers, ...(signal ? { signal } : {}), ...(idempotencyKey ? { idempotencyKey } : {}) });
    return { task, idempotencyKey };
  } catch (error) {
    throw toAISDKError(error, { step, url: backend.createUrl, requestBodyValues: { model: slug, input } });
  }
}

/** Waits on the client's own schedule; `step` says whether an AI SDK retry would resume or re-create. */
export async function waitFor(context: CallContext, task: GenerationTask, step: Step): Promise<GenerationTask> {
  const { backend, signal } = context;
  const done = task.status === "succeeded" || task.status === "failed" || task.status === "cancelled";
  let last = task;
  try {
    if (!done) last = await backend.generations().wait(task.id, { ...backend.settings.wait, ...(signal ? { signal } : {}) });
    // A create answer can be final yet carry no outputs (the gateway's lists none): read the task.
    else if (task.status === "succeeded" && task.outputs.length === 0) last = await backend.generations().get(task.id, signal ? { signal } : {});
  } catch (error) {
    throw toAISDKError(error, { step, url: backend.taskUrl(task.id), taskId: task.id });
  }
  if (last.status === "failed" || last.status === "cancelled") {
    // Stryker disable next-line ObjectLiteral,StringLiteral: toAISDKError maps a TaskFailedError without reading the context (no URL, step or task id in an AISDKError)
    throw toAISDKError(new TaskFailedError(last, last.id, last.error?.message), { step: "after-create", url: backend.taskUrl(task.id), taskId: task.id });
  }
  return last;
}

/** What every result's `providerMetadata.mindvideo` carries about the task. */
export function taskMetadata(task: GenerationTask, idempotencyKey: string | undefined): JSONObject {
  return {
    provider: task.provider,
    taskId: task.id,
    status: task.status,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    ...(task.progress === undefined ? {} : { progress: task.progress }),
    ...(task.cost && Object.keys(task.cost).length > 0 ? { cost: { ...task.cost } } : {}),
    ...(task.expiresAt === undefined ? {} : { expiresAt: task.expiresAt }),
  };
}
