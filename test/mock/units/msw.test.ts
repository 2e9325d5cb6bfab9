/**
 * `mindvideo/mock/msw` in-process: the URL patterns its handlers match, and the handlers answering
 * through MSW's Node interceptor (no server, manual clock). Base URLs are the seeds' servers:
 * https://api.mindvideo.ai (MindVideo) and https://ai.odkkk.com/apiv1 (gateway).
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMock } from "../../../src/mock/index.js";
import { createHandlers, mockPatterns } from "../../../src/mock/msw.js";

describe("mockPatterns", () => {
  const patterns = mockPatterns(createMock({ baseUrls: { mindvideo: "http://localhost:5173/api-proxy/", gateway: ["http://localhost:5173/gw.v1+x", "http://localhost:5173/gw.v1+x"] } }));
  const matched = (url: string) => patterns.some((pattern) => pattern.test(url));

  it.each([
    ["a seed MindVideo route", "https://api.mindvideo.ai/api/v1/tasks"],
    ["a malformed escape (left to the contract's 400)", "https://api.mindvideo.ai/api/v1/tasks/%E0%A4%A"],
    ["a seed gateway route", "https://ai.odkkk.com/apiv1/v1/videos/generations"],
    ["the gateway base itself", "https://ai.odkkk.com/apiv1"],
    ["a configured base without its trailing slash", "http://localhost:5173/api-proxy"],
    ["below a configured base", "http://localhost:5173/api-proxy/api/v1/tasks"],
    ["a base with regular-expression characters, literally", "http://localhost:5173/gw.v1+x/v1/tasks/t"],
    ["an output file at a base's origin", "http://localhost:5173/__mock/outputs/t/0.png"],
    ["the control API at a default origin", "https://ai.odkkk.com/__mock/tasks"],
  ])("matches %s", (_name, url) => {
    expect(matched(url)).toBe(true);
  });

  it.each([
    ["a look-alike host", "https://api.mindvideo.ai.evil.example/api/v1/tasks"],
    ["a host ending like the default", "https://xapi.mindvideo.ai/api/v1/tasks"],
    ["a longer path sharing the prefix", "http://localhost:5173/api-proxyX/api/v1/tasks"],
    ["the same path at another port", "http://localhost:5174/api-proxy/api/v1/tasks"],
    ["another path at a base's origin", "http://localhost:5173/api/v1/tasks"],
    ["the gateway path without its base", "https://ai.odkkk.com/v1/tasks/x"],
    ["regular-expression characters taken as such", "http://localhost:5173/gwXv1x/v1/tasks/t"],
    ["the control prefix without its slash", "http://localhost:5173/__mockX/tasks"],
    ["another scheme", "http://api.mindvideo.ai/api/v1/tasks"],
    ["a base URL inside another URL", "https://example.com/?u=https://api.mindvideo.ai/api/v1/tasks"],
  ])("does not match %s", (_name, url) => {
    expect(matched(url)).toBe(false);
  });

  it("lists each pattern once", () => {
    const sources = patterns.map((p) => p.source);
    expect(new Set(sources).size).toBe(sources.length);
    // Four bases (two defaults, one configured MindVideo base, one configured gateway base given twice) at three origins.
    expect(sources).toHaveLength(4 + 3);
  });
});

describe("createHandlers through MSW's interceptor", () => {
  const mock = createMock({ clock: "manual", startTime: Date.UTC(2026, 0, 1), timing: { queuedMs: 1_000, processingMs: 4_000 }, onViolation: () => undefined });
  const server = setupServer(...createHandlers(mock));
  const auth = { authorization: "Bearer key_msw" };
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());

  it("one handler per pattern", () => {
    expect(createHandlers(mock)).toHaveLength(mockPatterns(mock).length);
  });

  it("creates a task from a POST body and reads it back with a GET", async () => {
    const created = await fetch("https://api.mindvideo.ai/api/v1/tasks", { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "a quiet harbour" } }) });
    expect(created.status).toBe(200);
    const { task_id } = (await created.json()) as { task_id: string };
    await mock.advance(10_000);
    const read = await fetch(`https://api.mindvideo.ai/api/v1/tasks/${task_id}`, { headers: auth });
    expect(((await read.json()) as { status: string }).status).toBe("succeeded");
    const gateway = await fetch("https://ai.odkkk.com/apiv1/v1/videos/generations", { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "a cat playing piano" }) });
    expect(gateway.status).toBe(200);
    expect(mock.tasks().map((t) => t.provider)).toEqual(["mindvideo", "gateway"]);
  });

  it("answers the control API and refuses bad input with the contract's 400", async () => {
    expect(((await (await fetch("https://api.mindvideo.ai/__mock/scenario")).json()) as { scenario: string }).scenario).toBe("none");
    const bad = await fetch("https://api.mindvideo.ai/api/v1/tasks", { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "x", duration: 99 } }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { param: string } }).error.param).toBe("input.duration");
  });

  it("the default handlers come from a fresh wall-clock mock", () => {
    const handlers = createHandlers();
    expect(handlers).toHaveLength(mockPatterns(createMock()).length);
    expect(handlers.length).toBeGreaterThan(0);
  });
});
