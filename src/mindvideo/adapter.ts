/**
 * MindVideo's side of the task resource: its paths, statuses, retry policy and input checks, and
 * the normalizer from its Task to the neutral GenerationTask.
 */
import type createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi/mindvideo.js";
import type { ResolvedConfig } from "../config.js";
import { InputValidationError } from "../errors.js";
import type { GenerationTask } from "../generations.js";
import { loadValidation } from "../lazy-validation.js";
import { files, finiteNumber, IDENTITY_STATUSES, invalid, neutralStatus, taskError, taskObject, text } from "../normalize.js";
import type { TaskResourceSpec } from "../task-resource.js";
import { TERMINAL_STATUSES, type Task } from "./types.js";

export type MindVideoApi = ReturnType<typeof createClient<paths>>;

export function fromMindVideoTask(input: Task): GenerationTask {
  const task = taskObject(input, "MindVideo") as unknown as Task;
  if (typeof task.task_id !== "string") throw invalid("MindVideo", "task_id must be a string");
  if (typeof task.status !== "string") throw invalid("MindVideo", "status must be a string");
  const output = (typeof task.output === "object" && task.output !== null ? task.output : {}) as { videos?: unknown; images?: unknown };
  const progress = finiteNumber(task.progress);
  const estimate = finiteNumber(task.cost_estimate);
  const actual = finiteNumber(task.cost_actual);
  const error = taskError(task.error);
  return {
    provider: "mindvideo",
    id: task.task_id,
    model: text(task.model) ?? "",
    ...neutralStatus(task.status, IDENTITY_STATUSES),
    ...(progress === undefined ? {} : { progress }),
    outputs: [
      ...files(output.videos, "output.videos", "MindVideo").map((f) => ({ kind: "video" as const, url: f.url })),
      ...files(output.images, "output.images", "MindVideo").map((f) => ({ kind: "image" as const, url: f.url })),
    ],
    cost: { unit: "money", ...(estimate === undefined ? {} : { estimate }), ...(actual === undefined ? {} : { actual }) },
    ...(error ? { error } : {}),
    raw: task,
  };
}

export function mindVideoTaskSpec(config: ResolvedConfig, api: MindVideoApi): TaskResourceSpec<Task> {
  return {
    provider: "mindvideo",
    // Stryker disable next-line StringLiteral: only an UnsupportedOptionError shows clientName, and MindVideo supports every create option (unsupported is empty)
    clientName: "MindVideo",
    labels: { create: "MindVideo tasks.create", get: "MindVideo tasks.get", wait: "MindVideo tasks.wait" },
    idField: "task_id",
    terminal: TERMINAL_STATUSES,
    succeeded: "succeeded",
    // Every create carries an Idempotency-Key, reused on each retry: retrying cannot charge twice.
    createRetryPolicy: "idempotent",
    unsupported: {},
    async prepare(params, options) {
      const { model, input } = (params ?? {}) as { model?: unknown; input?: unknown };
      if (!(options.validate ?? config.validate)) return params;
      // Loaded on first use: bundlers split the validators (every model's schema) into their own chunk.
      const { validateInput } = await loadValidation();
      const result = validateInput(model as string, input, { provider: "mindvideo", applyDefaults: options.applyDefaults });
      if (!result.ok) throw new InputValidationError(String(model), result.errors);
      return { model, input: result.value };
    },
    sendCreate: (body, init) => api.POST("/api/v1/tasks", { body: body as never, ...init }),
    sendGet: (taskId, init) => api.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: taskId } }, ...init }),
    normalize: fromMindVideoTask,
    toParams: (request) => request,
  };
}
