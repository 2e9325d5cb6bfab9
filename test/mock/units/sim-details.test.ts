/** Details of the simulated APIs' answers that the broader tests leave open: envelopes, headers, routes anchored at the root, joined messages. */
import { describe, expect, it } from "vitest";
import { setup } from "./sim.js";
import { errorReply } from "../../../src/simulator/envelopes.js";
import { replyToResponse } from "../../../src/simulator/http.js";

const errorResponse = (...args: Parameters<typeof errorReply>) => replyToResponse(errorReply(...args));
import { createManualClock } from "../../../src/simulator/index.js";

const GW = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "p", ...extra });
const MV = (input: Record<string, unknown> = { prompt: "p" }) => JSON.stringify({ model: "doubao-seedance-2-0-fast", input });
const unreadable = () => new ReadableStream({ pull: (controller) => controller.error(new Error("cut")) });

describe("gateway details", () => {
  it("every answer carries its request id: errors, task reads", async () => {
    const s = setup();
    const bad = await s.call("POST", "/v1/videos/generations", { body: "{" });
    expect(bad.headers.get("x-request-id")).toMatch(/^req_sim_/);
    const id = (await s.call("POST", "/v1/videos/generations", { body: GW() })).body!.id as string;
    expect((await s.call("GET", `/v1/tasks/${id}`)).headers.get("x-request-id")).toMatch(/^req_sim_/);
  });

  it("a number as the body is not an object", async () => {
    const answer = await setup().call("POST", "/v1/videos/generations", { body: "7" });
    expect(answer.body!.error).toEqual({ code: 400, type: "invalid_request_error", message: "The body must be a JSON object" });
  });

  it("several input problems are joined with '; ', the first one's field as param", async () => {
    const answer = await setup().call("POST", "/v1/videos/generations", { body: GW({ duration: 99, quality: "9000p" }) });
    expect(answer.status).toBe(400);
    const parts = (answer.body!.error.message as string).split("; ");
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.some((p) => p.includes("duration"))).toBe(true);
    expect(parts.some((p) => p.includes("quality"))).toBe(true);
  });

  it("an unreadable body and a bad id are invalid_request_error with a message", async () => {
    const s = setup();
    const response = await s.sim.handle(new Request("http://mock.test/v1/videos/generations", { method: "POST", headers: { authorization: "Bearer k" }, body: unreadable(), duplex: "half" } as RequestInit));
    expect(((await response.json()) as { error: unknown }).error).toEqual({ code: 400, type: "invalid_request_error", message: "The request body could not be read" });
    const bad = await s.call("GET", "/v1/tasks/%E0%A4%A");
    expect(bad.body!.error).toMatchObject({ type: "invalid_request_error", param: "task_id" });
    expect(bad.body!.error.message).toMatch(/percent-encoding/);
  });

  it("the task route is anchored at /v1/: a path that only ends like it is not found", async () => {
    const s = setup();
    const id = (await s.call("POST", "/v1/videos/generations", { body: GW() })).body!.id as string;
    const answer = await s.call("GET", `/v1/x/v1/tasks/${id}`);
    expect(answer.status).toBe(404);
    expect(answer.body!.error.message).toBe(`No route GET /v1/x/v1/tasks/${id}`);
  });

  it("failed and cancelled tasks explain themselves", async () => {
    for (const marker of ["[fail]", "[cancel]"]) {
      const s = setup();
      const id = (await s.call("POST", "/v1/videos/generations", { body: GW({ prompt: marker }) })).body!.id as string;
      s.clock.advance(5_000);
      expect((await s.call("GET", `/v1/tasks/${id}`)).body!.error.message).toMatch(/\S{3}/);
    }
  });

  it("callbackTimeScale shortens the timeout too: a silent receiver is cut after 5 s at scale 0.5", async () => {
    const starts: number[] = [];
    const s = setup({
      callbackTimeScale: 0.5,
      fetch: (_url, init) => new Promise<Response>((_resolve, reject) => (starts.push(s.clock.now()), init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason)))),
    });
    await s.call("POST", "/v1/videos/generations", { body: GW({ callback_url: "https://hooks.example.com/x" }) });
    s.clock.advance(5_000);
    await s.settle();
    s.clock.advance(4_999);
    await s.settle();
    expect(s.sim.deliveries()[0]!.error).toBeUndefined();
    s.clock.advance(1);
    await s.settle();
    expect(s.sim.deliveries()[0]!.error).toBe("callback timed out");
  });

  it("after the last retry nothing more is scheduled", async () => {
    const s = setup({ fetch: async () => new Response(null, { status: 500 }) });
    await s.call("POST", "/v1/videos/generations", { body: GW({ callback_url: "https://hooks.example.com/x" }) });
    for (let i = 0; i < 20; i++) {
      s.clock.advance(1_000);
      await s.settle();
    }
    expect(s.sim.deliveries()).toHaveLength(4);
    expect(s.clock.pending()).toBe(0);
  });
});

describe("MindVideo details", () => {
  it("a reused key with another payload: the spec's 409 message", async () => {
    const s = setup();
    await s.call("POST", "/api/v1/tasks", { body: MV(), headers: { "idempotency-key": "k" } });
    const conflict = await s.call("POST", "/api/v1/tasks", { body: MV({ prompt: "q" }), headers: { "idempotency-key": "k" } });
    // spec/mindvideo.yaml, the 409 example.
    expect(conflict.body!.error.message).toBe("This Idempotency-Key was used with a different request body");
  });

  it("several input problems are joined with '; '", async () => {
    const answer = await setup().call("POST", "/api/v1/tasks", { body: MV({ prompt: "p", duration: 99, resolution: "9000p" }) });
    const parts = (answer.body!.error.message as string).split("; ");
    expect(parts.length).toBeGreaterThanOrEqual(2);
  });

  it("an unreadable body is invalid_json / invalid_request_error", async () => {
    const response = await setup().sim.handle(new Request("http://mock.test/api/v1/tasks", { method: "POST", headers: { authorization: "Bearer k" }, body: unreadable(), duplex: "half" } as RequestInit));
    expect(((await response.json()) as { error: unknown }).error).toEqual({ code: "invalid_json", type: "invalid_request_error", message: "The request body could not be read" });
  });

  it("failed and cancelled tasks explain themselves", async () => {
    for (const marker of ["[fail]", "[cancel]"]) {
      const s = setup();
      const id = (await s.call("POST", "/api/v1/tasks", { body: MV({ prompt: marker }) })).body!.task_id as string;
      s.clock.advance(5_000);
      expect((await s.call("GET", `/api/v1/tasks/${id}`)).body!.error.message).toMatch(/\S{3}/);
    }
  });

  it("events: errors are invalid_request_error; pages carry the request id", async () => {
    const s = setup();
    const id = (await s.call("POST", "/api/v1/tasks", { body: MV() })).body!.task_id as string;
    expect((await s.call("GET", `/api/v1/tasks/${id}/events?limit=0`)).body!.error.type).toBe("invalid_request_error");
    expect((await s.call("GET", `/api/v1/tasks/${id}/events?after=x`)).body!.error.type).toBe("invalid_request_error");
    const page = await s.call("GET", `/api/v1/tasks/${id}/events`);
    expect(page.headers.get("x-request-id")).toMatch(/^req_sim_/);
  });

  it("routes are anchored at /api/v1/; a bad id is invalid_request_error; an unknown id is named", async () => {
    const s = setup();
    const id = (await s.call("POST", "/api/v1/tasks", { body: MV() })).body!.task_id as string;
    expect((await s.call("GET", `/api/v1/x/api/v1/tasks/${id}`)).status).toBe(404);
    const bad = await s.call("GET", "/api/v1/tasks/%E0%A4%A");
    expect(bad.body!.error.type).toBe("invalid_request_error");
    expect(bad.body!.error.message).toMatch(/percent-encoding/);
    expect((await s.call("GET", "/api/v1/tasks/task_gone")).body!.error.message).toContain('"task_gone"');
  });
});

describe("envelope and clock details", () => {
  it("a MindVideo status without its own envelope falls back to the 500 one", async () => {
    const fallback = ((await errorResponse("mindvideo", 503, { message: "m" }).json()) as { error: Record<string, unknown> }).error;
    const internal = ((await errorResponse("mindvideo", 500, { message: "m" }).json()) as { error: Record<string, unknown> }).error;
    expect(fallback).toEqual(internal);
  });

  it("many timers due at the same moment run in the order they were set", () => {
    const clock = createManualClock(0);
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) clock.setTimeout(() => seen.push(i), 5);
    clock.advance(5);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});
