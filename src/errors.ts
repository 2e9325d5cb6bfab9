import { redactSecrets } from "./debug.js";

/**
 * One error hierarchy for both providers:
 * MindVideoError → APIError (status, code, type, param, fallbackSuggestion, requestId,
 * idempotencyKey, headers) → one class per status, plus connection, timeout and abort errors.
 * Errors never hold request headers, so the API key cannot leak through them.
 */

export class MindVideoError extends Error {
  override name = "MindVideoError";
}

export interface APIErrorInit {
  status?: number | undefined;
  message: string;
  code?: string | number | undefined;
  type?: string | undefined;
  param?: string | undefined;
  fallbackSuggestion?: string | undefined;
  requestId?: string | undefined;
  idempotencyKey?: string | undefined;
  headers?: Record<string, string> | undefined;
  cause?: unknown;
}

export class APIError extends MindVideoError {
  override name = "APIError";
  readonly status: number | undefined;
  readonly code: string | number | undefined;
  readonly type: string | undefined;
  readonly param: string | undefined;
  readonly fallbackSuggestion: string | undefined;
  readonly requestId: string | undefined;
  /** The key the request was sent with: resubmitting with it later cannot charge twice. */
  readonly idempotencyKey: string | undefined;
  /** Response headers (never request headers). */
  readonly headers: Record<string, string>;

  constructor(init: APIErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.type = init.type;
    this.param = init.param;
    this.fallbackSuggestion = init.fallbackSuggestion;
    this.requestId = init.requestId;
    this.idempotencyKey = init.idempotencyKey;
    this.headers = init.headers ?? {};
  }
}

export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
export class InsufficientQuotaError extends APIError {
  override name = "InsufficientQuotaError";
}
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
/** 409: the Idempotency-Key was already used with a different payload. Never retried. */
export class IdempotencyConflictError extends APIError {
  override name = "IdempotencyConflictError";
}
export class PayloadTooLargeError extends APIError {
  override name = "PayloadTooLargeError";
}
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
}
export class RateLimitError extends APIError {
  override name = "RateLimitError";
}
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/** The request may or may not have reached the server (reset, refused, DNS, malformed answer). */
export class APIConnectionError extends APIError {
  override name = "APIConnectionError";
}
/** No complete answer within the request timeout (the body included). */
export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";
}
/**
 * The server answered with a redirect the client will not follow: any 3xx to a create (a
 * followed POST could be turned into a GET or re-sent elsewhere), or too many hops on a GET.
 * Nothing was re-sent; `location` is where the server pointed.
 */
export class RedirectError extends APIError {
  override name = "RedirectError";
  readonly location: string | undefined;
  constructor(init: APIErrorInit & { location?: string | undefined }) {
    super(init);
    this.location = init.location;
  }
}
/** The answer was longer than maxResponseBytes (counted after decompression); reading stopped there. */
export class ResponseTooLargeError extends APIError {
  override name = "ResponseTooLargeError";
}
/** The server's answer is not what the contract allows (not a task object, a bad URL or timestamp). */
export class InvalidResponseError extends APIError {
  override name = "InvalidResponseError";
}
/** The caller's AbortSignal fired. */
export class APIUserAbortError extends APIError {
  override name = "APIUserAbortError";
}

export interface InputProblem {
  /** Where the problem is, e.g. `input.resolution` or `input.image_urls[2]`. */
  path: string;
  message: string;
}

/** A task id that could not name a task (empty, a path segment such as `..`, odd characters); nothing was sent. */
export class InvalidTaskIdError extends MindVideoError {
  override name = "InvalidTaskIdError";
}

/**
 * An option this provider's API cannot honour (the gateway documents no Idempotency-Key): refused
 * before anything is sent, rather than dropped without a word.
 */
export class UnsupportedOptionError extends MindVideoError {
  override name = "UnsupportedOptionError";
  constructor(
    readonly option: string,
    readonly provider: string,
    reason: string,
  ) {
    super(`${provider}: the option ${option} is not supported (${reason}); nothing was sent`);
  }
}

/** The input breaks the model's schema; nothing was sent. */
export class InputValidationError extends MindVideoError {
  override name = "InputValidationError";
  constructor(
    readonly model: string,
    readonly errors: readonly InputProblem[],
  ) {
    super(`Invalid input for ${model}:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`);
  }
}

/** A task ended as failed or cancelled; `task` is its last state. */
export class TaskFailedError<Task extends { status: string } = { status: string }> extends MindVideoError {
  override name = "TaskFailedError";
  constructor(
    readonly task: Task,
    readonly taskId: string,
    detail?: string,
  ) {
    super(`Task ${taskId} ${task.status}${detail ? `: ${detail}` : ""}`);
  }
}

/** `wait()` reached its deadline before the task ended. */
export class WaitTimeoutError extends MindVideoError {
  override name = "WaitTimeoutError";
  constructor(
    readonly taskId: string,
    readonly lastStatus: string | undefined,
    readonly timeoutMs: number,
  ) {
    super(`Task ${taskId} did not finish within ${timeoutMs} ms (last status: ${lastStatus ?? "unknown"})`);
  }
}

const STATUS_CLASSES: Record<number, new (init: APIErrorInit) => APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: InsufficientQuotaError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: IdempotencyConflictError,
  413: PayloadTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

export interface ErrorResponseContext {
  status: number;
  statusText: string;
  headers: Headers;
  /** The raw body text: JSON, an HTML page from a proxy, truncated, or empty. */
  bodyText: string;
  idempotencyKey?: string | undefined;
  /** Scrubbed from everything the error keeps, should a server echo it back. */
  secret?: string | undefined;
  /** More secrets to scrub (credential headers the caller configured). */
  secrets?: readonly (string | undefined)[] | undefined;
}

/** The one factory that turns an error response into the right class, whatever its body. */
export function makeAPIError(context: ErrorResponseContext): APIError {
  const secrets = [context.secret, ...(context.secrets ?? [])];
  const scrub = <T>(value: T): T => (typeof value === "string" ? (redactSecrets(value, secrets) as T) : value);
  const headers = Object.fromEntries([...context.headers.entries()].map(([name, value]) => [name, scrub(value)]));
  const bodyText = scrub(context.bodyText);
  const envelope = parseEnvelope(bodyText);
  const fields = envelope?.error;
  const requestId = scrub(str(envelope?.request_id) ?? headers["x-request-id"]);
  const detail = str(fields?.message) ?? `${scrub(context.statusText) || "error"}${describeBody(bodyText, headers["content-type"])}`;
  const init: APIErrorInit = {
    status: context.status,
    // The parsed message is scrubbed again before the cut: JSON escapes the raw text did not show are decoded now.
    message: scrub(`${context.status} ${capped(scrub(detail), 1_000)}`),
    code: typeof fields?.code === "number" || typeof fields?.code === "string" ? scrub(fields.code) : undefined,
    type: scrub(str(fields?.type)),
    param: scrub(str(fields?.param)),
    fallbackSuggestion: scrub(str(fields?.fallback_suggestion)),
    requestId,
    idempotencyKey: context.idempotencyKey,
    headers,
  };
  const ErrorClass = STATUS_CLASSES[context.status] ?? (context.status >= 500 ? InternalServerError : APIError);
  return new ErrorClass(init);
}

function parseEnvelope(text: string): { error?: Record<string, unknown>; request_id?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return undefined;
    const error = (value as { error?: unknown }).error;
    return { ...(value as object), error: typeof error === "object" && error !== null ? (error as Record<string, unknown>) : undefined } as never;
  } catch {
    return undefined;
  }
}

/** A short, readable rendering of a body that is not our envelope (an HTML 502 page, a truncated JSON). */
function describeBody(text: string, contentType: string | undefined): string {
  const trimmed = text.slice(0, 64 * 1024).trim();
  if (trimmed === "") return "";
  const isHtml = /html/i.test(contentType ?? "") || /^<(!doctype|html)/i.test(trimmed);
  const title = isHtml ? /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1] : undefined;
  const plain = (title ?? (isHtml ? trimmed.replace(/<[^>]+>/g, " ") : trimmed)).replace(/\s+/g, " ").trim();
  const kind = isHtml ? "HTML page" : /json/i.test(contentType ?? "") ? "unreadable JSON body" : "body";
  return plain === "" ? "" : ` (${kind}: ${plain.length > 200 ? `${plain.slice(0, 200)}…` : plain})`;
}

function capped(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
