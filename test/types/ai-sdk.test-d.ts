import type { Experimental_VideoModelV4, ImageModelV4, ProviderV4 } from "@ai-sdk/provider";
import { experimental_generateVideo, generateImage } from "ai";
import { describe, expectTypeOf, it } from "vitest";
import {
  createMindVideo,
  createVideoGateway,
  mindvideo,
  videoGateway,
  type MindVideoImageModelId,
  type MindVideoProviderOptions,
  type MindVideoVideoModelId,
  type VideoGatewayVideoModelId,
} from "../../src/ai-sdk/index.js";

describe("model ids", () => {
  it("are each provider's models of each kind, from the registry", () => {
    expectTypeOf<MindVideoImageModelId>().toEqualTypeOf<"apimart-doubao-seedance-4-0">();
    expectTypeOf<MindVideoVideoModelId>().toEqualTypeOf<"doubao-seedance-1-0-pro-quality" | "doubao-seedance-2-0-fast">();
    expectTypeOf<VideoGatewayVideoModelId>().toEqualTypeOf<"doubao-seedance-1.0-pro-fast">();
  });

  it("narrow .image and .video", () => {
    expectTypeOf(mindvideo.image("apimart-doubao-seedance-4-0")).toEqualTypeOf<ImageModelV4>();
    expectTypeOf(mindvideo.video("doubao-seedance-2-0-fast")).toEqualTypeOf<Experimental_VideoModelV4>();
    expectTypeOf(videoGateway.video("doubao-seedance-1.0-pro-fast")).toEqualTypeOf<Experimental_VideoModelV4>();
    // @ts-expect-error a video model is not an image model
    mindvideo.image("doubao-seedance-2-0-fast");
    // @ts-expect-error an image model is not a video model
    mindvideo.video("apimart-doubao-seedance-4-0");
    // @ts-expect-error a gateway model on the MindVideo provider
    mindvideo.video("doubao-seedance-1.0-pro-fast");
    // @ts-expect-error a MindVideo model on the gateway provider
    videoGateway.video("doubao-seedance-2-0-fast");
    // @ts-expect-error the gateway has no image models
    videoGateway.imageModel("apimart-doubao-seedance-4-0");
  });

  it("the providers are AI SDK v4 providers and take the clients' options", () => {
    expectTypeOf(createMindVideo({ apiKey: "k", baseUrl: "http://localhost", maxRetries: 0, fetch: (r: Request) => fetch(r) })).toExtend<ProviderV4>();
    expectTypeOf(createVideoGateway({ wait: { pollIntervalMs: 500, timeoutMs: 60_000 } })).toExtend<ProviderV4>();
    // @ts-expect-error not an option
    createMindVideo({ apikey: "k" });
  });
});

describe("per-model provider options", () => {
  it("take the model's fields and values, and nothing else", () => {
    expectTypeOf<{ watermark: true; camera_fixed: false }>().toExtend<MindVideoProviderOptions<"doubao-seedance-2-0-fast">>();
    expectTypeOf<{ resolution: "4K" }>().toExtend<MindVideoProviderOptions<"apimart-doubao-seedance-4-0">>();
    expectTypeOf<{ resolution: "1080p" }>().not.toExtend<MindVideoProviderOptions<"doubao-seedance-2-0-fast">>();
    expectTypeOf<MindVideoProviderOptions<"doubao-seedance-1-0-pro-quality">>().not.toHaveProperty("watermark");
    // prompt and n come from the call
    expectTypeOf<MindVideoProviderOptions<"apimart-doubao-seedance-4-0">>().not.toHaveProperty("prompt");
    expectTypeOf<MindVideoProviderOptions<"apimart-doubao-seedance-4-0">>().not.toHaveProperty("n");
  });

  it("narrow providerOptions.mindvideo in an AI SDK call with satisfies", () => {
    void experimental_generateVideo({
      model: mindvideo.video("doubao-seedance-2-0-fast"),
      prompt: "p",
      providerOptions: { mindvideo: { watermark: true, return_last_frame: true } satisfies MindVideoProviderOptions<"doubao-seedance-2-0-fast"> },
    });
    void generateImage({
      model: mindvideo.image("apimart-doubao-seedance-4-0"),
      prompt: "p",
      // @ts-expect-error 8K is not a resolution of the 4.0 model
      providerOptions: { mindvideo: { resolution: "8K" } satisfies MindVideoProviderOptions<"apimart-doubao-seedance-4-0"> },
    });
  });
});
