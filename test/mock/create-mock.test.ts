/**
 * `mindvideo/mock` in a unit test: the real clients against createMock().fetch, in virtual time.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { MindVideo, TaskFailedError } from "../../src/index.js";
import { VideoGateway } from "../../src/gateway/index.js";
import { createMock } from "../../src/mock/index.js";
import { RATE_LIMIT_RETRY_AFTER_SECONDS } from "../../src/simulator/facts.js";

const TEN_MINUTES = 10 * 60_000;
const VIDEO = { model: "doubao-seedance-2-0-fast", input: { prompt: "a quiet harbour", duration: 5 } } as const;
const IMAGE = { model: "apimart-doubao-seedance-4-0", input: { prompt: "a red kite" } } as const;
const GATEWAY_VIDEO = { model: "doubao-seedance-1.0-pro-fast", prompt: "a cat playing piano" } as const;

function setup(timing = { queuedMs: 60_000, processingMs: TEN_MINUTES - 60_000 }) {
  const mock = createMock({ clock: "manual", startTime: Date.UTC(2026, 0, 1), timing });
  const mindvideo = new MindVideo({ apiKey: "any", fetch: mock.fetch, clock: mock.clock, maxRetries: 2 });
  const gateway = new VideoGateway({ apiKey: "any", fetch: mock.fetch, clock: mock.clock, maxRetries: 2 });
  return { mock, mindvideo, gateway };
}

/** Resolves with the outcome, and records whether it has settled yet. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false };
  const done = promise.then(
    (value): { value?: T; error?: unknown } => ((state.settled = true), { value }),
    (error: unknown): { value?: T; error?: unknown } => ((state.settled = true), { error }),
  );
  return { state, done };
}

describe("createMock with a manual clock", () => {
  // On the host's clock the run would still be going when the test's timeout ends it: settling at all is the proof.
  it("finishes a ten-minute video task in virtual time: the mock's clock, not the host's, decides", async () => {
    const { mock, mindvideo } = setup();
    const run = track(mindvideo.tasks.run(VIDEO));
    await mock.advance(TEN_MINUTES - 1_000);
    expect(run.state.settled).toBe(false); // still processing: the clock, not the host, decides
    await mock.advance(60_000);
    const outcome = await run.done;
    expect(outcome).toMatchObject({ value: { status: "succeeded", model: VIDEO.model } });
    expect(mock.tasks()).toMatchObject([{ provider: "mindvideo", model: VIDEO.model, phase: "succeeded" }]);
  });

  it("the image model and the gateway run to success the same way", async () => {
    const { mock, mindvideo, gateway } = setup();
    const image = track(mindvideo.tasks.run(IMAGE));
    const video = track(gateway.videos.run(GATEWAY_VIDEO));
    await mock.advance(TEN_MINUTES + 60_000);
    expect(await image.done).toMatchObject({ value: { status: "succeeded", output: { images: [{ url: expect.any(String) }] } } });
    expect(await video.done).toMatchObject({ value: { status: "completed", model: GATEWAY_VIDEO.model } });
    expect(mock.tasks().map((t) => t.provider).sort()).toEqual(["gateway", "mindvideo"]);
  });

  it("output URLs serve real bytes through the same fetch, with Range, until the link expires", async () => {
    const mock = createMock({ clock: "manual", timing: { queuedMs: 1_000, processingMs: 4_000 }, linkTtlMs: 60_000 });
    const client = new MindVideo({ apiKey: "any", fetch: mock.fetch, clock: mock.clock });
    const image = track(client.tasks.run(IMAGE));
    const video = track(client.tasks.run(VIDEO));
    await mock.advance(10_000);
    const png = (await image.done).value!.output.images[0]!.url;
    const mp4 = (await video.done).value!.output.videos[0]!.url;
    const pngAnswer = await mock.fetch(png);
    const pngBytes = new Uint8Array(await pngAnswer.arrayBuffer());
    expect([pngAnswer.status, pngAnswer.headers.get("content-type"), Number(pngAnswer.headers.get("content-length"))]).toEqual([200, "image/png", pngBytes.length]);
    expect([...pngBytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // the PNG signature
    const head = await mock.fetch(mp4, { headers: { range: "bytes=4-7" } });
    expect(head.status).toBe(206);
    expect(new TextDecoder().decode(await head.arrayBuffer())).toBe("ftyp"); // an MP4 starts with its ftyp box
    await mock.advance(61_000);
    expect((await mock.fetch(png)).status).toBe(410);
  });

  it("a scenario chosen per request or by default: fail is a TaskFailedError", async () => {
    const { mock, mindvideo } = setup({ queuedMs: 100, processingMs: 400 });
    const perRequest = track(mindvideo.tasks.run(VIDEO, { headers: { "x-mock-scenario": "fail" } }));
    await mock.advance(5_000);
    expect((await perRequest.done).error).toBeInstanceOf(TaskFailedError);
    mock.setScenario("cancel");
    const byDefault = track(mindvideo.tasks.run(VIDEO));
    await mock.advance(5_000);
    const failed = (await byDefault.done).error as TaskFailedError;
    expect(failed).toBeInstanceOf(TaskFailedError);
    expect(failed.task.status).toBe("cancelled");
  });

  it("rate-limited answers are retried, sleeping on the client's clock, then surface as 429", async () => {
    const mock = createMock({ scenario: "rate-limited" });
    const slept: number[] = [];
    const clock = { now: () => 0, sleep: async (ms: number) => void slept.push(ms) };
    const client = new MindVideo({ apiKey: "any", fetch: mock.fetch, clock, maxRetries: 2 });
    await expect(client.tasks.get("task_missing")).rejects.toMatchObject({ status: 429 });
    // Two backoffs, each the server's Retry-After hint (seconds), on the given clock: no host timer.
    expect(slept).toEqual([RATE_LIMIT_RETRY_AFTER_SECONDS * 1000, RATE_LIMIT_RETRY_AFTER_SECONDS * 1000]);
  });

  it("aborting a wait on the manual clock rejects at once, without moving time", async () => {
    const { mock, mindvideo } = setup();
    const controller = new AbortController();
    const run = track(mindvideo.tasks.run(VIDEO, { signal: controller.signal }));
    await mock.advance(30_000);
    const before = mock.clock.now();
    controller.abort(new Error("user left the page"));
    expect((await run.done).error).toMatchObject({ name: "APIUserAbortError" });
    expect(mock.clock.now()).toBe(before);
    await mock.advance(TEN_MINUTES); // nothing left waiting to wake up and fetch again
    expect(mock.tasks()).toHaveLength(1);
  });

  it("a client that never sleeps cannot hang advance(): settling is bounded", async () => {
    const mock = createMock({ clock: "manual", startTime: 0 });
    let stop = false;
    let answered = 0;
    const spin = (async () => {
      while (!stop) answered += (await mock.fetch("https://api.mindvideo.ai/api/v1/tasks/t", { headers: { authorization: "Bearer k" } })).status === 404 ? 1 : 0;
    })();
    await mock.advance(1_000);
    stop = true;
    await spin;
    expect(mock.clock.now()).toBe(1_000);
    expect(answered).toBeGreaterThan(0);
  });

  it("reset forgets every task and restores the default scenario", async () => {
    const { mock, mindvideo } = setup();
    mock.setScenario("fail");
    await mindvideo.tasks.create(VIDEO);
    expect(mock.tasks()).toHaveLength(1);
    mock.reset();
    expect(mock.tasks()).toEqual([]);
    expect(mock.scenario()).toBe("none");
  });
});

describe("createMock checks the contract", () => {
  afterEach(() => vi.unstubAllEnvs());
  const invalid = () => ["https://api.mindvideo.ai/api/v1/tasks", { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: JSON.stringify({ model: VIDEO.model, input: { prompt: "p", duration: 99 } }) }] as const;

  it("answers what the contract rejects with its 400 envelope, and warns naming the operation and the problem", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const mock = createMock();
      const response = await mock.fetch(...invalid());
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "invalid_input", type: "invalid_request_error", param: "input.duration" } });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toMatch(/^mindvideo\/mock: contract violation: POST \/api\/v1\/tasks request: 400 input\.duration must be at most 15 for doubao-seedance-2-0-fast$/);
      expect(mock.violations()).toMatchObject([{ method: "POST", path: "/api/v1/tasks", side: "request" }]);
      mock.reset();
      expect(mock.violations()).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it("stays quiet in production, and hands violations to onViolation when given", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      vi.stubEnv("NODE_ENV", "production");
      expect((await createMock().fetch(...invalid())).status).toBe(400);
      expect(warn).not.toHaveBeenCalled();
      const seen: string[] = [];
      await createMock({ onViolation: (v) => seen.push(v.line) }).fetch(...invalid());
      expect(seen).toHaveLength(1);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

describe("createMock routing", () => {
  it("answers any base URL it is told about, and only those", async () => {
    const mock = createMock({ baseUrls: { mindvideo: "http://localhost:8787/proxy/", gateway: ["https://gw.example/v2/"] } });
    const headers = { authorization: "Bearer any" };
    for (const url of ["http://localhost:8787/proxy/api/v1/tasks/none", "https://api.mindvideo.ai/api/v1/tasks/none", "https://gw.example/v2/v1/tasks/none", "https://ai.odkkk.com/apiv1/v1/tasks/none"]) {
      expect((await mock.fetch(url, { headers })).status, url).toBe(404);
    }
    for (const url of ["https://example.com/api/v1/tasks/none", "http://localhost:8787/api/v1/tasks", "https://ai.odkkk.com/v1/tasks/none", "http://localhost:8788/proxy/api/v1/tasks"]) {
      expect(mock.answers(url), url).toBe(false);
      await expect(mock.fetch(url, { headers })).rejects.toThrow(/is not a mocked URL/);
    }
  });

  it("answers your proxy routes as proxy and API together: no key needed, none kept", async () => {
    const mock = createMock({ clock: "manual", proxies: { mindvideo: "http://localhost:5173/api/mindvideo" } });
    const client = new MindVideo({ apiKey: null, baseUrl: "http://localhost:5173/api/mindvideo", fetch: mock.fetch, clock: mock.clock });
    const run = track(client.tasks.run(VIDEO));
    await mock.advance(60_000);
    expect(await run.done).toMatchObject({ value: { status: "succeeded" } });
    // The API's own base URL still wants a key.
    expect((await mock.fetch("https://api.mindvideo.ai/api/v1/tasks/t")).status).toBe(401);
    expect(mock.baseUrls.mindvideo).toEqual(["http://localhost:5173/api/mindvideo", "https://api.mindvideo.ai"]);
  });

  it("a relative proxy route needs a page to resolve against", () => {
    expect(() => createMock({ proxies: { mindvideo: "/api/mindvideo" } })).toThrow(/proxies.mindvideo has an invalid URL "\/api\/mindvideo".*in a page/);
  });

  it("rejects bad options by name", () => {
    expect(() => createMock({ clock: "virtual" as "manual" })).toThrow(/clock must be "system" or "manual"/);
    expect(() => createMock({ baseUrls: { gateway: "not a url" } })).toThrow(/baseUrls.gateway has an invalid URL/);
    expect(() => createMock({ baseUrls: { mindvideo: "ftp://x.example" } })).toThrow(/baseUrls.mindvideo must be http\(s\)/);
  });

  it("advance needs a manual clock and a finite, non-negative step", async () => {
    await expect(createMock().advance(1)).rejects.toThrow(/needs a manual clock/);
    await expect(createMock({ clock: "manual" }).advance(Number.POSITIVE_INFINITY)).rejects.toThrow(RangeError);
    await expect(createMock({ clock: "manual" }).advance(-1)).rejects.toThrow(RangeError);
  });

  it("an aborted request rejects with its reason and reaches nothing", async () => {
    const mock = createMock();
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(mock.fetch("https://api.mindvideo.ai/api/v1/tasks", { method: "POST", signal: controller.signal, headers: { authorization: "Bearer a" }, body: "{}" })).rejects.toThrow("stop");
    expect(mock.tasks()).toEqual([]);
  });
});
