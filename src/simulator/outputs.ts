/** Where a task's output files live: on the mock itself, under /__mock/outputs/. */
import { models } from "../../generated/models/registry.js";
import type { StoredTask } from "./state.js";

export const OUTPUTS_PREFIX = "/__mock/outputs/";

export function outputUrl(origin: string, task: StoredTask, index: number): string {
  const extension = models[task.model].output === "image" ? "png" : "mp4";
  return `${origin}${OUTPUTS_PREFIX}${encodeURIComponent(task.id)}/${index}.${extension}`;
}
