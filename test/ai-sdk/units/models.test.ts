/** The provider objects and model methods against a scripted fetch: names, URLs, status mapping, metadata, header handling. */
import { APICallError, NoSuchModelError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { createMindVideo, createVideoGateway } from "../../../src/ai-sdk/index.js";
import { lazy, splitHeaders } from "../../../src/ai-sdk/backend.js";
import { json, recordingFetch, task } from "../../helpers/recording-fetch.js";

const failure = (call: PromiseLike<unknown>) => Promise.resolve(call).then(() => undefined, (e: unknown) => e as Error);
const settings = (fetch: (r: Request) => Promise<Response>) => ({ apiKey: "k", baseUrl: "https://api.test///", fetch, maxRetries: 0, wait: { pollIntervalMs: 1, maxPollIntervalMs: 1 } });
const videoCall = { prompt: "p", n: 1, aspectRatio: undefined, resolution: undefined, duration: undefined, fps: undefined, seed: undefined, image: undefined, frameImages: undefined, inputReferences: undefined, generateAudio: undefined, providerOptions: {} };

describe("providers", () => {
  it("names, limits and what each model takes", () => {
    const mv = createMindVideo({ apiKey: "k" });
    expect(Object.isFrozen(mv)).toBe(true);
    expect(mv.specificationVersion).toBe("v4");
    const image = mv.image("apimart-doubao-seedance-4-0");
    expect(image).toMatchObject({ provider: "mindvideo.image", modelId: "apimart-doubao-seedance-4-0", specificationVersion: "v4", maxImagesPerCall: 15, supportsFileInputs: true, supportsMaskInputs: false });
    expect(mv.imageModel("apimart-doubao-seedance-4-0").provider).toBe("mindvideo.image");
    expect(mv.video("doubao-seedance-2-0-fast")).toMatchObject({ provider: "mindvideo.video", maxVideosPerCall: 1, specificationVersion: "v4" });
    expect(mv.videoModel("doubao-seedance-2-0-fast").modelId).toBe("doubao-seedance-2-0-fast");
    const gw = createVideoGateway({ apiKey: "k" });
    expect(gw.video("doubao-seedance-1.0-pro-fast").provider).toBe("video-gateway.video");
  });

  it.each([
    ["a video model as an image", { given: () => createMindVideo({ apiKey: "k" }).image("doubao-seedance-2-0-fast" as never), want: { type: "imageModel", message: '"doubao-seedance-2-0-fast" is not a mindvideo image model; allowed: apimart-doubao-seedance-4-0' } }],
    ["an unknown video model", { given: () => createMindVideo({ apiKey: "k" }).video("nope" as never), want: { type: "videoModel", message: '"nope" is not a mindvideo video model; allowed: doubao-seedance-1-0-pro-quality, doubao-seedance-2-0-fast' } }],
    ["a MindVideo model on the gateway", { given: () => createVideoGateway({ apiKey: "k" }).video("doubao-seedance-2-0-fast" as never), want: { type: "videoModel", message: '"doubao-seedance-2-0-fast" is not a gateway video model; allowed: doubao-seedance-1.0-pro-fast' } }],
    ["an inherited property name", { given: () => createMindVideo({ apiKey: "k" }).video("toString" as never), want: { type: "videoModel", message: expect.stringMatching(/^"toString" is not a mindvideo video model/) } }],
    ["any image model on the gateway", { given: () => createVideoGateway({ apiKey: "k" }).imageModel("x" as never), want: { type: "imageModel", message: '"x" is not a gateway image model; allowed: none' } }],
    ["a gateway language model", { given: () => createVideoGateway({ apiKey: "k" }).languageModel("x"), want: { type: "languageModel", message: "VideoGateway generates images and videos; it has no languageModel" } }],
    ["a gateway embedding model", { given: () => createVideoGateway({ apiKey: "k" }).embeddingModel("x"), want: { type: "embeddingModel", message: "VideoGateway generates images and videos; it has no embeddingModel" } }],
    ["a language model", { given: () => createMindVideo({ apiKey: "k" }).languageModel("x"), want: { type: "languageModel", message: "MindVideo generates images and videos; it has no languageModel" } }],
    ["an embedding model", { given: () => createMindVideo({ apiKey: "k" }).embeddingModel("x"), want: { type: "embeddingModel", message: "MindVideo generates images and videos; it has no embeddingModel" } }],
  ])("%s is a NoSuchModelError", (_name, { given, want }) => {
    let error: unknown;
    try {
      given();
    } catch (e) {
      error = e;
    }
    expect(NoSuchModelError.isInstance(error)).toBe(true);
    expect((error as NoSuchModelError).modelType).toBe(want.type);
    expect((error as Error).message).toEqual(want.message);
  });
});

describe("doStatus", () => {
  const status = async (reply: Response, provider: "mindvideo" | "gateway" = "mindvideo") => {
    const { fetch, attempts } = recordingFetch([reply]);
    const model = provider === "mindvideo" ? createMindVideo(settings(fetch)).video("doubao-seedance-2-0-fast") : createVideoGateway(settings(fetch)).video("doubao-seedance-1.0-pro-fast");
    const result = await model.doStatus!({ operation: { provider, taskId: "t1" }, headers: { "x-trace": "1", "idempotency-key": "nope", skipped: undefined } });
    return { result, attempts };
  };

  it("pending while the task runs; only defined headers are sent, no idempotency key", async () => {
    const { result, attempts } = await status(json(200, task({ task_id: "t1", status: "processing", progress: 40 })));
    expect(result).toMatchObject({ status: "pending", providerMetadata: { mindvideo: { provider: "mindvideo", taskId: "t1", status: "processing", progress: 40 } } });
    expect(attempts[0]!.url).toBe("https://api.test/api/v1/tasks/t1");
    expect(attempts[0]!.headers["x-trace"]).toBe("1");
    expect(attempts[0]!.headers["idempotency-key"]).toBeUndefined();
    expect("skipped" in attempts[0]!.headers).toBe(false);
  });

  it.each([
    ["failed, with message and code", { given: { status: "failed", error: { code: "bad_prompt", message: "refused" } }, want: "Task t1 failed: refused (bad_prompt)" }],
    ["failed, message only", { given: { status: "failed", error: { message: "refused" } }, want: "Task t1 failed: refused" }],
    ["cancelled, no error", { given: { status: "cancelled" }, want: "Task t1 cancelled" }],
  ])("%s is an error status naming the task", async (_name, { given, want }) => {
    const { result } = await status(json(200, task({ task_id: "t1", ...given })));
    expect(result).toMatchObject({ status: "error", error: want });
  });

  it.each([
    ["an .mp4 link", { given: "https://cdn.test/v.mp4?sig=1", want: "video/mp4" }],
    ["a .webm link", { given: "https://cdn.test/v.WEBM", want: "video/webm" }],
    ["a .mov link", { given: "https://cdn.test/v.mov#x", want: "video/quicktime" }],
    ["an .m4v link", { given: "https://cdn.test/v.m4v", want: "video/mp4" }],
    ["no extension", { given: "https://cdn.test/v", want: "video/mp4" }],
    ["an unknown extension", { given: "https://cdn.test/v.bin", want: "video/mp4" }],
  ])("completed: %s is typed %s", async (_name, { given, want }) => {
    const { result } = await status(json(200, task({ task_id: "t1", status: "succeeded", cost_actual: 0.0657, output: { videos: [{ url: given }] } })));
    expect(result.status).toBe("completed");
    if (result.status !== "completed") return;
    expect(result.videos).toEqual([{ type: "url", url: given, mediaType: want }]);
    expect(result.providerMetadata!.mindvideo).toMatchObject({ taskId: "t1", status: "succeeded", videos: [{ url: given, mediaType: want }] });
  });

  it("a read failure is an APICallError with the task URL, retryable as a read", async () => {
    const { fetch } = recordingFetch([json(503, { error: { code: "x", message: "busy", type: "api_error" } })]);
    const error = (await failure(createMindVideo(settings(fetch)).video("doubao-seedance-2-0-fast").doStatus!({ operation: { provider: "mindvideo", taskId: "t1" } }))) as APICallError;
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.url).toBe("https://api.test/api/v1/tasks/t1");
    expect(error.isRetryable).toBe(true);
    expect(error.data).toMatchObject({ taskId: "t1" });
  });

  it("the gateway's task URL, the id escaped", async () => {
    const { fetch } = recordingFetch([json(404, { error: { code: 404, message: "Task not found", type: "not_found_error" } })]);
    const error = (await failure(createVideoGateway(settings(fetch)).video("doubao-seedance-1.0-pro-fast").doStatus!({ operation: { provider: "gateway", taskId: "t:1" } }))) as APICallError;
    expect(error.url).toBe("https://api.test/v1/tasks/t%3A1");
    expect(error.isRetryable).toBe(false);
  });
});

describe("doStart", () => {
  it("MindVideo: the operation, the key in the metadata and the create URL in errors", async () => {
    const { fetch, attempts } = recordingFetch([json(200, task({ task_id: "t1" })), json(400, { error: { code: "invalid_input", message: "bad", type: "invalid_request_error" } })]);
    const model = createMindVideo(settings(fetch)).video("doubao-seedance-2-0-fast");
    const started = await model.doStart!({ ...videoCall, headers: { "idempotency-key": "k1" } });
    expect(started.operation).toEqual({ provider: "mindvideo", taskId: "t1" });
    expect(started.providerMetadata!.mindvideo).toMatchObject({ taskId: "t1", idempotencyKey: "k1", status: "queued" });
    expect(attempts[0]!.headers["idempotency-key"]).toBe("k1");
    const error = (await failure(model.doStart!(videoCall))) as APICallError;
    expect(error.url).toBe("https://api.test/api/v1/tasks");
    expect(error.requestBodyValues).toEqual({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } });
    expect(error.isRetryable).toBe(false);
  });

  it("the gateway sends no key and reports its create URL", async () => {
    const { fetch, attempts } = recordingFetch([json(500, { error: { code: 500, message: "down", type: "server_error" } })]);
    const error = (await failure(createVideoGateway(settings(fetch)).video("doubao-seedance-1.0-pro-fast").doStart!(videoCall))) as APICallError;
    expect(error.url).toBe("https://api.test/v1/videos/generations");
    expect(error.isRetryable).toBe(false);
    expect(attempts[0]!.headers["idempotency-key"]).toBeUndefined();
  });
});

describe("backend helpers", () => {
  it("lazy() makes once, on first use", () => {
    let made = 0;
    const get = lazy(() => ++made);
    expect(made).toBe(0);
    expect(get()).toBe(1);
    expect(get()).toBe(1);
    expect(made).toBe(1);
  });

  it("splitHeaders drops undefined values and takes out the idempotency key in any case", () => {
    expect(splitHeaders(undefined)).toEqual({ headers: {}, idempotencyKey: undefined });
    expect(splitHeaders({ "Idempotency-Key": "k", "x-a": "1", "x-b": undefined })).toEqual({ headers: { "x-a": "1" }, idempotencyKey: "k" });
  });
});
