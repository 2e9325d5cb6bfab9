import { describe, expect, it } from "vitest";
import { validators } from "../../generated/validators/index.js";
import { models, type ModelSlug } from "../../generated/models/registry.js";
import { componentValidator } from "../helpers/openapi.js";
import { requireSeedPages, type SeedPage } from "../helpers/seed-extract.js";

const fixtures: SeedPage[] = requireSeedPages();
/** Seed 003 is a flattened OpenAPI document: its one request example, as published. */
const gatewayRequestExample = { model: "doubao-seedance-1.0-pro-fast", prompt: "A cat playing piano" };

describe("seed examples", () => {
  // Read from ../shared/seeds at test time (never skipped: without the pages the file fails).
  it("the three MindVideo pages are read, each with its request and output examples", () => {
    expect(fixtures.map((p) => p.file)).toEqual(["000_315b954f619924c4.txt", "001_9788097261900708.txt", "002_253058486f6d3e42.txt"]);
    for (const page of fixtures) expect([page.requests.length > 0, page.outputs.length > 0, page.curls.length > 0], page.file).toEqual([true, true, true]);
  });

  const requests = fixtures.flatMap((page) => page.requests.map((body) => [page.file, body] as const));
  it.each(requests)("%s: the request example validates against its model schema", (_file, body) => {
    const { model, input } = body as { model: ModelSlug; input: unknown };
    expect(models[model]?.provider).toBe("mindvideo");
    const validate = validators[model];
    expect(validate(input), JSON.stringify(validate.errors)).toBe(true);
  });

  it("003: the gateway request example validates against its model schema", () => {
    const { model, ...input } = gatewayRequestExample;
    expect(models[model as ModelSlug].provider).toBe("gateway");
    expect(validators[model as ModelSlug](input)).toBe(true);
    const body = componentValidator("gateway", "VideoGenerationRequest");
    expect(body(gatewayRequestExample), JSON.stringify(body.errors)).toBe(true);
  });

  const outputs = fixtures.flatMap((page) => page.outputs.map((task) => [page.file, task] as const));
  it.each(outputs)("%s: the output example validates against the Task schema", (_file, task) => {
    const validate = componentValidator("mindvideo", "Task");
    expect(validate(task), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(fixtures.map((page) => [page.file, page] as const))("%s: the create body validates against CreateTaskRequest", (_file, page) => {
    const validate = componentValidator("mindvideo", "CreateTaskRequest");
    for (const body of page.requests) expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });
});

/** `ours` restates every keyword of `seed` with the same value; it may add keywords (encoded rules). */
function missingFacts(seed: unknown, ours: unknown, path = "#"): string[] {
  if (Array.isArray(seed) || typeof seed !== "object" || seed === null) {
    return JSON.stringify(seed) === JSON.stringify(ours) ? [] : [`${path}: seed ${JSON.stringify(seed)}, ours ${JSON.stringify(ours)}`];
  }
  if (typeof ours !== "object" || ours === null) return [`${path}: missing`];
  return Object.entries(seed).flatMap(([key, value]) => missingFacts(value, (ours as Record<string, unknown>)[key], `${path}/${key}`));
}

describe("seed schemas carry over exactly", () => {
  const slugByFile: Record<string, ModelSlug> = {
    "000_315b954f619924c4.txt": "doubao-seedance-1-0-pro-quality",
    "001_9788097261900708.txt": "doubao-seedance-2-0-fast",
    "002_253058486f6d3e42.txt": "apimart-doubao-seedance-4-0",
  };
  it.each(fixtures.map((page) => [page.file, page] as const))("%s", (file, page) => {
    const slug = slugByFile[file]!;
    expect(missingFacts(page.inputSchema, models[slug].schema)).toEqual([]);
  });

  it("003: the gateway model restates the seed's request facts", () => {
    const schema = models["doubao-seedance-1.0-pro-fast"].schema as any;
    const facts = {
      required: ["prompt"],
      properties: {
        prompt: { type: "string", maxLength: 2000 },
        duration: { type: "integer", minimum: 2, maximum: 12 },
        quality: { type: "string", enum: ["480p", "720p", "1080p"] },
        aspect_ratio: { type: "string" },
        image_urls: { type: "array", items: { type: "string", format: "uri" }, maxItems: 1 },
        callback_url: { type: "string", format: "uri", maxLength: 2048 },
      },
    };
    expect(missingFacts(facts, schema)).toEqual([]);
  });
});
