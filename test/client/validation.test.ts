import { describe, expect, it } from "vitest";
import { InputValidationError, MindVideo, validateInput } from "../../src/index.js";
import { json, recordingFetch, task } from "../helpers/recording-fetch.js";

type Want = { path: string; message: string }[];
const cases: [string, { model: string; input: unknown; want: Want }][] = [
  [
    "an enum value the model does not accept",
    {
      model: "doubao-seedance-2-0-fast",
      input: { prompt: "p", resolution: "1080p" },
      want: [{ path: "input.resolution", message: "input.resolution must be one of 480p, 720p for doubao-seedance-2-0-fast" }],
    },
  ],
  [
    "a missing required field",
    { model: "doubao-seedance-1-0-pro-quality", input: {}, want: [{ path: "input.prompt", message: "input.prompt is required for doubao-seedance-1-0-pro-quality" }] },
  ],
  [
    "a field the model does not have",
    {
      model: "doubao-seedance-1-0-pro-quality",
      input: { prompt: "p", generate_audio: true },
      want: [
        {
          path: "input.generate_audio",
          message: "input.generate_audio is not a parameter; allowed: seed, prompt, duration, resolution, aspect_ratio, image_with_roles for doubao-seedance-1-0-pro-quality",
        },
      ],
    },
  ],
  [
    "a number out of range and a wrong type, both reported",
    {
      model: "doubao-seedance-2-0-fast",
      input: { prompt: "p", duration: 20, watermark: "yes" },
      want: [
        { path: "input.duration", message: "input.duration must be at most 15 for doubao-seedance-2-0-fast" },
        { path: "input.watermark", message: "input.watermark must be a boolean for doubao-seedance-2-0-fast" },
      ],
    },
  ],
  [
    "a nested array item",
    {
      model: "doubao-seedance-1-0-pro-quality",
      input: { prompt: "p", image_with_roles: [{ url: "u", role: "middle_frame" }] },
      want: [{ path: "input.image_with_roles[0].role", message: "input.image_with_roles[0].role must be one of first_frame, last_frame for doubao-seedance-1-0-pro-quality" }],
    },
  ],
  [
    "a cross-field rule, in the vendor's words",
    {
      model: "doubao-seedance-2-0-fast",
      input: { prompt: "p", image_urls: ["a"], image_with_roles: [{ url: "b", role: "reference_image" }] },
      want: [{ path: "input", message: "image_urls cannot be used together with image_with_roles (doubao-seedance-2-0-fast)" }],
    },
  ],
  [
    "a count rule",
    {
      model: "apimart-doubao-seedance-4-0",
      input: { prompt: "p", image_urls: ["a", "b", "c"], n: 13 },
      want: [{ path: "input", message: "the number of image_urls plus n (default 1) must be 15 or less (apimart-doubao-seedance-4-0)" }],
    },
  ],
  [
    "a per-role limit inside an array",
    {
      model: "doubao-seedance-1-0-pro-quality",
      input: { prompt: "p", image_with_roles: [{ url: "a", role: "first_frame" }, { url: "b", role: "first_frame" }] },
      want: [{ path: "input.image_with_roles", message: "image_with_roles may hold at most one first_frame image (doubao-seedance-1-0-pro-quality)" }],
    },
  ],
  [
    "an unknown model",
    {
      model: "doubao-seedance-9-0",
      input: { prompt: "p" },
      want: [{ path: "model", message: 'model "doubao-seedance-9-0" is not a known model; allowed: apimart-doubao-seedance-4-0, doubao-seedance-1-0-pro-quality, doubao-seedance-2-0-fast' }],
    },
  ],
  ["input that is not an object", { model: "doubao-seedance-2-0-fast", input: "p", want: [{ path: "input", message: "input must be an object for doubao-seedance-2-0-fast" }] }],
];

describe("validateInput", () => {
  it.each(cases)("%s", (_name, { model, input, want }) => {
    const result = validateInput(model, input, { provider: "mindvideo" });
    expect(result).toEqual({ ok: false, errors: want });
  });

  it("accepts a valid input unchanged", () => {
    const input = { prompt: "p", resolution: "720p" };
    expect(validateInput("doubao-seedance-2-0-fast", input)).toEqual({ ok: true, value: input });
  });

  it("fills defaults only when asked", () => {
    const result = validateInput("doubao-seedance-2-0-fast", { prompt: "p", duration: 6 }, { applyDefaults: true });
    expect(result).toEqual({
      ok: true,
      value: { size: "16:9", duration: 6, watermark: false, resolution: "480p", camera_fixed: false, generate_audio: false, return_last_frame: false, prompt: "p" },
    });
  });
});

describe("create validates before sending", () => {
  const setup = (options = {}) => {
    const recorder = recordingFetch([json(200, task())]);
    return { mv: new MindVideo({ apiKey: "k", baseUrl: "https://api.test", fetch: recorder.fetch, ...options }), attempts: recorder.attempts };
  };

  it("throws InputValidationError listing every problem, and sends nothing", async () => {
    const { mv, attempts } = setup();
    const bad = { model: "doubao-seedance-2-0-fast", input: { prompt: "", resolution: "4K", duration: 1 } } as never;
    const error = (await mv.tasks.create(bad).catch((e: unknown) => e)) as InputValidationError;
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error.model).toBe("doubao-seedance-2-0-fast");
    expect(error.errors.map((e) => e.path)).toEqual(["input.prompt", "input.duration", "input.resolution"]);
    expect(error.message).toContain("input.resolution must be one of 480p, 720p for doubao-seedance-2-0-fast");
    expect(attempts).toHaveLength(0);
  });

  it("refuses a gateway model on the MindVideo API", async () => {
    const { mv, attempts } = setup();
    await expect(mv.tasks.create({ model: "doubao-seedance-1.0-pro-fast", input: { prompt: "p" } } as never)).rejects.toThrow(/is not a known model/);
    expect(attempts).toHaveLength(0);
  });

  it("sends the input without defaults unless applyDefaults is set", async () => {
    const { mv, attempts } = setup();
    await mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } });
    await mv.tasks.create({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } }, { applyDefaults: true });
    expect(JSON.parse(attempts[0]!.body)).toEqual({ model: "doubao-seedance-2-0-fast", input: { prompt: "p" } });
    expect(JSON.parse(attempts[1]!.body).input.resolution).toBe("480p");
  });

  it("can be turned off per client and per call", async () => {
    const bad = { model: "doubao-seedance-2-0-fast", input: { prompt: "p", resolution: "4K" } } as never;
    const off = setup({ validate: false });
    await off.mv.tasks.create(bad);
    expect(off.attempts).toHaveLength(1);
    const on = setup();
    await on.mv.tasks.create(bad, { validate: false });
    expect(on.attempts).toHaveLength(1);
  });
});
