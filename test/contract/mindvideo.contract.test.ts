/**
 * The MindVideo client against a Prism mock of spec/mindvideo.yaml: every operation and every
 * declared status (chosen with `Prefer: code=`), asserting the typed result or the typed error.
 */
import { describe, expect, inject, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  IdempotencyConflictError,
  InsufficientQuotaError,
  InternalServerError,
  MindVideo,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../src/index.js";
import { componentValidator } from "../helpers/openapi.js";
import { declaredPairs } from "./coverage.js";

type ErrorClass = new (...args: never[]) => APIError;
const ERRORS: Record<string, [ErrorClass, string]> = {
  "400": [BadRequestError, "invalid_input"],
  "401": [AuthenticationError, "invalid_api_key"],
  "402": [InsufficientQuotaError, "insufficient_quota"],
  "403": [PermissionDeniedError, "model_not_allowed"],
  "409": [IdempotencyConflictError, "idempotency_key_reused"],
  "413": [PayloadTooLargeError, "request_too_large"],
  "422": [UnprocessableEntityError, "input_file_unreachable"],
  "429": [RateLimitError, "rate_limit_exceeded"],
  "500": [InternalServerError, "internal_error"],
  "502": [InternalServerError, "upstream_unavailable"],
  "503": [InternalServerError, "service_unavailable"],
};

const mv = () => new MindVideo({ apiKey: "mv_test", baseUrl: inject("prismMindVideoUrl"), maxRetries: 0 });
const prefer = (code: string) => ({ headers: { Prefer: `code=${code}` } });
const body = { model: "doubao-seedance-2-0-fast", input: { prompt: "A cinematic tracking shot of a futuristic city street after rain", resolution: "720p" } } as const;

/** operationId → status → the call and what it must produce. */
const MINDVIDEO_CONTRACT: Record<string, Record<string, { call: (code: string) => Promise<unknown>; error?: [ErrorClass, string]; schema?: string }>> = {
  createTask: {
    "200": { call: (code) => mv().tasks.create(body, prefer(code)), schema: "Task" },
    ...Object.fromEntries(["400", "401", "402", "403", "409", "413", "422", "429", "500", "502", "503"].map((s) => [s, { call: (code: string) => mv().tasks.create(body, prefer(code)), error: ERRORS[s]! }])),
    "404": { call: (code) => mv().tasks.create(body, prefer(code)), error: [NotFoundError, "model_not_found"] },
  },
  getTask: {
    "200": { call: (code) => mv().tasks.get("task_demo_model", prefer(code)), schema: "Task" },
    ...Object.fromEntries(["400", "401", "403", "429", "500", "502", "503"].map((s) => [s, { call: (code: string) => mv().tasks.get("task_demo_model", prefer(code)), error: ERRORS[s]! }])),
    "404": { call: (code) => mv().tasks.get("task_missing", prefer(code)), error: [NotFoundError, "task_not_found"] },
  },
  listTaskEvents: {
    "200": { call: (code) => mv().tasks.events("task_demo_model", { ...prefer(code), limit: 20 }), schema: "TaskEventList" },
    ...Object.fromEntries(["400", "401", "403", "429", "500", "502", "503"].map((s) => [s, { call: (code: string) => mv().tasks.events("task_demo_model", prefer(code)), error: ERRORS[s]! }])),
    "404": { call: (code) => mv().tasks.events("task_missing", prefer(code)), error: [NotFoundError, "task_not_found"] },
  },
};

const cases = Object.entries(MINDVIDEO_CONTRACT).flatMap(([operation, statuses]) => Object.entries(statuses).map(([status, c]) => [`${operation} ${status}`, status, c] as const));

describe("MindVideo contract (Prism mock)", () => {
  it("covers every operation and declared status of the spec", () => {
    expect(cases.map(([name]) => name).sort()).toEqual(declaredPairs("mindvideo"));
  });

  it.each(cases)("%s", async (_name, status, { call, error, schema }) => {
    if (error) {
      const [ErrorClass, code] = error;
      const thrown = await call(status).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(thrown).toBeInstanceOf(ErrorClass);
      expect(thrown).toMatchObject({ status: Number(status), code });
      expect((thrown as APIError).requestId).toMatch(/^req_/);
      return;
    }
    const result = await call(status);
    const validate = componentValidator("mindvideo", schema!);
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ["succeeded_quality_video", "succeeded"],
    ["succeeded_fast_video", "succeeded"],
    ["succeeded_image", "succeeded"],
    ["processing", "processing"],
    ["failed", "failed"],
  ] as const)("getTask example %s parses with status %s", async (example, status) => {
    const task = await mv().tasks.get("task_demo_model", { headers: { Prefer: `example=${example}` } });
    expect(task.status).toBe(status);
  });

  it("a 429 carries Retry-After through to the error headers", async () => {
    const error = (await mv().tasks.get("t", prefer("429")).catch((e: unknown) => e)) as RateLimitError;
    expect(error.headers["retry-after"]).toBe("30");
  });
});
