/**
 * The simulator's prices for a catalog the seeds do not fully price (the bench's synthetic catalogs):
 * an unpriced image model costs like the seeds' image example (seed 002: one 4.0 image, 0.0252),
 * an unpriced video model like the cheapest per-second seed (seed 001: 2-0-fast, 5 s at 720p, 0.0657).
 */
import { afterAll, describe, expect, it, vi } from "vitest";

// The unit project shares one module cache per worker (isolate: false): the registry is mocked for
// this file only, with the cache reset before facts.ts loads and after the file ends.
vi.resetModules();
vi.doMock("../../../generated/models/registry.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../generated/models/registry.js")>();
  return {
    ...real,
    models: {
      ...real.models,
      "synthetic-image": { output: "image", defaults: { n: 1 } },
      "synthetic-video": { output: "video", defaults: { duration: 5 } },
    },
  };
});
const { estimateCost } = await import("../../../src/simulator/facts.js");
afterAll(() => {
  vi.doUnmock("../../../generated/models/registry.js");
  vi.resetModules();
});

const IMAGE = 0.0252;
const FAST_PER_SECOND_720 = 0.0657 / 5;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe("estimateCost for models the seeds do not price", () => {
  it.each([
    ["one image of an unpriced image model", { given: { n: 1 }, want: IMAGE }],
    ["three images of it", { given: { n: 3 }, want: round4(3 * IMAGE) }],
  ])("%s", (_name, { given, want }) => {
    expect(estimateCost("synthetic-image" as never, given)).toBe(want);
  });

  it("an unpriced video model without a resolution costs like the cheapest per-second seed at its own size", () => {
    expect(estimateCost("synthetic-video" as never, { duration: 10 })).toBe(round4(FAST_PER_SECOND_720 * 10));
  });
});
