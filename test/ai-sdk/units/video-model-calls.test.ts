/** The video and image models' answers beyond the happy path: response facts, retry advice on network failures, bad operations, mixed outputs, link expiry. */
import { APICallError, InvalidArgumentError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { createMindVideo, createVideoGateway } from "../../../src/ai-sdk/index.js";
import { json, networkError, recordingFetch, task } from "../../helpers/recording-fetch.js";

const failure = (call: PromiseLike<unknown>) => Promise.resolve(call).then(() => undefined, (e: unknown) => e as Error);
const settings = (fetch: (r: Request) => Promise<Response>) => ({ apiKey: "k", baseUrl: "https://api.test", fetch, maxRetries: 0, wait: { pollIntervalMs: 1, maxPollIntervalMs: 1 } });
const videoCall = { prompt: "p", n: 1, aspectRatio: undefined, resolution: undefined, duration: undefined, fps: undefined, seed: undefined, image: undefined, frameImages: undefined, inputReferences: undefined, generateAudio: undefined, providerOptions: {} };
const MV = "doubao-seedance-2-0-fast";
const response = (modelId: string) => ({ timestamp: expect.any(Date), modelId, headers: undefined });

describe("video model", () => {
  it("every result carries the response facts: when, which model, no headers", async () => {
    const { fetch } = recordingFetch([json(200, task({ task_id: "t1" })), json(200, task({ task_id: "t1", status: "processing" })), json(200, task({ task_id: "t1" })), json(200, task({ task_id: "t1", status: "succeeded", output: { videos: [{ url: "https://cdn.test/v.mp4" }] } }))]);
    const model = createMindVideo(settings(fetch)).video(MV);
    const before = Date.now();
    const started = await model.doStart!(videoCall);
    expect(started.response).toEqual(response(MV));
    expect(started.response.timestamp.getTime()).toBeGreaterThanOrEqual(before);
    expect((await model.doStatus!({ operation: started.operation })).response).toEqual(response(MV));
    const generated = await model.doGenerate!(videoCall);
    expect(generated.response).toEqual(response(MV));
  });

  it("a completed status has no warnings", async () => {
    const { fetch } = recordingFetch([json(200, task({ task_id: "t1", status: "succeeded", output: { videos: [{ url: "https://cdn.test/v.mp4" }] } }))]);
    const result = await createMindVideo(settings(fetch)).video(MV).doStatus!({ operation: { provider: "mindvideo", taskId: "t1" } });
    expect(result).toMatchObject({ status: "completed", warnings: [] });
    expect((result as { warnings: unknown[] }).warnings).toHaveLength(0);
  });

  it("a network failure reading a task is retryable (a read), in doStatus and in doGenerate's wait", async () => {
    const reading = recordingFetch([networkError("ECONNRESET")]);
    const status = (await failure(createMindVideo(settings(reading.fetch)).video(MV).doStatus!({ operation: { provider: "mindvideo", taskId: "t1" } }))) as APICallError;
    expect(APICallError.isInstance(status)).toBe(true);
    expect(status.isRetryable).toBe(true);
    const waiting = recordingFetch([json(200, task({ task_id: "t1" })), networkError("ECONNRESET")]);
    const generate = (await failure(createMindVideo(settings(waiting.fetch)).video(MV).doGenerate!(videoCall))) as APICallError;
    expect(APICallError.isInstance(generate)).toBe(true);
    expect(generate.isRetryable).toBe(true);
    expect(generate.url).toBe("https://api.test/api/v1/tasks/t1");
  });

  it("an aborted signal reads nothing", async () => {
    const { fetch, attempts } = recordingFetch([json(200, task({ task_id: "t1" }))]);
    const error = await failure(createMindVideo(settings(fetch)).video(MV).doStatus!({ operation: { provider: "mindvideo", taskId: "t1" }, abortSignal: AbortSignal.abort() }));
    expect(error).toBeDefined();
    expect(attempts).toHaveLength(0);
  });

  it.each([
    ["undefined", undefined, "undefined"],
    ["null", null, "null"],
    ["a string", "t1", '"t1"'],
    ["an empty task id", { provider: "mindvideo", taskId: "" }, '{"provider":"mindvideo","taskId":""}'],
    ["a numeric task id", { provider: "mindvideo", taskId: 1 }, '{"provider":"mindvideo","taskId":1}'],
    ["another provider's", { provider: "gateway", taskId: "t1" }, '{"provider":"gateway","taskId":"t1"}'],
    ["a long one (cut at 200 characters)", { provider: "x", taskId: "y".repeat(300) }, JSON.stringify({ provider: "x", taskId: "y".repeat(300) }).slice(0, 200)],
  ])("an operation that is %s is refused, quoted, and nothing is read", async (_name, operation, quoted) => {
    const { fetch, attempts } = recordingFetch([json(200, task({ task_id: "t1" }))]);
    const error = (await failure(createMindVideo(settings(fetch)).video(MV).doStatus!({ operation: operation as never }))) as InvalidArgumentError;
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe("operation");
    expect(error.message).toBe(`operation must be { provider: "mindvideo", taskId } as returned by experimental_startVideo with a mindvideo model (got ${quoted})`);
    expect(attempts).toHaveLength(0);
  });

  it("only video outputs are videos; a link's expiry goes into each video's metadata", async () => {
    const expires = 1_893_456_000;
    const { fetch } = recordingFetch([json(200, { id: "g1", object: "video.generation", model: "doubao-seedance-1.0-pro-fast", status: "completed", progress: 100, created: 1_700_000_000, completed: 1_700_000_100, result: { videos: [{ url: "https://cdn.test/a.webm", expires_at: expires }] } })]);
    const result = await createVideoGateway(settings(fetch)).video("doubao-seedance-1.0-pro-fast").doStatus!({ operation: { provider: "gateway", taskId: "g1" } });
    expect(result.status).toBe("completed");
    const iso = new Date(expires * 1000).toISOString();
    expect((result.providerMetadata as { mindvideo: { videos: unknown } }).mindvideo.videos).toEqual([{ url: "https://cdn.test/a.webm", mediaType: "video/webm", expiresAt: iso }]);
  });

  it("image outputs of a task are not returned as videos", async () => {
    const { fetch } = recordingFetch([json(200, task({ task_id: "t1", status: "succeeded", output: { videos: [{ url: "https://cdn.test/v.mp4" }], images: [{ url: "https://cdn.test/last.png" }] } }))]);
    const result = await createMindVideo(settings(fetch)).video(MV).doStatus!({ operation: { provider: "mindvideo", taskId: "t1" } });
    if (result.status !== "completed") throw new Error(`expected completed, got ${result.status}`);
    expect(result.videos).toEqual([{ type: "url", url: "https://cdn.test/v.mp4", mediaType: "video/mp4" }]);
    expect((result.providerMetadata as { mindvideo: { videos: unknown } }).mindvideo.videos).toEqual([{ url: "https://cdn.test/v.mp4", mediaType: "video/mp4" }]);
  });
});

describe("image model", () => {
  it("downloads only image outputs and reports the response facts", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]);
    const { fetch, attempts } = recordingFetch([
      json(200, task({ task_id: "t1", status: "succeeded", output: { images: [{ url: "https://cdn.test/i.png" }], videos: [{ url: "https://cdn.test/v.mp4" }] } })),
      new Response(png, { status: 200, headers: { "content-type": "image/png" } }),
    ]);
    const model = createMindVideo(settings(fetch)).image("apimart-doubao-seedance-4-0");
    const result = await model.doGenerate({ prompt: "p", n: 1, size: undefined, aspectRatio: undefined, seed: undefined, files: undefined, mask: undefined, providerOptions: {} });
    expect(result.images).toHaveLength(1);
    expect(result.response).toEqual(response("apimart-doubao-seedance-4-0"));
    expect(attempts.map((a) => a.url)).toEqual(["https://api.test/api/v1/tasks", "https://cdn.test/i.png"]);
  });
});
