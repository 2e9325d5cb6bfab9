/**
 * The simulator's entry (createSimulator): routing by path, the refusals it makes before either API
 * answers (in each API's own envelope: spec/mindvideo.yaml string codes, spec/gateway.yaml numeric
 * ones), scenarios, the control methods and the options' defaults and bounds.
 */
import { describe, expect, it } from "vitest";
import { createManualClock, createSimulator, DEFAULT_TIMING, MAX_BODY_BYTES, providerOf, SCENARIOS, SCENARIO_HEADER } from "../../../src/simulator/index.js";
import { RATE_LIMIT_RETRY_AFTER_SECONDS } from "../../../src/simulator/facts.js";
import { incomingFrom, isReply } from "../../../src/simulator/http.js";
import { ORIGIN, setup, START } from "./sim.js";

const MV_BODY = JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "a harbour" } });
const IMAGE_BODY = (n: number) => JSON.stringify({ model: "apimart-doubao-seedance-4-0", input: { prompt: "a kite", n } });
const GW_BODY = JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "a cat playing piano" });

describe("providerOf", () => {
  it.each([
    ["/api/v1/tasks", "mindvideo"],
    ["/api/v1", "mindvideo"],
    ["/api/v1/", "mindvideo"],
    ["/v1/videos/generations", "gateway"],
    ["/v1", "gateway"],
    ["/v1/", "gateway"],
    ["/api/v10/tasks", undefined],
    ["/api/v1x", undefined],
    ["/v12/tasks", undefined],
    ["/x/v1/tasks", undefined],
    ["/", undefined],
  ] as const)("%s → %s", (path, want) => {
    expect(providerOf(path)).toBe(want);
  });
});

describe("refusals before the APIs answer", () => {
  it.each([
    ["a path outside both APIs", { given: { path: "/elsewhere", token: "k" }, want: { status: 404, error: { code: "not_found", type: "not_found_error", message: "No route GET /elsewhere" }, requestId: true } }],
    ["MindVideo without a key", { given: { path: "/api/v1/tasks/t", token: null }, want: { status: 401, error: { code: "invalid_api_key", type: "authentication_error", message: "Missing bearer API key" }, requestId: true } }],
    ["the gateway without a key", { given: { path: "/v1/tasks/t", token: null }, want: { status: 401, error: { code: 401, type: "authentication_error", message: "Invalid or expired token" }, requestId: false } }],
    ["MindVideo with an unknown scenario", { given: { path: "/api/v1/tasks/t", token: "k", scenario: "explode" }, want: { status: 400, error: { code: "invalid_request", type: "invalid_request_error", param: SCENARIO_HEADER }, requestId: true } }],
    ["the gateway with an unknown scenario", { given: { path: "/v1/tasks/t", token: "k", scenario: "explode" }, want: { status: 400, error: { code: 400, type: "invalid_request_error", param: SCENARIO_HEADER }, requestId: false } }],
    ["MindVideo rate-limited", { given: { path: "/api/v1/tasks/t", token: "k", scenario: "rate-limited" }, want: { status: 429, error: { code: "rate_limit_exceeded", type: "rate_limit_error" }, requestId: true, retryAfter: true } }],
    ["the gateway rate-limited", { given: { path: "/v1/tasks/t", token: "k", scenario: "rate-limited" }, want: { status: 429, error: { code: 429, type: "rate_limit_error" }, requestId: false, retryAfter: true } }],
    ["MindVideo server-error", { given: { path: "/api/v1/tasks/t", token: "k", scenario: "server-error" }, want: { status: 500, error: { code: "internal_error", type: "internal_server_error" }, requestId: true } }],
    ["the gateway server-error", { given: { path: "/v1/tasks/t", token: "k", scenario: "server-error" }, want: { status: 500, error: { code: 500, type: "internal_server_error" }, requestId: false } }],
  ] as const)("%s", async (_name, { given, want }) => {
    const { call, sim } = setup();
    const answer = await call("GET", given.path, { token: given.token, headers: "scenario" in given ? { [SCENARIO_HEADER]: given.scenario } : {} });
    expect(answer.status).toBe(want.status);
    expect(answer.body!.error).toMatchObject(want.error);
    if (!("param" in want.error)) expect(answer.body!.error.param).toBeUndefined();
    const id = answer.headers.get("x-request-id");
    expect(id).toMatch(/^req_sim_/);
    expect(answer.body!.request_id).toBe(want.requestId ? id : undefined);
    expect(answer.headers.get("retry-after")).toBe("retryAfter" in want ? String(RATE_LIMIT_RETRY_AFTER_SECONDS) : null);
    expect(sim.tasks()).toEqual([]);
  });

  it("an unknown scenario is named (cut short) with the allowed ones", async () => {
    const answer = await setup().call("GET", "/api/v1/tasks/t", { headers: { [SCENARIO_HEADER]: `x${"y".repeat(100)}` } });
    expect(answer.body!.error.message).toBe(`${SCENARIO_HEADER} must be one of ${SCENARIOS.join(", ")} (got ${JSON.stringify(`x${"y".repeat(63)}`)})`);
  });

  it("the default scenario applies to requests without the header; the header wins over it", async () => {
    const { call } = setup({ scenario: "rate-limited" });
    expect((await call("GET", "/api/v1/tasks/t")).status).toBe(429);
    expect((await call("POST", "/api/v1/tasks", { body: MV_BODY, headers: { [SCENARIO_HEADER]: "none" } })).status).toBe(200);
  });

  it.each([
    ["MindVideo", { given: { path: "/api/v1/tasks", body: MV_BODY }, want: { code: "internal_error", type: "internal_server_error" } }],
    ["the gateway", { given: { path: "/v1/videos/generations", body: GW_BODY }, want: { code: 500, type: "internal_server_error" } }],
  ] as const)("a fault inside the simulator is a 500 in %s's envelope, never a throw", async (_name, { given, want }) => {
    const clock = createManualClock(START);
    const sim = createSimulator({ clock: { ...clock, now: () => { throw new Error("clock broke"); } } });
    const response = await sim.handle(new Request(`${ORIGIN}${given.path}`, { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: given.body }));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ ...want, message: "The simulator failed: clock broke" });
  });
});

describe("control methods", () => {
  it("tasks() lists each task with its phase, cost and times, and when a succeeded one's links expire", async () => {
    const { call, sim, clock } = setup({ linkTtlMs: 60_000 });
    await call("POST", "/api/v1/tasks", { body: MV_BODY });
    clock.advance(500);
    await call("POST", "/v1/videos/generations", { body: GW_BODY });
    let [mv, gw] = sim.tasks();
    expect(mv).toMatchObject({ provider: "mindvideo", model: "doubao-seedance-2-0-fast", phase: "queued", progress: 0, input: { prompt: "a harbour" }, scenario: "none", createdAt: START, endsAt: START + 5_000 });
    expect(mv!.id).toEqual(expect.any(String));
    expect(mv!.cost).toBeGreaterThan(0);
    expect(gw).toMatchObject({ provider: "gateway", phase: "queued", createdAt: START + 500, endsAt: START + 5_500 });
    clock.advance(4_500);
    [mv, gw] = sim.tasks();
    expect(mv).toMatchObject({ phase: "succeeded", progress: 100, linksExpireAt: START + 5_000 + 60_000 });
    expect(gw).toMatchObject({ phase: "processing" });
  });

  it("a failed task has no links", async () => {
    const { call, sim, clock } = setup();
    await call("POST", "/api/v1/tasks", { body: MV_BODY, headers: { [SCENARIO_HEADER]: "fail" } });
    clock.advance(10_000);
    expect(sim.tasks()).toMatchObject([{ phase: "failed", scenario: "fail", linksExpireAt: null }]);
  });

  it("charges() and deliveries() are copies", async () => {
    const { call, sim } = setup();
    await call("POST", "/api/v1/tasks", { body: MV_BODY });
    const charges = sim.charges();
    expect(charges).toHaveLength(1);
    charges.length = 0;
    expect(sim.charges()).toHaveLength(1);
    const deliveries = sim.deliveries();
    deliveries.push({ taskId: "x", url: "u", attempt: 1, at: 0, body: null });
    expect(sim.deliveries()).toEqual([]);
  });

  it("reset() forgets tasks, charges and deliveries, cancels timers and restores the default scenario", async () => {
    const delivered: string[] = [];
    const { call, sim, clock, settle } = setup({ scenario: "fail", fetch: async (input) => (delivered.push(String(input)), new Response(null, { status: 500 })) });
    sim.setScenario("none");
    await call("POST", "/v1/videos/generations", { body: JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "p", callback_url: "https://hooks.example.com/cb" }) });
    clock.advance(5_000);
    await settle();
    expect(delivered).toHaveLength(1);
    expect(sim.deliveries()).toHaveLength(1);
    sim.reset();
    expect([sim.tasks(), sim.charges(), sim.deliveries(), sim.scenario()]).toEqual([[], [], [], "fail"]);
    clock.advance(60_000);
    await settle();
    // The retries scheduled before the reset never run.
    expect(delivered).toHaveLength(1);
  });

  it("close() cancels pending callback retries; the simulator still answers", async () => {
    const delivered: number[] = [];
    const { call, sim, clock, settle } = setup({ fetch: async () => (delivered.push(clock.now()), new Response(null, { status: 500 })) });
    await call("POST", "/v1/videos/generations", { body: JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "p", callback_url: "https://hooks.example.com/cb" }) });
    clock.advance(5_000);
    await settle();
    sim.close();
    clock.advance(60_000);
    await settle();
    expect(delivered).toEqual([START + 5_000]);
    expect((await call("POST", "/api/v1/tasks", { body: MV_BODY })).status).toBe(200);
  });

  it("setScenario() takes only a scenario", () => {
    const { sim } = setup();
    for (const scenario of SCENARIOS) {
      sim.setScenario(scenario);
      expect(sim.scenario()).toBe(scenario);
    }
    expect(() => sim.setScenario("explode" as never)).toThrow(new TypeError(`scenario must be one of ${SCENARIOS.join(", ")}`));
    expect(sim.scenario()).toBe(SCENARIOS.at(-1));
  });

  it("answer() hands back a JSON answer unserialized", async () => {
    const { sim } = setup();
    const answered = await sim.answer(incomingFrom(new Request(`${ORIGIN}/api/v1/tasks/nope`, { headers: { authorization: "Bearer k" } })));
    expect(isReply(answered)).toBe(true);
    expect(answered).toMatchObject({ status: 404, json: { error: { type: "not_found_error" } } });
  });
});

describe("option defaults and bounds", () => {
  /** Creates and finishes one task, returns its output file's size. */
  async function fileSize(options: Parameters<typeof setup>[0], body = MV_BODY, index = 0) {
    const { call, clock } = setup(options);
    const created = await call("POST", "/api/v1/tasks", { body });
    clock.advance(10_000);
    const task = await call("GET", `/api/v1/tasks/${created.body!.task_id}`);
    const output = task.body!.output as { videos?: { url: string }[]; images?: { url: string }[] };
    const url = (output.videos ?? output.images)![index]!.url;
    const response = await call("HEAD", new URL(url).pathname);
    return Number(response.headers.get("content-length"));
  }

  it.each([
    ["asked for", { given: 5_000, want: 5_000 }],
    ["a fraction, rounded down", { given: 5_000.9, want: 5_000 }],
  ] as const)("outputBytes %s", async (_name, { given, want }) => {
    expect(await fileSize({ outputBytes: given })).toBe(want);
  });

  it("outputBytes below the smallest file, negative or not finite: the smallest file", async () => {
    const smallest = await fileSize({});
    expect(smallest).toBeGreaterThan(0);
    expect(smallest).toBeLessThan(1_000);
    for (const outputBytes of [-5, 0, 10, Number.NaN, Infinity]) expect(await fileSize({ outputBytes }), String(outputBytes)).toBe(smallest);
  });

  it("outputBytes is capped at 64 MiB", async () => {
    expect(await fileSize({ outputBytes: 65 * 1024 * 1024 })).toBe(64 * 1024 * 1024);
  });

  it("the n-th image of a task is served; one past n is not", async () => {
    expect(await fileSize({}, IMAGE_BODY(2), 1)).toBeGreaterThan(0);
  });

  it("without a timing, tasks take the default 1 s queued and 4 s processing", async () => {
    const clock = createManualClock(START);
    const sim = createSimulator({ clock });
    await sim.handle(new Request(`${ORIGIN}/api/v1/tasks`, { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: MV_BODY }));
    expect(sim.tasks()[0]!.endsAt - START).toBe(DEFAULT_TIMING.queuedMs + DEFAULT_TIMING.processingMs);
    clock.advance(DEFAULT_TIMING.queuedMs);
    expect(sim.tasks()[0]!.phase).toBe("processing");
  });

  it("a partial timing keeps the default for the rest", async () => {
    const clock = createManualClock(START);
    const sim = createSimulator({ clock, timing: { queuedMs: 0 } });
    await sim.handle(new Request(`${ORIGIN}/api/v1/tasks`, { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: MV_BODY }));
    expect(sim.tasks()[0]!.endsAt - START).toBe(DEFAULT_TIMING.processingMs);
  });

  it("links work 24 h at the default timing (the gateway seed's validity)", async () => {
    const clock = createManualClock(START);
    const sim = createSimulator({ clock });
    await sim.handle(new Request(`${ORIGIN}/api/v1/tasks`, { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: MV_BODY }));
    clock.advance(5_000);
    expect(sim.tasks()[0]!.linksExpireAt).toBe(START + 5_000 + 24 * 3600 * 1000);
  });

  it("the body cap defaults to MAX_BODY_BYTES", async () => {
    const { call } = setup();
    const pad = (size: number) => JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "p".repeat(size) } });
    const overhead = pad(0).length;
    expect((await call("POST", "/api/v1/tasks", { body: pad(MAX_BODY_BYTES - overhead + 1) })).status).toBe(413);
    expect((await call("POST", "/api/v1/tasks", { body: pad(MAX_BODY_BYTES - overhead) })).status).not.toBe(413);
  });

  it("without a fetch option, callbacks go through globalThis.fetch", async () => {
    const seen: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL) => (seen.push(String(input)), new Response(null, { status: 204 }))) as typeof fetch;
    try {
      const { call, clock, settle } = setup();
      await call("POST", "/v1/videos/generations", { body: JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "p", callback_url: "https://hooks.example.com/cb" }) });
      clock.advance(5_000);
      await settle();
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual(["https://hooks.example.com/cb"]);
  });
});
