import { describe, expect, it } from "vitest";
import { createProxyHandler } from "../../src/proxy.js";
import { json, recordingFetch, task } from "../helpers/recording-fetch.js";

const KEY = "mv_live_SERVER_SIDE_KEY_123";
const setup = (options: Parameters<typeof createProxyHandler>[0] = {}, reply = json(200, task())) => {
  const upstream = recordingFetch([reply]);
  const handler = createProxyHandler({ apiKey: KEY, baseUrl: "https://api.test", fetch: upstream.fetch, ...options });
  return { handler, upstream: upstream.attempts };
};
const post = (body: unknown, headers: Record<string, string> = {}) =>
  new Request("https://app.example/api/mindvideo/api/v1/tasks", { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer browser-token", cookie: "session=1", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
const valid = { model: "doubao-seedance-2-0-fast", input: { prompt: "neon rain" } };

describe("createProxyHandler", () => {
  it("forwards a create with the server-side key, dropping the browser's Authorization and cookies", async () => {
    const { handler, upstream } = setup();
    const response = await handler(post(valid, { "idempotency-key": "k-1" }));
    expect(response.status).toBe(200);
    expect(upstream).toHaveLength(1);
    expect(upstream[0]!.url).toBe("https://api.test/api/v1/tasks");
    expect(upstream[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(upstream[0]!.headers.cookie).toBeUndefined();
    expect(upstream[0]!.headers["idempotency-key"]).toBe("k-1");
    expect(JSON.parse(upstream[0]!.body)).toEqual(valid);
  });

  it.each([
    ["GET", "/api/v1/tasks/task_1", "https://api.test/api/v1/tasks/task_1"],
    ["GET", "/api/v1/tasks/task_1/events?limit=5", "https://api.test/api/v1/tasks/task_1/events?limit=5"],
  ])("forwards %s %s", async (method, path, want) => {
    const { handler, upstream } = setup();
    const response = await handler(new Request(`https://app.example/api/mindvideo${path}`, { method }));
    expect(response.status).toBe(200);
    expect(upstream[0]!.url).toBe(want);
  });

  it.each([
    ["DELETE", "/api/v1/tasks/task_1"],
    ["GET", "/api/v1/tasks"],
    ["POST", "/api/v1/admin/keys"],
    ["GET", "/v1/videos/generations"],
  ])("refuses %s %s: only the task endpoints are proxied", async (method, path) => {
    const { handler, upstream } = setup();
    const response = await handler(new Request(`https://app.example/api/mindvideo${path}`, { method }));
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
    expect(upstream).toHaveLength(0);
  });

  it("refuses paths outside its mount", async () => {
    const { handler } = setup();
    expect((await handler(new Request("https://app.example/other/api/v1/tasks"))).status).toBe(404);
  });

  it("refuses a model that is not allowed, naming the allowed ones", async () => {
    const { handler, upstream } = setup({ allowModels: ["apimart-doubao-seedance-4-0"] });
    const response = await handler(post(valid));
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatchObject({ code: "model_not_allowed", param: "model", message: expect.stringContaining("allowed: apimart-doubao-seedance-4-0") });
    expect(upstream).toHaveLength(0);
  });

  it("refuses a body over maxBodyBytes, by Content-Length or by streaming", async () => {
    const { handler, upstream } = setup({ maxBodyBytes: 100 });
    const big = { ...valid, input: { prompt: "x".repeat(500) } };
    const declared = await handler(post(big));
    expect(declared.status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(50)));
        controller.close();
      },
    });
    const streamed = await handler(new Request("https://app.example/api/mindvideo/api/v1/tasks", { method: "POST", body: stream, duplex: "half" } as RequestInit));
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.type).toBe("request_too_large_error");
    expect(upstream).toHaveLength(0);
  });

  it("refuses invalid JSON and invalid input before any upstream call", async () => {
    const { handler, upstream } = setup();
    expect((await handler(post("{not json"))).status).toBe(400);
    const invalid = await handler(post({ model: "doubao-seedance-2-0-fast", input: { prompt: "p", resolution: "4K" } }));
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.message).toBe("input.resolution must be one of 480p, 720p for doubao-seedance-2-0-fast");
    expect(upstream).toHaveLength(0);
  });

  it("never echoes the key, even when the upstream does", async () => {
    const { handler } = setup({}, json(401, { error: { code: "bad", message: `key ${KEY} is disabled`, type: "authentication_error" } }, { "x-debug": `Bearer ${KEY}` }));
    const response = await handler(post(valid));
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(text).not.toContain(KEY);
    expect([...response.headers.values()].join(" ")).not.toContain(KEY);
  });

  it("answers 500 when it has no key to add", async () => {
    const saved = process.env.MINDVIDEO_API_KEY;
    delete process.env.MINDVIDEO_API_KEY;
    try {
      const handler = createProxyHandler({ baseUrl: "https://api.test" });
      expect((await handler(post(valid))).status).toBe(500);
    } finally {
      if (saved !== undefined) process.env.MINDVIDEO_API_KEY = saved;
    }
  });
});
