/**
 * Receiving the gateway's callback: the payload is validated against the spec's callback schema
 * and returned typed and normalized; anything else is a clear error, never an untyped value. An
 * unknown status is the one exception, treated as polling treats it (not terminal, reported).
 */
import { callbackValidators } from "../../generated/validators/index.js";
import { MindVideoError } from "../errors.js";
import type { GenerationTask } from "../generations.js";
import { fromGatewayTask } from "./adapter.js";
import type { VideoTask } from "./types.js";

export class CallbackPayloadError extends MindVideoError {
  override name = "CallbackPayloadError";
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${message}:\n${problems.map((p) => `  - ${p}`).join("\n")}` : message);
  }
}

export interface ParsedGatewayCallback {
  task: VideoTask;
  generation: GenerationTask;
}

/** Largest callback body accepted (a task is a few kilobytes). */
export const MAX_CALLBACK_BYTES = 1024 * 1024;
/** Longest string inside a callback: checked before the schema's patterns and formats run. */
const MAX_CALLBACK_STRING = 16 * 1024;

/** Accepts the raw body (string or bytes) or already-parsed JSON. Throws only CallbackPayloadError. */
export function parseGatewayCallback(body: string | Uint8Array | ArrayBuffer | unknown): ParsedGatewayCallback {
  try {
    return parse(body);
  } catch (error) {
    if (error instanceof CallbackPayloadError) throw error;
    throw new CallbackPayloadError(`gateway callback: ${error instanceof MindVideoError ? error.message : "the payload could not be read"}`);
  }
}

function parse(body: unknown): ParsedGatewayCallback {
  let value: unknown = body;
  const size = body instanceof ArrayBuffer || body instanceof Uint8Array ? body.byteLength : typeof body === "string" ? body.length : 0;
  if (size > MAX_CALLBACK_BYTES) throw new CallbackPayloadError(`gateway callback: the body is ${size} bytes; at most ${MAX_CALLBACK_BYTES} are accepted`);
  if (body instanceof ArrayBuffer || body instanceof Uint8Array) value = new TextDecoder().decode(body);
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new CallbackPayloadError(`gateway callback: the body is not JSON (${(error as Error).message})`);
    }
  }
  const tooLong = longStringPath(value, "payload", 0);
  if (tooLong) throw new CallbackPayloadError(`gateway callback: ${tooLong} is longer than ${MAX_CALLBACK_STRING} characters`);
  const validate = callbackValidators.gateway.taskFinished;
  // The one rule for statuses (as when polling): a status string the spec does not list yet is
  // accepted and surfaced as generation.unknownStatus, not refused; anything else stays checked.
  const errors = validate(value) ? [] : (validate.errors ?? []).filter((e) => !(e.instancePath === "/status" && e.keyword === "enum"));
  if (errors.length > 0) {
    const problems = errors.map((e) => {
      const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "payload";
      return e.keyword === "enum" ? `${where} must be one of ${(e.params.allowedValues as unknown[]).join(", ")}` : `${where} ${e.message ?? "is invalid"}`;
    });
    throw new CallbackPayloadError("gateway callback: the payload does not match the task schema", [...new Set(problems)]);
  }
  const task = value as VideoTask;
  return { task, generation: fromGatewayTask(task) };
}

/** The path of the first string over the cap (or of nesting past 64 levels), walking without recursion limits' risk. */
function longStringPath(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === "string") return value.length > MAX_CALLBACK_STRING ? path : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  if (depth > 64) return `${path} (nested too deeply)`;
  for (const [key, inner] of Object.entries(value)) {
    if (key.length > MAX_CALLBACK_STRING) return `a key in ${path}`;
    const found = longStringPath(inner, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}
