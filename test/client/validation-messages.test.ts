import { describe, expect, it } from "vitest";
import { isModelSlug, validateInput } from "../../src/validation.js";

/** Limits from the seeds' input schemas (000–003), as the spec encodes them. */
const GATEWAY = "doubao-seedance-1.0-pro-fast";
const IMAGE = "apimart-doubao-seedance-4-0";
const FAST = "doubao-seedance-2-0-fast";

type Case = [string, { given: { model: string; input: unknown; prefix?: string }; want: { path: string; message: string }[] }];
const cases: Case[] = [
  ["a number below the minimum", { given: { model: GATEWAY, input: { prompt: "p", duration: 1 }, prefix: "" }, want: [{ path: "duration", message: `duration must be at least 2 for ${GATEWAY}` }] }],
  ["a number above the maximum", { given: { model: GATEWAY, input: { prompt: "p", duration: 13 }, prefix: "" }, want: [{ path: "duration", message: `duration must be at most 12 for ${GATEWAY}` }] }],
  ["an empty prompt (one character at least)", { given: { model: IMAGE, input: { prompt: "" } }, want: [{ path: "input.prompt", message: `input.prompt must be at least 1 character long for ${IMAGE}` }] }],
  ["a prompt over 1000 characters", { given: { model: IMAGE, input: { prompt: "p".repeat(1001) } }, want: [{ path: "input.prompt", message: `input.prompt must be at most 1000 characters long for ${IMAGE}` }] }],
  ["an empty list of reference images (one at least)", { given: { model: IMAGE, input: { prompt: "p", image_urls: [] } }, want: [{ path: "input.image_urls", message: `input.image_urls must have at least 1 item for ${IMAGE}` }] }],
  ["two images where one is allowed", { given: { model: GATEWAY, input: { prompt: "p", image_urls: ["https://e.test/a.png", "https://e.test/b.png"] }, prefix: "" }, want: [{ path: "image_urls", message: `image_urls must have at most 1 item for ${GATEWAY}` }] }],
  ["ten images where nine are allowed", { given: { model: FAST, input: { prompt: "p", image_urls: Array.from({ length: 10 }, (_, i) => `https://e.test/${i}.png`) } }, want: [{ path: "input.image_urls", message: `input.image_urls must have at most 9 items for ${FAST}` }] }],
  ["a reference image that is not a URI", { given: { model: GATEWAY, input: { prompt: "p", image_urls: ["not a url"] }, prefix: "" }, want: [{ path: "image_urls[0]", message: `image_urls[0] must be a valid uri for ${GATEWAY}` }] }],
  ["a string where an integer belongs", { given: { model: FAST, input: { prompt: "p", duration: "5" } }, want: [{ path: "input.duration", message: `input.duration must be an integer for ${FAST}` }] }],
  ["a number where an array belongs", { given: { model: FAST, input: { prompt: "p", image_urls: 3 } }, want: [{ path: "input.image_urls", message: `input.image_urls must be an array for ${FAST}` }] }],
  ["an input that is not an object", { given: { model: FAST, input: "p" }, want: [{ path: "input", message: `input must be an object for ${FAST}` }] }],
  ["an input that is not an object, in a gateway body", { given: { model: GATEWAY, input: [], prefix: "" }, want: [{ path: "", message: `input must be an object for ${GATEWAY}` }] }],
  ["a missing prompt in a gateway body", { given: { model: GATEWAY, input: {}, prefix: "" }, want: [{ path: "prompt", message: `prompt is required for ${GATEWAY}` }] }],
  ["a missing field inside an array item", { given: { model: FAST, input: { prompt: "p", image_with_roles: [{ url: "u" }] } }, want: [{ path: "input.image_with_roles[0].role", message: `input.image_with_roles[0].role is required for ${FAST}` }] }],
  ["an unknown field inside an array item", { given: { model: FAST, input: { prompt: "p", tools: [{ type: "web_search", depth: 2 }] } }, want: [{ path: "input.tools[0].depth", message: expect.stringContaining(`input.tools[0].depth is not a parameter; allowed: `) as unknown as string }] }],
  [
    "a rule: two first frames (reported at the field, once)",
    {
      given: { model: FAST, input: { prompt: "p", image_with_roles: [{ url: "a", role: "first_frame" }, { url: "b", role: "first_frame" }] } },
      want: [{ path: "input.image_with_roles", message: `image_with_roles may hold at most one first_frame image (${FAST})` }],
    },
  ],
  [
    "a rule at the top: keep_ratio without an image",
    { given: { model: GATEWAY, input: { prompt: "p", aspect_ratio: "keep_ratio" }, prefix: "" }, want: [{ path: "", message: `aspect_ratio keep_ratio and adaptive need an image (image-to-video mode, with image_urls) (${GATEWAY})` }] },
  ],
];

describe("validateInput: messages that name the field, the model and what is allowed", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const result = validateInput(given.model, given.input, given.prefix === undefined ? {} : { prefix: given.prefix });
    expect(result).toEqual({ ok: false, errors: want });
  });

  it("a model of another provider is unknown to that provider, listing only its models", () => {
    expect(validateInput(GATEWAY, { prompt: "p" }, { provider: "mindvideo" })).toEqual({
      ok: false,
      errors: [{ path: "model", message: `model "${GATEWAY}" is not a known model; allowed: apimart-doubao-seedance-4-0, doubao-seedance-1-0-pro-quality, doubao-seedance-2-0-fast` }],
    });
  });

  it("without a provider every model is listed", () => {
    const result = validateInput("nope", {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]!.message).toBe(`model "nope" is not a known model; allowed: ${GATEWAY}, apimart-doubao-seedance-4-0, doubao-seedance-1-0-pro-quality, doubao-seedance-2-0-fast`);
  });

  it("a valid input is returned as given, or with the schema's defaults filled in", () => {
    const input = { prompt: "p" };
    expect(validateInput(GATEWAY, input)).toEqual({ ok: true, value: input });
    const filled = validateInput(GATEWAY, input, { applyDefaults: true });
    expect(filled).toEqual({ ok: true, value: { prompt: "p", duration: 5, quality: "1080p" } });
  });

  it.each([
    ["a model of that provider", { given: [FAST, "mindvideo"], want: true }],
    ["a model of another provider", { given: [FAST, "gateway"], want: false }],
    ["any provider", { given: [GATEWAY, undefined], want: true }],
    ["an inherited property name", { given: ["toString", undefined], want: false }],
    ["not a string", { given: [7, undefined], want: false }],
  ] as const)("isModelSlug: %s", (_name, { given, want }) => {
    expect(isModelSlug(given[0], given[1])).toBe(want);
  });
});
