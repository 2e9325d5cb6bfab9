import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  IdempotencyConflictError,
  MindVideo,
  type DebugEvent,
} from "../../src/index.js";
import { json, networkError, recordingFetch, task, type Reply } from "../helpers/recording-fetch.js";
import { stoppedClock, virtualClock } from "../helpers/virtual-clock.js";

const params = { model: "doubao-seedance-2-0-fast", input: { prompt: "rain on neon streets" } } as const;
const fastRetry = { initialDelayMs: 1, maxDelayMs: 2 };
const client = (replies: Reply[], options: ConstructorParameters<typeof MindVideo>[0] = {}) => {
  const recorder = recordingFetch(replies);
  // Backoff sleeps run on a virtual clock: retry tests take no real time.
  const mv = new MindVideo({ apiKey: "mv_test_secret", baseUrl: "https://api.test", fetch: recorder.fetch, retry: fastRetry, clock: virtualClock(), ...options });
  return { mv, attempts: recorder.attempts };
};

describe("idempotency keys", () => {
  it("a create generates one key and reuses it on every retry", async () => {
    const { mv, attempts } = client([json(503, {}), networkError("ECONNRESET"), json(200, task())]);
    const created = await mv.tasks.create(params);
    expect(attempts).toHaveLength(3);
    const keys = attempts.map((a) => a.headers["idempotency-key"]);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(created.idempotencyKey).toBe(keys[0]);
  });

  it("two creates get two different keys", async () => {
    const { mv, attempts } = client([json(200, task())]);
    await mv.tasks.create(params);
    await mv.tasks.create(params);
    expect(attempts[0]!.headers["idempotency-key"]).not.toBe(attempts[1]!.headers["idempotency-key"]);
  });

  it("the caller's key is sent as given", async () => {
    const { mv, attempts } = client([json(200, task())]);
    const created = await mv.tasks.create(params, { idempotencyKey: "order-42" });
    expect(attempts[0]!.headers["idempotency-key"]).toBe("order-42");
    expect(created.idempotencyKey).toBe("order-42");
  });

  it("GETs never send one", async () => {
    const { mv, attempts } = client([json(503, {}), json(200, task()), json(200, { object: "list", task_id: "t", data: [], has_more: false, next_cursor: null })]);
    await mv.tasks.get("task_test");
    await mv.tasks.events("task_test");
    expect(attempts.map((a) => a.method)).toEqual(["GET", "GET", "GET"]);
    for (const attempt of attempts) expect(attempt.headers["idempotency-key"]).toBeUndefined();
  });

  it.each<[string, Reply[], new (...args: never[]) => Error]>([
    ["an API error", [json(409, { error: { code: "idempotency_key_reused", message: "reused", type: "idempotency_error" } })], IdempotencyConflictError],
    ["a connection error", [networkError("ECONNRESET")], APIConnectionError],
  ])("the key is on %s", async (_name, replies, ErrorClass) => {
    const { mv } = client(replies, { maxRetries: 0 });
    const error = await mv.tasks.create(params, { idempotencyKey: "order-7" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as { idempotencyKey?: string }).idempotencyKey).toBe("order-7");
  });
});

describe("retries", () => {
  it.each([408, 429, 500, 502, 503, 504])("status %i is retried up to maxRetries, numbering each attempt", async (status) => {
    const { mv, attempts } = client([json(status, { error: { code: "x", message: "busy", type: "t" } })], { maxRetries: 3 });
    await expect(mv.tasks.get("task_test")).rejects.toMatchObject({ status });
    expect(attempts.map((a) => a.headers["x-attempt-number"])).toEqual(["1", "2", "3", "4"]);
  });

  it.each([400, 401, 402, 403, 404, 409, 413, 422])("status %i is never retried", async (status) => {
    const { mv, attempts } = client([json(status, { error: { code: "x", message: "no", type: "t" } }), json(200, task())]);
    await expect(mv.tasks.create(params)).rejects.toMatchObject({ status });
    expect(attempts).toHaveLength(1);
  });

  it("network errors and timeouts are retried, then surfaced", async () => {
    const stall: Reply = (_a, request) => new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    const { mv, attempts } = client([networkError("ECONNRESET"), stall, stall], { timeoutMs: 50 });
    await expect(mv.tasks.get("task_test")).rejects.toBeInstanceOf(APITimeoutError);
    expect(attempts).toHaveLength(3);
  });

  it("per-request maxRetries overrides the client default", async () => {
    const { mv, attempts } = client([json(503, {})], { maxRetries: 5 });
    await expect(mv.tasks.get("task_test", { maxRetries: 1 })).rejects.toMatchObject({ status: 503 });
    expect(attempts).toHaveLength(2);
  });

  const delays = async (headers: Record<string, string>) => {
    const events: DebugEvent[] = [];
    const { mv } = client([json(429, {}, headers), json(200, task())], { debug: (e) => events.push(e), maxRetries: 1 });
    await mv.tasks.get("task_test");
    return events.filter((e) => e.type === "retry").map((e) => (e as { delayMs: number }).delayMs);
  };

  it("honours retry-after-ms", async () => {
    expect(await delays({ "retry-after-ms": "120" })).toEqual([120]);
  });

  it("honours Retry-After in seconds", async () => {
    expect(await delays({ "retry-after": "0.2" })).toEqual([200]);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const [delay] = await delays({ "retry-after": new Date(Date.now() + 3_000).toUTCString() });
    expect(delay).toBeGreaterThan(1_000);
    expect(delay).toBeLessThanOrEqual(3_000);
  });

  it("an abort during a backoff ends the call at once", async () => {
    const controller = new AbortController();
    const clock = stoppedClock();
    const { mv, attempts } = client([json(503, {}, { "retry-after": "30" })], { clock });
    const outcome = mv.tasks.create(params, { signal: controller.signal }).catch((e: unknown) => e);
    expect(await clock.sleeping).toBe(30_000); // backing off as the server asked
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).idempotencyKey).toBe(attempts[0]!.headers["idempotency-key"]);
    expect(attempts).toHaveLength(1);
  });

  it("an already-aborted signal sends nothing", async () => {
    const { mv, attempts } = client([json(200, task())]);
    await expect(mv.tasks.get("task_test", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(attempts).toHaveLength(0);
  });
});
