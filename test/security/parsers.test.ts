/** Class 7: parsers, mappers and task ids throw only the SDK's typed errors, and a bad id sends nothing. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackPayloadError, InvalidResponseError, InvalidTaskIdError, MindVideo, MindVideoError, parseGatewayCallback, VideoGateway } from "../../src/index.js";
import { fromGatewayTask } from "../../src/gateway/adapter.js";
import { fromMindVideoTask } from "../../src/mindvideo/adapter.js";
import { sendJson, startServer, type TestServer } from "./servers.js";

const completed = (video: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: "task-1",
  object: "video.generation.task",
  model: "doubao-seedance-1.0-pro-fast",
  status: "completed",
  progress: 100,
  created: 1_700_000_000,
  completed: 1_700_000_100,
  result: { videos: [{ url: "https://cdn.example.com/v.mp4", ...video }] },
  ...extra,
});

const badTasks: [string, unknown][] = [
  ["expires_at 1e15", completed({ expires_at: 1e15 })],
  ["expires_at -1e15", completed({ expires_at: -1e15 })],
  ["expires_at as a string", completed({ expires_at: "tomorrow" })],
  ["completed 1e15", completed({}, { completed: 1e15 })],
  ["a javascript: output URL", completed({ url: "javascript:alert(document.cookie)" })],
  ["a data: output URL", completed({ url: "data:text/html,<script>alert(1)</script>" })],
  ["a relative output URL", completed({ url: "/v.mp4" })],
  ["a 10 MB output URL", completed({ url: `https://cdn.example.com/${"a".repeat(10 * 1024 * 1024)}` })],
  ["a numeric output URL", completed({ url: 42 })],
  ["videos not a list", { ...completed({}), result: { videos: "https://cdn.example.com/v.mp4" } }],
  ["null", null],
  ["an array", [completed({})]],
  ["a string", "task"],
];

describe("mappers and the callback parser", () => {
  it.each(badTasks)("fromGatewayTask, %s: InvalidResponseError", (_name, given) => {
    expect(() => fromGatewayTask(given as never)).toThrow(InvalidResponseError);
  });
  it.each(badTasks)("parseGatewayCallback, %s: CallbackPayloadError", (_name, given) => {
    for (const form of [given, JSON.stringify(given) ?? "undefined"]) expect(() => parseGatewayCallback(form)).toThrow(CallbackPayloadError);
  });
  it.each<[string, unknown]>([
    ["null", null],
    ["no task_id", { status: "queued" }],
    ["a javascript: image URL", { task_id: "t", status: "succeeded", output: { images: [{ url: "javascript:alert(1)" }] } }],
    ["a huge video URL", { task_id: "t", status: "succeeded", output: { videos: [{ url: `https://x.example/${"a".repeat(100_000)}` }] } }],
  ])("fromMindVideoTask, %s: InvalidResponseError", (_name, given) => {
    expect(() => fromMindVideoTask(given as never)).toThrow(InvalidResponseError);
  });
  it.each<[string, unknown]>([
    ["a 2 MB body", `{"pad":"${"a".repeat(2 * 1024 * 1024)}"}`],
    ["a body nested 100 000 deep", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
    ["an object nested 1 000 deep", JSON.parse(`${'{"a":'.repeat(1000)}1${"}".repeat(1000)}`)],
    ["bytes that are not UTF-8 JSON", new Uint8Array([0xff, 0xfe, 0x00])],
  ])("parseGatewayCallback, %s: CallbackPayloadError", (_name, given) => {
    expect(() => parseGatewayCallback(given)).toThrow(CallbackPayloadError);
  });
  it("a status named after an Object property stays a plain status", () => {
    expect(fromGatewayTask({ ...completed({}), status: "constructor" } as never).status).toBe("processing");
  });
  it("a sane task still maps, with its link expiry", () => {
    expect(fromGatewayTask(completed({ expires_at: 1_700_086_400 }) as never)).toMatchObject({ status: "succeeded", expiresAt: "2023-11-15T22:13:20.000Z", outputs: [{ kind: "video", url: "https://cdn.example.com/v.mp4" }] });
  });
});

let server: TestServer;
let answer: unknown = null;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.method === "POST" && req.url === "/api/v1/tasks") return sendJson(res, 200, { task_id: "..", status: "queued" });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer));
  });
});
afterAll(() => server.close());

describe("the clients throw typed errors for answers the contract does not allow", () => {
  it.each(badTasks)("gw.generations.get/wait and tasks.get, %s", async (_name, given) => {
    answer = given;
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: server.url, maxRetries: 0 });
    for (const call of [() => gw.generations.get("task-1"), () => gw.generations.wait("task-1")]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MindVideoError);
      expect(error).toBeInstanceOf(InvalidResponseError);
    }
  });
  it.each<[string, unknown]>([
    ["null", null],
    ["an array", []],
    ["a number", 7],
  ])("mindvideo tasks.get answered with %s", async (_name, given) => {
    answer = given;
    await expect(new MindVideo({ apiKey: "mv_key_0123456789", baseUrl: server.url, maxRetries: 0 }).tasks.get("t1")).rejects.toBeInstanceOf(InvalidResponseError);
  });
  it.each<[string, unknown]>([
    ["null", null],
    ["an array", [{ type: "status" }]],
    ["a string", "events"],
    ["a list whose data is not a list", { object: "list", task_id: "t1", data: null, has_more: false, next_cursor: null }],
    ["a list whose data is an object", { object: "list", task_id: "t1", data: { 0: {} }, has_more: false, next_cursor: null }],
  ])("mindvideo tasks.events answered with %s", async (_name, given) => {
    answer = given;
    await expect(new MindVideo({ apiKey: "mv_key_0123456789", baseUrl: server.url, maxRetries: 0 }).tasks.events("t1")).rejects.toBeInstanceOf(InvalidResponseError);
  });
  it("a created task whose id is '..' is never polled", async () => {
    const before = server.requests.length;
    const error = await new MindVideo({ apiKey: "mv_key_0123456789", baseUrl: server.url, maxRetries: 0 }).tasks.run({ model: "apimart-doubao-seedance-4-0", input: { prompt: "p" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MindVideoError);
    expect(server.requests.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual(["POST /api/v1/tasks"]);
  });
});

describe("task ids are checked before anything is sent", () => {
  const ids: [string, unknown][] = [
    ["..", ".."],
    [".", "."],
    ["empty", ""],
    ["a slash", "a/b"],
    ["a backslash", "a\\b"],
    ["an encoded dot-dot", "%2e%2e"],
    ["a query", "t?x=1"],
    ["a fragment", "t#x"],
    ["a space", "t 1"],
    ["a newline", "t\n1"],
    ["non-ASCII", "tâche"],
    ["300 characters", "a".repeat(300)],
    ["null", null],
    ["a number", 42],
    ["an object", { toString: () => ".." }],
  ];
  it.each(ids)("%s", async (_name, id) => {
    const before = server.requests.length;
    const mv = new MindVideo({ apiKey: "mv_key_0123456789", baseUrl: server.url, maxRetries: 0 });
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: server.url, maxRetries: 0 });
    for (const call of [() => mv.tasks.get(id as string), () => mv.tasks.wait(id as string), () => mv.tasks.events(id as string), () => gw.tasks.get(id as string), () => gw.tasks.wait(id as string), () => gw.generations.get(id as string), () => mv.generations.wait(id as string)]) {
      await expect(call()).rejects.toBeInstanceOf(InvalidTaskIdError);
    }
    expect(server.requests.length).toBe(before);
  });
  it.each(["task_abc-123", "5f0c7f3e-9a4b-4c1d-8e2f-0a1b2c3d4e5f", "cgt-20250101.x:y~z"])("accepts %s", async (id) => {
    answer = { task_id: id, status: "queued" };
    await expect(new MindVideo({ apiKey: "mv_key_0123456789", baseUrl: server.url }).tasks.get(id)).resolves.toMatchObject({ task_id: id });
    expect(decodeURIComponent(server.requests.at(-1)!.url)).toBe(`/api/v1/tasks/${id}`);
  });
});
