/** modelFields for every model in spec/models: each AI SDK option's field and its allowed values, as the schemas state them. */
import { describe, expect, it } from "vitest";
import { modelFields, type ModelFields } from "../../../src/ai-sdk/model-fields.js";
import type { ModelSlug } from "../../../generated/models/registry.js";

const none = { ratio: undefined, resolution: undefined, duration: undefined, seed: undefined, generateAudio: undefined, count: undefined, roles: undefined, startImage: undefined, referenceImages: undefined, referenceVideos: undefined, referenceAudio: undefined, callbackUrl: undefined };

describe("modelFields", () => {
  it.each<[ModelSlug, Omit<ModelFields, "slug">]>([
    [
      "doubao-seedance-1.0-pro-fast",
      {
        ...none,
        ratio: { name: "aspect_ratio", values: ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "keep_ratio", "adaptive"] },
        resolution: { name: "quality", values: ["480p", "720p", "1080p"] },
        duration: "duration",
        startImage: "image_urls",
        callbackUrl: "callback_url",
      },
    ],
    [
      "apimart-doubao-seedance-4-0",
      {
        ...none,
        // Its `resolution` (1K/2K/4K) is no video tier, so no AI SDK option maps to it.
        ratio: { name: "size", values: ["1:1", "4:3", "3:4", "16:9", "9:16", "3:2", "2:3", "21:9", "9:21", "auto"] },
        count: { name: "n", max: 15 },
        referenceImages: "image_urls",
      },
    ],
    [
      "doubao-seedance-1-0-pro-quality",
      {
        ...none,
        ratio: { name: "aspect_ratio", values: ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"] },
        resolution: { name: "resolution", values: ["480p", "720p", "1080p"] },
        duration: "duration",
        seed: "seed",
        roles: { name: "image_with_roles", values: ["first_frame", "last_frame"] },
      },
    ],
    [
      "doubao-seedance-2-0-fast",
      {
        ...none,
        ratio: { name: "size", values: ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "adaptive"] },
        resolution: { name: "resolution", values: ["480p", "720p"] },
        duration: "duration",
        seed: "seed",
        generateAudio: "generate_audio",
        roles: { name: "image_with_roles", values: ["first_frame", "last_frame", "reference_image"] },
        referenceImages: "image_urls",
        referenceVideos: "video_urls",
        referenceAudio: "audio_urls",
      },
    ],
  ])("%s", (slug, want) => {
    expect(modelFields(slug)).toStrictEqual({ slug, ...want });
  });
});
