/**
 * AI SDK call options → one model's input, per model, read from the model schemas in spec/models:
 * where each option goes, the warning for each one a model lacks, and file handling.
 */
import { InvalidArgumentError, type Experimental_VideoModelV4CallOptions, type ImageModelV4CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { imageInput } from "../../../src/ai-sdk/image-input.js";
import { videoInput } from "../../../src/ai-sdk/video-input.js";
import { modelFields } from "../../../src/ai-sdk/model-fields.js";
import { fileKind, fileToInput } from "../../../src/ai-sdk/files.js";

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as Error & { argument?: string });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const PNG_URI = `data:image/png;base64,${btoa(String.fromCharCode(...PNG))}`;
const image = (url: string) => ({ type: "url" as const, url });
const features = (warnings: readonly unknown[]) => warnings.map((w) => (w as { feature: string }).feature);

const imageCall = (extra: Partial<ImageModelV4CallOptions> = {}): ImageModelV4CallOptions => ({ prompt: "p", n: 1, size: undefined, aspectRatio: undefined, seed: undefined, files: undefined, mask: undefined, providerOptions: {}, ...extra });
const videoCall = (extra: Partial<Experimental_VideoModelV4CallOptions> & { webhookUrl?: string } = {}) =>
  ({ prompt: "p", n: 1, aspectRatio: undefined, resolution: undefined, duration: undefined, fps: undefined, seed: undefined, image: undefined, frameImages: undefined, inputReferences: undefined, generateAudio: undefined, providerOptions: {}, ...extra }) as Experimental_VideoModelV4CallOptions & { webhookUrl?: string };

describe("modelFields (from spec/models)", () => {
  it.each([
    ["apimart-doubao-seedance-4-0: size ratios, n up to 15, reference images", { given: "apimart-doubao-seedance-4-0", want: { ratio: "size", resolution: undefined, count: { name: "n", max: 15 }, roles: undefined, startImage: undefined, referenceImages: "image_urls" } }],
    ["doubao-seedance-1.0-pro-fast: quality tiers, one image_urls is the start frame", { given: "doubao-seedance-1.0-pro-fast", want: { ratio: "aspect_ratio", resolution: "quality", count: undefined, roles: undefined, startImage: "image_urls", referenceImages: undefined } }],
    ["doubao-seedance-1-0-pro-quality: frames with roles", { given: "doubao-seedance-1-0-pro-quality", want: { ratio: "aspect_ratio", resolution: "resolution", count: undefined, roles: ["first_frame", "last_frame"], startImage: undefined, referenceImages: undefined } }],
    ["doubao-seedance-2-0-fast: roles incl. reference_image, and references of each kind", { given: "doubao-seedance-2-0-fast", want: { ratio: "size", resolution: "resolution", count: undefined, roles: ["first_frame", "last_frame", "reference_image"], startImage: undefined, referenceImages: "image_urls" } }],
  ] as const)("%s", (_name, { given, want }) => {
    const fields = modelFields(given);
    expect({ ratio: fields.ratio?.name, resolution: fields.resolution?.name, count: fields.count, roles: fields.roles?.values, startImage: fields.startImage, referenceImages: fields.referenceImages }).toEqual(want);
    expect(modelFields(given)).toBe(fields);
  });
});

describe("imageInput (apimart-doubao-seedance-4-0)", () => {
  const fields = modelFields("apimart-doubao-seedance-4-0");

  it.each([
    ["n and aspectRatio go to n and size", { given: imageCall({ n: 3, aspectRatio: "16:9" }), want: { input: { prompt: "p", n: 3, size: "16:9" }, warnings: [] } }],
    ["a pixel size maps to its ratio", { given: imageCall({ size: "1024x768" }), want: { input: { prompt: "p", n: 1, size: "4:3" }, warnings: [] } }],
    ["a near size maps with a compatibility warning", { given: imageCall({ size: "1792x1024" }), want: { input: { prompt: "p", n: 1, size: "16:9" }, warnings: ["size"] } }],
    ["aspectRatio wins over size, with a warning", { given: imageCall({ size: "1024x768", aspectRatio: "1:1" }), want: { input: { prompt: "p", n: 1, size: "1:1" }, warnings: ["size"] } }],
    ["seed is not a 4.0 parameter", { given: imageCall({ seed: 7 }), want: { input: { prompt: "p", n: 1 }, warnings: ["seed"] } }],
    ["a mask is not sent", { given: imageCall({ mask: { type: "url", url: "https://x.test/m.png" } }), want: { input: { prompt: "p", n: 1 }, warnings: ["mask"] } }],
    ["no prompt: none sent", { given: imageCall({ prompt: undefined }), want: { input: { n: 1 }, warnings: [] } }],
    ["empty files: none sent", { given: imageCall({ files: [] }), want: { input: { prompt: "p", n: 1 }, warnings: [] } }],
  ])("%s", async (_name, { given, want }) => {
    const { input, warnings } = await imageInput(fields, given);
    expect(input).toEqual(want.input);
    expect(features(warnings)).toEqual(want.warnings);
  });

  it("warning texts: size's says aspectRatio wins; mask's says no inpainting; an approximate size names both", async () => {
    const { warnings } = await imageInput(fields, imageCall({ size: "1024x768", aspectRatio: "1:1", mask: { type: "url", url: "https://x.test/m.png" } }));
    expect(warnings).toEqual([
      { type: "unsupported", feature: "size", details: "aspectRatio was given and wins: the model takes one aspect ratio, no pixel size" },
      { type: "unsupported", feature: "mask", details: "apimart-doubao-seedance-4-0 does no inpainting; the mask was not sent" },
    ]);
    const near = await imageInput(fields, imageCall({ size: "1792x1024" }));
    expect(near.warnings).toEqual([{ type: "compatibility", feature: "size", details: "size 1792x1024 sent as the nearest aspect ratio the model offers, 16:9" }]);
  });

  it("files become image_urls, URLs as they are, bytes as data URIs", async () => {
    const { input } = await imageInput(fields, imageCall({ files: [image("https://cdn.test/a.png"), { type: "file", mediaType: "image/png", data: PNG }] }));
    expect(input.image_urls).toEqual(["https://cdn.test/a.png", PNG_URI]);
  });

  it("a size matching no ratio is refused, listing only the ratios", async () => {
    const error = await failure(imageInput(fields, imageCall({ size: "4000x100" })));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error!.argument).toBe("size");
    expect(error!.message).toBe("size 4000x100 matches none of the aspect ratios apimart-doubao-seedance-4-0 offers (1:1, 4:3, 3:4, 16:9, 9:16, 3:2, 2:3, 21:9, 9:21); pass aspectRatio or a size of one of them");
  });
});

describe("imageInput on a model without count, ratio or files", () => {
  it("n > 1, aspectRatio, size and files each warn", async () => {
    const fields = { slug: "doubao-seedance-1-0-pro-quality" as const };
    const { input, warnings } = await imageInput(fields, imageCall({ n: 2, aspectRatio: "1:1", files: [image("https://cdn.test/a.png")] }));
    expect(input).toEqual({ prompt: "p" });
    expect(warnings).toEqual([
      { type: "unsupported", feature: "n", details: "doubao-seedance-1-0-pro-quality makes one image per task" },
      { type: "unsupported", feature: "aspectRatio", details: "doubao-seedance-1-0-pro-quality has no parameter for aspectRatio; it was not sent" },
      { type: "unsupported", feature: "files", details: "doubao-seedance-1-0-pro-quality has no parameter for files; it was not sent" },
    ]);
    const sized = await imageInput(fields, imageCall({ size: "1024x1024" }));
    expect(sized.warnings).toEqual([{ type: "unsupported", feature: "size", details: "doubao-seedance-1-0-pro-quality has no parameter for size; it was not sent" }]);
    expect((await imageInput(fields, imageCall({ n: 1 }))).warnings).toEqual([]);
  });
});

describe("videoInput", () => {
  it.each([
    ["2.0 fast: every option to its field", { given: ["doubao-seedance-2-0-fast", videoCall({ aspectRatio: "16:9", resolution: "1280x720", duration: 5, seed: 3, generateAudio: true })], want: { input: { prompt: "p", size: "16:9", resolution: "720p", duration: 5, seed: 3, generate_audio: true }, warnings: [] } }],
    ["gateway 1.0: resolution to quality, the webhook to callback_url; seed and audio warn", { given: ["doubao-seedance-1.0-pro-fast", videoCall({ resolution: "1920x1080", seed: 3, generateAudio: false, webhookUrl: "https://hooks.test/x" })], want: { input: { prompt: "p", quality: "1080p", callback_url: "https://hooks.test/x" }, warnings: ["seed", "generateAudio"] } }],
    ["n > 1 and fps warn", { given: ["doubao-seedance-2-0-fast", videoCall({ n: 2, fps: 24 })], want: { input: { prompt: "p" }, warnings: ["n", "fps"] } }],
    ["n of 1 does not warn", { given: ["doubao-seedance-2-0-fast", videoCall({ n: 1 })], want: { input: { prompt: "p" }, warnings: [] } }],
    ["MindVideo has no webhook", { given: ["doubao-seedance-2-0-fast", videoCall({ webhookUrl: "https://hooks.test/x" })], want: { input: { prompt: "p" }, warnings: ["webhookUrl"] } }],
    ["no prompt: none sent", { given: ["doubao-seedance-2-0-fast", videoCall({ prompt: undefined })], want: { input: {}, warnings: [] } }],
  ] as const)("%s", async (_name, { given, want }) => {
    const { input, warnings } = await videoInput(modelFields(given[0]), given[1]);
    expect(input).toEqual(want.input);
    expect(features(warnings)).toEqual(want.warnings);
  });

  it("n and fps warnings say why", async () => {
    const { warnings } = await videoInput(modelFields("doubao-seedance-2-0-fast"), videoCall({ n: 2, fps: 24 }));
    expect(warnings).toEqual([
      { type: "unsupported", feature: "n", details: "doubao-seedance-2-0-fast makes one video per task" },
      { type: "unsupported", feature: "fps", details: "doubao-seedance-2-0-fast has a fixed frame rate; fps was not sent" },
    ]);
  });

  it("a resolution matching no tier is refused naming the tiers", async () => {
    const error = await failure(videoInput(modelFields("doubao-seedance-2-0-fast"), videoCall({ resolution: "1920x1080" })));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error!.argument).toBe("resolution");
    expect(error!.message).toBe("resolution 1920x1080 matches none of the tiers doubao-seedance-2-0-fast offers (480p, 720p, e.g. 1280x720 for 720p)");
  });

  it("a resolution on a model without tiers warns", async () => {
    const { warnings } = await videoInput({ slug: "doubao-seedance-2-0-fast" }, videoCall({ resolution: "1280x720" }));
    expect(features(warnings)).toEqual(["resolution"]);
  });

  it.each([
    ["roles model: first and last frames with roles", { given: ["doubao-seedance-1-0-pro-quality", videoCall({ frameImages: [{ image: image("https://c.test/f.png"), frameType: "first_frame" }, { image: image("https://c.test/l.png"), frameType: "last_frame" }] })], want: { image_with_roles: [{ url: "https://c.test/f.png", role: "first_frame" }, { url: "https://c.test/l.png", role: "last_frame" }] }, warnings: [] }],
    ["roles model: prompt.image alone is the first frame", { given: ["doubao-seedance-1-0-pro-quality", videoCall({ image: image("https://c.test/f.png") })], want: { image_with_roles: [{ url: "https://c.test/f.png", role: "first_frame" }] }, warnings: [] }],
    ["start-image model: the first frame is image_urls", { given: ["doubao-seedance-1.0-pro-fast", videoCall({ image: image("https://c.test/f.png") })], want: { image_urls: ["https://c.test/f.png"] }, warnings: [] }],
    ["start-image model: a last frame warns", { given: ["doubao-seedance-1.0-pro-fast", videoCall({ frameImages: [{ image: image("https://c.test/l.png"), frameType: "last_frame" }] })], want: {}, warnings: ["frameImages.last_frame"] }],
    ["empty frameImages: prompt.image is the first frame", { given: ["doubao-seedance-2-0-fast", videoCall({ frameImages: [], image: image("https://c.test/f.png") })], want: { image_with_roles: [{ url: "https://c.test/f.png", role: "first_frame" }] }, warnings: [] }],
  ] as const)("frames: %s", async (_name, { given, want, warnings }) => {
    const result = await videoInput(modelFields(given[0]), given[1]);
    const { prompt: _prompt, ...rest } = result.input;
    expect(rest).toEqual(want);
    expect(features(result.warnings)).toEqual(warnings);
  });

  it("frames on a model with neither roles nor a start image warn, naming the frame", async () => {
    const { input, warnings } = await videoInput({ slug: "apimart-doubao-seedance-4-0" }, videoCall({ image: image("https://c.test/f.png") }));
    expect(input).toEqual({ prompt: "p" });
    expect(warnings).toEqual([{ type: "unsupported", feature: "image", details: "apimart-doubao-seedance-4-0 takes no first frame image; it was not sent" }]);
  });

  it("references: images, videos and audio to their fields; with role frames, reference images take roles too", async () => {
    const refs = [image("https://c.test/r.png"), image("https://c.test/r.mp4"), image("https://c.test/r.mp3"), image("https://c.test/r2.jpg")];
    const plain = await videoInput(modelFields("doubao-seedance-2-0-fast"), videoCall({ inputReferences: refs }));
    expect(plain.input).toEqual({ prompt: "p", image_urls: ["https://c.test/r.png", "https://c.test/r2.jpg"], video_urls: ["https://c.test/r.mp4"], audio_urls: ["https://c.test/r.mp3"] });
    const withFrame = await videoInput(modelFields("doubao-seedance-2-0-fast"), videoCall({ image: image("https://c.test/f.png"), inputReferences: [refs[0]!] }));
    expect(withFrame.input).toEqual({ prompt: "p", image_with_roles: [{ url: "https://c.test/f.png", role: "first_frame" }, { url: "https://c.test/r.png", role: "reference_image" }] });
  });

  it("a reference of a kind the model lacks warns, naming it", async () => {
    const { input, warnings } = await videoInput(modelFields("doubao-seedance-1-0-pro-quality"), videoCall({ inputReferences: [image("https://c.test/r.mp4")] }));
    expect(input).toEqual({ prompt: "p" });
    expect(warnings).toEqual([{ type: "unsupported", feature: "inputReferences.video", details: "doubao-seedance-1-0-pro-quality takes no reference video; inputReferences[0] was not sent" }]);
  });

  it("providerOptions merge over the mapped fields", async () => {
    const { input } = await videoInput(modelFields("doubao-seedance-2-0-fast"), videoCall({ duration: 5, providerOptions: { mindvideo: { duration: 8, watermark: false } } }));
    expect(input).toEqual({ prompt: "p", duration: 8, watermark: false });
  });
});

describe("files", () => {
  it.each([
    ["bytes typed video", { given: { type: "file" as const, mediaType: "video/mp4", data: PNG }, want: "video" }],
    ["bytes typed audio", { given: { type: "file" as const, mediaType: "audio/mpeg", data: PNG }, want: "audio" }],
    ["bytes typed image", { given: { type: "file" as const, mediaType: "image/png", data: PNG }, want: "image" }],
    ["a .webm URL with a query", { given: image("https://c.test/a.WEBM?x=1"), want: "video" }],
    ["a .wav URL with a fragment", { given: image("https://c.test/a.wav#t"), want: "audio" }],
    ["a URL without an extension", { given: image("https://c.test/a"), want: "image" }],
    ["a URL whose query looks like a video", { given: image("https://c.test/a?x=.mp4"), want: "image" }],
    ["a URL whose name only contains .mp4", { given: image("https://c.test/a.mp4.png"), want: "image" }],
    ["a URL whose name only contains .wav", { given: image("https://c.test/a.wav.png"), want: "image" }],
    ["a URL typed audio, whatever its extension", { given: { ...image("https://c.test/a.mp4"), mediaType: "audio/mpeg" } as never, want: "audio" }],
    ["a URL with an empty type goes by its extension", { given: { ...image("https://c.test/a.mp4"), mediaType: "" } as never, want: "video" }],
  ])("fileKind: %s", (_name, { given, want }) => {
    expect(fileKind(given)).toBe(want);
  });

  const target = { slug: "doubao-seedance-2-0-fast" as const, field: "image_urls", kind: "image" as const, argument: "files[0]" };

  it.each([
    ["an https URL as it is", { given: image("https://c.test/a.png"), want: "https://c.test/a.png" }],
    ["an HTTP URL in capitals as it is", { given: image("HTTP://c.test/a.png"), want: "HTTP://c.test/a.png" }],
    ["a base64 data: URL re-encoded after checks", { given: image(PNG_URI), want: PNG_URI }],
    ["base64 bytes with whitespace", { given: { type: "file" as const, mediaType: "image/png", data: `${btoa(String.fromCharCode(...PNG)).slice(0, 4)}\n ${btoa(String.fromCharCode(...PNG)).slice(4)}` }, want: PNG_URI }],
  ])("fileToInput: %s", async (_name, { given, want }) => {
    expect(await fileToInput(given, target)).toBe(want);
  });

  // The seeds' 10 MB image limit of the gateway model: base64 carries 3 bytes per 4 characters.
  const capped = { slug: "doubao-seedance-1.0-pro-fast" as const, field: "image_urls", kind: "image" as const, argument: "files[0]" };
  const MAX = 10 * 1024 * 1024;
  it.each([
    // floor(13,981,020 × 3 / 4) = 10,485,765 > 10,485,760 + 3: refused before decoding, by its estimated size.
    ["far over the cap, before decoding", { length: 13_981_020, want: `files[0] is about 10485765 bytes; at most ${MAX} are allowed for doubao-seedance-1.0-pro-fast image_urls (host it and send its URL instead)` }],
    // floor(13,981,018 × 3 / 4) = 10,485,763: within the estimate's slack, so decoded, then refused by its exact size.
    ["just over, after decoding", { length: 13_981_018, want: `files[0] (for doubao-seedance-1.0-pro-fast image_urls) is 10485763 bytes; at most ${MAX} are allowed here (host it and send its URL instead)` }],
  ])("fileToInput refuses base64 %s", async (_name, { length, want }) => {
    const error = await failure(fileToInput({ type: "file", mediaType: "image/png", data: "A".repeat(length) }, capped));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error!.message).toBe(want);
  });

  it.each([
    ["another scheme", { given: image("ftp://c.test/a.png"), want: "files[0] must be an http(s) URL or a data: URI (got a ftp: URL)" }],
    ["no scheme", { given: image("c.test/a.png"), want: "files[0] must be an http(s) URL or a data: URI (got no URL scheme)" }],
    ["a data: URL without a comma", { given: image("data:image/png;base64"), want: "files[0] must be an http(s) URL or a data: URI (got a data: URL)" }],
    ["invalid base64", { given: { type: "file" as const, mediaType: "image/png", data: "***" }, want: "files[0] is not valid base64" }],
    ["text before the scheme", { given: image("see https://c.test/a.png"), want: "files[0] must be an http(s) URL or a data: URI (got no URL scheme)" }],
  ])("fileToInput refuses %s", async (_name, { given, want }) => {
    const error = await failure(fileToInput(given, target));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error!.argument).toBe("files[0]");
    expect(error!.message).toBe(want);
  });

  it("a percent-encoded data: URL that is not an image is refused by type, a malformed escape kept as text", async () => {
    const error = await failure(fileToInput(image("data:text/html,%3Cb%3Ex%E0%A4%A"), target));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error!.message).toContain("files[0]");
  });
});
