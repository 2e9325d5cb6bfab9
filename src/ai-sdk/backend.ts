/**
 * What the models need from a provider: its client's provider-neutral `generations` interface
 * (created on first use, so importing the default instances reads no environment and throws
 * nothing), its endpoints for error reports, and the AI SDK settings.
 */
import type { Provider } from "../../generated/models/registry.js";
import type { ClientOptions, Fetch } from "../config.js";
import type { GenerationClient } from "../generations.js";
import type { PollScheduleOptions } from "../poll.js";

export interface AISDKProviderSettings extends ClientOptions {
  /**
   * How `doGenerate` (generateImage, and generateVideo without `poll`) waits: the client's own
   * schedule, first poll at once, then a tenth of the time waited, between `pollIntervalMs`
   * (default 1 s) and `maxPollIntervalMs` (default 30 s); `timeoutMs` is the overall deadline
   * (default none: the AI SDK's abortSignal ends it).
   */
  wait?: (PollScheduleOptions & { timeoutMs?: number | undefined }) | undefined;
  /** Largest generated image downloaded, in bytes (default 64 MiB). */
  maxImageBytes?: number | undefined;
}

export const AI_SDK_DEFAULTS = Object.freeze({ maxImageBytes: 64 * 1024 * 1024 });

export interface Backend {
  provider: Provider;
  /** The models' `provider` string, for the AI SDK's logs: `mindvideo` or `video-gateway`. */
  name: string;
  generations(): GenerationClient;
  /** Whether a create carries an Idempotency-Key (the gateway documents none). */
  idempotent: boolean;
  createUrl: string;
  taskUrl(taskId: string): string;
  settings: AISDKProviderSettings;
  fetch: Fetch;
}

export function lazy<T>(make: () => T): () => T {
  let value: { made: T } | undefined;
  return () => (value ??= { made: make() }).made;
}

/** The AI SDK's headers as the client's: undefined values dropped, `idempotency-key` taken out (the client sends its own). */
export function splitHeaders(headers: Record<string, string | undefined> | undefined): { headers: Record<string, string>; idempotencyKey: string | undefined } {
  const out: Record<string, string> = {};
  let idempotencyKey: string | undefined;
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    if (name.toLowerCase() === "idempotency-key") idempotencyKey = value;
    else out[name] = value;
  }
  return { headers: out, idempotencyKey };
}
