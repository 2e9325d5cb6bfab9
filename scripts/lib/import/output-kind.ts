import { isObject } from "../json-schema.js";
import type { OutputKind } from "../load-models.js";

/** `{ videos: [...] }` → video, `{ images: [...] }` → image: the two output shapes the seeds show. */
export function outputKindOf(output: unknown): OutputKind | undefined {
  if (!isObject(output)) return undefined;
  if (Array.isArray(output.videos)) return "video";
  if (Array.isArray(output.images)) return "image";
  return undefined;
}
