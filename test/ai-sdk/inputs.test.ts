/** Mapping the AI SDK's options onto a model's fields, and refusing what cannot be mapped, without any server. */
import { InvalidArgumentError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { createMindVideo, createVideoGateway } from "../../src/ai-sdk/index.js";
import { resolutionToTier, sizeToRatio } from "../../src/ai-sdk/dimensions.js";
import { json, recordingFetch, task } from "../helpers/recording-fetch.js";

/** The rejection of a model call (PromiseLike, so no .catch). */
const failure = (call: PromiseLike<unknown>) => Promise.resolve(call).then(() => undefined, (e: unknown) => e);

const RATIOS = ["1:1", "4:3", "3:4", "16:9", "9:16", "3:2", "2:3", "21:9", "9:21", "auto"];

describe("size → aspect ratio", () => {
  it.each([
    ["1024x1024", { value: "1:1" }],
    ["1024x768", { value: "4:3" }],
    ["1080x1920", { value: "9:16" }],
    ["1792x1024", { value: "16:9", approximate: expect.stringContaining("1792x1024") }],
    ["1000x100", undefined],
    ["0x100", undefined],
    ["12x", undefined],
    ["1x2x3", undefined],
  ] as const)("%s → %j", (size, want) => {
    expect(sizeToRatio(size, RATIOS)).toEqual(want);
  });
});

describe("resolution → tier, by pixel count", () => {
  it.each([
    ["1280x720", ["480p", "720p", "1080p"], "720p"],
    ["720x1280", ["480p", "720p", "1080p"], "720p"],
    ["960x960", ["480p", "720p", "1080p"], "720p"],
    ["640x640", ["480p", "720p", "1080p"], "480p"],
    ["864x496", ["480p", "720p"], "480p"],
    ["1920x1088", ["480p", "720p", "1080p"], "1080p"],
    ["1920x1080", ["480p", "720p"], undefined],
    ["3840x2160", ["480p", "720p", "1080p"], undefined],
    ["NaNx720", ["720p"], undefined],
  ] as const)("%s among %j → %s", (resolution, tiers, want) => {
    expect(resolutionToTier(resolution, tiers)?.value).toBe(want);
  });
});

describe("refused before any request", () => {
  const setup = () => {
    const { fetch, attempts } = recordingFetch([new Error("no request expected")]);
    return { attempts, mv: createMindVideo({ apiKey: "k", fetch, maxRetries: 0 }), gw: createVideoGateway({ apiKey: "k", fetch, maxRetries: 0 }) };
  };

  it.each([
    ["null", null],
    ["a string", "t_1"],
    ["no taskId", { provider: "mindvideo" }],
    ["an empty taskId", { provider: "mindvideo", taskId: "" }],
    ["another provider's", { provider: "gateway", taskId: "t_1" }],
  ])("an operation that is %s", async (_name, operation) => {
    const { mv, attempts } = setup();
    const error = await failure(mv.video("doubao-seedance-2-0-fast").doStatus!({ operation: operation as never }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/operation must be \{ provider: "mindvideo", taskId \}/);
    expect(attempts).toHaveLength(0);
  });

  it("providerOptions.mindvideo that is not an object", async () => {
    const { mv, attempts } = setup();
    const call = { prompt: "p", n: 1, aspectRatio: undefined, resolution: undefined, duration: undefined, fps: undefined, seed: undefined, image: undefined, frameImages: undefined, inputReferences: undefined, generateAudio: undefined };
    const error = await failure(mv.video("doubao-seedance-2-0-fast").doStart!({ ...call, providerOptions: { mindvideo: ["x"] as never } }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(attempts).toHaveLength(0);
  });

  it("a base64 frame over the gateway's 10 MB, refused before it is decoded", async () => {
    const { gw, attempts } = setup();
    const call = { prompt: "p", n: 1, aspectRatio: undefined, resolution: undefined, duration: undefined, fps: undefined, seed: undefined, inputReferences: undefined, generateAudio: undefined, providerOptions: {} };
    const huge = { type: "file" as const, mediaType: "image/png", data: "A".repeat(15_000_000) };
    const error = await failure(gw.video("doubao-seedance-1.0-pro-fast").doStart!({ ...call, image: huge, frameImages: [{ image: huge, frameType: "first_frame" }] }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/frameImages\[0\] is about 11250000 bytes; at most 10485760 are allowed for doubao-seedance-1.0-pro-fast image_urls/);
    expect(attempts).toHaveLength(0);
  });

  it("invalid base64 names the file", async () => {
    const { mv, attempts } = setup();
    const error = await failure(mv.image("apimart-doubao-seedance-4-0").doGenerate({ prompt: "p", n: 1, size: undefined, aspectRatio: undefined, seed: undefined, mask: undefined, providerOptions: {}, files: [{ type: "file", mediaType: "image/png", data: "not base64!" }] }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe("files[0] is not valid base64");
    expect(attempts).toHaveLength(0);
  });
});

describe("fields the call owns", () => {
  it("providerOptions.mindvideo.n and .prompt are not sent, with a warning each", async () => {
    const done = task({ task_id: "t_img", status: "succeeded", output: { images: [{ url: "https://cdn.test/0.png" }, { url: "https://cdn.test/1.png" }] } });
    const png = () => new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    const { fetch, attempts } = recordingFetch([json(200, done), png(), png()]);
    const mv = createMindVideo({ apiKey: "k", fetch, maxRetries: 0 });
    const result = await mv.image("apimart-doubao-seedance-4-0").doGenerate({ prompt: "p", n: 2, size: undefined, aspectRatio: undefined, seed: undefined, mask: undefined, files: undefined, providerOptions: { mindvideo: { n: 9, prompt: "q", watermark: true } } });
    expect(JSON.parse(attempts[0]!.body).input).toEqual({ prompt: "p", n: 2, watermark: true });
    expect(result.warnings.map((w) => (w as { feature: string }).feature)).toEqual(["providerOptions.mindvideo.prompt", "providerOptions.mindvideo.n"]);
    expect(result.images).toHaveLength(2);
  });
});
