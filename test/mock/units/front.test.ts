/**
 * The contract front in-process (Request in, Response out), over the simulator on a manual clock or
 * over a recording upstream: CORS, the control routes under /__mock/, every check a request passes
 * before anything answers it, and what the front does with the upstream's answer. Statuses, codes,
 * types and parameter bounds come from spec/mindvideo.yaml and spec/gateway.yaml.
 */
import { describe, expect, it } from "vitest";
import { createContract, type OperationSpec, type Validator } from "../../../src/simulator/contract.js";
import { createFront, jsonDepth, MAX_JSON_DEPTH } from "../../../src/simulator/front.js";
import { createManualClock, createSimulator, SCENARIOS, SCENARIO_HEADER } from "../../../src/simulator/index.js";
import type { ProviderName } from "../../../src/simulator/state.js";

const ORIGIN = "http://mock.test";
const AUTH = { authorization: "Bearer key_front" };
const JSON_TYPE = { "content-type": "application/json" };
const MV_BODY = JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "a harbour at dawn" } });
const GW_BODY = JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "a cat playing piano" });
const GW_TASK = { id: "t1", object: "video.generation.task", model: "doubao-seedance-1.0-pro-fast", status: "processing", created: 1 };

function stateful(api: ProviderName = "mindvideo", maxBodyBytes?: number) {
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  const simulator = createSimulator({ clock, timing: { queuedMs: 1_000, processingMs: 4_000 } });
  const front = createFront({ api, simulator, ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }) });
  return { clock, simulator, front, ...caller(front.handle) };
}

function caller(handle: (request: Request) => Promise<Response>) {
  const call = async (method: string, path: string, init: { headers?: Record<string, string>; body?: BodyInit } = {}) => {
    const response = await handle(new Request(`${ORIGIN}${path}`, { method, headers: init.headers ?? {}, ...(init.body === undefined ? {} : { body: init.body, duplex: "half" }) } as RequestInit));
    const text = await response.text();
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: response.status, headers: response.headers, body };
  };
  return { call };
}

/** A front over an upstream that records what it was handed and answers `answer`. */
function proxied(api: ProviderName, answer: () => Response | Promise<Response>) {
  const seen: { request: Request; body: string }[] = [];
  const front = createFront({
    api,
    upstream: async (request) => {
      seen.push({ request, body: await request.text() });
      return answer();
    },
  });
  return { front, seen, ...caller(front.handle) };
}

describe("CORS", () => {
  it.each([
    ["with an origin: echoed, asked headers echoed", { given: { origin: "http://docs.example", asked: "authorization, x-custom" }, want: { origin: "http://docs.example", headers: "authorization, x-custom" } }],
    ["without an origin: any origin", { given: { origin: undefined, asked: undefined }, want: { origin: "*", headers: undefined } }],
  ] as const)("a preflight %s", async (_name, { given, want }) => {
    const { call } = stateful();
    const headers: Record<string, string> = { "access-control-request-method": "POST" };
    if (given.origin) headers.origin = given.origin;
    if (given.asked) headers["access-control-request-headers"] = given.asked;
    const preflight = await call("OPTIONS", "/api/v1/tasks", { headers });
    expect(preflight.status).toBe(204);
    expect(preflight.body).toBeUndefined();
    expect(preflight.headers.get("access-control-allow-origin")).toBe(want.origin);
    const methods = preflight.headers.get("access-control-allow-methods")!.split(/,\s*/);
    for (const method of ["GET", "POST", "PUT"]) expect(methods).toContain(method);
    const allowed = preflight.headers.get("access-control-allow-headers")!;
    if (want.headers) expect(allowed).toBe(want.headers);
    // The headers the APIs and the mock read: without them a browser may not send them.
    else for (const header of ["authorization", "content-type", "idempotency-key", SCENARIO_HEADER]) expect(allowed.split(/,\s*/)).toContain(header);
    expect(Number(preflight.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    expect(preflight.headers.get("vary")).toMatch(/Origin/);
  });

  it.each([
    ["an API answer", { given: { path: "/api/v1/tasks/nope" } }],
    ["a control answer", { given: { path: "/__mock/tasks" } }],
    ["a refusal", { given: { path: "/api/v1/nowhere" } }],
  ] as const)("%s is readable by the asking origin, its headers exposed", async (_name, { given }) => {
    const { call } = stateful();
    const withOrigin = await call("GET", given.path, { headers: { ...AUTH, origin: "http://docs.example" } });
    expect(withOrigin.headers.get("access-control-allow-origin")).toBe("http://docs.example");
    expect(withOrigin.headers.get("vary")).toBe("Origin");
    const exposed = withOrigin.headers.get("access-control-expose-headers")!.split(/,\s*/);
    // The spec's response headers (X-Request-Id, Retry-After, Idempotent-Replayed) and the ones a ranged download reads.
    for (const header of ["x-request-id", "retry-after", "idempotent-replayed", "content-length", "content-range", "accept-ranges"]) expect(exposed).toContain(header);
    const without = await call("GET", given.path, { headers: AUTH });
    expect(without.headers.get("access-control-allow-origin")).toBe("*");
    expect(without.headers.get("vary")).toBeNull();
  });

  it("an upstream's own CORS and framing headers are dropped; its other headers kept", async () => {
    const { call } = proxied("gateway", () => {
      const headers = new Headers({ "content-type": "application/json", "access-control-allow-credentials": "true", "access-control-allow-origin": "http://evil.example", "x-request-id": "req_up", connection: "close", vary: "Accept" });
      return new Response(JSON.stringify(GW_TASK), { status: 200, headers });
    });
    const answer = await call("GET", "/v1/tasks/t1", { headers: { ...AUTH, origin: "http://docs.example" } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(GW_TASK);
    expect(answer.headers.get("access-control-allow-credentials")).toBeNull();
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://docs.example");
    expect(answer.headers.get("connection")).toBeNull();
    expect(answer.headers.get("x-request-id")).toBe("req_up");
    expect(answer.headers.get("vary")).toBe("Accept, Origin");
  });
});

describe("control routes under /__mock/", () => {
  it("tasks, violations and reset: listed with totals, forgotten on reset", async () => {
    const { call } = stateful();
    expect((await call("POST", "/api/v1/tasks", { headers: { ...AUTH, ...JSON_TYPE }, body: MV_BODY })).status).toBe(200);
    expect((await call("GET", "/api/v1/tasks/x/events?limit=0", { headers: AUTH })).status).toBe(400);
    const tasks = await call("GET", "/__mock/tasks");
    expect(tasks.status).toBe(200);
    expect(tasks.body).toMatchObject({ mode: "stateful", total: 1, data: [{ provider: "mindvideo", model: "doubao-seedance-2-0-fast" }] });
    const violations = await call("GET", "/__mock/violations");
    expect(violations.body).toMatchObject({ total: 1, data: [{ side: "request", method: "GET", path: "/api/v1/tasks/x/events?limit=0" }] });
    const reset = await call("POST", "/__mock/reset");
    expect(reset).toMatchObject({ status: 200, body: { reset: true } });
    expect((await call("GET", "/__mock/tasks")).body).toEqual({ mode: "stateful", total: 0, data: [] });
    expect((await call("GET", "/__mock/violations")).body).toEqual({ total: 0, data: [] });
  });

  it("the scenario: read, set with PUT or POST, refused when not one of the scenarios", async () => {
    const { call, simulator } = stateful();
    expect((await call("GET", "/__mock/scenario")).body).toEqual({ scenario: "none", allowed: [...SCENARIOS] });
    for (const [method, scenario] of [["PUT", "fail"], ["POST", "slow"]] as const) {
      const set = await call(method, "/__mock/scenario", { headers: JSON_TYPE, body: JSON.stringify({ scenario }) });
      expect(set).toMatchObject({ status: 200, body: { scenario } });
      expect(simulator.scenario()).toBe(scenario);
    }
    for (const body of ["{", JSON.stringify({ scenario: "chaos" }), "null", JSON.stringify({}), JSON.stringify({ scenario: "x".repeat(5_000) })]) {
      const refused = await call("PUT", "/__mock/scenario", { headers: JSON_TYPE, body });
      expect(refused.status, body.slice(0, 40)).toBe(400);
      for (const scenario of SCENARIOS) expect(refused.body.error.message).toContain(scenario);
    }
    expect(simulator.scenario()).toBe("slow");
  });

  it.each([
    ["an unknown control route", { given: { method: "GET", path: "/__mock/nothing" } }],
    ["a scenario DELETE", { given: { method: "DELETE", path: "/__mock/scenario" } }],
    ["a POST to an output file", { given: { method: "POST", path: "/__mock/outputs/t/0.mp4" } }],
    ["a GET of reset", { given: { method: "GET", path: "/__mock/reset" } }],
  ] as const)("%s is 404 naming the routes there are", async (_name, { given }) => {
    const answer = await stateful().call(given.method, given.path);
    expect(answer.status).toBe(404);
    expect(answer.body.error.message).toContain(`${given.method} ${given.path}`);
    expect(answer.body.error.message).toContain("GET /__mock/tasks");
  });

  it("a front without a simulator has no tasks, no scenario and no outputs", async () => {
    const { call } = proxied("gateway", () => Response.json(GW_TASK));
    expect((await call("GET", "/__mock/tasks")).body).toEqual({ mode: "static", total: 0, data: [] });
    expect((await call("GET", "/__mock/scenario")).status).toBe(404);
    expect((await call("GET", "/__mock/outputs/t/0.mp4")).status).toBe(404);
    expect((await call("POST", "/__mock/reset")).body).toEqual({ reset: true });
  });

  it("output files of finished tasks download through the front (GET and HEAD)", async () => {
    const { call, clock } = stateful();
    const created = await call("POST", "/api/v1/tasks", { headers: { ...AUTH, ...JSON_TYPE }, body: MV_BODY });
    clock.advance(10_000);
    const task = await call("GET", `/api/v1/tasks/${created.body.task_id}`, { headers: AUTH });
    expect(task.body.status).toBe("succeeded");
    const path = new URL(task.body.output.videos[0].url).pathname;
    const file = await call("GET", path, { headers: { range: "bytes=4-11" } });
    expect(file.status).toBe(206);
    expect(file.body).toBe("ftypisom");
    const head = await call("HEAD", path);
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(0);
  });

  it("needs an upstream or a simulator", () => {
    expect(() => createFront({ api: "mindvideo" })).toThrow(TypeError);
  });
});

describe("requests the contract refuses", () => {
  const long = "k".repeat(256);
  it.each([
    ["an unknown route", { given: { method: "GET", path: "/api/v1/nope" }, want: { status: 404, code: "not_found", param: undefined, message: "No route GET /api/v1/nope" } }],
    ["the wrong method", { given: { method: "DELETE", path: "/api/v1/tasks" }, want: { status: 404, code: "not_found", param: undefined, message: "No route DELETE /api/v1/tasks" } }],
    ["a malformed escape in the id", { given: { method: "GET", path: "/api/v1/tasks/%E0%A4%A" }, want: { status: 400, code: "invalid_request", param: "task_id", message: "task_id" } }],
    ["no bearer key", { given: { method: "GET", path: "/api/v1/tasks/t1", headers: {} }, want: { status: 401, code: "invalid_api_key", param: undefined, message: "Authorization: Bearer" } }],
    ["limit that is not an integer", { given: { method: "GET", path: "/api/v1/tasks/t1/events?limit=abc" }, want: { status: 400, code: "invalid_request", param: "limit", message: "limit must be integer" } }],
    ["limit 1.5", { given: { method: "GET", path: "/api/v1/tasks/t1/events?limit=1.5" }, want: { status: 400, code: "invalid_request", param: "limit", message: "limit must be integer" } }],
    ["limit below 1", { given: { method: "GET", path: "/api/v1/tasks/t1/events?limit=0" }, want: { status: 400, code: "invalid_request", param: "limit", message: "limit must be >= 1" } }],
    ["limit -5", { given: { method: "GET", path: "/api/v1/tasks/t1/events?limit=-5" }, want: { status: 400, code: "invalid_request", param: "limit", message: "limit must be >= 1" } }],
    ["limit above 100", { given: { method: "GET", path: "/api/v1/tasks/t1/events?limit=101" }, want: { status: 400, code: "invalid_request", param: "limit", message: "limit must be <= 100" } }],
    ["limit 2e3", { given: { method: "GET", path: "/api/v1/tasks/t1/events?limit=2e3" }, want: { status: 400, code: "invalid_request", param: "limit", message: "limit must be <= 100" } }],
    ["limit twice", { given: { method: "GET", path: "/api/v1/tasks/t1/events?limit=1&limit=2" }, want: { status: 400, code: "invalid_request", param: "limit", message: "limit is given more than once" } }],
    ["an empty after cursor", { given: { method: "GET", path: "/api/v1/tasks/t1/events?after=" }, want: { status: 400, code: "invalid_request", param: "after", message: "after must NOT have fewer than 1 characters" } }],
    ["an Idempotency-Key of 256 characters", { given: { method: "POST", path: "/api/v1/tasks", headers: { ...AUTH, ...JSON_TYPE, "idempotency-key": long }, body: MV_BODY }, want: { status: 400, code: "invalid_request", param: "Idempotency-Key", message: "Idempotency-Key must NOT have more than 255 characters" } }],
  ] as const)("%s", async (_name, { given, want }) => {
    const { call, front } = stateful();
    const headers = "headers" in given ? given.headers : AUTH;
    const answer = await call(given.method, given.path, { headers, ...("body" in given ? { body: given.body } : {}) });
    expect(answer.status).toBe(want.status);
    expect(answer.body.error).toMatchObject({ code: want.code, ...(want.param ? { param: want.param } : {}) });
    if (!want.param) expect(answer.body.error.param).toBeUndefined();
    expect(answer.body.error.message).toContain(want.message);
    expect(front.violations.list()).toEqual([expect.objectContaining({ side: "request", method: given.method, path: given.path, what: expect.stringMatching(new RegExp(`^${want.status} `)) })]);
  });

  it.each([
    ["limit 1", "limit=1"],
    ["limit 100", "limit=100"],
    ["limit 1e1 (a number spelt with an exponent)", "limit=1e1"],
    ["a cursor", "after=evt_1"],
  ])("the events route accepts %s (then 404s the unknown task)", async (_name, query) => {
    const { call, front } = stateful();
    const answer = await call("GET", `/api/v1/tasks/t1/events?${query}`, { headers: AUTH });
    expect(answer.status).toBe(404);
    expect(answer.body.error.type).toBe("not_found_error");
    expect(front.violations.list()).toEqual([]);
  });

  it("an Idempotency-Key of 255 characters and an escaped id pass", async () => {
    const { call } = stateful();
    const created = await call("POST", "/api/v1/tasks", { headers: { ...AUTH, ...JSON_TYPE, "idempotency-key": "k".repeat(255) }, body: MV_BODY });
    expect(created.status).toBe(200);
    const id = created.body.task_id as string;
    const escaped = [...id].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");
    expect((await call("GET", `/api/v1/tasks/${escaped}`, { headers: AUTH })).body.task_id).toBe(id);
  });
});

describe("bodies the contract refuses", () => {
  const post = (api: ProviderName, body: BodyInit, type: string | null = "application/json", maxBodyBytes?: number) => {
    const { call, front, simulator } = stateful(api, maxBodyBytes);
    const path = api === "gateway" ? "/v1/videos/generations" : "/api/v1/tasks";
    const headers: Record<string, string> = { ...AUTH, ...(type === null ? {} : { "content-type": type }) };
    return call("POST", path, { headers, body }).then((answer) => ({ ...answer, front, simulator }));
  };
  const unreadable = () => new ReadableStream({ pull: (controller) => controller.error(new Error("cut")) });
  const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

  it.each([
    ["a text/plain body", { given: { body: MV_BODY, type: "text/plain" }, want: { status: 400, code: "invalid_json", message: 'Content-Type must be application/json (got "text/plain")' } }],
    ["no content type", { given: { body: MV_BODY, type: null }, want: { status: 400, code: "invalid_json", message: "Content-Type must be application/json" } }],
    ["a UTF-16 charset", { given: { body: MV_BODY, type: "application/json; charset=utf-16" }, want: { status: 400, code: "invalid_json", message: "charset=utf-16" } }],
    ["a quoted latin1 charset", { given: { body: MV_BODY, type: 'application/json; charset="latin1"' }, want: { status: 400, code: "invalid_json", message: "charset=latin1)" } }],
    ["malformed JSON", { given: { body: "{", type: "application/json" }, want: { status: 400, code: "invalid_json", message: "The body is not valid JSON" } }],
    ["a byte order mark", { given: { body: `\uFEFF${MV_BODY}`, type: "application/json" }, want: { status: 400, code: "invalid_json", message: "byte order mark" } }],
    ["JSON nested one level too deep", { given: { body: nested(MAX_JSON_DEPTH + 1), type: "application/json" }, want: { status: 400, code: "invalid_json", message: `nested deeper than ${MAX_JSON_DEPTH} levels` } }],
    ["an array", { given: { body: "[]", type: "application/json" }, want: { status: 400, code: "invalid_input", message: "The body must be a JSON object", param: "body" } }],
    ["null", { given: { body: "null", type: "application/json" }, want: { status: 400, code: "invalid_input", message: "The body must be a JSON object", param: "body" } }],
    ["a string", { given: { body: '"x"', type: "application/json" }, want: { status: 400, code: "invalid_input", message: "The body must be a JSON object", param: "body" } }],
    ["a duration above the seed's 12", { given: { body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "x", duration: 99 } }), type: "application/json" }, want: { status: 400, code: "invalid_input", message: "doubao-seedance-2-0-fast", param: "input.duration" } }],
    ["an unknown model", { given: { body: JSON.stringify({ model: "nope", input: { prompt: "x" } }), type: "application/json" }, want: { status: 400, code: "invalid_input", message: "nope", param: "model" } }],
    ["a field beside model and input", { given: { body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "x" }, extra: 1 }), type: "application/json" }, want: { status: 400, code: "invalid_input", message: 'body has an unknown property "extra"', param: "extra" } }],
  ] as const)("MindVideo: %s", async (_name, { given, want }) => {
    const answer = await post("mindvideo", given.body, given.type);
    expect(answer.status).toBe(want.status);
    expect(answer.body.error).toMatchObject({ code: want.code, type: "invalid_request_error", ...("param" in want ? { param: want.param } : {}) });
    if (!("param" in want)) expect(answer.body.error.param).toBeUndefined();
    expect(answer.body.error.message).toContain(want.message);
    expect(answer.simulator.tasks()).toEqual([]);
    expect(answer.front.violations.total()).toBe(1);
  });

  it.each([
    ["application/json; charset=utf-8", "application/json; charset=utf-8"],
    ["APPLICATION/JSON; Charset=UTF-8", "APPLICATION/JSON; Charset=UTF-8"],
    ["charset=utf8", "application/json;charset=utf8"],
    ['charset="utf-8"', 'application/json; charset="utf-8"'],
    ["another parameter", "application/json; foo=bar"],
  ])("MindVideo accepts %s", async (_name, type) => {
    const answer = await post("mindvideo", MV_BODY, type);
    expect(answer.status).toBe(200);
    expect(answer.simulator.tasks()).toHaveLength(1);
  });

  it("JSON exactly as deep as allowed reaches the object check, not the depth check", async () => {
    const answer = await post("mindvideo", nested(MAX_JSON_DEPTH));
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe("The body must be a JSON object");
  });

  it.each([
    ["a body over the cap", { given: { body: MV_BODY, cap: MV_BODY.length - 1 }, want: { status: 413 } }],
    ["a body exactly at the cap", { given: { body: MV_BODY, cap: MV_BODY.length }, want: { status: 200 } }],
  ] as const)("%s", async (_name, { given, want }) => {
    const answer = await post("mindvideo", given.body, "application/json", given.cap);
    expect(answer.status).toBe(want.status);
    if (want.status === 413) expect(answer.body.error).toMatchObject({ code: "request_too_large", type: "request_too_large_error", message: expect.stringContaining(`${given.cap} bytes`) });
  });

  it("an unreadable body is 400 invalid_json", async () => {
    const answer = await post("mindvideo", unreadable());
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: "invalid_json", message: "The request body could not be read" });
  });

  it.each([
    ["a duration above 12", { given: { prompt: "x", duration: 13 }, want: { param: "duration", message: "doubao-seedance-1.0-pro-fast" } }],
    ["no prompt", { given: {}, want: { param: "prompt", message: "prompt" } }],
  ] as const)("gateway: %s names the field at the top level", async (_name, { given, want }) => {
    const answer = await post("gateway", JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", ...given }));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 400, type: "invalid_request_error", param: want.param });
    expect(answer.body.error.message).toContain(want.message);
  });

  it("gateway: a valid body reaches the simulator unchanged", async () => {
    const answer = await post("gateway", GW_BODY);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ model: "doubao-seedance-1.0-pro-fast", object: "video.generation.task" });
    expect(answer.simulator.tasks()).toMatchObject([{ provider: "gateway", input: { prompt: "a cat playing piano" } }]);
  });
});

describe("a contract of one's own", () => {
  const accepts = (test: (value: unknown) => boolean, error: { instancePath: string; keyword: string; params?: Record<string, unknown>; message: string }): Validator => {
    const validate: Validator = (value) => {
      const ok = test(value);
      validate.errors = ok ? null : [{ params: {}, ...error }];
      return ok;
    };
    return validate;
  };
  const ok = accepts(() => true, { instancePath: "", keyword: "x", message: "never" });
  const spec = (body?: Validator): OperationSpec => ({
    method: "POST",
    template: "/api/v1/flags/{flag}",
    operationId: "setFlag",
    parameters: [
      { name: "flag", in: "path", required: true, type: "string", validate: ok },
      { name: "on", in: "query", required: true, type: "boolean", validate: accepts((v) => typeof v === "boolean", { instancePath: "", keyword: "type", message: "must be boolean" }) },
      { name: "x-level", in: "header", required: false, type: "number", validate: accepts((v) => typeof v === "number", { instancePath: "", keyword: "type", message: "must be number" }) },
    ],
    body,
    responses: { "200": { headers: [], body: undefined } },
  });
  const withContract = (body?: Validator) => {
    const seen: string[] = [];
    const front = createFront({ api: "mindvideo", contract: createContract("own", [spec(body)]), upstream: async (request) => (seen.push(`${new URL(request.url).search} ${request.headers.get("x-level")} ${await request.text()}`), Response.json({ ok: true })) });
    return { seen, ...caller(front.handle) };
  };

  it.each([
    ["true", { given: "on=true", want: 200 }],
    ["false", { given: "on=false", want: 200 }],
    ["yes (not a boolean)", { given: "on=yes", want: 400 }],
    ["missing (required)", { given: "", want: 400 }],
  ] as const)("a boolean query parameter: %s", async (_name, { given, want }) => {
    const { call } = withContract();
    const answer = await call("POST", `/api/v1/flags/f?${given}`, { headers: AUTH });
    expect(answer.status).toBe(want);
    if (want === 400) expect(answer.body.error.param).toBe("on");
  });

  it.each([
    ["a number", { given: "2.5", want: 200 }],
    ["an exponent", { given: "-1E+2", want: 200 }],
    ["not a number", { given: "2.5x", want: 400 }],
    ["a trailing dot", { given: "2.", want: 400 }],
  ] as const)("a number header: %s", async (_name, { given, want }) => {
    const { call, seen } = withContract();
    const answer = await call("POST", "/api/v1/flags/f?on=true", { headers: { ...AUTH, "x-level": given } });
    expect(answer.status).toBe(want);
    if (want === 400) expect(answer.body.error).toMatchObject({ param: "x-level", message: "x-level must be number" });
    else expect(seen).toEqual([`?on=true ${given} `]);
  });

  it("a body the operation's own schema refuses names the field its error points at", async () => {
    const body = accepts((v) => (v as { input: { prompt: string } }).input.prompt !== "refuse", { instancePath: "/input/prompt", keyword: "pattern", message: "must not say refuse" });
    const { call, seen } = withContract(body);
    const refused = await call("POST", "/api/v1/flags/f?on=true", { headers: { ...AUTH, ...JSON_TYPE }, body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "refuse" } }) });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "invalid_input", param: "input", message: "body.input.prompt must not say refuse" });
    const rootError = accepts(() => false, { instancePath: "", keyword: "type", message: "must be other" });
    const atRoot = await withContract(rootError).call("POST", "/api/v1/flags/f?on=true", { headers: { ...AUTH, ...JSON_TYPE }, body: MV_BODY });
    expect(atRoot.body.error).toMatchObject({ param: "body", message: "body must be other" });
    const passed = await call("POST", "/api/v1/flags/f?on=true", { headers: { ...AUTH, ...JSON_TYPE, "content-length": String(MV_BODY.length) }, body: MV_BODY });
    expect(passed.status).toBe(200);
    // The upstream gets the checked body as it was sent.
    expect(seen).toEqual([`?on=true null ${MV_BODY}`]);
  });
});

describe("answers", () => {
  it("the upstream is handed the method, the URL and the headers, without framing headers", async () => {
    const { call, seen } = proxied("gateway", () => Response.json(GW_TASK));
    await call("POST", "/v1/videos/generations?x=1", { headers: { ...AUTH, ...JSON_TYPE, "content-length": String(GW_BODY.length), prefer: "code=200" }, body: GW_BODY });
    expect(seen).toHaveLength(1);
    const { request, body } = seen[0]!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe(`${ORIGIN}/v1/videos/generations?x=1`);
    expect(request.headers.get("authorization")).toBe(AUTH.authorization);
    expect(request.headers.get("prefer")).toBe("code=200");
    expect(body).toBe(GW_BODY);
  });

  it("a GET reaches the upstream without a body", async () => {
    const { call, seen } = proxied("gateway", () => Response.json(GW_TASK));
    expect((await call("GET", "/v1/tasks/t1", { headers: AUTH })).status).toBe(200);
    expect(seen.map((s) => [s.request.method, s.body])).toEqual([["GET", ""]]);
  });

  it.each([
    ["an empty body", () => new Response("", { status: 200 }), "body is not JSON"],
    ["an undeclared status", () => Response.json({ error: { code: 418, message: "x", type: "y" } }, { status: 418 }), "status 418 is not declared for GET /v1/tasks/{task_id}"],
    ["a body against its schema", () => Response.json({ ...GW_TASK, status: "exploded" }), "body: body.status must be one of"],
  ])("an upstream answer with %s is a 502 naming the problem", async (_name, upstream, problem) => {
    const { call, front } = proxied("gateway", upstream);
    const answer = await call("GET", "/v1/tasks/t1", { headers: AUTH });
    expect(answer.status).toBe(502);
    expect(answer.body.error).toMatchObject({ code: 502, type: "upstream_error" });
    expect(answer.body.error.message).toContain(problem);
    expect(front.violations.list()).toEqual([expect.objectContaining({ side: "response", what: expect.stringContaining(problem) })]);
  });

  it("an upstream that throws is a 500 in the envelope, with CORS, and a violation naming the fault", async () => {
    const { call, front } = proxied("mindvideo", () => {
      throw new Error("boom");
    });
    const answer = await call("GET", "/api/v1/tasks/t1", { headers: { ...AUTH, origin: "http://docs.example" } });
    expect(answer.status).toBe(500);
    expect(answer.body.error).toMatchObject({ code: "internal_error", type: "internal_server_error", message: expect.stringContaining("GET /__mock/violations") });
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://docs.example");
    expect(front.violations.list()).toEqual([expect.objectContaining({ side: "response", method: "GET", path: "/api/v1/tasks/t1", what: "the mock failed: boom" })]);
  });

  it("a request whose URL does not parse is a 400 in the envelope, with CORS", async () => {
    const front = createFront({ api: "gateway", upstream: async () => Response.json(GW_TASK) });
    const broken = { url: "http://[not a url", method: "GET", headers: new Headers({ origin: "http://docs.example" }) } as unknown as Request;
    const answer = await front.handle(broken);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: unknown }).error).toMatchObject({ code: 400, message: "The request URL is malformed" });
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://docs.example");
  });

  it("a simulator answer that breaks the contract becomes a 502 and a violation", async () => {
    const clock = createManualClock(0);
    const simulator = createSimulator({ clock });
    // A simulator stand-in answering a task without the fields the contract requires.
    const front = createFront({ api: "gateway", simulator: { ...simulator, answer: async () => ({ status: 200, headers: {}, json: { id: "t1" } }) } });
    const answer = await caller(front.handle).call("GET", "/v1/tasks/t1", { headers: AUTH });
    expect(answer.status).toBe(502);
    expect(front.violations.list()).toEqual([expect.objectContaining({ side: "response", what: expect.stringMatching(/^200: body: /) })]);
  });

  it("a simulator answer with fields left undefined is judged by its JSON", async () => {
    const front = createFront({ api: "gateway", simulator: { ...createSimulator({ clock: createManualClock(0) }), answer: async () => ({ status: 200, headers: {}, json: { ...GW_TASK, progress: undefined } }) } });
    const answer = await caller(front.handle).call("GET", "/v1/tasks/t1", { headers: AUTH });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(GW_TASK);
  });
});

describe("jsonDepth", () => {
  it.each([
    ["a scalar", { given: "7", want: 0 }],
    ["an empty object", { given: "{}", want: 1 }],
    ["siblings do not add up", { given: '{"a":[1],"b":{"c":2}}', want: 2 }],
    ["nesting", { given: '{"a":[{"b":[[]]}]}', want: 5 }],
    ["brackets inside strings do not count", { given: '{"a":"[[[{{"}', want: 1 }],
    ["an escaped quote does not end the string", { given: '["\\"[[[", [1]]', want: 2 }],
    ["an escaped backslash does end it", { given: '["\\\\", [[1]]]', want: 3 }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(jsonDepth(given)).toBe(want);
  });
});
