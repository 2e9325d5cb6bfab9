/**
 * The exchange's guarantees seen through the public client with a scripted fetch and a virtual
 * clock: which answers are retried and how often, what each attempt carries, what a redirect, a
 * cut or oversized body, a non-JSON answer and a failed connection become, and what the debug
 * logger is told. Expected values come from the options' documented meaning, not from src/.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  InvalidResponseError,
  MindVideo,
  MindVideoError,
  RedirectError,
  ResponseTooLargeError,
  VideoGateway,
  type DebugEvent,
} from "../../src/index.js";
import { createConfig } from "../../src/config.js";
import { MINDVIDEO_DEFAULTS } from "../../src/mindvideo/client.js";
import { createExchange, PlannedRequest } from "../../src/transport.js";
import { json, networkError, recordingFetch, task, type Reply } from "../helpers/recording-fetch.js";
import { virtualClock } from "../helpers/virtual-clock.js";

const BASE = "https://api.test";
const KEY = "mv_key_0123456789abcdef";
const TASK_URL = `${BASE}/api/v1/tasks/t1`;
const createBody = { model: "doubao-seedance-2-0-fast", input: { prompt: "a lighthouse" } } as const;

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function client(replies: Reply[], options: Partial<ConstructorParameters<typeof MindVideo>[0] & object> = {}) {
  const recorded = recordingFetch(replies);
  const clock = virtualClock();
  const events: DebugEvent[] = [];
  const mv = new MindVideo({ apiKey: KEY, baseUrl: BASE, fetch: recorded.fetch, clock, debug: (e) => events.push(e), ...options });
  return { mv, attempts: recorded.attempts, clock, events };
}

const stream = (chunks: (string | Uint8Array)[], headers: Record<string, string> = { "content-type": "application/json" }, status = 200) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
        controller.close();
      },
    }),
    { status, headers },
  );

describe("how many attempts an answer gets", () => {
  it.each<[string, { given: { replies: Reply[]; maxRetries: number; call?: "get" | "create" }; want: { attempts: number; error?: unknown } }]>([
    ["503 three times with maxRetries 2: three attempts", { given: { replies: [json(503, {})], maxRetries: 2 }, want: { attempts: 3, error: APIError } }],
    ["503 then 200: two attempts", { given: { replies: [json(503, {}), json(200, task({ task_id: "t1" }))], maxRetries: 2 }, want: { attempts: 2 } }],
    ["404 is not retried", { given: { replies: [json(404, {})], maxRetries: 2 }, want: { attempts: 1, error: APIError } }],
    ["maxRetries 0: one attempt", { given: { replies: [json(503, {})], maxRetries: 0 }, want: { attempts: 1, error: APIError } }],
    ["a network error on a GET is retried", { given: { replies: [networkError("ECONNRESET"), json(200, task({ task_id: "t1" }))], maxRetries: 1 }, want: { attempts: 2 } }],
    ["an invalid JSON 200 on a GET is retried", { given: { replies: [new Response('{"task_id":', { headers: { "content-type": "application/json" } }), json(200, task({ task_id: "t1" }))], maxRetries: 1 }, want: { attempts: 2 } }],
    ["an oversized answer is final, never retried", { given: { replies: [json(200, { pad: "x".repeat(2_000) })], maxRetries: 2 }, want: { attempts: 1, error: ResponseTooLargeError } }],
  ])("%s", async (_name, { given, want }) => {
    const { mv, attempts } = client(given.replies, { maxRetries: given.maxRetries, maxResponseBytes: 1_000 });
    const outcome = await mv.tasks.get("t1").catch((e: unknown) => e);
    expect(attempts).toHaveLength(want.attempts);
    if (want.error) expect(outcome).toBeInstanceOf(want.error);
    else expect(outcome).toMatchObject({ task_id: "t1" });
  });

  it.each<[string, { given: { maxRetries: number }; want: number }]>([
    ["a per-call maxRetries of 0 wins over the client's 3", { given: { maxRetries: 0 }, want: 1 }],
    ["a per-call maxRetries of 1 wins over the client's 3", { given: { maxRetries: 1 }, want: 2 }],
  ])("%s", async (_name, { given, want }) => {
    const { mv, attempts } = client([json(503, {})], { maxRetries: 3 });
    await expect(mv.tasks.get("t1", { maxRetries: given.maxRetries })).rejects.toBeInstanceOf(APIError);
    expect(attempts).toHaveLength(want);
  });

  it("a gateway create (no idempotency key) answered 503 is not sent again", async () => {
    const { fetch, attempts } = recordingFetch([json(503, { error: { message: "busy" } })]);
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: BASE, fetch, clock: virtualClock(), maxRetries: 3 });
    await expect(gw.videos.create({ model: "doubao-seedance-1.0-pro-fast", prompt: "a cat" })).rejects.toBeInstanceOf(APIError);
    expect(attempts).toHaveLength(1);
  });

  it.each<[string, { given: Error; want: number }]>([
    ["refused by the configured origin: nothing was sent, retried", { given: networkError("ECONNREFUSED"), want: 4 }],
    ["reset: it may have arrived, not retried", { given: networkError("ECONNRESET"), want: 1 }],
    ["no code at all: not retried", { given: new TypeError("fetch failed"), want: 1 }],
  ])("a gateway create whose connection is %s", async (_name, { given, want }) => {
    const { fetch, attempts } = recordingFetch([given]);
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: BASE, fetch, clock: virtualClock(), maxRetries: 3 });
    await expect(gw.videos.create({ model: "doubao-seedance-1.0-pro-fast", prompt: "a cat" })).rejects.toBeInstanceOf(APIConnectionError);
    expect(attempts).toHaveLength(want);
  });

  it.each<[string, { given: { base: string; port?: unknown; address?: string }; want: number }]>([
    ["https without a port, refused on 443", { given: { base: "https://api.test", port: 443 }, want: 2 }],
    ["https without a port, refused on 80", { given: { base: "https://api.test", port: 80 }, want: 1 }],
    ["http without a port, refused on 80", { given: { base: "http://api.test", port: 80 }, want: 2 }],
    ["http without a port, refused on 443", { given: { base: "http://api.test", port: 443 }, want: 1 }],
    ["an explicit port, refused there (as a string)", { given: { base: "http://api.test:8080", port: "8080" }, want: 2 }],
    ["an IP host refused at that address", { given: { base: "http://10.1.2.3:8080", port: 8080, address: "10.1.2.3" }, want: 2 }],
    ["an IPv6 host refused at that address", { given: { base: "http://[::1]:8080", port: 8080, address: "::1" }, want: 2 }],
    ["an IPv6 host refused at another address", { given: { base: "http://[::1]:8080", port: 8080, address: "::2" }, want: 1 }],
    ["a host name refused at any address (DNS chose it)", { given: { base: "http://api.test:8080", port: 8080, address: "10.9.9.9" }, want: 2 }],
  ])("a gateway create %s", async (_name, { given, want }) => {
    const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", port: given.port, ...(given.address ? { address: given.address } : {}) }) });
    const { fetch, attempts } = recordingFetch([refused]);
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: given.base, fetch, clock: virtualClock(), maxRetries: 1 });
    await expect(gw.videos.create({ model: "doubao-seedance-1.0-pro-fast", prompt: "a cat" })).rejects.toBeInstanceOf(APIConnectionError);
    expect(attempts).toHaveLength(want);
  });

  it.each(["ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"])("a gateway create failing with %s (never connected) is retried", async (code) => {
    const { fetch, attempts } = recordingFetch([networkError(code), json(200, { id: "g1", status: "pending" })]);
    const gw = new VideoGateway({ apiKey: "gw_key_0123456789", baseUrl: BASE, fetch, clock: virtualClock(), maxRetries: 1 });
    await gw.videos.create({ model: "doubao-seedance-1.0-pro-fast", prompt: "a cat" }).catch(() => undefined);
    expect(attempts).toHaveLength(2);
  });

  it("a connection failure says what failed, link by link", async () => {
    const inner = Object.assign(new Error("connect ECONNRESET 10.0.0.1:443"), { code: "ECONNRESET" });
    const { mv } = client([new TypeError("fetch failed", { cause: inner })], { maxRetries: 0 });
    const error = await mv.tasks.get("t1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(`GET ${TASK_URL} failed: fetch failed: ECONNRESET connect ECONNRESET 10.0.0.1:443`);
  });
});

describe("what every attempt carries", () => {
  it("the key, the client's and the call's headers, one Idempotency-Key and the attempt number", async () => {
    const { mv, attempts } = client([json(503, {}), json(200, task({ task_id: "t1" }))], { maxRetries: 1, headers: { "X-Client": "c1" } });
    const created = await mv.tasks.create(createBody, { headers: { "X-Call": "k1" }, idempotencyKey: "order-42" });
    expect(created.task_id).toBe("t1");
    expect(attempts.map((a) => [a.method, a.url, a.headers.authorization, a.headers["x-client"], a.headers["x-call"], a.headers["idempotency-key"], a.headers["x-attempt-number"]])).toEqual([
      ["POST", `${BASE}/api/v1/tasks`, `Bearer ${KEY}`, "c1", "k1", "order-42", "1"],
      ["POST", `${BASE}/api/v1/tasks`, `Bearer ${KEY}`, "c1", "k1", "order-42", "2"],
    ]);
    expect(attempts[1]!.body).toBe(attempts[0]!.body);
    expect(JSON.parse(attempts[0]!.body)).toMatchObject(createBody);
  });

  it("without a key (a proxy adds it), no Authorization header", async () => {
    const { mv, attempts } = client([json(200, task({ task_id: "t1" }))], { apiKey: null, baseUrl: "https://proxy.test" });
    await mv.tasks.get("t1");
    expect(attempts[0]!.headers.authorization).toBeUndefined();
  });

  it("a GET sends no Idempotency-Key", async () => {
    const { mv, attempts } = client([json(200, task({ task_id: "t1" }))]);
    await mv.tasks.get("t1");
    expect(attempts[0]!.headers["idempotency-key"]).toBeUndefined();
  });

  it("without a fetch option, globalThis.fetch is called at call time with the same guarantees", async () => {
    const seen: { url: string; headers: Headers; redirect: unknown }[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      seen.push({ url, headers: new Headers(init.headers), redirect: init.redirect });
      return json(200, task({ task_id: "t1" }));
    });
    const mv = new MindVideo({ apiKey: KEY, baseUrl: BASE, clock: virtualClock() });
    await expect(mv.tasks.get("t1")).resolves.toMatchObject({ task_id: "t1" });
    expect(seen.map((s) => [s.url, s.headers.get("authorization"), s.headers.get("x-attempt-number"), s.redirect])).toEqual([[TASK_URL, `Bearer ${KEY}`, "1", "manual"]]);
  });
});

describe("bad per-call options are refused before anything is sent", () => {
  it.each<[string, { given: Record<string, unknown>; want: string }]>([
    ["a negative maxRetries", { given: { maxRetries: -1 }, want: "MindVideo: options: maxRetries must be a finite number ≥ 0 (got -1)" }],
    ["an infinite maxRetries", { given: { maxRetries: Infinity }, want: "MindVideo: options: maxRetries must be a finite number ≥ 0 (got Infinity)" }],
    ["a NaN timeoutMs", { given: { timeoutMs: NaN }, want: "MindVideo: options: timeoutMs must be a finite number ≥ 0 (got NaN)" }],
    ["a header with a line break", { given: { headers: { "X-A": "1\r\nX-B: 2" } }, want: "MindVideo: options.headers: the value of X-A contains a line break" }],
  ])("%s", async (_name, { given, want }) => {
    const { mv, attempts } = client([json(200, task({ task_id: "t1" }))]);
    const error = await mv.tasks.get("t1", given).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MindVideoError);
    expect((error as Error).message).toContain(want);
    expect(attempts).toHaveLength(0);
  });

  it.each<[string, { given: unknown; want: string | undefined }]>([
    ["one character", { given: "a", want: undefined }],
    ["255 characters", { given: "k".repeat(255), want: undefined }],
    ["inner spaces", { given: "order 42 / retry", want: undefined }],
    ["256 characters", { given: "k".repeat(256), want: "(got 256 characters)" }],
    ["a leading space", { given: " order", want: "(got 6 characters)" }],
    ["a trailing space", { given: "order ", want: "(got 6 characters)" }],
    ["a DEL character", { given: "order\x7f", want: "(got 6 characters)" }],
    ["empty", { given: "", want: "(got 0 characters)" }],
    ["a number", { given: 42, want: "(got number)" }],
  ])("an idempotencyKey of %s", async (_name, { given, want }) => {
    const { mv, attempts } = client([json(200, task({ task_id: "t1" }))]);
    const outcome = await mv.tasks.create(createBody, { idempotencyKey: given as string }).catch((e: unknown) => e);
    if (want === undefined) {
      expect(attempts.map((a) => a.headers["idempotency-key"])).toEqual([given]);
      return;
    }
    expect(outcome).toBeInstanceOf(MindVideoError);
    expect((outcome as Error).message).toBe(`MindVideo: idempotencyKey must be 1 to 255 printable ASCII characters, not blank at either end ${want}; nothing was sent`);
    expect(attempts).toHaveLength(0);
  });
});

describe("the timeout covers each attempt, body included", () => {
  const hanging: Reply = (_attempt, request) =>
    new Promise<Response>((_resolve, reject) => {
      if (request.signal.aborted) return reject(request.signal.reason);
      request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
    });

  it.each<[string, { given: { client?: number; call?: number }; want: number }]>([
    ["the client's timeoutMs", { given: { client: 250 }, want: 250 }],
    ["a per-call timeoutMs wins", { given: { client: 250, call: 40 }, want: 40 }],
  ])("%s", async (_name, { given, want }) => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { mv } = client([hanging], { maxRetries: 0, timeoutMs: given.client });
    const outcome = mv.tasks.get("t1", given.call === undefined ? {} : { timeoutMs: given.call }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(want - 1);
    let settled = false;
    void outcome.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe(`GET ${TASK_URL} timed out after ${want} ms`);
  });

  it("a timed-out GET is retried, and the retry gets its own timer", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { mv, attempts } = client([hanging, json(200, task({ task_id: "t1" }))], { maxRetries: 1, timeoutMs: 100 });
    const outcome = mv.tasks.get("t1");
    await vi.advanceTimersByTimeAsync(100);
    await expect(outcome).resolves.toMatchObject({ task_id: "t1" });
    expect(attempts).toHaveLength(2);
  });

  it("aborting the caller's signal ends the call with APIUserAbortError, not a timeout", async () => {
    const controller = new AbortController();
    const { mv } = client([(_a, request) => (controller.abort(new Error("user left")), hanging(_a, request))], { maxRetries: 2 });
    const error = await mv.tasks.get("t1", { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toBe("Request was aborted");
  });

  it("an already aborted signal sends nothing", async () => {
    const { mv, attempts } = client([json(200, task({ task_id: "t1" }))]);
    await expect(mv.tasks.get("t1", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(attempts).toHaveLength(0);
  });

  it("aborting during the backoff ends the wait with APIUserAbortError", async () => {
    const controller = new AbortController();
    const recorded = recordingFetch([json(503, {})]);
    const clock = { now: () => 0, sleep: (_ms: number, signal?: AbortSignal) => (controller.abort("stop"), Promise.reject(signal?.reason)) };
    const mv = new MindVideo({ apiKey: KEY, baseUrl: BASE, fetch: recorded.fetch, clock, maxRetries: 3 });
    await expect(mv.tasks.get("t1", { signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(recorded.attempts).toHaveLength(1);
  });
});

describe("backoff: the server's hint or the schedule, on the client's clock", () => {
  it.each<[string, { given: Record<string, string>; want: number[] }]>([
    ["Retry-After seconds", { given: { "retry-after": "3" }, want: [3_000, 3_000] }],
    ["retry-after-ms", { given: { "retry-after-ms": "250" }, want: [250, 250] }],
    ["no hint: initialDelayMs doubling (jitter 0)", { given: {}, want: [200, 400] }],
  ])("%s", async (_name, { given, want }) => {
    const { mv, clock } = client([json(503, {}, given)], { maxRetries: 2, retry: { initialDelayMs: 200, jitter: 0 } });
    await expect(mv.tasks.get("t1")).rejects.toBeInstanceOf(APIError);
    expect(clock.slept).toEqual(want);
  });
});

describe("redirects: GETs follow them, bounded; nothing else does", () => {
  const redirect = (status: number, location?: string): Response => new Response(null, { status, headers: location === undefined ? {} : { location } });

  it("a GET follows five redirects and reports the sixth", async () => {
    const { mv, attempts } = client([redirect(302, "/api/v1/tasks/t1")], { maxRetries: 2 });
    const error = await mv.tasks.get("t1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(attempts).toHaveLength(6);
    expect((error as Error).message).toBe(`GET ${TASK_URL}: the server answered 302 after 5 redirects (Location: /api/v1/tasks/t1)`);
    expect(error).toMatchObject({ status: 302, location: "/api/v1/tasks/t1" });
  });

  it("a GET redirected to the same origin keeps every header, the attempt number included", async () => {
    const { mv, attempts } = client([redirect(307, "/api/v1/tasks/t2"), json(200, task({ task_id: "t2" }))], { headers: { "X-Api-Key": "custom_secret_1234" } });
    await expect(mv.tasks.get("t1")).resolves.toMatchObject({ task_id: "t2" });
    expect(attempts.map((a) => [a.url, a.headers.authorization, a.headers["x-api-key"], a.headers["x-attempt-number"]])).toEqual([
      [TASK_URL, `Bearer ${KEY}`, "custom_secret_1234", "1"],
      [`${BASE}/api/v1/tasks/t2`, `Bearer ${KEY}`, "custom_secret_1234", "1"],
    ]);
  });

  it("a GET redirected to another origin keeps only headers that are neither credentials nor custom", async () => {
    const { mv, attempts } = client([redirect(302, "https://cdn.test/t1"), json(200, task({ task_id: "t1" }))], {
      headers: { "X-Trace": "trace-1" },
    });
    await mv.tasks.get("t1", { headers: { "X-Per-Call": "call-1", "X-Session-Token": "sess_abcdefgh" } });
    const [first, second] = attempts;
    expect([first!.headers.authorization, first!.headers["x-trace"], first!.headers["x-per-call"], first!.headers["x-session-token"]]).toEqual([`Bearer ${KEY}`, "trace-1", "call-1", "sess_abcdefgh"]);
    expect(second!.url).toBe("https://cdn.test/t1");
    expect([second!.headers.authorization, second!.headers["x-trace"], second!.headers["x-per-call"], second!.headers["x-session-token"]]).toEqual([undefined, undefined, undefined, undefined]);
    expect(second!.headers["x-attempt-number"]).toBe("1");
  });

  it.each<[string, { given: Response; want: { message: string; status: number | undefined; location: string | undefined } }]>([
    ["a redirect without Location", { given: redirect(302), want: { message: `GET ${TASK_URL}: the server answered 302 without a usable http(s) Location`, status: 302, location: undefined } }],
    ["a redirect to ftp:", { given: redirect(301, "ftp://files.test/x"), want: { message: `GET ${TASK_URL}: the server answered 301 without a usable http(s) Location (Location: ftp://files.test/x)`, status: 301, location: "ftp://files.test/x" } }],
    ["a browser's opaque redirect (status 0)", {
      given: Object.defineProperties(new Response(null, { status: 200 }), { type: { value: "opaqueredirect" }, status: { value: 0 } }),
      want: { message: `GET ${TASK_URL}: the server answered with a redirect without a usable http(s) Location`, status: undefined, location: undefined },
    }],
  ])("%s is a RedirectError", async (_name, { given, want }) => {
    let calls = 0;
    // Handed over as it is (no clone): a clone would lose the opaque redirect's type and status.
    const { mv } = client([], { maxRetries: 2, fetch: async () => (calls++, given) });
    const error = await mv.tasks.get("t1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject(want);
    expect(calls).toBe(1);
  });

  it("a create is never redirected, and the Location it quotes is scrubbed and cut", async () => {
    const location = `https://evil.test/?k=${KEY}&pad=${"p".repeat(3_000)}`;
    const { mv, attempts } = client([redirect(307, location)], { maxRetries: 2 });
    const error = await mv.tasks.create(createBody).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(attempts).toHaveLength(1);
    const shown = (error as RedirectError).location!;
    expect(shown).not.toContain(KEY);
    expect(shown.startsWith("https://evil.test/?k=[redacted]&pad=ppp")).toBe(true);
    expect([...shown].length).toBe(2_049);
    expect(shown.endsWith("p…")).toBe(true);
    expect((error as Error).message).toContain(`POST ${BASE}/api/v1/tasks: the server answered 307 a POST is never redirected (nothing was re-sent) (Location: https://evil.test/?k=[redacted]`);
  });

  it("304 is not a redirect: an error with that status, no body, no second request", async () => {
    const { mv, attempts } = client([new Response(null, { status: 304, headers: { location: "/elsewhere" } })], { maxRetries: 2 });
    const error = await mv.tasks.get("t1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).not.toBeInstanceOf(RedirectError);
    expect((error as APIError).status).toBe(304);
    expect(attempts).toHaveLength(1);
  });
});

describe("answer bodies: read under a byte cap, parsed once", () => {
  it.each<[string, { given: { body: Response; limit: number }; want: "ok" | typeof ResponseTooLargeError }]>([
    ["exactly maxResponseBytes in one chunk", { given: { body: stream([JSON.stringify({ ...task({ task_id: "t1" }), pad: "" }).padEnd(300, " ")]), limit: 300 }, want: "ok" }],
    ["one byte more", { given: { body: stream([JSON.stringify(task({ task_id: "t1" })).padEnd(301, " ")]), limit: 300 }, want: ResponseTooLargeError }],
    ["one byte more, across chunks", { given: { body: stream([JSON.stringify(task({ task_id: "t1" })).padEnd(200, " "), " ".repeat(101)]), limit: 300 }, want: ResponseTooLargeError }],
    ["a Content-Length over the cap, refused before reading", { given: { body: new Response("{}", { headers: { "content-type": "application/json", "content-length": "301" } }), limit: 300 }, want: ResponseTooLargeError }],
    ["a Content-Length over the cap on a compressed body: the decoded size counts", { given: { body: new Response(JSON.stringify(task({ task_id: "t1" })), { headers: { "content-type": "application/json", "content-length": "100000", "content-encoding": "gzip" } }), limit: 300 }, want: "ok" }],
  ])("%s", async (_name, { given, want }) => {
    // Handed over as it is: a clone's body is a tee whose cancel waits for the other branch.
    const { mv } = client([], { maxRetries: 0, maxResponseBytes: given.limit, fetch: async () => given.body });
    const outcome = await mv.tasks.get("t1").catch((e: unknown) => e);
    if (want === "ok") expect(outcome).toMatchObject({ task_id: "t1" });
    else {
      expect(outcome).toBeInstanceOf(want);
      expect((outcome as Error).message).toBe(`GET ${TASK_URL}: the 200 answer exceeds maxResponseBytes (${given.limit} bytes); reading stopped there`);
      expect(outcome).toMatchObject({ status: 200 });
    }
  });

  it("a character split across chunks decodes whole", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(task({ task_id: "t1", prompt: "日本" })));
    const cut = bytes.indexOf(0xe6) + 1; // inside the first character's three bytes
    const { mv } = client([stream([bytes.slice(0, cut), bytes.slice(cut, cut + 2), bytes.slice(cut + 2)])]);
    await expect(mv.tasks.get("t1")).resolves.toMatchObject({ prompt: "日本" });
  });

  it.each<[string, { given: Response; want: string }]>([
    ["an error body past maxResponseBytes is cut there (text)", { given: new Response("abcdefghijKLMNOP", { status: 500, headers: { "content-type": "text/plain" } }), want: "500 error (body: abcdefghij)" }],
    ["an error body cut across chunks", { given: stream(["abcdef", "ghijKLMNOP"], { "content-type": "text/plain" }, 500), want: "500 error (body: abcdefghij)" }],
  ])("%s", async (_name, { given, want }) => {
    const { mv } = client([given], { maxRetries: 0, maxResponseBytes: 10 });
    const error = await mv.tasks.get("t1").catch((e: unknown) => e);
    expect((error as Error).message).toBe(want);
  });

  it.each<[string, { given: number; want: RegExp }]>([
    ["an error envelope under 64 KiB is parsed", { given: 60 * 1024, want: /^400 the message$/ }],
    ["one over 64 KiB is cut there, so not parsed (even under maxResponseBytes)", { given: 64 * 1024, want: /^400 error \(unreadable JSON body: / }],
  ])("%s", async (_name, { given, want }) => {
    const { mv } = client([json(400, { error: { message: "the message" }, pad: "x".repeat(given) })], { maxRetries: 0, maxResponseBytes: 1024 * 1024 });
    const error = await mv.tasks.get("t1").catch((e: unknown) => e);
    expect((error as Error).message).toMatch(want);
  });

  it.each<[string, { given: Response; want: unknown }]>([
    ["JSON without a content type is parsed", { given: new Response(new TextEncoder().encode(JSON.stringify(task({ task_id: "t1" })))), want: { task_id: "t1" } }],
    ["an upper-case JSON content type is parsed", { given: new Response(JSON.stringify(task({ task_id: "t1" })), { headers: { "content-type": "Application/JSON; charset=utf-8" } }), want: { task_id: "t1" } }],
    ["text/plain is not parsed: not a task", { given: new Response(JSON.stringify(task({ task_id: "t1" })), { headers: { "content-type": "text/plain" } }), want: /not a task object \(got string\)/ }],
    ["an empty 200 is not a task", { given: new Response("", { headers: { "content-type": "application/json" } }), want: /not a task object \(got undefined\)/ }],
  ])("%s", async (_name, { given, want }) => {
    const { mv } = client([given], { maxRetries: 0 });
    const outcome = await mv.tasks.get("t1").catch((e: unknown) => e);
    if (want instanceof RegExp) {
      expect(outcome).toBeInstanceOf(InvalidResponseError);
      expect((outcome as Error).message).toMatch(want);
    } else expect(outcome).toMatchObject(want as object);
  });

  it("an invalid JSON answer names the call and the status", async () => {
    const { mv } = client([new Response('{"task_id": "t1"', { headers: { "content-type": "application/json" } })], { maxRetries: 0 });
    const error = await mv.tasks.get("t1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(`GET ${TASK_URL}: the 200 answer is not valid JSON (truncated?)`);
  });

  it("the key echoed anywhere in a task (values, keys, nested arrays) is scrubbed, the rest kept", async () => {
    const echoed = task({ task_id: "t1", error: { message: `bad key ${KEY}`, list: [`x${KEY}`, { [KEY]: 1, deep: [[KEY]] }] }, [`k_${KEY}`]: "v", kept: "plain", n: 5 });
    const { mv } = client([json(200, echoed)]);
    const got = (await mv.tasks.get("t1")) as unknown as Record<string, unknown>;
    expect(JSON.stringify(got)).not.toContain(KEY);
    expect(got).toMatchObject({ task_id: "t1", kept: "plain", n: 5, "k_[redacted]": "v", error: { message: "bad key [redacted]", list: ["x[redacted]", { "[redacted]": 1, deep: [["[redacted]"]] }] } });
    expect(Object.keys(got)).not.toContain(`k_${KEY}`);
  });

  it("a per-call credential header is a secret too: scrubbed from an error that echoes it", async () => {
    const secret = "per_call_secret_98765";
    const { mv } = client([json(400, { error: { message: `rejected ${secret}` } })], { maxRetries: 0 });
    const error = await mv.tasks.get("t1", { headers: { "X-Api-Key": secret } }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("400 rejected [redacted]");
  });

  it("a connection error quoting the key is scrubbed before it is cut at 4000 characters", async () => {
    const { mv } = client([new TypeError(`fetch failed ${"f".repeat(5_000)} ${KEY}`)], { maxRetries: 0 });
    const error = await mv.tasks.get("t1").catch((e: unknown) => e);
    expect((error as Error).message).not.toContain(KEY.slice(0, 8));
    expect([...(error as Error).message]).toHaveLength(4_001);
  });
});

describe("the debug logger hears every step, secrets redacted", () => {
  it("a 503 then a 200: request, response, retry, request, response", async () => {
    const { mv, events } = client([json(503, {}), json(200, task({ task_id: "t1" }))], { maxRetries: 1, retry: { initialDelayMs: 300, jitter: 0 } });
    await mv.tasks.get("t1");
    expect(events.map((e) => e.type)).toEqual(["request", "response", "retry", "request", "response"]);
    expect(events[0]).toMatchObject({ type: "request", method: "GET", url: TASK_URL, attempt: 1, headers: { authorization: "[redacted]", "x-attempt-number": "1" } });
    expect(events[1]).toMatchObject({ type: "response", method: "GET", url: TASK_URL, attempt: 1, status: 503 });
    expect(typeof (events[1] as { durationMs: unknown }).durationMs).toBe("number");
    expect(events[2]).toEqual({ type: "retry", method: "GET", url: TASK_URL, attempt: 1, delayMs: 300, reason: "status 503" });
    expect(events[3]).toMatchObject({ type: "request", attempt: 2, headers: { "x-attempt-number": "2" } });
    expect(events[4]).toMatchObject({ type: "response", attempt: 2, status: 200 });
  });

  it("a network error: an error event with the message, then a retry giving it as the reason", async () => {
    const { mv, events } = client([new TypeError(`fetch failed near ${KEY}`), json(200, task({ task_id: "t1" }))], { maxRetries: 1 });
    await mv.tasks.get("t1");
    const error = events.find((e) => e.type === "error") as Extract<DebugEvent, { type: "error" }>;
    const retry = events.find((e) => e.type === "retry") as Extract<DebugEvent, { type: "retry" }>;
    expect(error).toMatchObject({ method: "GET", url: TASK_URL, attempt: 1, message: `GET ${TASK_URL} failed: fetch failed near [redacted]` });
    expect(retry.reason).toBe(`GET ${TASK_URL} failed: fetch failed near [redacted]`);
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it("a task id echoing the key is scrubbed from every event's URL", async () => {
    const { mv, events } = client([json(503, {}), json(200, task({ task_id: KEY }))], { maxRetries: 1, apiKey: KEY });
    await mv.tasks.get(KEY);
    expect(events.length).toBeGreaterThan(4);
    for (const event of events) expect(event.url).toBe(`${BASE}/api/v1/tasks/[redacted]`);
  });
});

describe("the exchange under openapi-fetch: what it is handed and what it sends", () => {
  const config = (fetch: (r: Request) => Promise<Response>, options: Record<string, unknown> = {}) =>
    createConfig({ apiKey: KEY, baseUrl: BASE, fetch, clock: virtualClock(), maxRetries: 1, ...options }, MINDVIDEO_DEFAULTS);

  it.each<[string, { given: [string, RequestInit?]; want: { method: string; headers: Record<string, string>; body: unknown; signal: unknown; redirect: string } }]>([
    ["defaults: a GET with no headers, body or signal that follows redirects", { given: [`${BASE}/x`], want: { method: "GET", headers: {}, body: null, signal: null, redirect: "follow" } }],
    ["a lower-case method is upper-cased; plain headers become Headers", { given: [`${BASE}/x`, { method: "post", headers: { "X-A": "1" }, body: "b", redirect: "manual" }], want: { method: "POST", headers: { "x-a": "1" }, body: "b", signal: null, redirect: "manual" } }],
  ])("a PlannedRequest: %s", (_name, { given, want }) => {
    const planned = new PlannedRequest(...given);
    expect(planned.url).toBe(given[0]);
    expect({ method: planned.method, headers: Object.fromEntries(planned.headers), body: planned.body, signal: planned.signal, redirect: planned.redirect }).toEqual(want);
  });

  it("a PlannedRequest keeps the Headers it is handed (openapi-fetch's own for this call)", () => {
    const headers = new Headers({ "X-A": "1" });
    expect(new PlannedRequest(`${BASE}/x`, { headers }).headers).toBe(headers);
  });

  it("a body that is not text (a Blob) is read once and resent whole on a retry, with its content type", async () => {
    const { fetch, attempts } = recordingFetch([json(503, {}), json(200, {})]);
    const exchange = createExchange(config(fetch), { retryPolicy: "idempotent" });
    const response = await exchange.fetch(new PlannedRequest(`${BASE}/upload`, { method: "POST", body: new Blob(["bytes é"], { type: "text/x-test" }) }));
    expect(response.status).toBe(200);
    expect(attempts.map((a) => [a.method, a.body, a.headers["content-type"], a.headers["x-attempt-number"]])).toEqual([
      ["POST", "bytes é", "text/x-test", "1"],
      ["POST", "bytes é", "text/x-test", "2"],
    ]);
  });

  it("a real Request is accepted too: its bytes are resent on a retry", async () => {
    const { fetch, attempts } = recordingFetch([json(503, {}), json(200, {})]);
    const exchange = createExchange(config(fetch), { retryPolicy: "idempotent" });
    await exchange.fetch(new Request(`${BASE}/upload`, { method: "PUT", body: "payload", headers: { "X-Own": "o" } }));
    expect(attempts.map((a) => [a.method, a.body, a.headers["x-own"], a.headers.authorization])).toEqual([
      ["PUT", "payload", "o", `Bearer ${KEY}`],
      ["PUT", "payload", "o", `Bearer ${KEY}`],
    ]);
  });

  it.each<[string, { method: string; want: number }]>([
    ["a HEAD follows a redirect like a GET", { method: "HEAD", want: 2 }],
    ["a DELETE does not", { method: "DELETE", want: 1 }],
  ])("%s", async (_name, { method, want }) => {
    const { fetch, attempts } = recordingFetch([new Response(null, { status: 302, headers: { location: "/y" } }), new Response(null, { status: 200 })]);
    const exchange = createExchange(config(fetch, { maxRetries: 0 }), { retryPolicy: "idempotent" });
    await exchange.fetch(new PlannedRequest(`${BASE}/x`, { method })).catch(() => undefined);
    expect(attempts).toHaveLength(want);
  });

  it("the debug response event measures the attempt on the wall clock", async () => {
    const now = vi.spyOn(Date, "now").mockReturnValue(5_000);
    const events: DebugEvent[] = [];
    const { fetch } = recordingFetch([json(200, task({ task_id: "t1" }))]);
    await new MindVideo({ apiKey: KEY, baseUrl: BASE, fetch, debug: (e) => events.push(e) }).tasks.get("t1");
    now.mockRestore();
    expect(events.find((e) => e.type === "response")).toMatchObject({ durationMs: 0 });
  });
});
