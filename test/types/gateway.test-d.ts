import { describe, expectTypeOf, it } from "vitest";
import { MindVideo, VideoGateway, type GenerationRequest, type GenerationTask } from "../../src/index.js";

const gw = new VideoGateway({ apiKey: "k" });
const mv = new MindVideo({ apiKey: "k" });

describe("gateway body narrows by model", () => {
  it("accepts the model's fields and rejects others", () => {
    void gw.videos.create({ model: "doubao-seedance-1.0-pro-fast", prompt: "p", quality: "720p", image_urls: ["https://example.com/a.png"] });
    // @ts-expect-error 4K is not a quality of this model
    void gw.videos.create({ model: "doubao-seedance-1.0-pro-fast", prompt: "p", quality: "4K" });
    // @ts-expect-error a MindVideo model on the gateway
    void gw.videos.create({ model: "doubao-seedance-2-0-fast", prompt: "p" });
  });
});

describe("one interface for both providers", () => {
  it("requests are the union of both providers' models, narrowed by model", () => {
    const request: GenerationRequest = { model: "doubao-seedance-1.0-pro-fast", input: { prompt: "p", duration: 5 } };
    void request;
    // @ts-expect-error resolution belongs to MindVideo models, not this gateway model
    const wrong: GenerationRequest = { model: "doubao-seedance-1.0-pro-fast", input: { prompt: "p", resolution: "720p" } };
    void wrong;
  });
  it("both resolve to GenerationTask", () => {
    expectTypeOf(mv.generations.run).returns.resolves.toEqualTypeOf<GenerationTask>();
    expectTypeOf(gw.generations.get).returns.resolves.toEqualTypeOf<GenerationTask>();
  });
});
