/**
 * `generate` compiles each distinct model schema once: models whose schemas differ only in
 * annotations ($id, title, description, examples, x-tags) share one validator; anything that
 * changes what is accepted keeps its own.
 */
import { describe, expect, it } from "vitest";
import { emitValidators } from "../../scripts/lib/emit-validators.js";
import { validationKey, type JsonSchema } from "../../scripts/lib/json-schema.js";
import type { ModelSpec } from "../../scripts/lib/load-models.js";

const base: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://schemas.mindvideo.ai/models/mindvideo/a.json",
  title: "A",
  description: "Model A.",
  examples: [{ prompt: "p" }],
  "x-tags": ["Text to video"],
  "x-output": "video",
  type: "object",
  required: ["prompt"],
  properties: { prompt: { type: "string", maxLength: 10 }, duration: { type: "integer", enum: [5, 10] } },
  additionalProperties: false,
};

describe("validationKey", () => {
  it.each([
    ["another $id", { $id: "https://schemas.mindvideo.ai/models/mindvideo/b.json" }, true],
    ["another title, description, examples and tags", { title: "B", description: "Model B.", examples: [], "x-tags": [] }, true],
    ["another limit", { properties: { prompt: { type: "string", maxLength: 11 } } }, false],
    ["another enum", { properties: { prompt: { type: "string", maxLength: 10 }, duration: { type: "integer", enum: [5] } } }, false],
    ["another required list", { required: [] }, false],
    ["unknown fields allowed", { additionalProperties: true }, false],
    ["another output kind", { "x-output": "image" }, false],
  ] as const)("%s: same key = %s", (_name, change, same) => {
    expect(validationKey({ ...base, ...change }) === validationKey(base)).toBe(same);
  });
});

const model = (slug: string, typeName: string, schema: JsonSchema) =>
  ({ provider: "mindvideo", slug, typeName, schema: { ...schema, $id: `https://schemas.mindvideo.ai/models/mindvideo/${slug}.json` } }) as unknown as ModelSpec;

describe("emitValidators", () => {
  const files = emitValidators([
    model("a", "AInput", base),
    model("b", "BInput", { ...base, title: "B", description: "Model B." }),
    model("c", "CInput", { ...base, properties: { prompt: { type: "string", maxLength: 99 } } }),
  ]);
  const compiled = (name: string) => new RegExp(`export const ${name} = validate\\d+;`).test(files.standalone);

  it("compiles a schema that differs only in annotations once, and exports it under both names", () => {
    expect(compiled("validateAInput")).toBe(true);
    expect(compiled("validateBInput")).toBe(false);
    expect(files.standalone).toContain("export const validateBInput = validateAInput;");
  });

  it("compiles a schema that accepts something else on its own", () => {
    expect(compiled("validateCInput")).toBe(true);
    expect(files.standalone).toContain("maxLength");
    expect(files.index).toContain('"b": validateBInput as ModelValidator');
  });
});
