/**
 * The simulated gateway through createSimulator().handle, in virtual time: the task view per phase,
 * credits (seed 003: 8 credits for an 8-second video), link lifetime, refusals, and callbacks on the
 * seed's schedule (10 s timeout, 3 retries after 1/2/4 s).
 */
import { describe, expect, it } from "vitest";
import { setup, START } from "./sim.js";

const MODEL = "doubao-seedance-1.0-pro-fast";
const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: MODEL, prompt: "a cat playing piano", ...extra });
const seconds = (ms: number) => Math.floor(ms / 1000);

describe("the gateway task view", () => {
  it("created: pending, cancellable, the time left, credits per second of video; no result yet", async () => {
    const s = setup();
    const answer = await s.call("POST", "/v1/videos/generations", { body: body({ duration: 8 }) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-request-id")).toMatch(/^req_sim_/);
    expect(answer.body).toEqual({
      created: seconds(START),
      id: answer.body!.id,
      model: MODEL,
      object: "video.generation.task",
      progress: 0,
      status: "pending",
      task_info: { can_cancel: true, estimated_time: 5, video_duration: 8 },
      type: "video",
      usage: { billing_rule: "per_second", credits_reserved: 8, user_group: "default" },
    });
    expect(answer.body!.id).toBe(`task-unified-${seconds(START)}-sim1`);
    expect(s.sim.charges()).toEqual([{ taskId: answer.body!.id, amount: 8 }]);
  });

  it("a request without a duration is a 5-second video (5 credits)", async () => {
    const s = setup();
    const answer = await s.call("POST", "/v1/videos/generations", { body: body() });
    expect(answer.body!.task_info.video_duration).toBe(5);
    expect(answer.body!.usage.credits_reserved).toBe(5);
  });

  it.each([
    ["queued, 0.5 s in", { given: 500, want: { status: "pending", can_cancel: true, estimated_time: 5, completed: false } }],
    ["processing, 1.2 s in: time left rounded up", { given: 1_200, want: { status: "processing", can_cancel: true, estimated_time: 4, completed: false } }],
    ["a millisecond before the end", { given: 4_999, want: { status: "processing", can_cancel: true, estimated_time: 1, completed: false } }],
    ["at the end", { given: 5_000, want: { status: "completed", can_cancel: false, estimated_time: 0, completed: true } }],
    ["long after: the time left is never negative", { given: 60_000, want: { status: "completed", can_cancel: false, estimated_time: 0, completed: true } }],
  ])("%s", async (_name, { given, want }) => {
    const s = setup();
    const id = (await s.call("POST", "/v1/videos/generations", { body: body() })).body!.id as string;
    s.clock.advance(given);
    const view = (await s.call("GET", `/v1/tasks/${id}`)).body!;
    expect(view.status).toBe(want.status);
    expect(view.task_info).toMatchObject({ can_cancel: want.can_cancel, estimated_time: want.estimated_time });
    expect(view.completed).toBe(want.completed ? seconds(START + 5_000) : undefined);
    expect(view.result === undefined).toBe(!want.completed);
  });

  it("completed: one video whose link expires 24 h after the end (at default timing)", async () => {
    const s = setup({ timing: { queuedMs: 1_000, processingMs: 4_000 } });
    const id = (await s.call("POST", "/v1/videos/generations", { body: body() })).body!.id as string;
    s.clock.advance(5_000);
    const view = (await s.call("GET", `/v1/tasks/${id}`)).body!;
    expect(view.progress).toBe(100);
    expect(view.result.videos).toHaveLength(1);
    expect(view.result.videos[0].expires_at).toBe(seconds(START + 5_000) + 24 * 3600);
    expect(view.error).toBeUndefined();
  });

  it("at half the default timing, links work half as long (24 h scaled by total / 5 s); linkTtlMs overrides", async () => {
    const half = setup({ timing: { queuedMs: 500, processingMs: 2_000 } });
    const id = (await half.call("POST", "/v1/videos/generations", { body: body() })).body!.id as string;
    half.clock.advance(2_500);
    expect((await half.call("GET", `/v1/tasks/${id}`)).body!.result.videos[0].expires_at).toBe(seconds(START + 2_500) + 12 * 3600);
    const fixed = setup({ linkTtlMs: 60_000 });
    const other = (await fixed.call("POST", "/v1/videos/generations", { body: body() })).body!.id as string;
    fixed.clock.advance(5_000);
    expect((await fixed.call("GET", `/v1/tasks/${other}`)).body!.result.videos[0].expires_at).toBe(seconds(START + 5_000) + 60);
  });

  it("the expired-links scenario's links expire when the task ends", async () => {
    const s = setup();
    const id = (await s.call("POST", "/v1/videos/generations", { body: body(), headers: { "x-mock-scenario": "expired-links" } })).body!.id as string;
    s.clock.advance(5_000);
    expect((await s.call("GET", `/v1/tasks/${id}`)).body!.result.videos[0].expires_at).toBe(seconds(START + 5_000));
  });

  it.each([
    ["[fail]", { given: "[fail]", want: { status: "failed", code: "generation_failed" } }],
    ["[cancel]", { given: "[cancel]", want: { status: "cancelled", code: "cancelled" } }],
  ])("%s ends with an error and no result", async (_name, { given, want }) => {
    const s = setup();
    const id = (await s.call("POST", "/v1/videos/generations", { body: body({ prompt: `p ${given}` }) })).body!.id as string;
    s.clock.advance(5_000);
    const view = (await s.call("GET", `/v1/tasks/${id}`)).body!;
    expect(view.status).toBe(want.status);
    expect(view.error.code).toBe(want.code);
    expect(view.error.message).toEqual(expect.any(String));
    expect(view.result).toBeUndefined();
    expect(view.completed).toBe(seconds(START + 5_000));
  });
});

describe("gateway refusals and lookups", () => {
  it.each([
    ["invalid JSON", { given: "{", want: { message: "The body is not valid JSON", param: undefined } }],
    ["an array", { given: "[]", want: { message: "The body must be a JSON object", param: undefined } }],
    ["null", { given: "null", want: { message: "The body must be a JSON object", param: undefined } }],
    ["a duration the model does not offer", { given: body({ duration: 99 }), want: { message: expect.stringContaining("duration"), param: "duration" } }],
    ["a callback to an internal address", { given: body({ callback_url: "https://10.0.0.8/x" }), want: { message: "callback_url points at an internal address (private)", param: "callback_url" } }],
  ])("%s is a 400", async (_name, { given, want }) => {
    const s = setup();
    const answer = await s.call("POST", "/v1/videos/generations", { body: given });
    expect(answer.status).toBe(400);
    expect(answer.body!.error).toEqual({ code: 400, type: "invalid_request_error", message: want.message, ...(want.param ? { param: want.param } : {}) });
    expect(s.sim.tasks()).toEqual([]);
  });

  it("a body over the limit is a 413 naming the limit", async () => {
    const s = setup({ maxBodyBytes: 100 });
    const answer = await s.call("POST", "/v1/videos/generations", { body: body({ prompt: "x".repeat(100) }) });
    expect(answer.status).toBe(413);
    expect(answer.body!.error).toEqual({ code: 413, type: "request_too_large_error", message: "Request body too large (the limit is 100 bytes)" });
  });

  it("an unreadable body is a 400", async () => {
    const s = setup();
    const stream = new ReadableStream({ pull: (controller) => controller.error(new Error("cut")) });
    const response = await s.sim.handle(new Request("http://mock.test/v1/videos/generations", { method: "POST", headers: { authorization: "Bearer k" }, body: stream, duplex: "half" } as RequestInit));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe("The request body could not be read");
  });

  it.each([
    ["GET on the create path", { given: ["GET", "/v1/videos/generations"] }],
    ["POST on a task", { given: ["POST", "/v1/tasks/x"] }],
    ["a deeper path", { given: ["GET", "/v1/tasks/x/y"] }],
  ])("%s is a 404 naming the route", async (_name, { given }) => {
    const answer = await setup().call(given[0]!, given[1]!, given[0] === "POST" ? { body: "{}" } : {});
    expect(answer.status).toBe(404);
    expect(answer.body!.error).toEqual({ code: 404, type: "not_found_error", message: `No route ${given[0]} ${given[1]}` });
  });

  it("bad percent-encoding is a 400 naming task_id; another key's, a MindVideo and an unknown task are 404", async () => {
    const s = setup();
    const bad = await s.call("GET", "/v1/tasks/%E0%A4%A");
    expect(bad.status).toBe(400);
    expect(bad.body!.error).toMatchObject({ code: 400, param: "task_id" });
    const id = (await s.call("POST", "/v1/videos/generations", { body: body() })).body!.id as string;
    const mv = (await s.call("POST", "/api/v1/tasks", { body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } }) })).body!.task_id as string;
    for (const [path, token] of [[`/v1/tasks/${id}`, "key_b"], [`/v1/tasks/${mv}`, "key_a"], ["/v1/tasks/nope", "key_a"]] as const) {
      const answer = await s.call("GET", path, { token });
      expect(answer.status).toBe(404);
      expect(answer.body!.error).toEqual({ code: 404, type: "not_found_error", message: "Task not found", param: "task_id" });
    }
  });
});

describe("callbacks", () => {
  type Hit = { at: number; url: string; init: RequestInit };

  it("one POST of the finished task as JSON, no redirects followed, at the end; none when there is no callback_url", async () => {
    const hits: Hit[] = [];
    const s = setup({ fetch: async (url, init) => (hits.push({ at: s.clock.now(), url: String(url), init: init! }), new Response("ok", { status: 200 })) });
    await s.call("POST", "/v1/videos/generations", { body: body() });
    const id = (await s.call("POST", "/v1/videos/generations", { body: body({ callback_url: "https://hooks.example.com/done" }) })).body!.id as string;
    s.clock.advance(4_999);
    await s.settle();
    expect(hits).toEqual([]);
    s.clock.advance(1);
    await s.settle();
    expect(hits).toHaveLength(1);
    expect(hits[0]!.at).toBe(START + 5_000);
    expect(hits[0]!.url).toBe("https://hooks.example.com/done");
    expect(hits[0]!.init).toMatchObject({ method: "POST", redirect: "manual", headers: { "content-type": "application/json" } });
    expect(JSON.parse(String(hits[0]!.init.body))).toMatchObject({ id, status: "completed", progress: 100 });
    expect(s.sim.deliveries()).toEqual([{ taskId: id, url: "https://hooks.example.com/done", attempt: 1, at: START + 5_000, status: 200, body: expect.objectContaining({ id }) }]);
    s.clock.advance(60_000);
    await s.settle();
    expect(hits).toHaveLength(1);
  });

  it("a delivery reads no more of the receiver's answer than its status, and leaves no timer behind", async () => {
    let cancelled = false;
    const s = setup({ fetch: async () => new Response(new ReadableStream({ cancel: () => void (cancelled = true) }), { status: 200 }) });
    await s.call("POST", "/v1/videos/generations", { body: body({ callback_url: "https://hooks.example.com/x" }) });
    s.clock.advance(5_000);
    await s.settle();
    expect(s.sim.deliveries().map((d) => d.status)).toEqual([200]);
    expect(cancelled).toBe(true);
    expect(s.clock.pending()).toBe(0);
  });

  it("a receiver that never answers is cut after 10 s, and retried after 1, 2 and 4 s: four attempts in all", async () => {
    const starts: number[] = [];
    const s = setup({
      fetch: (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          starts.push(s.clock.now());
          init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason));
        }),
    });
    await s.call("POST", "/v1/videos/generations", { body: body({ callback_url: "https://hooks.example.com/slow" }) });
    for (let i = 0; i < 80; i++) {
      s.clock.advance(1_000);
      await s.settle();
    }
    const end = START + 5_000;
    expect(starts).toEqual([end, end + 11_000, end + 23_000, end + 37_000]);
    expect(s.sim.deliveries().map((d) => [d.attempt, d.error, d.status])).toEqual([
      [1, "callback timed out", undefined],
      [2, "callback timed out", undefined],
      [3, "callback timed out", undefined],
      [4, "callback timed out", undefined],
    ]);
  });

  it("a timeout a millisecond short of 10 s does not cut the delivery", async () => {
    let answer: ((response: Response) => void) | undefined;
    const s = setup({ fetch: (_url, init) => new Promise<Response>((resolve, reject) => ((answer = resolve), init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason)))) });
    await s.call("POST", "/v1/videos/generations", { body: body({ callback_url: "https://hooks.example.com/slow" }) });
    s.clock.advance(5_000 + 9_999);
    await s.settle();
    answer!(new Response(null, { status: 204 }));
    await s.settle();
    expect(s.sim.deliveries().map((d) => [d.status, d.error])).toEqual([[204, undefined]]);
    s.clock.advance(60_000);
    await s.settle();
    expect(s.sim.deliveries()).toHaveLength(1);
  });

  it("a redirect is not success: retried; a later 2xx ends the retries", async () => {
    const statuses = [302, 500, 201];
    const s = setup({ fetch: async () => new Response(null, { status: statuses.shift() ?? 599 }) });
    await s.call("POST", "/v1/videos/generations", { body: body({ callback_url: "https://hooks.example.com/x" }) });
    for (let i = 0; i < 30; i++) {
      s.clock.advance(1_000);
      await s.settle();
    }
    expect(s.sim.deliveries().map((d) => [d.attempt, d.status, d.at - START])).toEqual([
      [1, 302, 5_000],
      [2, 500, 6_000],
      [3, 201, 8_000],
    ]);
  });

  it("callbackTimeScale shortens the timeout and the delays alike", async () => {
    const s = setup({ callbackTimeScale: 0.5, fetch: async () => { throw new Error("refused"); } });
    await s.call("POST", "/v1/videos/generations", { body: body({ callback_url: "https://hooks.example.com/x" }) });
    for (let i = 0; i < 40; i++) {
      s.clock.advance(250);
      await s.settle();
    }
    expect(s.sim.deliveries().map((d) => [d.at - START, d.error])).toEqual([
      [5_000, "refused"],
      [5_500, "refused"],
      [6_500, "refused"],
      [8_500, "refused"],
    ]);
  });

  it("close() and reset() cancel pending deliveries", async () => {
    for (const stop of ["close", "reset"] as const) {
      const hits: number[] = [];
      const s = setup({ fetch: async () => (hits.push(1), new Response(null, { status: 200 })) });
      await s.call("POST", "/v1/videos/generations", { body: body({ callback_url: "https://hooks.example.com/x" }) });
      expect(s.clock.pending()).toBe(1);
      s.sim[stop]();
      expect(s.clock.pending()).toBe(0);
      s.clock.advance(10_000);
      await s.settle();
      expect(hits).toEqual([]);
    }
  });
});
