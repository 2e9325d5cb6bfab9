/**
 * submit and waitFor against a scripted generations client: which key and options each call gets,
 * and what retry advice the AI SDK receives for each kind of failure at each step.
 */
import { AISDKError, APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { submit, taskMetadata, waitFor, type CallContext } from "../../../src/ai-sdk/task.js";
import { APIConnectionError, InternalServerError, RateLimitError } from "../../../src/errors.js";
import type { GenerationTask } from "../../../src/generations.js";

const base: GenerationTask = { provider: "mindvideo", id: "t1", model: "doubao-seedance-2-0-fast", status: "queued", outputs: [], raw: {} };
type Call = [string, ...unknown[]];

function context(options: { idempotent?: boolean; headers?: Record<string, string | undefined> | undefined; signal?: AbortSignal; submit?: () => GenerationTask | Error; wait?: () => GenerationTask | Error; get?: () => GenerationTask | Error } = {}) {
  const calls: Call[] = [];
  const answer = (make: (() => GenerationTask | Error) | undefined, fallback: GenerationTask) => {
    const outcome = make ? make() : fallback;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  const ctx: CallContext = {
    slug: "doubao-seedance-2-0-fast",
    headers: options.headers,
    signal: options.signal,
    backend: {
      provider: "mindvideo",
      name: "mindvideo",
      idempotent: options.idempotent ?? true,
      createUrl: "https://api.test/create",
      taskUrl: (id) => `https://api.test/tasks/${id}`,
      settings: { wait: { pollIntervalMs: 5 } },
      fetch: globalThis.fetch,
      generations: () =>
        ({
          submit: async (request: unknown, o: unknown) => (calls.push(["submit", request, o]), answer(options.submit, base)),
          wait: async (id: string, o: unknown) => (calls.push(["wait", id, o]), answer(options.wait, { ...base, status: "succeeded" })),
          get: async (id: string, o: unknown) => (calls.push(["get", id, o]), answer(options.get, { ...base, status: "succeeded" })),
        }) as never,
    },
  };
  return { ctx, calls };
}

const failed = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as APICallError);
const serverError = () => new InternalServerError({ message: "down", status: 500 });
const rateLimited = () => new RateLimitError({ message: "slow", status: 429 });

describe("submit", () => {
  it("the caller's key wins over a header key; the header key is taken out of the headers; the signal goes along", async () => {
    const signal = new AbortController().signal;
    const { ctx, calls } = context({ headers: { "x-trace": "1", "Idempotency-Key": "from-header", gone: undefined }, signal });
    const submitted = await submit(ctx, { prompt: "p" }, "from-caller");
    expect(submitted.idempotencyKey).toBe("from-caller");
    expect(calls).toEqual([["submit", { model: "doubao-seedance-2-0-fast", input: { prompt: "p" } }, { headers: { "x-trace": "1" }, signal, idempotencyKey: "from-caller" }]]);
  });

  it("a header key is used when the caller has none; without either a fresh UUID is sent", async () => {
    const withHeader = context({ headers: { "idempotency-key": "from-header" } });
    expect((await submit(withHeader.ctx, {}, undefined)).idempotencyKey).toBe("from-header");
    const fresh = context();
    const { idempotencyKey } = await submit(fresh.ctx, {}, undefined);
    expect(idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fresh.calls[0]![2]).toEqual({ headers: {}, idempotencyKey });
    expect(Object.keys(fresh.calls[0]![2] as object)).toEqual(["headers", "idempotencyKey"]);
  });

  it("a backend without idempotency sends no key even when the caller has one", async () => {
    const { ctx, calls } = context({ idempotent: false });
    expect((await submit(ctx, {}, "from-caller")).idempotencyKey).toBeUndefined();
    expect(Object.keys(calls[0]![2] as object)).toEqual(["headers"]);
  });

  it.each([
    ["same key (caller's), 500", { idempotent: true, key: "k", header: undefined, error: serverError, retryable: true }],
    ["same key (header's), network", { idempotent: true, key: undefined, header: "h", error: () => new APIConnectionError({ message: "reset" }), retryable: true }],
    ["new key, 500", { idempotent: true, key: undefined, header: undefined, error: serverError, retryable: false }],
    ["new key, 429", { idempotent: true, key: undefined, header: undefined, error: rateLimited, retryable: true }],
    ["no key (gateway), 429", { idempotent: false, key: "k", header: undefined, error: rateLimited, retryable: false }],
  ])("a create failure with %s: retryable %s", async (_name, { idempotent, key, header, error, retryable }) => {
    const { ctx } = context({ idempotent, headers: header ? { "idempotency-key": header } : undefined, submit: error });
    const thrown = await failed(submit(ctx, { prompt: "p" }, key));
    expect(APICallError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ isRetryable: retryable, url: "https://api.test/create", requestBodyValues: { model: "doubao-seedance-2-0-fast", input: { prompt: "p" } } });
  });
});

describe("waitFor", () => {
  it.each(["queued", "processing"] as const)("a %s task is waited for with the settings' schedule and the signal", async (status) => {
    const signal = new AbortController().signal;
    const { ctx, calls } = context({ signal });
    expect((await waitFor(ctx, { ...base, status }, "read")).status).toBe("succeeded");
    expect(calls).toEqual([["wait", "t1", { pollIntervalMs: 5, signal }]]);
  });

  it("a finished task without outputs is read once, with the signal", async () => {
    const signal = new AbortController().signal;
    const { ctx, calls } = context({ signal });
    await waitFor(ctx, { ...base, status: "succeeded" }, "read");
    expect(calls).toEqual([["get", "t1", { signal }]]);
  });

  it.each(["failed", "cancelled"] as const)("a create answer that is already %s is neither waited for nor read, and fails without a message of its own", async (status) => {
    const { ctx, calls } = context();
    const error = await failed(waitFor(ctx, { ...base, status }, "read"));
    expect(calls).toEqual([]);
    expect(AISDKError.isInstance(error)).toBe(true);
    expect(error!.name).toBe("MindVideoTaskFailedError");
    expect(error!.message).toBe(`Task t1 ${status}`);
  });

  it.each([
    ["read", serverError, true],
    ["read", rateLimited, true],
    ["after-create", serverError, false],
  ] as const)("a failed wait at step %s is retryable: %s", async (step, error, retryable) => {
    const { ctx } = context({ wait: error });
    const thrown = await failed(waitFor(ctx, base, step));
    expect(thrown).toMatchObject({ isRetryable: retryable, url: "https://api.test/tasks/t1", data: { taskId: "t1" } });
  });
});

describe("taskMetadata", () => {
  it("leaves out every fact the task does not have (no undefined keys)", () => {
    expect(Object.keys(taskMetadata(base, undefined))).toEqual(["provider", "taskId", "status"]);
    expect(Object.keys(taskMetadata({ ...base, progress: 5, expiresAt: "2030-01-01T00:00:00Z", cost: { unit: "money", estimate: 1 } }, "k"))).toEqual(["provider", "taskId", "status", "idempotencyKey", "progress", "cost", "expiresAt"]);
  });
});
