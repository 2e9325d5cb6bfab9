import type { ModelSlug } from "../../generated/models/registry.js";

/**
 * `--input` takes the input object, or a whole request body: MindVideo's `{ model, input }` or the
 * gateway's flat `{ model, prompt, ... }`. A body for another model is refused rather than re-aimed.
 */
export function inputFromFile(json: unknown, model: ModelSlug): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new Error("expected a JSON object");
  const { model: named, ...rest } = json as Record<string, unknown>;
  if (named === undefined) return rest;
  if (named !== model) throw new Error(`the body is for model ${JSON.stringify(named)}, not ${model}`);
  const nested = rest.input;
  if (typeof nested === "object" && nested !== null && !Array.isArray(nested) && Object.keys(rest).length === 1) return { ...(nested as Record<string, unknown>) };
  return rest;
}
