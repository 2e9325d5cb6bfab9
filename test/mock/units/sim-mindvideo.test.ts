/**
 * The simulated MindVideo task API through createSimulator().handle, in virtual time: the task view
 * at each phase, idempotency, poll hints, events paging and every refusal (spec/mindvideo.yaml;
 * costs from the seeds' worked examples).
 */
import { describe, expect, it } from "vitest";
import { setup, START, ORIGIN } from "./sim.js";

// Seed 001: doubao-seedance-2-0-fast, 720p, 5 s cost 0.0657; seed 002: one 4.0 image cost 0.0252.
const VIDEO = { model: "doubao-seedance-2-0-fast", input: { prompt: "a quiet harbour", resolution: "720p", duration: 5 } };
const IMAGE = (n?: number) => ({ model: "apimart-doubao-seedance-4-0", input: { prompt: "a red kite", ...(n === undefined ? {} : { n }) } });
const iso = (ms: number) => new Date(ms).toISOString();

async function created(s: ReturnType<typeof setup>, body: unknown = VIDEO, headers: Record<string, string> = {}) {
  const answer = await s.call("POST", "/api/v1/tasks", { body: JSON.stringify(body), headers });
  expect(answer.status).toBe(200);
  return answer;
}

describe("the task view, phase by phase", () => {
  it("queued: no cost yet, no output, a poll hint of the time left", async () => {
    const s = setup();
    const answer = await created(s);
    expect(answer.headers.get("idempotent-replayed")).toBe("false");
    expect(answer.headers.get("retry-after")).toBe("5");
    expect(answer.headers.get("x-request-id")).toBe(answer.body!.request_id);
    expect(answer.body).toMatchObject({
      model: "doubao-seedance-2-0-fast",
      status: "queued",
      progress: 0,
      cost_estimate: 0.0657,
      cost_actual: null,
      output: null,
      error: null,
      created_at: iso(START),
      updated_at: iso(START),
      completed_at: null,
    });
    expect(answer.body!.task_id).toMatch(/^task_sim_1_/);
  });

  it.each([
    ["processing, 1.5 s in: 3.5 s left, hinted as 4 s", { given: 1_500, want: { status: "processing", retryAfter: "4", updated: 1_500 } }],
    ["processing, 4.5 s in: 0.5 s left, hinted as 1 s", { given: 4_500, want: { status: "processing", retryAfter: "1", updated: 4_500 } }],
    ["a millisecond before the end: still at least 1 s", { given: 4_999, want: { status: "processing", retryAfter: "1", updated: 4_999 } }],
  ])("%s", async (_name, { given, want }) => {
    const s = setup();
    const id = (await created(s)).body!.task_id as string;
    s.clock.advance(given);
    const answer = await s.call("GET", `/api/v1/tasks/${id}`);
    expect(answer.body).toMatchObject({ status: want.status, cost_actual: null, output: null, completed_at: null, updated_at: iso(START + want.updated) });
    expect(answer.headers.get("retry-after")).toBe(want.retryAfter);
  });

  it("succeeded: charged the estimate, one video link to the mock itself, no hint, times frozen at the end", async () => {
    const s = setup();
    const id = (await created(s)).body!.task_id as string;
    s.clock.advance(60_000);
    const answer = await s.call("GET", `/api/v1/tasks/${id}`);
    expect(answer.headers.get("retry-after")).toBeNull();
    expect(answer.body).toMatchObject({ status: "succeeded", progress: 100, cost_actual: 0.0657, error: null, updated_at: iso(START + 5_000), completed_at: iso(START + 5_000) });
    expect(answer.body!.output.videos).toHaveLength(1);
    expect(answer.body!.output.videos[0].url).toMatch(new RegExp(`^${ORIGIN}/__mock/outputs/`));
    expect(answer.body!.output.images).toBeUndefined();
  });

  it.each([
    ["failed ([fail]): nothing charged, the failure named", { given: "[fail]", want: { status: "failed", code: "generation_failed" } }],
    ["cancelled ([cancel]): nothing charged", { given: "[cancel]", want: { status: "cancelled", code: "cancelled" } }],
  ])("%s", async (_name, { given, want }) => {
    const s = setup();
    const id = (await created(s, { ...VIDEO, input: { ...VIDEO.input, prompt: `x ${given}` } })).body!.task_id as string;
    s.clock.advance(5_000);
    const answer = await s.call("GET", `/api/v1/tasks/${id}`);
    expect(answer.body).toMatchObject({ status: want.status, cost_actual: 0, output: null, completed_at: iso(START + 5_000) });
    expect(answer.body!.error.code).toBe(want.code);
    expect(answer.body!.error.message).toEqual(expect.any(String));
  });

  it.each([
    ["one image by default", { given: undefined, want: { links: 1, cost: 0.0252 } }],
    ["n: 3 gives three images, three times the price", { given: 3, want: { links: 3, cost: 0.0756 } }],
  ])("images: %s", async (_name, { given, want }) => {
    const s = setup();
    const answer = await created(s, IMAGE(given));
    expect(answer.body!.cost_estimate).toBeCloseTo(want.cost, 10);
    s.clock.advance(5_000);
    const done = await s.call("GET", `/api/v1/tasks/${answer.body!.task_id}`);
    expect(done.body!.output.images).toHaveLength(want.links);
    expect(new Set(done.body!.output.images.map((i: { url: string }) => i.url)).size).toBe(want.links);
    expect(done.body!.output.videos).toBeUndefined();
  });

  it("a long task's hint is capped at 60 s; with poll hints off there is none", async () => {
    const long = { ...VIDEO, input: { ...VIDEO.input, prompt: "[duration=600000]" } };
    expect((await created(setup(), long)).headers.get("retry-after")).toBe("60");
    const quiet = setup({ pollHints: false });
    const id = (await created(quiet, long)).body!.task_id as string;
    expect((await created(quiet, long)).headers.get("retry-after")).toBeNull();
    expect((await quiet.call("GET", `/api/v1/tasks/${id}`)).headers.get("retry-after")).toBeNull();
  });
});

describe("idempotency", () => {
  it.each([
    ["an empty key", { given: "", want: 400 }],
    ["255 characters", { given: "k".repeat(255), want: 200 }],
    ["256 characters", { given: "k".repeat(256), want: 400 }],
    ["one character", { given: "k", want: 200 }],
  ])("%s", async (_name, { given, want }) => {
    const s = setup();
    const answer = await s.call("POST", "/api/v1/tasks", { body: JSON.stringify(VIDEO), headers: { "idempotency-key": given } });
    expect(answer.status).toBe(want);
    if (want === 400) {
      expect(answer.body!.error).toMatchObject({ code: "invalid_request", type: "invalid_request_error", param: "Idempotency-Key" });
      expect(answer.body!.error.message).toContain(`(got ${given.length})`);
      expect(answer.body!.error.message).toContain("255");
      expect(s.sim.tasks()).toHaveLength(0);
    }
  });

  it("the same key and payload replays the task (with its current state), charging once; another payload is a 409", async () => {
    const s = setup();
    const first = await created(s, VIDEO, { "idempotency-key": "k1" });
    s.clock.advance(2_000);
    const replay = await created(s, VIDEO, { "idempotency-key": "k1" });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body!.task_id).toBe(first.body!.task_id);
    expect(replay.body!.status).toBe("processing");
    expect(replay.headers.get("x-request-id")).toBe(replay.body!.request_id);
    expect(s.sim.charges()).toHaveLength(1);
    const conflict = await s.call("POST", "/api/v1/tasks", { body: JSON.stringify({ ...VIDEO, input: { ...VIDEO.input, duration: 6 } }), headers: { "idempotency-key": "k1" } });
    expect(conflict.status).toBe(409);
    expect(conflict.body!.error).toMatchObject({ code: "idempotency_key_reused", type: "idempotency_error", param: "Idempotency-Key" });
    expect(s.sim.tasks()).toHaveLength(1);
  });

  it("without a key every request is a new task", async () => {
    const s = setup();
    await created(s);
    await created(s);
    expect(s.sim.charges()).toHaveLength(2);
    expect(s.sim.tasks()).toHaveLength(2);
  });
});

describe("refused creates", () => {
  it.each([
    ["invalid JSON", { given: "{", want: { status: 400, code: "invalid_json", message: "The body is not valid JSON" } }],
    ["an array", { given: "[]", want: { status: 400, code: "invalid_json", message: "The body must be a JSON object" } }],
    ["null", { given: "null", want: { status: 400, code: "invalid_json", message: "The body must be a JSON object" } }],
    ["a number", { given: "7", want: { status: 400, code: "invalid_json", message: "The body must be a JSON object" } }],
  ])("%s", async (_name, { given, want }) => {
    const s = setup();
    const answer = await s.call("POST", "/api/v1/tasks", { body: given });
    expect(answer.status).toBe(want.status);
    expect(answer.body!.error).toMatchObject({ code: want.code, type: "invalid_request_error", message: want.message });
    expect(answer.body!.request_id).toBe(answer.headers.get("x-request-id"));
  });

  it("an invalid input names the field", async () => {
    const s = setup();
    const answer = await s.call("POST", "/api/v1/tasks", { body: JSON.stringify({ ...VIDEO, input: { ...VIDEO.input, duration: 99 } }) });
    expect(answer.status).toBe(400);
    expect(answer.body!.error).toMatchObject({ code: "invalid_input", type: "invalid_request_error", param: "input.duration" });
    expect(answer.body!.error.message).toContain("duration");
    expect(s.sim.charges()).toEqual([]);
  });

  it("a body over the limit is a 413 naming the limit; one at the limit is read", async () => {
    const s = setup({ maxBodyBytes: 200 });
    const big = await s.call("POST", "/api/v1/tasks", { body: JSON.stringify({ ...VIDEO, pad: "x".repeat(200) }) });
    expect(big.status).toBe(413);
    expect(big.body!.error).toMatchObject({ code: "request_too_large", type: "request_too_large_error", message: "Request body too large (the limit is 200 bytes)" });
    const text = JSON.stringify(VIDEO);
    const exact = await s.call("POST", "/api/v1/tasks", { body: text.replace("}}", `},"pad":"${"x".repeat(200 - text.length - 9)}"}`) });
    expect(exact.status).toBe(200);
  });

  it("an unreadable body is a 400", async () => {
    const s = setup();
    const body = new ReadableStream({ pull: (controller) => controller.error(new Error("cut")) });
    const response = await s.sim.handle(new Request(`${ORIGIN}/api/v1/tasks`, { method: "POST", headers: { authorization: "Bearer k" }, body, duplex: "half" } as RequestInit));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe("The request body could not be read");
  });
});

describe("routes and lookups", () => {
  it.each([
    ["GET on the collection", { given: ["GET", "/api/v1/tasks"], want: 404 }],
    ["POST on a task", { given: ["POST", "/api/v1/tasks/abc"], want: 404 }],
    ["an unknown path", { given: ["GET", "/api/v1/other"], want: 404 }],
    ["a deeper path", { given: ["GET", "/api/v1/tasks/abc/events/x"], want: 404 }],
  ])("%s is a 404 naming the route", async (_name, { given, want }) => {
    const answer = await setup().call(given[0]!, given[1]!, given[0] === "POST" ? { body: "{}" } : {});
    expect(answer.status).toBe(want);
    expect(answer.body!.error).toMatchObject({ code: "not_found", type: "not_found_error", message: `No route ${given[0]} ${given[1]}` });
  });

  it("bad percent-encoding in the id is a 400 naming task_id", async () => {
    const answer = await setup().call("GET", "/api/v1/tasks/%E0%A4%A");
    expect(answer.status).toBe(400);
    expect(answer.body!.error).toMatchObject({ code: "invalid_request", param: "task_id" });
  });

  it("another key's task, a gateway task and an unknown id are all 404 task_not_found", async () => {
    const s = setup();
    const id = (await created(s)).body!.task_id as string;
    const gatewayId = (await s.call("POST", "/v1/videos/generations", { body: JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "p" }) })).body!.id as string;
    for (const [path, token] of [[`/api/v1/tasks/${id}`, "key_b"], [`/api/v1/tasks/${gatewayId}`, "key_a"], ["/api/v1/tasks/task_unknown", "key_a"]] as const) {
      const answer = await s.call("GET", path, { token });
      expect(answer.status).toBe(404);
      expect(answer.body!.error).toMatchObject({ code: "task_not_found", type: "not_found_error", param: "task_id" });
    }
    expect((await s.call("GET", `/api/v1/tasks/${encodeURIComponent(id)}`)).status).toBe(200);
  });
});

describe("events", () => {
  async function finished() {
    const s = setup();
    const id = (await created(s)).body!.task_id as string;
    s.clock.advance(5_000);
    return { ...s, id, events: (query = "") => s.call("GET", `/api/v1/tasks/${id}/events${query}`) };
  }

  it("the whole history of a finished task, oldest first, as the default page", async () => {
    const { id, events } = await finished();
    const page = await events();
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ object: "list", task_id: id, has_more: false, next_cursor: null });
    expect(page.body!.data.map((e: { type: string; status: string; progress: number }) => [e.type, e.status, e.progress])).toEqual([
      ["task.queued", "queued", 0],
      ["task.processing", "processing", 0],
      ["task.progress", "processing", 25],
      ["task.progress", "processing", 50],
      ["task.progress", "processing", 75],
      ["task.succeeded", "succeeded", 100],
    ]);
    expect(page.body!.data.map((e: { id: string }) => e.id)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `evt_${id}_${i}`));
    expect(page.body!.data[0]).toMatchObject({ task_id: id, created_at: iso(START) });
    expect(page.body!.data[5].created_at).toBe(iso(START + 5_000));
  });

  it("pages with limit and after until has_more is false", async () => {
    const { id, events } = await finished();
    const first = await events("?limit=4");
    expect(first.body!.data).toHaveLength(4);
    expect(first.body).toMatchObject({ has_more: true, next_cursor: `evt_${id}_4` });
    const second = await events(`?limit=4&after=${first.body!.next_cursor}`);
    expect(second.body!.data.map((e: { id: string }) => e.id)).toEqual([`evt_${id}_5`, `evt_${id}_6`]);
    expect(second.body).toMatchObject({ has_more: false, next_cursor: null });
    const exact = await events(`?limit=2&after=evt_${id}_4`);
    expect(exact.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(exact.body!.data).toHaveLength(2);
    const last = await events(`?after=evt_${id}_6`);
    expect(last.body).toMatchObject({ data: [], has_more: false, next_cursor: null });
  });

  it("only what has happened so far", async () => {
    const s = setup();
    const id = (await created(s)).body!.task_id as string;
    s.clock.advance(1_000);
    const page = await s.call("GET", `/api/v1/tasks/${id}/events`);
    expect(page.body!.data.map((e: { type: string }) => e.type)).toEqual(["task.queued", "task.processing"]);
  });

  it.each([
    ["limit=1", { given: "?limit=1", want: 200 }],
    ["limit=100", { given: "?limit=100", want: 200 }],
    ["limit=0", { given: "?limit=0", want: 400 }],
    ["limit=101", { given: "?limit=101", want: 400 }],
    ["limit=1.5", { given: "?limit=1.5", want: 400 }],
    ["limit=abc", { given: "?limit=abc", want: 400 }],
    ["limit=-1", { given: "?limit=-1", want: 400 }],
    ["an empty limit", { given: "?limit=", want: 400 }],
    ["limit= 5 (padded)", { given: "?limit=%205", want: 400 }],
    ["limit=5x", { given: "?limit=5x", want: 400 }],
  ])("%s", async (_name, { given, want }) => {
    const { events } = await finished();
    const page = await events(given);
    expect(page.status).toBe(want);
    if (want === 400) {
      expect(page.body!.error).toMatchObject({ code: "invalid_request", param: "limit" });
      expect(page.body!.error.message).toContain("from 1 to 100");
    } else expect(page.body!.data).toHaveLength(Math.min(6, Number(given.split("=")[1])));
  });

  it("an unknown cursor is a 400 naming after", async () => {
    const { events } = await finished();
    const page = await events("?after=evt_nope");
    expect(page.status).toBe(400);
    expect(page.body!.error).toMatchObject({ code: "invalid_cursor", param: "after" });
    expect(page.body!.error.message).toContain('"evt_nope"');
  });
});
