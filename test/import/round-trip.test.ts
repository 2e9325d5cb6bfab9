import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importModel } from "../../scripts/lib/import/import-model.js";
import { repoRoot } from "../helpers/openapi.js";
import { copyRepo, type RepoCopy } from "../helpers/repo-copy.js";
import { requireSeedPages, type SeedPage } from "../helpers/seed-extract.js";
import { gatewaySeedExample, gatewaySeedFacts, missingFacts, seedPageFiles } from "../helpers/seed-page-files.js";

const pages = seedPageFiles();
const extracted: SeedPage[] = requireSeedPages();
const seedFacts = (file: string) => (file.startsWith("003") ? gatewaySeedFacts : extracted.find((p) => p.file === file)!.inputSchema);
const seedExample = (file: string) => (file.startsWith("003") ? gatewaySeedExample : (extracted.find((p) => p.file === file)!.requests[0] as { input: unknown }).input);
const modelPath = (page: (typeof pages)[number]) => join("spec", "models", page.provider, `${page.slug}.json`);
const xRules = (schema: unknown) => JSON.stringify(schema).match(/"x-rule":"[^"]*"/g) ?? [];

describe("re-importing the seed pages over a copy of the repo", () => {
  let repo: RepoCopy;
  beforeAll(() => {
    repo = copyRepo();
  });
  afterAll(() => repo.remove());

  // The first page through the entry script (a real process), the others in process (repo.importModel: the same command, the copy's own modules).
  it.each(pages.map((p, i) => [p.file, p, i] as const))("%s: no change reported, the model file byte-identical, its rules kept", async (_file, page, i) => {
    const committed = readFileSync(join(repoRoot, modelPath(page)), "utf8");
    const run = i === 0 ? repo.run("import-model", [page.path]) : await repo.importModel([page.path]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("0 breaking, 0 non-breaking, 0 docs-only change(s)");
    expect(run.stdout).toContain("No changes.");
    const after = readFileSync(join(repo.dir, modelPath(page)), "utf8");
    expect(after).toBe(committed);
    expect(missingFacts(seedFacts(page.file), JSON.parse(after))).toEqual([]);
    expect(xRules(JSON.parse(after)).length).toBeGreaterThan(0);
  });

  it("without the record of the last import (a hand-written model file), still no change for any seed", () => {
    const noRecord = join(repo.dir, "spec", "no-vendor-record");
    for (const page of pages) {
      const result = importModel({ file: page.path, check: true, modelsRoot: join(repo.dir, "spec", "models"), vendorRoot: noRecord });
      expect(result.merge, page.file).toBe("two-way");
      expect(result.changes, page.file).toEqual([]);
      expect(result.written, page.file).toEqual([]);
    }
    expect(existsSync(noRecord), "--check writes no record").toBe(false);
  });
});

describe("importing the seed pages into an empty spec/models/", () => {
  let repo: RepoCopy;
  const runs = new Map<string, ReturnType<typeof importModel>>();
  beforeAll(() => {
    repo = copyRepo();
    for (const provider of readdirSync(join(repo.dir, "spec", "models"))) {
      for (const file of readdirSync(join(repo.dir, "spec", "models", provider))) rmSync(join(repo.dir, "spec", "models", provider, file));
    }
    rmSync(join(repo.dir, "spec", "vendor"), { recursive: true, force: true });
    // In process (the command itself is run above): the copy's spec/ is the target.
    for (const page of pages) runs.set(page.file, importModel({ file: page.path, modelsRoot: join(repo.dir, "spec", "models"), vendorRoot: join(repo.dir, "spec", "vendor") }));
  });
  afterAll(() => repo.remove());

  it.each(pages.map((p) => [p.file, p] as const))("%s: adds the model with every seed fact as published", (file, page) => {
    const result = runs.get(file)!;
    expect(result.status).toBe("added");
    expect(result.changes.map((c) => `${c.class} ${c.rule}`)).toEqual(["non-breaking model added"]);
    const schema = JSON.parse(readFileSync(join(repo.dir, modelPath(page)), "utf8"));
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(`https://schemas.mindvideo.ai/models/${page.provider}/${page.slug}.json`);
    expect(schema["x-output"]).toBe(page.slug === "apimart-doubao-seedance-4-0" ? "image" : "video");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.examples).toEqual([seedExample(file)]);
    expect(missingFacts(seedFacts(file), schema)).toEqual([]);
    if (page.provider === "mindvideo") expect(schema.properties).toEqual((seedFacts(file) as { properties: unknown }).properties);
    expect(existsSync(join(repo.dir, "spec", "vendor", page.provider, `${page.slug}.json`))).toBe(true);
  });

  it("npm run generate accepts the imported files, and each generated validator accepts its page's example", async () => {
    const generate = await repo.generate();
    expect(generate.status, generate.stderr).toBe(0);
    const { validators } = await repo.load<{ validators: Record<string, (input: unknown) => boolean> }>("generated/validators/index.ts");
    const cases = pages.flatMap((page) => [
      [page.slug, seedExample(page.file)],
      [page.slug, { ...(seedExample(page.file) as object), not_a_field: 1 }],
    ] as const);
    // Each page's own example passes; the same example with an unknown field does not.
    expect(cases.map(([slug, body]) => validators[slug]!(body))).toEqual(pages.flatMap(() => [true, false]));
  });
});
