import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, type RepoCopy } from "../helpers/repo-copy.js";

const throwaway = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://schemas.mindvideo.ai/models/mindvideo/throwaway-model-9-9.json",
  title: "Throwaway Model 9.9",
  description: "Exists only in this test.",
  "x-output": "image",
  type: "object",
  required: ["prompt"],
  properties: {
    prompt: { type: "string", minLength: 1 },
    style: { type: "string", enum: ["flat", "glossy"], default: "flat" },
  },
  additionalProperties: false,
  examples: [{ prompt: "a red cube", style: "glossy" }],
};

describe("adding a model is adding one file", () => {
  let repo: RepoCopy;
  let generate: ReturnType<RepoCopy["run"]>;

  beforeAll(() => {
    repo = copyRepo();
    writeFileSync(join(repo.dir, "spec/models/mindvideo/throwaway-model-9-9.json"), JSON.stringify(throwaway, null, 2));
    generate = repo.run("generate");
  });
  afterAll(() => repo.remove());

  const read = (path: string) => readFileSync(join(repo.dir, "generated", path), "utf8");

  it("regenerates without error", () => {
    expect(generate.stderr).toBe("");
    expect(generate.status).toBe(0);
    expect(generate.stdout).toMatch(/generated\/ rewritten: \d+ file\(s\) changed/);
  });

  it("puts the model in the registry with its provider, output kind and defaults", () => {
    const registry = read("models/registry.ts");
    expect(registry).toContain('"throwaway-model-9-9": ThrowawayModel99Input;');
    expect(registry).toContain('"throwaway-model-9-9": "image";');
    expect(registry).toMatch(/slug: "throwaway-model-9-9",\n\s+output: "image",\n\s+title: "Throwaway Model 9.9"/);
    expect(registry).toContain('defaults: {"style":"flat"}');
  });

  it("generates its input type", () => {
    expect(read("models/types.ts")).toMatch(/export interface ThrowawayModel99Input \{[\s\S]*style\?: "flat" \| "glossy";/);
  });

  it("adds a branch, a component and an example to the bundled OpenAPI document", () => {
    const doc = JSON.parse(read("openapi/mindvideo.json"));
    const slugs = doc.components.schemas.CreateTaskRequest.oneOf.map((b: any) => b.properties.model.const);
    expect(slugs).toContain("throwaway-model-9-9");
    expect(doc.components.schemas["throwaway-model-9-9"].properties.style.enum).toEqual(["flat", "glossy"]);
    const examples = doc.paths["/api/v1/tasks"].post.requestBody.content["application/json"].examples;
    expect(examples["throwaway-model-9-9"].value).toEqual({ model: "throwaway-model-9-9", input: { prompt: "a red cube", style: "glossy" } });
  });

  it("compiles a validator that enforces its schema", async () => {
    const { validators } = await repo.load<{ validators: Record<string, (input: unknown) => boolean> }>("generated/validators/index.ts");
    const v = validators["throwaway-model-9-9"]!;
    expect([v({ prompt: "x", style: "glossy" }), v({ prompt: "x", style: "matte" }), v({ style: "flat" })]).toEqual([true, false, false]);
  });

  it("leaves generated/ fresh for --check", async () => {
    const check = await repo.generate(["--check"]);
    expect(check.status).toBe(0);
  });
});
