/**
 * Reading a provider's task answer defensively, shared by both adapters: every value that reaches
 * a GenerationTask is type-checked, bounded and (for links) limited to http(s).
 */
import { InvalidResponseError } from "./errors.js";
import { GENERATION_STATUSES, type GenerationStatus } from "./generations.js";

/** Longest output URL accepted; checked before any parsing so a huge string costs nothing. */
export const MAX_OUTPUT_URL_LENGTH = 16 * 1024;
/** Seconds since the epoch that a Date can hold (±8.64e15 ms). */
const MAX_EPOCH_SECONDS = 8.64e12;
/** Longest provider status kept on `unknownStatus`. */
const MAX_STATUS_LENGTH = 64;

export const invalid = (provider: string, message: string) => new InvalidResponseError({ message: `${provider} task: ${message}` });

export function taskObject(task: unknown, provider: string): Record<string, unknown> {
  if (typeof task !== "object" || task === null || Array.isArray(task)) throw invalid(provider, `expected a task object (got ${task === null ? "null" : Array.isArray(task) ? "an array" : typeof task})`);
  return task as Record<string, unknown>;
}

/** An output link the application may put in an href or src: http(s) only, length-capped first. */
export function outputUrl(value: unknown, where: string, provider: string): string {
  if (typeof value !== "string") throw invalid(provider, `${where} must be a URL string (got ${value === null ? "null" : typeof value})`);
  if (value.length > MAX_OUTPUT_URL_LENGTH) throw invalid(provider, `${where} is ${value.length} characters long; at most ${MAX_OUTPUT_URL_LENGTH} are accepted`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(provider, `${where} is not an absolute URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid(provider, `${where} must be an http(s) URL (got ${url.protocol.slice(0, 32)})`);
  return value;
}

export function files(value: unknown, where: string, provider: string): { url: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(provider, `${where} must be a list`);
  return value.map((file: unknown, i) => {
    if (typeof file !== "object" || file === null) throw invalid(provider, `${where}[${i}] must be an object with a url`);
    return { url: outputUrl((file as { url?: unknown }).url, `${where}[${i}].url`, provider) };
  });
}

export function isoFromSeconds(seconds: unknown, where: string, provider: string): string {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || Math.abs(seconds) > MAX_EPOCH_SECONDS) {
    throw invalid(provider, `${where} must be a Unix time in seconds (got ${typeof seconds === "number" ? seconds : typeof seconds})`);
  }
  return new Date(seconds * 1000).toISOString();
}

export const text = (value: unknown, max = 4096): string | undefined => (typeof value === "string" ? value.slice(0, max) : typeof value === "number" ? String(value) : undefined);
export const finiteNumber = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** The task's error as `{ code?, message }`, or undefined when the answer has none. */
export function taskError(value: unknown): { code?: string; message: string } | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const error = value as { code?: unknown; message?: unknown };
  const code = text(error.code);
  return { ...(code === undefined ? {} : { code }), message: text(error.message) ?? code ?? "failed" };
}

/**
 * The one rule for statuses, for polling and callbacks alike: a known one maps through `known`; any
 * other is not terminal (waiting goes on) and is surfaced as `unknownStatus`, never dropped.
 */
export function neutralStatus(status: unknown, known: Readonly<Record<string, GenerationStatus>>): { status: GenerationStatus; unknownStatus?: string } {
  if (typeof status === "string" && Object.hasOwn(known, status)) return { status: known[status]! };
  return { status: "processing", unknownStatus: typeof status === "string" ? status.slice(0, MAX_STATUS_LENGTH) : "(missing)" };
}

/** MindVideo's statuses are the neutral ones. */
export const IDENTITY_STATUSES: Readonly<Record<string, GenerationStatus>> = Object.freeze(Object.fromEntries(GENERATION_STATUSES.map((s) => [s, s])));
