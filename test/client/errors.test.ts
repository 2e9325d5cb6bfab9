import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  IdempotencyConflictError,
  InputValidationError,
  InsufficientQuotaError,
  InternalServerError,
  InvalidResponseError,
  InvalidTaskIdError,
  makeAPIError,
  MindVideoError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  TaskFailedError,
  UnprocessableEntityError,
  WaitTimeoutError,
  UnsupportedOptionError,
  type ErrorResponseContext,
} from "../../src/errors.js";
import { CallbackPayloadError } from "../../src/gateway/webhooks.js";
import { FileInputError } from "../../src/files.js";

/** An error's `name` is what logs and `String(error)` show: it must be the class users catch. */
describe("every error class names itself", () => {
  const init = { message: "m" };
  it.each([
    ["MindVideoError", { given: () => new MindVideoError("m"), parent: Error }],
    ["APIError", { given: () => new APIError(init), parent: MindVideoError }],
    ["BadRequestError", { given: () => new BadRequestError(init), parent: APIError }],
    ["AuthenticationError", { given: () => new AuthenticationError(init), parent: APIError }],
    ["InsufficientQuotaError", { given: () => new InsufficientQuotaError(init), parent: APIError }],
    ["PermissionDeniedError", { given: () => new PermissionDeniedError(init), parent: APIError }],
    ["NotFoundError", { given: () => new NotFoundError(init), parent: APIError }],
    ["IdempotencyConflictError", { given: () => new IdempotencyConflictError(init), parent: APIError }],
    ["PayloadTooLargeError", { given: () => new PayloadTooLargeError(init), parent: APIError }],
    ["UnprocessableEntityError", { given: () => new UnprocessableEntityError(init), parent: APIError }],
    ["RateLimitError", { given: () => new RateLimitError(init), parent: APIError }],
    ["InternalServerError", { given: () => new InternalServerError(init), parent: APIError }],
    ["APIConnectionError", { given: () => new APIConnectionError(init), parent: APIError }],
    ["APITimeoutError", { given: () => new APITimeoutError(init), parent: APIConnectionError }],
    ["RedirectError", { given: () => new RedirectError(init), parent: APIError }],
    ["ResponseTooLargeError", { given: () => new ResponseTooLargeError(init), parent: APIError }],
    ["InvalidResponseError", { given: () => new InvalidResponseError(init), parent: APIError }],
    ["APIUserAbortError", { given: () => new APIUserAbortError(init), parent: APIError }],
    ["InvalidTaskIdError", { given: () => new InvalidTaskIdError("m"), parent: MindVideoError }],
    ["InputValidationError", { given: () => new InputValidationError("model", []), parent: MindVideoError }],
    ["TaskFailedError", { given: () => new TaskFailedError({ status: "failed" }, "t"), parent: MindVideoError }],
    ["WaitTimeoutError", { given: () => new WaitTimeoutError("t", undefined, 1), parent: MindVideoError }],
    ["CallbackPayloadError", { given: () => new CallbackPayloadError("m"), parent: MindVideoError }],
    ["FileInputError", { given: () => new FileInputError("m"), parent: MindVideoError }],
    ["UnsupportedOptionError", { given: () => new UnsupportedOptionError("idempotencyKey", "VideoGateway", "no such header"), parent: MindVideoError }],
  ] as const)("%s", (want, { given: make, parent }) => {
    // Built inside the test, so the mutation run knows which tests reach each constructor.
    const given = make();
    expect(given.name).toBe(want);
    expect(String(given).startsWith(`${want}: `)).toBe(true);
    expect(given).toBeInstanceOf(parent);
  });
});

describe("APIError keeps what it is given", () => {
  it("a cause, when there is one", () => {
    const cause = new Error("socket hang up");
    expect(new APIError({ message: "m", cause }).cause).toBe(cause);
  });
  it("no cause property at all when there is none", () => {
    expect("cause" in new APIError({ message: "m" })).toBe(false);
  });
  it("a falsy cause is still a cause", () => {
    expect(new APIError({ message: "m", cause: 0 }).cause).toBe(0);
  });
  it("headers default to an empty object", () => {
    expect(new APIError({ message: "m" }).headers).toEqual({});
  });
  it("a redirect keeps where the server pointed", () => {
    expect(new RedirectError({ message: "m", location: "https://elsewhere.test/" }).location).toBe("https://elsewhere.test/");
  });
});

describe("messages of the errors users meet most", () => {
  it.each([
    ["a failed task with a reason", { given: () => new TaskFailedError({ status: "failed" }, "task-1", "content policy"), want: "Task task-1 failed: content policy" }],
    ["a cancelled task without a reason", { given: () => new TaskFailedError({ status: "cancelled" }, "task-2"), want: "Task task-2 cancelled" }],
    ["a cancelled task with an empty reason", { given: () => new TaskFailedError({ status: "cancelled" }, "task-2", ""), want: "Task task-2 cancelled" }],
    ["a wait that ran out, with the last status", { given: () => new WaitTimeoutError("task-3", "processing", 5000), want: "Task task-3 did not finish within 5000 ms (last status: processing)" }],
    ["a wait that ran out before any status", { given: () => new WaitTimeoutError("task-4", undefined, 100), want: "Task task-4 did not finish within 100 ms (last status: unknown)" }],
    [
      "bad input, one line per problem",
      { given: () => new InputValidationError("doubao-seedance-2-0-fast", [{ path: "input.size", message: "size must be one of 16:9, 9:16" }, { path: "input.prompt", message: "prompt is required" }]), want: "Invalid input for doubao-seedance-2-0-fast:\n  - size must be one of 16:9, 9:16\n  - prompt is required" },
    ],
  ] as const)("%s", (_name, { given, want }) => {
    expect(given().message).toBe(want);
  });

  it("keeps the task, its id, the model and the problems for code", () => {
    const failed = new TaskFailedError({ status: "failed", id: "x" }, "x");
    expect([failed.task, failed.taskId]).toEqual([{ status: "failed", id: "x" }, "x"]);
    const timeout = new WaitTimeoutError("t", "queued", 9);
    expect([timeout.taskId, timeout.lastStatus, timeout.timeoutMs]).toEqual(["t", "queued", 9]);
    const invalid = new InputValidationError("m", [{ path: "input.n", message: "n is too large" }]);
    expect([invalid.model, invalid.errors]).toEqual(["m", [{ path: "input.n", message: "n is too large" }]]);
  });
});

const context = (overrides: Partial<ErrorResponseContext>): ErrorResponseContext => ({ status: 500, statusText: "", headers: new Headers(), bodyText: "", ...overrides });

describe("makeAPIError: one class per status", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [402, InsufficientQuotaError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, IdempotencyConflictError],
    [413, PayloadTooLargeError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [599, InternalServerError],
    [499, APIError],
    [418, APIError],
    [302, APIError],
  ] as const)("%i", (status, want) => {
    const error = makeAPIError(context({ status }));
    expect(error.constructor).toBe(want);
    expect(error.status).toBe(status);
  });
});

describe("makeAPIError: a readable message whatever the body", () => {
  const html = new Headers({ "content-type": "text/html; charset=utf-8" });
  const json = new Headers({ "content-type": "application/json" });
  it.each([
    ["the envelope's message", { given: context({ status: 400, bodyText: JSON.stringify({ error: { message: "prompt is required" } }) }), want: "400 prompt is required" }],
    ["an empty envelope message falls back to the status text", { given: context({ status: 400, statusText: "Bad Request", bodyText: JSON.stringify({ error: { message: "" } }) }), want: "400 Bad Request (body: {\"error\":{\"message\":\"\"}})" }],
    ["nothing at all", { given: context({ status: 502 }), want: "502 error" }],
    ["only whitespace", { given: context({ status: 502, statusText: "Bad Gateway", bodyText: " \n\t " }), want: "502 Bad Gateway" }],
    ["an HTML page: its title", { given: context({ status: 502, statusText: "Bad Gateway", headers: html, bodyText: "<html><head><title>502  Bad\n Gateway</title></head><body><h1>nginx</h1></body></html>" }), want: "502 Bad Gateway (HTML page: 502 Bad Gateway)" }],
    ["an HTML page with an attribute on its title", { given: context({ status: 502, headers: html, bodyText: '<html><title lang="en">Down</title></html>' }), want: "502 error (HTML page: Down)" }],
    ["an HTML page without a title: its text", { given: context({ status: 503, headers: html, bodyText: "<html><body><h1>Service</h1><p>Unavailable</p></body></html>" }), want: "503 error (HTML page: Service Unavailable)" }],
    ["HTML without a content type, by its doctype", { given: context({ status: 503, bodyText: "<!DOCTYPE html><p>busy</p>" }), want: "503 error (HTML page: busy)" }],
    ["HTML without a content type, by its html tag", { given: context({ status: 503, bodyText: "  <HTML><b>busy</b></HTML>" }), want: "503 error (HTML page: busy)" }],
    ["a text that only mentions html", { given: context({ status: 503, bodyText: "upstream said <html> once" }), want: "503 error (body: upstream said <html> once)" }],
    ["an HTML page that is only tags", { given: context({ status: 503, headers: html, bodyText: "<html><br></html>" }), want: "503 error" }],
    ["a truncated JSON body", { given: context({ status: 500, headers: json, bodyText: '{"error": {"mess' }), want: '500 error (unreadable JSON body: {"error": {"mess)' }],
    ["a plain text body, whitespace collapsed", { given: context({ status: 500, statusText: "Oops", bodyText: "  too   many\n\nthings  " }), want: "500 Oops (body: too many things)" }],
    ["a JSON number", { given: context({ status: 500, bodyText: "42" }), want: "500 error (body: 42)" }],
    ["JSON null", { given: context({ status: 500, bodyText: "null" }), want: "500 error (body: null)" }],
    ["an error field that is a string", { given: context({ status: 500, bodyText: '{"error":"boom"}' }), want: '500 error (body: {"error":"boom"})' }],
    ["a 200-character body whole", { given: context({ status: 500, bodyText: "x".repeat(200) }), want: `500 error (body: ${"x".repeat(200)})` }],
    ["a 201-character body cut", { given: context({ status: 500, bodyText: "x".repeat(201) }), want: `500 error (body: ${"x".repeat(200)}…)` }],
    ["an HTML content type on a page without an html tag", { given: context({ status: 504, headers: html, bodyText: "<head><title>Gateway Timeout</title></head>" }), want: "504 error (HTML page: Gateway Timeout)" }],
    ["a 1000-character envelope message whole", { given: context({ status: 400, bodyText: JSON.stringify({ error: { message: "y".repeat(1000) } }) }), want: `400 ${"y".repeat(1000)}` }],
    ["a huge envelope message cut at 1000", { given: context({ status: 400, bodyText: JSON.stringify({ error: { message: "y".repeat(1500) } }) }), want: `400 ${"y".repeat(1000)}…` }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(makeAPIError(given).message).toBe(want);
  });

  it("reads only the first 64 KiB of a body", () => {
    const error = makeAPIError(context({ status: 500, bodyText: `${" ".repeat(64 * 1024)}after` }));
    expect(error.message).toBe("500 error");
  });
});

describe("makeAPIError: the envelope's fields", () => {
  it("keeps code, type, param, fallback suggestion, request id and the idempotency key", () => {
    const error = makeAPIError(
      context({
        status: 404,
        idempotencyKey: "idem-1",
        bodyText: JSON.stringify({ error: { code: 404, message: "Specified model not found", type: "not_found_error", param: "model", fallback_suggestion: "doubao-seedance-1.0-pro-fast" }, request_id: "req-1" }),
        headers: new Headers({ "x-request-id": "req-header" }),
      }),
    );
    expect({ code: error.code, type: error.type, param: error.param, fallbackSuggestion: error.fallbackSuggestion, requestId: error.requestId, idempotencyKey: error.idempotencyKey }).toEqual({
      code: 404,
      type: "not_found_error",
      param: "model",
      fallbackSuggestion: "doubao-seedance-1.0-pro-fast",
      requestId: "req-1",
      idempotencyKey: "idem-1",
    });
  });

  it.each([
    ["a string code", { given: { code: "invalid_request" }, want: "invalid_request" }],
    ["a boolean code is dropped", { given: { code: true }, want: undefined }],
    ["an object code is dropped", { given: { code: { n: 1 } }, want: undefined }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(makeAPIError(context({ status: 400, bodyText: JSON.stringify({ error: given }) })).code).toBe(want);
  });

  it.each([
    ["the header when the body has none", { given: { body: "{}", header: "req-h" }, want: "req-h" }],
    ["the header when the body's is empty", { given: { body: '{"request_id":""}', header: "req-h" }, want: "req-h" }],
    ["the header when the body's is not a string", { given: { body: '{"request_id":7}', header: "req-h" }, want: "req-h" }],
    ["none at all", { given: { body: "{}", header: undefined }, want: undefined }],
  ] as const)("request id: %s", (_name, { given, want }) => {
    const headers = new Headers(given.header ? { "x-request-id": given.header } : {});
    expect(makeAPIError(context({ bodyText: given.body, headers })).requestId).toBe(want);
  });

  it("empty strings are no value", () => {
    const error = makeAPIError(context({ status: 400, bodyText: JSON.stringify({ error: { type: "", param: "", fallback_suggestion: "" } }) }));
    expect([error.type, error.param, error.fallbackSuggestion]).toEqual([undefined, undefined, undefined]);
  });

  it("keeps the response headers, scrubbed", () => {
    const secret = "sk-test-abcdef0123456789";
    const error = makeAPIError(context({ headers: new Headers({ "x-echo": `key=${secret}`, "retry-after": "3" }), secret }));
    expect(error.headers).toEqual({ "x-echo": "key=[redacted]", "retry-after": "3" });
  });

  it("scrubs secrets from every field, the extra secrets too", () => {
    const secret = "sk-test-abcdef0123456789";
    const other = "tok-other-9876543210";
    const error = makeAPIError(
      context({
        status: 400,
        statusText: `bad ${other}`,
        secret,
        secrets: [undefined, other],
        bodyText: JSON.stringify({ error: { code: `c-${secret}`, type: `t-${other}`, param: `p-${secret}`, fallback_suggestion: `f-${secret}` }, request_id: `r-${other}` }),
      }),
    );
    expect([error.message.startsWith(`400 bad [redacted] (body: `), error.code, error.type, error.param, error.fallbackSuggestion, error.requestId]).toEqual([true, "c-[redacted]", "t-[redacted]", "p-[redacted]", "f-[redacted]", "r-[redacted]"]);
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain(other);
  });
});
