/**
 * The AI SDK adapter's pure parts: which failures the AI SDK may retry (never one that could pay
 * twice), the error mapping, pixel → ratio/tier boundaries, bounded image downloads, providerOptions.
 */
import { AISDKError, APICallError, InvalidArgumentError, type SharedV4Warning } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { isRetryable, toAISDKError, type Step } from "../../../src/ai-sdk/errors.js";
import { resolutionToTier, sizeToRatio } from "../../../src/ai-sdk/dimensions.js";
import { downloadBytes } from "../../../src/ai-sdk/download.js";
import { readProviderOptions, unsupported } from "../../../src/ai-sdk/provider-options.js";
import { taskMetadata, waitFor } from "../../../src/ai-sdk/task.js";
import { APIConnectionError, APIError, APITimeoutError, APIUserAbortError, InputValidationError, MindVideoError, TaskFailedError, WaitTimeoutError } from "../../../src/errors.js";
import { FileInputError } from "../../../src/files.js";

const api = (status: number | undefined) => new APIError({ status, message: `status ${status}` });

describe("isRetryable", () => {
  const steps: Step[] = ["create-same-key", "read", "create-new-key", "create-no-key", "after-create"];
  // 408/429/5xx and connection failures are worth retrying (the client's documented retry rules).
  it.each([
    ["400", { given: api(400), want: [false, false, false, false, false] }],
    ["404", { given: api(404), want: [false, false, false, false, false] }],
    ["408", { given: api(408), want: [true, true, false, false, false] }],
    ["409", { given: api(409), want: [false, false, false, false, false] }],
    ["429", { given: api(429), want: [true, true, true, false, false] }],
    ["500", { given: api(500), want: [true, true, false, false, false] }],
    ["502", { given: api(502), want: [true, true, false, false, false] }],
    ["503", { given: api(503), want: [true, true, false, false, false] }],
    ["504", { given: api(504), want: [true, true, false, false, false] }],
    ["501", { given: api(501), want: [false, false, false, false, false] }],
    ["no status", { given: api(undefined), want: [false, false, false, false, false] }],
    ["a connection error", { given: new APIConnectionError({ message: "reset" }), want: [true, true, false, false, false] }],
    ["a timeout", { given: new APITimeoutError({ message: "timeout" }), want: [true, true, false, false, false] }],
    ["the caller's abort", { given: new APIUserAbortError({ message: "aborted" }), want: [false, false, false, false, false] }],
  ])("%s", (_name, { given, want }) => {
    expect(steps.map((step) => isRetryable(given, step))).toEqual(want);
  });
});

describe("toAISDKError", () => {
  const context = { step: "read" as const, url: "https://api.test/api/v1/tasks/t1", requestBodyValues: { model: "m" }, taskId: "t1" };

  it("an API error with a status: an APICallError carrying the status, the envelope and the client's details", () => {
    const cause = new APIError({ status: 503, message: "busy", code: "upstream", type: "api_error", param: "p", fallbackSuggestion: "wait", requestId: "req_1", idempotencyKey: "key_1", headers: { "retry-after": "2" } });
    const error = toAISDKError(cause, context) as APICallError;
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.message).toBe("busy");
    expect(error.url).toBe(context.url);
    expect(error.requestBodyValues).toEqual({ model: "m" });
    expect(error.statusCode).toBe(503);
    expect(error.responseHeaders).toEqual({ "retry-after": "2" });
    expect(JSON.parse(error.responseBody!)).toEqual({ error: { code: "upstream", type: "api_error", message: "busy", param: "p" } });
    expect(error.isRetryable).toBe(true);
    expect(error.cause).toBe(cause);
    expect(error.data).toEqual({ code: "upstream", type: "api_error", param: "p", fallbackSuggestion: "wait", requestId: "req_1", idempotencyKey: "key_1", taskId: "t1" });
  });

  it("a connection error: no status, no body, retryability by step", () => {
    const error = toAISDKError(new APIConnectionError({ message: "reset" }), { ...context, step: "after-create" }) as APICallError;
    expect(error.statusCode).toBeUndefined();
    expect(error.responseBody).toBeUndefined();
    expect(error.isRetryable).toBe(false);
    expect((toAISDKError(new APIConnectionError({ message: "reset" }), context) as APICallError).isRetryable).toBe(true);
  });

  it.each([
    ["invalid input: InvalidArgumentError naming the first field", { given: new InputValidationError("m", [{ path: "input.duration", message: "duration must be <= 12" } as never]), want: { kind: "argument", argument: "input.duration" } }],
    ["invalid input without a path: the argument is input", { given: new InputValidationError("m", []), want: { kind: "argument", argument: "input" } }],
    ["a bad file: InvalidArgumentError about files", { given: new FileInputError("too big"), want: { kind: "argument", argument: "files" } }],
    ["a failed task", { given: new TaskFailedError({ status: "failed" }, "t1"), want: { kind: "sdk", name: "MindVideoTaskFailedError" } }],
    ["a wait timeout", { given: new WaitTimeoutError("t1", "processing", 1_000), want: { kind: "sdk", name: "MindVideoWaitTimeoutError" } }],
    ["another client error keeps its name", { given: new MindVideoError("odd"), want: { kind: "sdk", name: "MindVideoError" } }],
  ])("%s", (_name, { given, want }) => {
    const error = toAISDKError(given, context) as Error & { argument?: string; cause?: unknown };
    expect(error.message).toBe(given.message);
    expect(error.cause).toBe(given);
    if ("argument" in want) {
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect(error.argument).toBe(want.argument);
    } else {
      expect(AISDKError.isInstance(error)).toBe(true);
      expect(InvalidArgumentError.isInstance(error)).toBe(false);
      expect(error.name).toBe(want.name);
    }
  });

  it("the caller's abort and foreign errors pass through unchanged", () => {
    const abort = new APIUserAbortError({ message: "aborted" });
    expect(toAISDKError(abort, context)).toBe(abort);
    const foreign = new RangeError("x");
    expect(toAISDKError(foreign, context)).toBe(foreign);
  });
});

describe("dimension boundaries", () => {
  it.each([
    ["4.9 % wider than 1:1 still maps", { given: ["1049x1000", ["1:1"]], want: { value: "1:1", approximate: "size 1049x1000 sent as the nearest aspect ratio the model offers, 1:1" } }],
    ["5.1 % wider does not", { given: ["1051x1000", ["1:1"]], want: undefined }],
    ["5 % narrower than 1:1 (as a ratio) still maps", { given: ["100x105", ["1:1"]], want: { value: "1:1", approximate: "size 100x105 sent as the nearest aspect ratio the model offers, 1:1" } }],
    ["within 0.1 % is exact", { given: ["1000x1000", ["1:1"]], want: { value: "1:1" } }],
    ["just past 0.1 % is approximate", { given: ["1002x1000", ["1:1"]], want: { value: "1:1", approximate: "size 1002x1000 sent as the nearest aspect ratio the model offers, 1:1" } }],
    ["the nearest of two wins, whichever comes first", { given: ["1600x900", ["4:3", "16:9"]], want: { value: "16:9" } }],
    ["the first of two equally near wins", { given: ["100x100", ["1:1", "2:2"]], want: { value: "1:1" } }],
    ["non-ratio values are skipped", { given: ["100x100", ["auto", "1:0", "x:1", "1:1"]], want: { value: "1:1" } }],
    ["no values", { given: ["100x100", []], want: undefined }],
    ["a negative size", { given: ["-100x100", ["1:1"]], want: undefined }],
    ["an infinite size", { given: ["Infinityx100", ["1:1"]], want: undefined }],
  ] as const)("size: %s", (_name, { given, want }) => {
    expect(sizeToRatio(given[0], given[1])).toEqual(want);
  });

  // A tier Np is N × round(16N/9) pixels: 720p is 1280×720 = 921,600.
  it.each([
    ["exactly 720p", { given: ["1280x720", ["720p"]], want: "720p" }],
    ["10 % more pixels still 720p", { given: ["1013760x1", ["720p"]], want: "720p" }],
    ["11 % more is none", { given: ["1022976x1", ["720p"]], want: undefined }],
    ["10 % fewer (as a ratio) still 720p", { given: ["837819x1", ["720p"]], want: "720p" }],
    ["the nearest tier, whichever comes first", { given: ["1920x1080", ["1080p", "720p"]], want: "1080p" }],
    ["tiers that are not Np are skipped", { given: ["1280x720", ["hd", "720P", "720p"]], want: "720p" }],
    ["no tiers", { given: ["1280x720", []], want: undefined }],
    ["a tier of 480p is 854×480", { given: ["854x480", ["480p"]], want: "480p" }],
  ] as const)("tier: %s", (_name, { given, want }) => {
    const mapped = resolutionToTier(given[0], given[1]);
    expect(mapped?.value).toBe(want);
    if (mapped) expect(mapped.approximate).toBeUndefined();
  });
});

describe("downloadBytes", () => {
  const URL_ = "https://cdn.test/out/0.png";
  const options = (fetch: (request: Request) => Promise<Response>, maxBytes = 8) => ({ fetch, maxBytes, taskId: "t1" });
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as APICallError);
  const chunked = (chunks: number[][], headers: Record<string, string> = {}) =>
    new Response(new ReadableStream({ start: (c) => (chunks.forEach((chunk) => c.enqueue(new Uint8Array(chunk))), c.close()) }), { headers });

  it("joins the chunks in order, up to exactly maxBytes", async () => {
    const seen: Request[] = [];
    const bytes = await downloadBytes(URL_, options(async (request) => (seen.push(request), chunked([[1, 2, 3], [4], [5, 6, 7, 8]]))));
    expect([...bytes]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen[0]!.url).toBe(URL_);
  });

  it("an empty body is no bytes", async () => {
    expect((await downloadBytes(URL_, options(async () => new Response(null)))).byteLength).toBe(0);
  });

  it.each([
    ["one byte over, while streaming", { given: () => chunked([[1, 2, 3, 4], [5, 6, 7, 8, 9]]), want: { message: "more than maxImageBytes (8) bytes", status: undefined } }],
    ["a declared length over the cap, before reading", { given: () => chunked([[1]], { "content-length": "9" }), want: { message: "9 bytes, more than maxImageBytes (8)", status: undefined } }],
    ["an HTTP error", { given: () => new Response("gone", { status: 410 }), want: { message: "HTTP 410", status: 410 } }],
  ])("%s is a non-retryable APICallError naming task and URL", async (_name, { given, want }) => {
    const error = await failure(downloadBytes(URL_, options(async () => given())));
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error!.message).toBe(`downloading the output of task t1 from ${URL_}: ${want.message}`);
    expect(error!.isRetryable).toBe(false);
    expect(error!.statusCode).toBe(want.status);
    expect(error!.url).toBe(URL_);
    expect(error!.data).toEqual({ taskId: "t1" });
  });

  it("a declared length of exactly the cap is read", async () => {
    expect((await downloadBytes(URL_, options(async () => chunked([[1, 2, 3, 4, 5, 6, 7, 8]], { "content-length": "8" })))).byteLength).toBe(8);
  });

  it("a network failure is wrapped with its cause; the caller's abort is rethrown as it is", async () => {
    const cause = new TypeError("fetch failed");
    const wrapped = await failure(downloadBytes(URL_, options(async () => Promise.reject(cause))));
    expect(wrapped!.message).toBe(`downloading the output of task t1 from ${URL_}: fetch failed`);
    expect(wrapped!.cause).toBe(cause);
    const thrown = await failure(downloadBytes(URL_, options(async () => Promise.reject("text"))));
    expect(thrown!.message).toBe(`downloading the output of task t1 from ${URL_}: text`);
    const controller = new AbortController();
    const reason = new Error("stop");
    controller.abort(reason);
    let sentSignal: AbortSignal | undefined;
    const aborted = await failure(downloadBytes(URL_, { ...options(async (request) => ((sentSignal = request.signal), Promise.reject(reason))), signal: controller.signal }));
    expect(aborted).toBe(reason);
    expect(sentSignal?.aborted).toBe(true);
  });
});

describe("readProviderOptions", () => {
  it("absent: nothing; an object: its fields, prompt and n dropped with a warning each", () => {
    const warnings: SharedV4Warning[] = [];
    expect(readProviderOptions(undefined, "m", warnings)).toEqual({});
    expect(readProviderOptions({ other: { seed: 1 } }, "m", warnings)).toEqual({});
    expect(readProviderOptions({ mindvideo: { seed: 1, prompt: "p", n: 2 } }, "m", warnings)).toEqual({ seed: 1 });
    expect(warnings).toEqual([
      { type: "unsupported", feature: "providerOptions.mindvideo.prompt", details: "set prompt on the call itself; this value was not sent" },
      { type: "unsupported", feature: "providerOptions.mindvideo.n", details: "set n on the call itself; this value was not sent" },
    ]);
  });

  it.each([["null", null], ["an array", []], ["a string", "x"]])("%s is refused naming the model", (_name, value) => {
    expect(() => readProviderOptions({ mindvideo: value as never }, "m1", [])).toThrow("providerOptions.mindvideo must be an object of m1's parameters");
  });

  it("unsupported(): the feature, and the model in the default detail", () => {
    expect(unsupported("fps", "m1")).toEqual({ type: "unsupported", feature: "fps", details: "m1 has no parameter for fps; it was not sent" });
    expect(unsupported("fps", "m1", "custom")).toEqual({ type: "unsupported", feature: "fps", details: "custom" });
  });
});

describe("task helpers", () => {
  type Task = Parameters<typeof taskMetadata>[0];
  const base = { provider: "mindvideo", id: "t1", model: "m", status: "queued", outputs: [], raw: {} } as unknown as Task;

  it.each([
    ["the bare facts", { given: [base, undefined], want: { provider: "mindvideo", taskId: "t1", status: "queued" } }],
    ["with the key, progress, cost and expiry", { given: [{ ...base, progress: 0, cost: { estimate: 0.0657, unit: "usd" }, expiresAt: "2026-01-02T00:00:00Z" }, "k1"], want: { provider: "mindvideo", taskId: "t1", status: "queued", idempotencyKey: "k1", progress: 0, cost: { estimate: 0.0657, unit: "usd" }, expiresAt: "2026-01-02T00:00:00Z" } }],
    ["an empty cost object is left out", { given: [{ ...base, cost: {} }, undefined], want: { provider: "mindvideo", taskId: "t1", status: "queued" } }],
  ] as const)("taskMetadata: %s", (_name, { given, want }) => {
    expect(taskMetadata(given[0] as unknown as Task, given[1])).toEqual(want);
  });

  const backend = (calls: string[], answer: Partial<Task>) =>
    ({
      provider: "mindvideo",
      name: "mindvideo",
      idempotent: true,
      createUrl: "https://api.test/api/v1/tasks",
      taskUrl: (id: string) => `https://api.test/api/v1/tasks/${id}`,
      settings: { wait: { pollIntervalMs: 7 } },
      fetch: globalThis.fetch,
      generations: () => ({
        wait: async (id: string, options: Record<string, unknown>) => (calls.push(`wait ${id} ${options.pollIntervalMs}`), { ...base, ...answer }),
        get: async (id: string) => (calls.push(`get ${id}`), { ...base, ...answer }),
      }),
    }) as never;

  it.each([
    ["a running task is waited for on the configured schedule", { given: { status: "processing", outputs: [] }, want: ["wait t1 7"] }],
    ["a finished task with outputs needs nothing more", { given: { status: "succeeded", outputs: [{ kind: "video", url: "u" }] }, want: [] }],
    ["a finished task without outputs (the gateway's create answer) is read once", { given: { status: "succeeded", outputs: [] }, want: ["get t1"] }],
  ] as const)("waitFor: %s", async (_name, { given, want }) => {
    const calls: string[] = [];
    await waitFor({ backend: backend(calls, { status: "succeeded", outputs: [{ kind: "video", url: "u" }] }), slug: "doubao-seedance-2-0-fast", headers: undefined, signal: undefined }, { ...base, ...given } as unknown as Task, "read");
    expect(calls).toEqual(want);
  });

  it.each([["failed"], ["cancelled"]] as const)("waitFor: a task that ends %s is a non-retryable task error naming it", async (status) => {
    const calls: string[] = [];
    const error = await waitFor({ backend: backend(calls, { status, error: { message: "why" } }), slug: "doubao-seedance-2-0-fast", headers: undefined, signal: undefined }, base, "read").then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(AISDKError.isInstance(error)).toBe(true);
    expect(error!.name).toBe("MindVideoTaskFailedError");
    expect(error!.message).toBe(`Task t1 ${status}: why`);
  });
});
