import { describe, expectTypeOf, it } from "vitest";
import type { components } from "../../generated/openapi/mindvideo.js";
import type { DoubaoSeedance20FastInput } from "../../generated/models/types.js";
import { MindVideo, validateInput, type CreateTaskParams, type MediaFile, type TaskStatus } from "../../src/index.js";

const mv = new MindVideo({ apiKey: "k" });

describe("input narrows by model", () => {
  it("accepts what the model accepts", () => {
    void mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: "p", resolution: "720p", generate_audio: true } });
    void mv.tasks.create({ model: "apimart-doubao-seedance-4-0", input: { prompt: "p", size: "9:21", n: 2 } });
    expectTypeOf<CreateTaskParams<"doubao-seedance-2-0-fast">["input"]>().toEqualTypeOf<DoubaoSeedance20FastInput>();
  });

  it("rejects an enum value the model does not accept", () => {
    // @ts-expect-error 1080p is a 1.0 quality resolution, not a 2.0 fast one
    void mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: "p", resolution: "1080p" } });
    void mv.tasks.create({ model: "doubao-seedance-1-0-pro-quality", input: { prompt: "p", resolution: "1080p" } });
  });

  it("rejects a field the model does not have", () => {
    // @ts-expect-error generate_audio exists only on 2.0 fast
    void mv.tasks.create({ model: "doubao-seedance-1-0-pro-quality", input: { prompt: "p", generate_audio: true } });
  });

  it("rejects a wrong type and a missing required field", () => {
    // @ts-expect-error duration is an integer
    void mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: "p", duration: "5" } });
    // @ts-expect-error prompt is required
    void mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { duration: 5 } });
  });

  it("rejects unknown models and the gateway's models", () => {
    // @ts-expect-error not a model
    void mv.tasks.create({ model: "doubao-seedance-9-0", input: { prompt: "p" } });
    // @ts-expect-error a gateway model is not a MindVideo model
    void mv.tasks.create({ model: "doubao-seedance-1.0-pro-fast", input: { prompt: "p" } });
  });
});

describe("run() types the output by the model's kind", () => {
  it("image models resolve with output.images", async () => {
    const task = await mv.tasks.run({ model: "apimart-doubao-seedance-4-0", input: { prompt: "p" } });
    expectTypeOf(task.output.images).toEqualTypeOf<MediaFile[]>();
    expectTypeOf(task.status).toEqualTypeOf<"succeeded">();
    // @ts-expect-error an image task has no videos
    void task.output.videos;
  });

  it("video models resolve with output.videos", async () => {
    const task = await mv.tasks.run({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } });
    expectTypeOf(task.output.videos).toEqualTypeOf<MediaFile[]>();
    expectTypeOf(task.idempotencyKey).toEqualTypeOf<string>();
    // @ts-expect-error a video task has no images
    void task.output.images;
  });
});

describe("forward compatible statuses", () => {
  it("known statuses autocomplete, unknown strings are allowed", () => {
    expectTypeOf<"queued">().toMatchTypeOf<TaskStatus>();
    expectTypeOf<"some-future-status">().toMatchTypeOf<TaskStatus>();
  });
});

describe("validateInput", () => {
  it("types the value for a known slug", () => {
    const result = validateInput("doubao-seedance-2-0-fast", {});
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<DoubaoSeedance20FastInput>();
  });
});

describe("openapi-typescript's CreateTaskRequest is discriminated by model (no discriminator mapping needed)", () => {
  type Body = components["schemas"]["CreateTaskRequest"];
  it("each branch pairs a model const with its input schema", () => {
    expectTypeOf<Extract<Body, { model: "doubao-seedance-2-0-fast" }>["input"]>().toEqualTypeOf<components["schemas"]["doubao-seedance-2-0-fast"]>();
    expectTypeOf<Body["model"]>().toEqualTypeOf<"apimart-doubao-seedance-4-0" | "doubao-seedance-1-0-pro-quality" | "doubao-seedance-2-0-fast">();
  });
});
