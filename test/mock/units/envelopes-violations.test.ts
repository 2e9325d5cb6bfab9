/** The mock front's error envelopes (codes and types from the spec's error examples) and its bounded, one-line violation log. */
import { describe, expect, it } from "vitest";
import { errorReply } from "../../../src/simulator/envelopes.js";
import { replyToResponse } from "../../../src/simulator/http.js";

const errorResponse = (...args: Parameters<typeof errorReply>) => replyToResponse(errorReply(...args));
import { createViolationLog, oneLine } from "../../../src/simulator/violations.js";

describe("errorResponse", () => {
  // spec/mindvideo.yaml and spec/gateway.yaml error examples.
  it.each([
    ["MindVideo 400", { given: { api: "mindvideo", status: 400 }, want: { code: "invalid_request", type: "invalid_request_error" } }],
    ["MindVideo 401", { given: { api: "mindvideo", status: 401 }, want: { code: "invalid_api_key", type: "authentication_error" } }],
    ["MindVideo 404", { given: { api: "mindvideo", status: 404 }, want: { code: "not_found", type: "not_found_error" } }],
    ["MindVideo 413", { given: { api: "mindvideo", status: 413 }, want: { code: "request_too_large", type: "request_too_large_error" } }],
    ["gateway 400", { given: { api: "gateway", status: 400 }, want: { code: 400, type: "invalid_request_error" } }],
    ["gateway 401", { given: { api: "gateway", status: 401 }, want: { code: 401, type: "authentication_error" } }],
    ["gateway 404", { given: { api: "gateway", status: 404 }, want: { code: 404, type: "not_found_error" } }],
    ["gateway 413", { given: { api: "gateway", status: 413 }, want: { code: 413, type: "request_too_large_error" } }],
    ["gateway 429", { given: { api: "gateway", status: 429 }, want: { code: 429, type: "rate_limit_error" } }],
    ["gateway 502", { given: { api: "gateway", status: 502 }, want: { code: 502, type: "upstream_error" } }],
  ] as const)("%s", async (_name, { given, want }) => {
    const response = errorResponse(given.api, given.status, { message: "m" });
    expect(response.status).toBe(given.status);
    const body = (await response.json()) as { error: Record<string, unknown>; request_id?: string };
    expect(body.error).toEqual({ code: want.code, message: "m", type: want.type });
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const id = response.headers.get("x-request-id");
    expect(id).toBeTruthy();
    expect(body.request_id).toBe(given.api === "mindvideo" ? id : undefined);
  });

  it.each([
    ["MindVideo", { given: "mindvideo" as const, want: { code: "invalid_json", param: "input.prompt" } }],
    ["gateway", { given: "gateway" as const, want: { code: 400, param: "input.prompt" } }],
  ])("%s: a specific code (MindVideo only), the param and extra headers are kept", async (_name, { given, want }) => {
    const response = errorResponse(given, 400, { message: "m", code: "invalid_json", param: "input.prompt", headers: { "retry-after": "3" } });
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error.code).toBe(want.code);
    expect(body.error.param).toBe(want.param);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it.each([["mindvideo" as const], ["gateway" as const]])("%s: a status without its own envelope still gets a server-side type; no param when none is given", async (api) => {
    const response = errorResponse(api, 503, { message: "m" });
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(response.status).toBe(503);
    expect(typeof body.error.type).toBe("string");
    expect(body.error.type).not.toBe("");
    if (api === "gateway") expect(body.error.code).toBe(503);
    else expect(typeof body.error.code).toBe("string");
    expect("param" in body.error).toBe(false);
  });

  it("two envelopes carry two request ids", () => {
    const a = errorResponse("gateway", 400, { message: "m" }).headers.get("x-request-id");
    const b = errorResponse("gateway", 400, { message: "m" }).headers.get("x-request-id");
    expect(a).not.toBe(b);
  });
});

describe("oneLine", () => {
  it.each([
    ["plain text is kept", { given: ["POST /a", 300], want: "POST /a" }],
    ["a newline is escaped", { given: ["a\nb", 300], want: "a\\u000ab" }],
    ["NUL, DEL, U+2028 and U+2029 are escaped", { given: ["\u0000\u007f\u2028\u2029", 300], want: "\\u0000\\u007f\\u2028\\u2029" }],
    ["U+001F is escaped, a space is not", { given: ["\u001f ", 300], want: "\\u001f " }],
    ["exactly the cap is kept", { given: ["abcde", 5], want: "abcde" }],
    ["past the cap is cut, with an ellipsis", { given: ["abcdef", 5], want: "abcde…" }],
    ["the default cap is 300", { given: ["x".repeat(301), undefined], want: `${"x".repeat(300)}…` }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(oneLine(given[0], given[1])).toBe(want);
  });

  it("the default cap keeps 300 characters whole", () => {
    expect(oneLine("x".repeat(300))).toBe("x".repeat(300));
  });
});

describe("createViolationLog", () => {
  it("records one readable line per violation, time from the given clock, and tells the listener", () => {
    const heard: string[] = [];
    const log = createViolationLog({ now: () => Date.UTC(2026, 0, 1), onViolation: (v) => heard.push(v.line) });
    const violation = log.record({ method: "POST", path: "/api/v1/tasks", side: "request", what: "body: input.duration must be <= 12" });
    expect(violation).toEqual({
      at: "2026-01-01T00:00:00.000Z",
      method: "POST",
      path: "/api/v1/tasks",
      side: "request",
      what: "body: input.duration must be <= 12",
      line: "POST /api/v1/tasks request: body: input.duration must be <= 12",
    });
    expect(heard).toEqual([violation.line]);
    expect(log.list()).toEqual([violation]);
  });

  it("caps the method at 16 characters and the path at 200, all on one line", () => {
    const log = createViolationLog();
    const v = log.record({ method: "M".repeat(17), path: `/${"p".repeat(200)}`, side: "response", what: "a\nb" });
    expect(v.method).toBe(`${"M".repeat(16)}…`);
    expect(v.path).toBe(`/${"p".repeat(199)}…`);
    expect(v.what).toBe("a\\u000ab");
    expect(v.line).not.toContain("\n");
    const exact = log.record({ method: "M".repeat(16), path: `/${"p".repeat(199)}`, side: "response", what: "w" });
    expect(exact.method).toBe("M".repeat(16));
    expect(exact.path).toBe(`/${"p".repeat(199)}`);
  });

  it("without a clock, stamps wall time", () => {
    const before = Date.now();
    const at = Date.parse(createViolationLog().record({ method: "GET", path: "/", side: "request", what: "w" }).at);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it.each([
    ["below the cap nothing is dropped", { given: { max: 3, count: 3 }, want: { kept: ["0", "1", "2"], total: 3 } }],
    ["past the cap the oldest are dropped, the total counts them", { given: { max: 3, count: 5 }, want: { kept: ["2", "3", "4"], total: 5 } }],
    ["the default cap is 500", { given: { max: undefined, count: 502 }, want: { kept: Array.from({ length: 500 }, (_, i) => String(i + 2)), total: 502 } }],
  ])("%s", (_name, { given, want }) => {
    const log = createViolationLog({ max: given.max });
    for (let i = 0; i < given.count; i++) log.record({ method: "GET", path: "/", side: "request", what: String(i) });
    expect(log.list().map((v) => v.what)).toEqual(want.kept);
    expect(log.total()).toBe(want.total);
  });

  it("list() is a copy; clear() forgets entries and the total", () => {
    const log = createViolationLog();
    log.record({ method: "GET", path: "/", side: "request", what: "w" });
    log.list().length = 0;
    expect(log.list()).toHaveLength(1);
    log.clear();
    expect(log.list()).toEqual([]);
    expect(log.total()).toBe(0);
  });
});
