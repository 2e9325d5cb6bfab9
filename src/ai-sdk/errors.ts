/**
 * The client's errors as the AI SDK's: API errors become APICallError with `isRetryable` from the
 * client's retry rules, invalid input becomes InvalidArgumentError, anything else an AISDKError.
 */
import { AISDKError, APICallError, InvalidArgumentError } from "@ai-sdk/provider";
import { APIConnectionError, APIError, APIUserAbortError, InputValidationError, MindVideoError, TaskFailedError, WaitTimeoutError } from "../errors.js";
import { FileInputError } from "../files.js";
import { RETRYABLE_STATUSES } from "../retry.js";

/** What a retry of the failed step would do, which decides whether the AI SDK may retry it. */
export type Step =
  /** A create whose retry resends the same Idempotency-Key: the server answers with the original task. */
  | "create-same-key"
  /** A create whose retry would carry a new key: it could start a second paid task. */
  | "create-new-key"
  /** A gateway create: no idempotency at all, so the client retries it only when certainly unsent, and has. */
  | "create-no-key"
  /** A GET, or a wait that a retry resumes on the same task. */
  | "read"
  /** After the task exists, when a retry would create another one. */
  | "after-create";

export interface ErrorContext {
  step: Step;
  url: string;
  requestBodyValues?: unknown;
  taskId?: string | undefined;
}

/** The client's own rule: connection errors, timeouts and 408/429/5xx are worth retrying. */
const retryableByClientRules = (error: APIError) =>
  !(error instanceof APIUserAbortError) && (error instanceof APIConnectionError || (error.status !== undefined && RETRYABLE_STATUSES.has(error.status)));

export function isRetryable(error: APIError, step: Step): boolean {
  switch (step) {
    case "create-same-key":
    case "read":
      return retryableByClientRules(error);
    // A 429 says the server refused the create: a retry under a new key cannot charge twice.
    case "create-new-key":
      return error.status === 429;
    case "create-no-key":
    case "after-create":
      return false;
  }
}

export function toAISDKError(error: unknown, context: ErrorContext): unknown {
  if (error instanceof InputValidationError) {
    return new InvalidArgumentError({ argument: error.errors[0]?.path ?? "input", message: error.message, cause: error });
  }
  if (error instanceof FileInputError) return new InvalidArgumentError({ argument: "files", message: error.message, cause: error });
  if (error instanceof APIUserAbortError) return error;
  if (error instanceof APIError) {
    return new APICallError({
      message: error.message,
      url: context.url,
      requestBodyValues: context.requestBodyValues,
      ...(error.status === undefined ? {} : { statusCode: error.status }),
      responseHeaders: error.headers,
      ...(error.status === undefined ? {} : { responseBody: JSON.stringify({ error: { code: error.code, type: error.type, message: error.message, param: error.param } }) }),
      cause: error,
      isRetryable: isRetryable(error, context.step),
      data: {
        code: error.code,
        type: error.type,
        param: error.param,
        fallbackSuggestion: error.fallbackSuggestion,
        requestId: error.requestId,
        idempotencyKey: error.idempotencyKey,
        taskId: context.taskId,
      },
    });
  }
  if (error instanceof TaskFailedError) return new AISDKError({ name: "MindVideoTaskFailedError", message: error.message, cause: error });
  if (error instanceof WaitTimeoutError) return new AISDKError({ name: "MindVideoWaitTimeoutError", message: error.message, cause: error });
  if (error instanceof MindVideoError) return new AISDKError({ name: error.name, message: error.message, cause: error });
  return error;
}
