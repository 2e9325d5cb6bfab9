/** The gateway client against a Prism mock of spec/gateway.yaml: every operation and declared status. */
import { describe, expect, inject, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  InsufficientQuotaError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  VideoGateway,
} from "../../src/index.js";
import { componentValidator } from "../helpers/openapi.js";
import { declaredPairs } from "./coverage.js";

type ErrorClass = new (...args: never[]) => APIError;
const gw = () => new VideoGateway({ apiKey: "gw_test", baseUrl: inject("prismGatewayUrl"), maxRetries: 0 });
const prefer = (code: string) => ({ headers: { Prefer: `code=${code}` } });
const body = { model: "doubao-seedance-1.0-pro-fast", prompt: "A cat playing piano" } as const;
const create = (code: string) => gw().videos.create(body, prefer(code));
const get = (code: string) => gw().tasks.get("task-unified-1761313744-vux2jw0k", prefer(code));

/** Each declared status with the error class and the seed's example fields it must produce. */
const CONTRACT: Record<string, Record<string, { call: (code: string) => Promise<unknown>; schema?: string; error?: [ErrorClass, Record<string, unknown>] }>> = {
  createVideoGeneration: {
    "200": { call: create, schema: "VideoGenerationResponse" },
    "400": { call: create, error: [BadRequestError, { type: "invalid_request_error", param: "prompt", fallbackSuggestion: "provide a valid prompt" }] },
    "401": { call: create, error: [AuthenticationError, { type: "authentication_error", message: "401 Invalid or expired token" }] },
    "402": { call: create, error: [InsufficientQuotaError, { type: "insufficient_quota_error", fallbackSuggestion: "https://ai.odkkk.com/apiv1/dashboard/billing" }] },
    "403": { call: create, error: [PermissionDeniedError, { type: "permission_error", param: "model" }] },
    "404": { call: create, error: [NotFoundError, { type: "not_found_error", param: "model", fallbackSuggestion: "doubao-seedance-1.0-pro-fast" }] },
    "413": { call: create, error: [PayloadTooLargeError, { type: "request_too_large_error", fallbackSuggestion: "reduce prompt length" }] },
    "429": { call: create, error: [RateLimitError, { type: "rate_limit_error", fallbackSuggestion: "retry after 60 seconds" }] },
    "500": { call: create, error: [InternalServerError, { type: "internal_server_error", fallbackSuggestion: "try again later" }] },
    "502": { call: create, error: [InternalServerError, { type: "upstream_error", fallbackSuggestion: "try different model" }] },
    "503": { call: create, error: [InternalServerError, { type: "service_unavailable_error", fallbackSuggestion: "retry after 30 seconds" }] },
  },
  getTaskDetail: {
    "200": { call: get, schema: "VideoTask" },
    "400": { call: get, error: [BadRequestError, { type: "invalid_request_error", param: "task_id" }] },
    "401": { call: get, error: [AuthenticationError, { type: "authentication_error" }] },
    "404": { call: get, error: [NotFoundError, { type: "not_found_error", param: "task_id" }] },
    "429": { call: get, error: [RateLimitError, { type: "rate_limit_error" }] },
    "500": { call: get, error: [InternalServerError, { type: "internal_server_error" }] },
    "502": { call: get, error: [InternalServerError, { type: "upstream_error" }] },
    "503": { call: get, error: [InternalServerError, { type: "service_unavailable_error" }] },
  },
};

const cases = Object.entries(CONTRACT).flatMap(([operation, statuses]) => Object.entries(statuses).map(([status, c]) => [`${operation} ${status}`, status, c] as const));

describe("gateway contract (Prism mock)", () => {
  it("covers every operation and declared status of the spec", () => {
    expect(cases.map(([name]) => name).sort()).toEqual(declaredPairs("gateway"));
  });

  it.each(cases)("%s", async (_name, status, { call, schema, error }) => {
    if (error) {
      const [ErrorClass, fields] = error;
      const thrown = await call(status).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(thrown).toBeInstanceOf(ErrorClass);
      expect(thrown).toMatchObject({ status: Number(status), code: Number(status), ...fields });
      return;
    }
    const result = await call(status);
    const validate = componentValidator("gateway", schema!);
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(["processing", "completed", "failed"])("task example %s parses and normalizes", async (example) => {
    const client = gw();
    const task = await client.tasks.get("t", { headers: { Prefer: `example=${example}` } });
    expect(task.status).toBe(example);
    const generation = await client.generations.get("t", { headers: { Prefer: `example=${example}` } });
    expect(generation.status).toBe({ processing: "processing", completed: "succeeded", failed: "failed" }[example]);
  });
});
