/**
 * Receiving the gateway's callback: the payload is validated against the spec's callback schema
 * and returned typed and normalized; anything else is a clear error, never an untyped value.
 */
import { callbackValidators } from "../../generated/validators/index.js";
import { MindVideoError } from "../errors.js";
import { fromGatewayTask, type GenerationTask } from "../generations.js";
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

/** Accepts the raw body (string or bytes) or already-parsed JSON. */
export function parseGatewayCallback(body: string | Uint8Array | ArrayBuffer | unknown): ParsedGatewayCallback {
  let value: unknown = body;
  if (body instanceof ArrayBuffer || body instanceof Uint8Array) value = new TextDecoder().decode(body);
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new CallbackPayloadError(`gateway callback: the body is not JSON (${(error as Error).message})`);
    }
  }
  const validate = callbackValidators.gateway.taskFinished;
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) => {
      const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "payload";
      return e.keyword === "enum" ? `${where} must be one of ${(e.params.allowedValues as unknown[]).join(", ")}` : `${where} ${e.message ?? "is invalid"}`;
    });
    throw new CallbackPayloadError("gateway callback: the payload does not match the task schema", [...new Set(problems)]);
  }
  const task = value as VideoTask;
  return { task, generation: fromGatewayTask(task) };
}
