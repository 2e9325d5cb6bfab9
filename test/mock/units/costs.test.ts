/**
 * The simulator's MindVideo cost estimates beyond the seeds' three worked examples: other
 * resolutions scale with their pixel count, other durations and counts linearly, model defaults
 * fill what the input leaves out, and unpriced models cost like the cheapest seed of their kind.
 */
import { describe, expect, it } from "vitest";
import { estimateCost, isScenario, SCENARIOS } from "../../../src/simulator/facts.js";
import type { ModelSlug } from "../../../generated/models/registry.js";

// Seeds 000-002: 1-0-pro-quality 1080p 5 s = 0.585; 2-0-fast 720p 5 s = 0.0657; one 4.0 image = 0.0252.
const QUALITY_PER_SECOND_1080 = 0.585 / 5;
const FAST_PER_SECOND_720 = 0.0657 / 5;
const IMAGE = 0.0252;
const PIXELS = { "480p": 854 * 480, "720p": 1280 * 720, "1080p": 1920 * 1080 };
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe("estimateCost", () => {
  it.each([
    ["2-0-fast at 480p scales down by pixels", { given: ["doubao-seedance-2-0-fast", { resolution: "480p", duration: 5 }], want: round4(FAST_PER_SECOND_720 * 5 * (PIXELS["480p"] / PIXELS["720p"])) }],
    ["2-0-fast for 10 s costs twice 5 s", { given: ["doubao-seedance-2-0-fast", { resolution: "720p", duration: 10 }], want: round4(FAST_PER_SECOND_720 * 10) }],
    ["2-0-fast with the model's defaults (480p, 5 s)", { given: ["doubao-seedance-2-0-fast", {}], want: round4(FAST_PER_SECOND_720 * 5 * (PIXELS["480p"] / PIXELS["720p"])) }],
    ["1-0-pro-quality at 720p scales down", { given: ["doubao-seedance-1-0-pro-quality", { resolution: "720p", duration: 5 }], want: round4(QUALITY_PER_SECOND_1080 * 5 * (PIXELS["720p"] / PIXELS["1080p"])) }],
    ["1-0-pro-quality with its defaults (1080p, 5 s)", { given: ["doubao-seedance-1-0-pro-quality", {}], want: 0.585 }],
    ["an unknown resolution is priced as the seed's", { given: ["doubao-seedance-1-0-pro-quality", { resolution: "4k", duration: 5 }], want: 0.585 }],
    ["four 4.0 images", { given: ["apimart-doubao-seedance-4-0", { n: 4 }], want: round4(IMAGE * 4) }],
    ["one 4.0 image by default", { given: ["apimart-doubao-seedance-4-0", {}], want: IMAGE }],
    ["an unpriced video model costs like the cheapest per-second seed (2-0-fast at 720p)", { given: ["doubao-seedance-1.0-pro-fast", { resolution: "720p", duration: 5 }], want: round4(FAST_PER_SECOND_720 * 5) }],
    ["... scaled by its pixels like any other", { given: ["doubao-seedance-1.0-pro-fast", { resolution: "1080p", duration: 5 }], want: round4(FAST_PER_SECOND_720 * 5 * (PIXELS["1080p"] / PIXELS["720p"])) }],
  ] as const)("%s", (_name, { given, want }) => {
    expect(estimateCost(given[0] as ModelSlug, given[1] as Record<string, unknown>)).toBe(want);
  });

  it("is rounded to 4 decimals like the seeds", () => {
    const cost = estimateCost("doubao-seedance-2-0-fast", { resolution: "480p", duration: 7 });
    expect(cost).toBe(Math.round(cost * 10_000) / 10_000);
    expect(String(cost).split(".")[1]!.length).toBeLessThanOrEqual(4);
    expect(cost).toBeCloseTo(FAST_PER_SECOND_720 * 7 * (PIXELS["480p"] / PIXELS["720p"]), 4);
  });
});

describe("scenarios", () => {
  it.each([
    ["every listed scenario", { given: [...SCENARIOS], want: true }],
    ["an unknown name", { given: ["chaos"], want: false }],
    ["a non-string", { given: [1, null, undefined], want: false }],
    ["a case variant", { given: ["FAIL"], want: false }],
  ])("isScenario: %s", (_name, { given, want }) => {
    for (const value of given) expect(isScenario(value)).toBe(want);
  });
});
