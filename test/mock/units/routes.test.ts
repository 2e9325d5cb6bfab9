/** Which URLs `mindvideo/mock` answers (the spec's server URLs, extra bases, proxy routes, /__mock/), and how it refuses bad options. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRouter } from "../../../src/mock/routes.js";
import { createMock } from "../../../src/mock/index.js";

// spec/mindvideo.yaml and spec/gateway.yaml `servers`.
const MINDVIDEO = "https://api.mindvideo.ai";
const GATEWAY = "https://ai.odkkk.com/apiv1";

describe("createRouter", () => {
  afterEach(() => void vi.unstubAllGlobals());

  it("answers both providers' spec servers by default", () => {
    expect(createRouter().baseUrls).toEqual({ mindvideo: [MINDVIDEO], gateway: [GATEWAY] });
    expect(Object.isFrozen(createRouter().baseUrls)).toBe(true);
    expect(Object.isFrozen(createRouter().baseUrls.mindvideo)).toBe(true);
  });

  it.each([
    ["a MindVideo task", { given: `${MINDVIDEO}/api/v1/tasks/t1?x=1`, want: { provider: "mindvideo", url: `${MINDVIDEO}/api/v1/tasks/t1?x=1`, control: false, proxy: false } }],
    ["the gateway: its base path removed", { given: `${GATEWAY}/v1/tasks/t1`, want: { provider: "gateway", url: "https://ai.odkkk.com/v1/tasks/t1", control: false, proxy: false } }],
    ["the gateway base itself is its root", { given: GATEWAY, want: { provider: "gateway", url: "https://ai.odkkk.com/", control: false, proxy: false } }],
    ["the gateway's control routes under its base", { given: `${GATEWAY}/__mock/outputs/x/0.mp4`, want: { provider: "gateway", url: "https://ai.odkkk.com/__mock/outputs/x/0.mp4", control: true, proxy: false } }],
    ["control routes at the root of a mocked origin", { given: "https://ai.odkkk.com/__mock/outputs/x/0.mp4", want: { provider: "gateway", url: "https://ai.odkkk.com/__mock/outputs/x/0.mp4", control: true, proxy: false } }],
  ] as const)("%s", (_name, { given, want }) => {
    const route = createRouter().match(given);
    expect(route && { ...route, url: route.url.href }).toEqual(want);
  });

  it.each([
    ["another origin", "https://example.com/api/v1/tasks"],
    ["a path that only starts like the base", "https://ai.odkkk.com/apiv10/v1/tasks"],
    ["the gateway origin outside its base", "https://ai.odkkk.com/v1/tasks"],
    ["not a URL", "not a url"],
    ["http instead of https", "http://api.mindvideo.ai/api/v1/tasks"],
  ])("not the mock's business: %s", (_name, url) => {
    expect(createRouter().match(url)).toBeUndefined();
  });

  it("extra bases and proxies: trailing slashes trimmed, the longest prefix wins, proxies marked", () => {
    const router = createRouter({ mindvideo: ["http://127.0.0.1:4010/", "http://127.0.0.1:4010/mv"], gateway: "http://127.0.0.1:4010/mv/gw" }, { mindvideo: "https://app.test/api/mindvideo//" });
    expect(router.baseUrls).toEqual({
      mindvideo: ["https://app.test/api/mindvideo", "http://127.0.0.1:4010/mv", MINDVIDEO, "http://127.0.0.1:4010"],
      gateway: [GATEWAY, "http://127.0.0.1:4010/mv/gw"],
    });
    const route = (url: string) => {
      const r = router.match(url);
      return r && [r.provider, r.url.href, r.proxy];
    };
    expect(route("http://127.0.0.1:4010/mv/gw/v1/tasks/x")).toEqual(["gateway", "http://127.0.0.1:4010/v1/tasks/x", false]);
    expect(route("http://127.0.0.1:4010/mv/api/v1/tasks")).toEqual(["mindvideo", "http://127.0.0.1:4010/api/v1/tasks", false]);
    expect(route("http://127.0.0.1:4010/api/v1/tasks")).toEqual(["mindvideo", "http://127.0.0.1:4010/api/v1/tasks", false]);
    expect(route("https://app.test/api/mindvideo/api/v1/tasks")).toEqual(["mindvideo", "https://app.test/api/v1/tasks", true]);
    expect(route("https://app.test/api/other")).toBeUndefined();
  });

  it("a relative proxy route resolves against the page's address, only an http(s) page", () => {
    vi.stubGlobal("location", { href: "https://shop.test/checkout/" });
    expect(createRouter({}, { gateway: "/api/gateway" }).baseUrls.gateway).toContain("https://shop.test/api/gateway");
    vi.stubGlobal("location", { href: "file:///index.html" });
    expect(() => createRouter({}, { gateway: "/api/gateway" })).toThrow(/^createMock: proxies\.gateway has an invalid URL "\/api\/gateway"/);
  });

  it.each([
    ["a relative URL outside a page", { given: [{}, { mindvideo: "/api/mindvideo" }], want: 'createMock: proxies.mindvideo has an invalid URL "/api/mindvideo" (want an absolute http(s) URL, or a path like "/api/mindvideo" in a page)' }],
    ["another scheme", { given: [{ gateway: "ftp://x.test/" }, {}], want: 'createMock: baseUrls.gateway must be http(s) (got "ftp://x.test/")' }],
    ["a query", { given: [{ mindvideo: "https://x.test/?a=1" }, {}], want: 'createMock: baseUrls.mindvideo must not have a query or fragment (got "https://x.test/?a=1")' }],
    ["a fragment", { given: [{ mindvideo: "https://x.test/#a" }, {}], want: 'createMock: baseUrls.mindvideo must not have a query or fragment (got "https://x.test/#a")' }],
  ] as const)("refuses %s", (_name, { given, want }) => {
    expect(() => createRouter(given[0], given[1])).toThrow(new TypeError(want));
  });
});

describe("createMock: options and routing", () => {
  it("refuses a clock that is neither system nor manual, and advance() without a manual clock", async () => {
    expect(() => createMock({ clock: "virtual" as never })).toThrow(new TypeError('createMock: clock must be "system" or "manual" (got "virtual")'));
    const mock = createMock();
    expect(mock.clock.manual).toBe(false);
    await expect(mock.advance(1)).rejects.toThrow(new TypeError('mock.advance(ms) needs a manual clock: createMock({ clock: "manual" })'));
  });

  it("a manual clock starts at startTime; answers() and handle() follow the routes; other URLs reject naming the mocked ones", async () => {
    const mock = createMock({ clock: "manual", startTime: 1_000 });
    expect(mock.clock.manual).toBe(true);
    expect(mock.clock.now()).toBe(1_000);
    expect(mock.answers(`${MINDVIDEO}/api/v1/tasks`)).toBe(true);
    expect(mock.answers("https://example.com/")).toBe(false);
    expect(await mock.handle(new Request("https://example.com/"))).toBeUndefined();
    await expect(mock.fetch("https://example.com/x", { method: "DELETE" })).rejects.toThrow(
      new TypeError(`mindvideo/mock: DELETE https://example.com/x is not a mocked URL (mocked: ${MINDVIDEO}, ${GATEWAY}; add more with createMock({ baseUrls }))`),
    );
  });

  it("a proxy route needs no key and drops cookies; an already aborted request rejects with its reason", async () => {
    const mock = createMock({ clock: "manual", startTime: 0, proxies: { mindvideo: "https://app.test/api/mv" }, onViolation: () => undefined });
    const body = JSON.stringify({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } });
    const viaProxy = await mock.fetch("https://app.test/api/mv/api/v1/tasks", { method: "POST", headers: { "content-type": "application/json", cookie: "s=1" }, body });
    expect(viaProxy.status).toBe(200);
    const direct = await mock.fetch(`${MINDVIDEO}/api/v1/tasks`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(direct.status).toBe(401);
    const reason = new Error("stop");
    const controller = new AbortController();
    controller.abort(reason);
    await expect(mock.handle(new Request(`${MINDVIDEO}/api/v1/tasks/x`, { signal: controller.signal }))).rejects.toBe(reason);
    expect(mock.tasks()).toHaveLength(1);
  });

  it("the default scenario, setScenario, reset and violations", async () => {
    const seen: string[] = [];
    const mock = createMock({ clock: "manual", startTime: 0, scenario: "server-error", onViolation: (v) => seen.push(v.line) });
    expect(mock.scenario()).toBe("server-error");
    const headers = { authorization: "Bearer k", "content-type": "application/json" };
    expect((await mock.fetch(`${MINDVIDEO}/api/v1/tasks/x`, { headers })).status).toBe(500);
    mock.setScenario("none");
    const bad = await mock.fetch(`${MINDVIDEO}/api/v1/tasks`, { method: "POST", headers, body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: {} }) });
    expect(bad.status).toBe(400);
    expect(mock.violations().length).toBeGreaterThan(0);
    expect(seen).toEqual(mock.violations().map((v) => v.line));
    mock.reset();
    expect(mock.scenario()).toBe("server-error");
    expect(mock.violations()).toEqual([]);
    mock.close();
  });

  it("without onViolation it warns on the console, except in production", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const post = (mock: ReturnType<typeof createMock>) =>
        mock.fetch(`${MINDVIDEO}/api/v1/tasks`, { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: JSON.stringify({ model: "doubao-seedance-2-0-fast", input: {} }) });
      await post(createMock({ clock: "manual", startTime: 0 }));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/^mindvideo\/mock: contract violation: POST \/api\/v1\/tasks request: /);
      vi.stubEnv("NODE_ENV", "production");
      await post(createMock({ clock: "manual", startTime: 0 }));
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
      vi.unstubAllEnvs();
    }
  });

  it("linkTtlMs sets how long output links work", async () => {
    const mock = createMock({ clock: "manual", startTime: 0, linkTtlMs: 1_000 });
    const headers = { authorization: "Bearer k", "content-type": "application/json" };
    const created = (await (await mock.fetch(`${GATEWAY}/v1/videos/generations`, { method: "POST", headers, body: JSON.stringify({ model: "doubao-seedance-1.0-pro-fast", prompt: "p" }) })).json()) as { id: string };
    await mock.advance(5_000);
    const done = (await (await mock.fetch(`${GATEWAY}/v1/tasks/${created.id}`, { headers })).json()) as { result: { videos: { expires_at: number }[] } };
    expect(done.result.videos[0]!.expires_at).toBe(6);
  });
});
