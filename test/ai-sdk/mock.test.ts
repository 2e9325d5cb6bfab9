/** The providers under the real `ai` package, against the stateful mock (both APIs, through Prism). */
import { AISDKError, APICallError, InvalidArgumentError } from "@ai-sdk/provider";
import { experimental_generateVideo, experimental_getVideoStatus, experimental_startVideo, generateImage } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { models, type ModelSlug } from "../../src/index.js";
import { createMindVideo, createVideoGateway, type MindVideoProviderOptions } from "../../src/ai-sdk/index.js";
import { servedBytes, startHarness, type Harness } from "./harness.js";

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

let h: Harness;
let mv: ReturnType<typeof createMindVideo>;
let gw: ReturnType<typeof createVideoGateway>;
const wait = { pollIntervalMs: 25, maxPollIntervalMs: 100 };
const body = (index: number) => JSON.parse(h.creates()[index]!.body) as Record<string, unknown> & { input?: Record<string, unknown> };
const lastInput = () => {
  const b = body(h.creates().length - 1);
  return (b.input ?? b) as Record<string, unknown>;
};

beforeAll(async () => {
  h = await startHarness();
  mv = createMindVideo({ apiKey: "mv_test_key", baseUrl: h.stack.mindvideo.url, fetch: h.fetch, wait });
  gw = createVideoGateway({ apiKey: "gw_test_key", baseUrl: h.stack.gateway.url, fetch: h.fetch, wait });
}, 120_000);
afterAll(() => h?.stop());

const videoModels = Object.values(models).filter((m) => m.output === "video");
const videoModel = (slug: ModelSlug) => (models[slug].provider === "gateway" ? gw.video(slug as never) : mv.video(slug as never));

describe("generateImage", () => {
  it("the 4.0 model with n: 2 returns two images as bytes, one task, its id, key and cost in the metadata", async () => {
    const before = h.creates().length;
    const result = await generateImage({ model: mv.image("apimart-doubao-seedance-4-0"), prompt: "a panda in a bamboo forest [duration=300]", n: 2, aspectRatio: "16:9" });
    expect(result.images).toHaveLength(2);
    const created = h.creates().slice(before);
    expect(created).toHaveLength(1);
    expect(JSON.parse(created[0]!.body).input).toEqual({ prompt: "a panda in a bamboo forest [duration=300]", n: 2, size: "16:9" });
    const links = h.downloads.slice(-2).map((url) => new URL(url).pathname);
    expect(result.images.map((image) => image.uint8Array)).toEqual(links.map((path) => servedBytes(path)));
    expect(result.images[0]!.mediaType).toBe("image/png");
    const meta = result.providerMetadata.mindvideo!.images as { taskId: string; idempotencyKey: string; cost: { estimate: number; actual: number } }[];
    expect(meta).toHaveLength(2);
    expect(meta[0]!.idempotencyKey).toBe(created[0]!.headers["idempotency-key"]);
    expect(links[0]).toContain(meta[0]!.taskId);
    expect(meta[0]!.cost).toEqual({ unit: "money", estimate: 0.0504, actual: 0.0504 }); // 2 × 0.0252, the seed's price
  });

  it("n above the schema's maximum (15) is split into tasks of at most 15", async () => {
    const before = h.creates().length;
    const result = await generateImage({ model: mv.image("apimart-doubao-seedance-4-0"), prompt: "tiles [duration=0]", n: 17 });
    expect(result.images).toHaveLength(17);
    expect(h.creates().slice(before).map((r) => JSON.parse(r.body).input.n).sort()).toEqual([15, 2].sort());
  });

  it("a pixel size becomes the model's aspect ratio; reference files go as data URIs", async () => {
    const png = servedBytes("/reference.png");
    await generateImage({ model: mv.image("apimart-doubao-seedance-4-0"), prompt: { text: "restyle [duration=0]", images: [png] }, size: "1024x768" });
    const input = lastInput();
    expect(input.size).toBe("4:3");
    expect(input.image_urls).toEqual([`data:image/png;base64,${Buffer.from(png).toString("base64")}`]);
  });

  it("an endless image download is cut off at maxImageBytes, not buffered", async () => {
    const small = createMindVideo({ apiKey: "k", baseUrl: h.stack.mindvideo.url, fetch: h.fetch, wait, maxImageBytes: 1024 * 1024 });
    h.endless.on = true;
    try {
      const error = await generateImage({ model: small.image("apimart-doubao-seedance-4-0"), prompt: "x [duration=0]", maxRetries: 0 }).catch((e: unknown) => e);
      expect(APICallError.isInstance(error)).toBe(true);
      expect((error as APICallError).message).toMatch(/more than maxImageBytes \(1048576\)/);
      expect((error as APICallError).isRetryable).toBe(false);
    } finally {
      h.endless.on = false;
    }
  });
});

describe("experimental_generateVideo", () => {
  it.each(videoModels.map((m) => [m.slug]))("%s returns a video", async (slug) => {
    const result = await experimental_generateVideo({ model: videoModel(slug), prompt: "a cat playing piano [duration=300]", download: h.download });
    const meta = result.providerMetadata.mindvideo as { taskId: string; videos: { url: string; expiresAt?: string }[] };
    expect(result.video.mediaType).toBe("video/mp4");
    expect(result.video.uint8Array).toEqual(servedBytes(new URL(meta.videos[0]!.url).pathname));
    expect(meta.videos[0]!.url).toContain(meta.taskId);
    // The mock scales the gateway's 24 h link lifetime with its timing (here 300 ms of 5 s: 86.4 s).
    if (models[slug].provider === "gateway") expect(Date.parse(meta.videos[0]!.expiresAt!)).toBeGreaterThan(Date.now() + 60_000);
  });

  it("with `poll`, the AI SDK drives doStart/doStatus and its own idempotency key is sent", async () => {
    const before = h.creates().length;
    const result = await experimental_generateVideo({ model: mv.video("doubao-seedance-2-0-fast"), prompt: "rain [duration=0]", download: h.download, poll: { intervalMs: 1, delay: async () => {} } });
    expect(result.videos).toHaveLength(1);
    const created = h.creates().slice(before);
    expect(created).toHaveLength(1);
    expect(created[0]!.headers["idempotency-key"]).toMatch(/^aisdk_vid_/);
  });

  it.each([
    ["doubao-seedance-1-0-pro-quality", { frameImages: [{ image: "https://example.com/a.png", frameType: "first_frame" }, { image: "https://example.com/b.png", frameType: "last_frame" }] }, { image_with_roles: [{ url: "https://example.com/a.png", role: "first_frame" }, { url: "https://example.com/b.png", role: "last_frame" }] }],
    ["doubao-seedance-2-0-fast", { inputReferences: ["https://example.com/ref.png", { data: "https://example.com/ref.mp4", mediaType: "video/mp4" }] }, { image_urls: ["https://example.com/ref.png"], video_urls: ["https://example.com/ref.mp4"] }],
    ["doubao-seedance-1.0-pro-fast", { frameImages: [{ image: "https://example.com/a.png", frameType: "first_frame" }], resolution: "1280x720", aspectRatio: "9:16", duration: 6 }, { image_urls: ["https://example.com/a.png"], quality: "720p", aspect_ratio: "9:16", duration: 6 }],
    ["doubao-seedance-2-0-fast", { resolution: "960x960", aspectRatio: "1:1", seed: 7, generateAudio: true, providerOptions: { mindvideo: { watermark: true } satisfies MindVideoProviderOptions<"doubao-seedance-2-0-fast"> } }, { resolution: "720p", size: "1:1", seed: 7, generate_audio: true, watermark: true }],
  ] as const)("%s maps %j", async (slug, options, want) => {
    await experimental_generateVideo({ model: videoModel(slug), prompt: "mapped [duration=0]", download: h.download, ...(options as object) });
    expect(lastInput()).toEqual({ prompt: "mapped [duration=0]", ...want, ...(models[slug].provider === "gateway" ? { model: slug } : {}) });
  });
});

describe("experimental_startVideo and experimental_getVideoStatus", () => {
  it("round-trip an operation: pending, then completed with URL videos", async () => {
    const started = await experimental_startVideo({ model: mv.video("doubao-seedance-2-0-fast"), prompt: "a long one [duration=600000]" });
    expect(started.operation).toEqual({ provider: "mindvideo", taskId: expect.any(String) });
    const pending = await experimental_getVideoStatus(mv.video("doubao-seedance-2-0-fast"), { operation: started.operation });
    expect(pending.status).toBe("pending");

    const quick = await experimental_startVideo({ model: gw.video("doubao-seedance-1.0-pro-fast"), prompt: "a quick one [duration=0]" });
    const operation = JSON.parse(JSON.stringify(quick.operation)); // persisted and read back by another process
    const done = await experimental_getVideoStatus(gw.video("doubao-seedance-1.0-pro-fast"), { operation });
    expect(done.status).toBe("completed");
    if (done.status !== "completed") return;
    expect(done.videos).toEqual([{ type: "url", url: expect.stringContaining(operation.taskId), mediaType: "video/mp4" }]);
    expect((done.providerMetadata!.mindvideo as { videos: { expiresAt: string }[] }).videos[0]!.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("webhookUrl becomes the gateway's callback_url; a model without one warns", async () => {
    await experimental_startVideo({ model: gw.video("doubao-seedance-1.0-pro-fast"), prompt: "hooked [duration=600000]", webhookUrl: "https://hooks.example.com/done" });
    expect(lastInput().callback_url).toBe("https://hooks.example.com/done");
    const started = await experimental_startVideo({ model: mv.video("doubao-seedance-2-0-fast"), prompt: "hooked [duration=600000]", webhookUrl: "https://hooks.example.com/done" });
    expect(started.warnings).toContainEqual(expect.objectContaining({ type: "unsupported", feature: "webhookUrl" }));
    expect(lastInput()).not.toHaveProperty("callback_url");
  });

  it("a failed task's status is an error, with the task's reason", async () => {
    const started = await experimental_startVideo({ model: mv.video("doubao-seedance-2-0-fast"), prompt: "doomed [fail] [duration=0]" });
    const status = await experimental_getVideoStatus(mv.video("doubao-seedance-2-0-fast"), { operation: started.operation });
    expect(status.status).toBe("error");
    expect(status.status === "error" && status.error).toMatch(/failed/);
  });

  it("an operation from the other provider is refused before any request", async () => {
    const before = h.requests.length;
    const error = await experimental_getVideoStatus(gw.video("doubao-seedance-1.0-pro-fast"), { operation: { provider: "mindvideo", taskId: "t_1" }, maxRetries: 0 }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(h.requests.length).toBe(before);
  });
});

describe("failures, warnings and invalid options", () => {
  it("a failed task surfaces as an AI SDK error", async () => {
    const error = await experimental_generateVideo({ model: mv.video("doubao-seedance-2-0-fast"), prompt: "doomed [fail] [duration=0]", download: h.download }).catch((e: unknown) => e);
    expect(AISDKError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Task \S+ failed/);
  });

  it("an API error surfaces as APICallError, not retryable when the client's rules say so (401)", async () => {
    const keyless = createMindVideo({ apiKey: null, baseUrl: h.stack.mindvideo.url, fetch: h.fetch, wait });
    const error = await experimental_generateVideo({ model: keyless.video("doubao-seedance-2-0-fast"), prompt: "no key", download: h.download }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(401);
    expect((error as APICallError).isRetryable).toBe(false);
    expect(JSON.stringify(error)).not.toContain("mv_test_key");
  });

  it.each([
    ["doubao-seedance-1.0-pro-fast", { seed: 1, fps: 24, generateAudio: true }, ["seed", "fps", "generateAudio"]],
    ["doubao-seedance-1-0-pro-quality", { generateAudio: false, inputReferences: ["https://example.com/r.png"] }, ["generateAudio", "inputReferences.image"]],
    ["doubao-seedance-1.0-pro-fast", { frameImages: [{ image: "https://example.com/z.png", frameType: "last_frame" }] }, ["frameImages.last_frame"]],
  ] as const)("%s warns of each option it lacks: %j", async (slug, options, features) => {
    const result = await experimental_generateVideo({ model: videoModel(slug), prompt: "warned [duration=0]", download: h.download, ...(options as object) });
    expect(result.warnings.filter((w) => w.type === "unsupported").map((w) => (w as { feature: string }).feature).sort()).toEqual([...features].sort());
  });

  it("an image model warns of seed and mask", async () => {
    const result = await generateImage({ model: mv.image("apimart-doubao-seedance-4-0"), prompt: { text: "x [duration=0]", images: [servedBytes("/a.png")], mask: servedBytes("/m.png") }, seed: 3 });
    expect(result.warnings.map((w) => (w as { feature: string }).feature).sort()).toEqual(["mask", "seed"]);
  });

  it.each([
    ["an enum value the model lacks", "doubao-seedance-2-0-fast", { providerOptions: { mindvideo: { resolution: "1080p" } } }, /input\.resolution must be one of 480p, 720p for doubao-seedance-2-0-fast/],
    ["a duration out of range", "doubao-seedance-2-0-fast", { duration: 99 }, /input\.duration .*15.* for doubao-seedance-2-0-fast/],
    ["a field the model does not have", "doubao-seedance-1-0-pro-quality", { providerOptions: { mindvideo: { watermark: true } } }, /watermark/],
    ["a resolution no tier matches", "doubao-seedance-2-0-fast", { resolution: "1920x1080" }, /1920x1080 matches none of the tiers doubao-seedance-2-0-fast offers \(480p, 720p/],
    ["a cross-field rule", "doubao-seedance-1.0-pro-fast", { aspectRatio: "adaptive" }, /aspect_ratio keep_ratio and adaptive need an image/],
    ["a file type the model refuses", "doubao-seedance-1.0-pro-fast", { frameImages: [{ image: new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]), frameType: "first_frame" }] }, /image\/gif; accepted: image\/jpeg, image\/png, image\/webp/],
  ] as const)("%s fails with the model's message before any request", async (_name, slug, options, message) => {
    const before = h.requests.length;
    const error = await experimental_generateVideo({ model: videoModel(slug), prompt: "invalid", download: h.download, ...(options as object) }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect(h.requests.length).toBe(before);
  });

  it("an unknown model id is NoSuchModelError naming the allowed ones", () => {
    expect(() => mv.video("apimart-doubao-seedance-4-0" as never)).toThrow(/not a mindvideo video model; allowed: doubao-seedance-1-0-pro-quality, doubao-seedance-2-0-fast/);
    expect(() => gw.imageModel("x" as never)).toThrow(/allowed: none/);
  });
});
