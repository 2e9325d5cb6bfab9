/**
 * Sizes and tiers that are not what they look like: a third dimension, a negative height, tier
 * names with more than a number and `p`, and the first of two equally near tiers.
 */
import { describe, expect, it } from "vitest";
import { resolutionToTier, sizeToRatio } from "../../../src/ai-sdk/dimensions.js";

describe("sizes that are no WxH", () => {
  it.each([
    ["three dimensions", { given: ["16x9x2", ["16:9"]], want: undefined }],
    ["a negative height", { given: ["1280x-720", ["16:9", "1:1"]], want: undefined }],
    ["a ratio of three parts among the values is skipped", { given: ["1600x900", ["16:9:1", "16:9"]], want: { value: "16:9" } }],
  ] as const)("size: %s", (_name, { given, want }) => {
    expect(sizeToRatio(given[0], given[1])).toEqual(want);
  });

  it.each([
    ["three dimensions", { given: ["1280x720x1", ["720p"]], want: undefined }],
    ["a tier name with a prefix is no tier", { given: ["1280x720", ["x720p", "720p"]], want: "720p" }],
    ["a tier name with a suffix is no tier", { given: ["1280x720", ["720px"]], want: undefined }],
    ["of two names for one tier, the first wins", { given: ["1280x720", ["720p", "0720p"]], want: "720p" }],
  ] as const)("tier: %s", (_name, { given, want }) => {
    expect(resolutionToTier(given[0], given[1])?.value).toBe(want);
  });
});
