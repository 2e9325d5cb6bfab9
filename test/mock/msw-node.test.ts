/**
 * `mindvideo/mock/msw` in Node: setupServer(...createHandlers()) intercepts the clients' own fetch
 * (no fetch option), answers both APIs, and leaves every other URL to onUnhandledRequest.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MindVideo, TaskFailedError } from "../../src/index.js";
import { VideoGateway } from "../../src/gateway/index.js";
import { createMock } from "../../src/mock/index.js";
import { createHandlers, mockPatterns } from "../../src/mock/msw.js";

const mock = createMock({ clock: "manual", timing: { queuedMs: 1_000, processingMs: 9 * 60_000 } });
const unhandled: string[] = [];
const server = setupServer(...createHandlers(mock));
const realServer = createServer((_req, res) => res.end("real"));

beforeAll(async () => {
  server.listen({ onUnhandledRequest: (request) => void unhandled.push(request.url) });
  await new Promise<void>((resolve) => realServer.listen(0, "127.0.0.1", resolve));
});
afterEach(() => mock.reset());
afterAll(async () => {
  server.close();
  await new Promise((resolve) => realServer.close(resolve));
});

function settleLater<T>(promise: Promise<T>) {
  return promise.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
}

describe("setupServer(...createHandlers(mock))", () => {
  it("runs a MindVideo video task and a gateway task to success through the global fetch", async () => {
    const mindvideo = new MindVideo({ apiKey: "any", clock: mock.clock });
    const gateway = new VideoGateway({ apiKey: "any", clock: mock.clock });
    const video = settleLater(mindvideo.tasks.run({ model: "doubao-seedance-2-0-fast", input: { prompt: "a quiet harbour" } }));
    const gw = settleLater(gateway.videos.run({ model: "doubao-seedance-1.0-pro-fast", prompt: "a cat playing piano" }));
    await mock.advance(10 * 60_000);
    expect((await video).value).toMatchObject({ status: "succeeded", output: { videos: [{ url: expect.any(String) }] } });
    expect((await gw).value).toMatchObject({ status: "completed" });
    expect(mock.tasks().map((t) => t.phase)).toEqual(["succeeded", "succeeded"]);
    expect(unhandled).toEqual([]);
  });

  it("a failure scenario surfaces as TaskFailedError", async () => {
    mock.setScenario("fail");
    const run = settleLater(new MindVideo({ apiKey: "any", clock: mock.clock }).tasks.run({ model: "apimart-doubao-seedance-4-0", input: { prompt: "a kite" } }));
    await mock.advance(10 * 60_000);
    expect((await run).error).toBeInstanceOf(TaskFailedError);
  });

  it("leaves every other URL to onUnhandledRequest, which lets it through", async () => {
    const { port } = realServer.address() as AddressInfo;
    const others = [`http://127.0.0.1:${port}/api/v1/tasks`, `http://127.0.0.1:${port}/apiv1/v1/tasks/x`];
    for (const url of others) expect(await (await fetch(url)).text()).toBe("real");
    expect(unhandled).toEqual(others);
  });

  it("matches exactly the mocked base URLs' subtrees and their /__mock/ routes", () => {
    const patterns = mockPatterns(createMock({ baseUrls: { mindvideo: "http://localhost:5173/api-proxy/" } }));
    const matched = (url: string) => patterns.some((pattern) => pattern.test(url));
    for (const url of ["https://api.mindvideo.ai/api/v1/tasks/%E0%A4%A", "http://localhost:5173/api-proxy", "http://localhost:5173/api-proxy/api/v1/tasks", "http://localhost:5173/__mock/outputs/t/0.png", "https://ai.odkkk.com/apiv1/v1/tasks/x"]) {
      expect(matched(url), url).toBe(true);
    }
    for (const url of ["https://api.mindvideo.ai.evil.example/api/v1/tasks", "http://localhost:5173/api-proxyX/api/v1/tasks", "http://localhost:5173/api/v1/tasks", "https://ai.odkkk.com/v1/tasks/x", "http://localhost:5174/api-proxy/api/v1/tasks"]) {
      expect(matched(url), url).toBe(false);
    }
  });
});
