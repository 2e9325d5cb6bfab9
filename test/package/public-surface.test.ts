/** The root entry holds the clients, the errors and the documented helpers; defaults cannot be changed by a caller. */
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import { DEFAULT_CLIENT_OPTIONS } from "../../src/config.js";
import { GATEWAY_DEFAULTS } from "../../src/gateway/client.js";
import { MINDVIDEO_DEFAULTS } from "../../src/mindvideo/client.js";
import { DEFAULT_POLL_OPTIONS, SYSTEM_CLOCK } from "../../src/poll.js";
import { DEFAULT_PROXY_OPTIONS } from "../../src/proxy.js";
import { DEFAULT_RETRY_OPTIONS } from "../../src/retry.js";
import { GENERATION_STATUSES } from "../../src/generations.js";

const ERRORS = [
  "MindVideoError", "APIError", "BadRequestError", "AuthenticationError", "InsufficientQuotaError", "PermissionDeniedError", "NotFoundError",
  "IdempotencyConflictError", "PayloadTooLargeError", "UnprocessableEntityError", "RateLimitError", "InternalServerError", "APIConnectionError",
  "APITimeoutError", "RedirectError", "ResponseTooLargeError", "InvalidResponseError", "InvalidTaskIdError", "APIUserAbortError", "InputValidationError", "UnsupportedOptionError", "TaskFailedError", "WaitTimeoutError", "CallbackPayloadError", "FileInputError",
];

describe("root entry", () => {
  it("exports the clients, the errors and the documented helpers, nothing internal", () => {
    expect(Object.keys(root).sort()).toEqual(["MindVideo", "VideoGateway", ...ERRORS, "validateInput", "isModelSlug", "models", "modelSlugs", "parseGatewayCallback"].sort());
  });

  it.each(ERRORS)("%s is an Error class", (name) => {
    const value = (root as Record<string, unknown>)[name] as { prototype: unknown };
    expect(value.prototype).toBeInstanceOf(Error);
  });
});

describe("defaults are frozen", () => {
  it.each([
    ["DEFAULT_CLIENT_OPTIONS", DEFAULT_CLIENT_OPTIONS],
    ["DEFAULT_RETRY_OPTIONS", DEFAULT_RETRY_OPTIONS],
    ["DEFAULT_POLL_OPTIONS", DEFAULT_POLL_OPTIONS],
    ["DEFAULT_PROXY_OPTIONS", DEFAULT_PROXY_OPTIONS],
    ["MINDVIDEO_DEFAULTS", MINDVIDEO_DEFAULTS],
    ["GATEWAY_DEFAULTS", GATEWAY_DEFAULTS],
    ["SYSTEM_CLOCK", SYSTEM_CLOCK],
    ["GENERATION_STATUSES", GENERATION_STATUSES],
  ] as const)("%s", (_name, value) => {
    expect(Object.isFrozen(value)).toBe(true);
    expect(() => Object.assign(value, { extra: 1 })).toThrow(TypeError);
  });
});
