/**
 * The MindVideo adapter and client in process: the task normalizer (fields from the seeds' result
 * example and the bundled spec), the names each method puts in its errors, and tasks.events (its
 * query, its retries as a read, its refusal of an answer that is no event list).
 */
import { describe, expect, it } from "vitest";
import { fromMindVideoTask } from "../../src/mindvideo/adapter.js";
import { InvalidResponseError, InvalidTaskIdError, MindVideo, type Task } from "../../src/index.js";
import { json, recordingFetch, task, type Reply } from "../helpers/recording-fetch.js";
import { virtualClock } from "../helpers/virtual-clock.js";
import { thrownBy } from "../helpers/thrown-by.js";

const base = "https://api.test";
/** The seeds' "read the result" example. */
const seedResult = { request_id: "req_demo_model", task_id: "task_demo_model", status: "succeeded", cost_estimate: 0.585, cost_actual: 0.585, output: { videos: [{ url: "https://example.com/output/demo.mp4" }] } };

describe("fromMindVideoTask", () => {
  it("reads the seeds' result example", () => {
    expect(fromMindVideoTask(seedResult as Task)).toStrictEqual({
      provider: "mindvideo",
      id: "task_demo_model",
      model: "",
      status: "succeeded",
      outputs: [{ kind: "video", url: "https://example.com/output/demo.mp4" }],
      cost: { unit: "money", estimate: 0.585, actual: 0.585 },
      raw: seedResult,
    });
  });

  it.each([
    ["a model, progress and images", { given: { model: "apimart-doubao-seedance-4-0", status: "processing", progress: 30, output: { images: [{ url: "https://example.com/a.png" }] } }, want: { model: "apimart-doubao-seedance-4-0", progress: 30, outputs: [{ kind: "image", url: "https://example.com/a.png" }] } }],
    ["videos before images", { given: { output: { images: [{ url: "https://example.com/a.png" }], videos: [{ url: "https://example.com/v.mp4" }] } }, want: { outputs: [{ kind: "video", url: "https://example.com/v.mp4" }, { kind: "image", url: "https://example.com/a.png" }] } }],
  ] as const)("reads %s", (_name, { given, want }) => {
    expect(fromMindVideoTask(task(given) as Task)).toMatchObject(want);
  });

  it.each([
    ["no progress and no costs: no such keys", { given: { cost_estimate: null, cost_actual: null }, want: { cost: { unit: "money" } } }],
    ["only an estimate", { given: { cost_estimate: 0.0657, cost_actual: null }, want: { cost: { unit: "money", estimate: 0.0657 } } }],
    ["only an actual cost", { given: { cost_estimate: "x", cost_actual: 0.5 }, want: { cost: { unit: "money", actual: 0.5 } } }],
    ["progress 0", { given: { progress: 0, cost_estimate: null }, want: { progress: 0, cost: { unit: "money" } } }],
  ] as const)("keeps %s, key by key", (_name, { given, want }) => {
    const { provider, id, model, status, outputs, raw, ...rest } = fromMindVideoTask(task(given) as Task);
    expect({ provider, id, status, outputs }).toEqual({ provider: "mindvideo", id: "task_test", status: "queued", outputs: [] });
    expect(rest).toStrictEqual(want);
  });

  it.each([
    ["a task_id that is no string", { given: { task_id: 42 }, want: /^MindVideo task: task_id must be a string/ }],
    ["a missing status", { given: { status: undefined }, want: /^MindVideo task: status must be a string/ }],
    ["videos that are no list", { given: { output: { videos: "https://example.com/v.mp4" } }, want: /^MindVideo task: output\.videos must be a list/ }],
    ["an image link that is no http(s)", { given: { output: { images: [{ url: "data:image/png;base64,AA" }] } }, want: /^MindVideo task: output\.images\[0\]\.url must be an http\(s\) URL/ }],
  ] as const)("refuses %s", (_name, { given, want }) => {
    const error = thrownBy(() => fromMindVideoTask(task(given) as Task));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(want);
  });
});

describe("the MindVideo client", () => {
  const client = (replies: Reply[], maxRetries = 0) => {
    const recorder = recordingFetch(replies);
    const clock = virtualClock();
    return { mv: new MindVideo({ apiKey: "k", baseUrl: base, fetch: recorder.fetch, maxRetries, clock }), attempts: recorder.attempts };
  };
  const events = { object: "list", task_id: "task_test", data: [], has_more: false, next_cursor: null };

  it("reports its base URL", () => {
    expect(new MindVideo({ apiKey: "k", baseUrl: "https://mv.example.com/root" }).baseUrl).toBe("https://mv.example.com/root");
  });

  it.each([
    ["tasks.get", (mv: MindVideo) => mv.tasks.get(".."), "MindVideo tasks.get"],
    ["tasks.wait", (mv: MindVideo) => mv.tasks.wait(".."), "MindVideo tasks.wait"],
    ["tasks.events", (mv: MindVideo) => mv.tasks.events(".."), "MindVideo tasks.events"],
  ])("%s names itself on a bad task id, sending nothing", async (_name, call, label) => {
    const { mv, attempts } = client([json(200, task())]);
    const error = await call(mv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTaskIdError);
    expect((error as Error).message.startsWith(`${label}: `)).toBe(true);
    expect(attempts).toHaveLength(0);
  });

  it("tasks.create names itself when the answer has no task_id", async () => {
    const { mv } = client([json(200, { request_id: "r", status: "queued" })]);
    const error = await mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: "a cat" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/^MindVideo tasks\.create: the answer has no task_id/);
  });

  it.each([
    ["no paging options", { given: {}, want: "" }],
    ["a cursor", { given: { after: "evt_demo_2" }, want: "?after=evt_demo_2" }],
    ["a page size", { given: { limit: 20 }, want: "?limit=20" }],
    ["both", { given: { after: "evt_demo_2", limit: 5 }, want: "?after=evt_demo_2&limit=5" }],
  ] as const)("tasks.events sends %s as the query", async (_name, { given, want }) => {
    const { mv, attempts } = client([json(200, events)]);
    expect(await mv.tasks.events("task_test", given)).toEqual(events);
    expect(attempts.map((a) => `${a.method} ${a.url}`)).toEqual([`GET ${base}/api/v1/tasks/task_test/events${want}`]);
  });

  it("tasks.events is a read: a 503 is retried", async () => {
    const { mv, attempts } = client([json(503, { error: { message: "busy" } }), json(200, events)], 1);
    expect(await mv.tasks.events("task_test")).toEqual(events);
    expect(attempts).toHaveLength(2);
  });

  it("tasks.events passes its request options on (a per-call maxRetries of 0 stops retries)", async () => {
    const { mv, attempts } = client([json(503, { error: { message: "busy" } }), json(200, events)], 1);
    await expect(mv.tasks.events("task_test", { maxRetries: 0 })).rejects.toMatchObject({ status: 503 });
    expect(attempts).toHaveLength(1);
  });

  it.each([
    ["null", null],
    ["an array", [events]],
    ["a string", "events"],
    ["an object without data", { object: "list" }],
    ["an object whose data is no array", { object: "list", data: {} }],
  ])("tasks.events refuses %s as the answer", async (_name, answer) => {
    const { mv } = client([json(200, answer)]);
    const error = await mv.tasks.events("task_test").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).status).toBe(200);
    expect((error as Error).message).toMatch(/^MindVideo tasks\.events: the 200 answer is not a list of events/);
  });
});
