import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedsDir } from "../helpers/seed-extract.js";
import { seedPageFiles } from "../helpers/seed-page-files.js";

describe("seed page fixtures", () => {
  it("hold the four seed pages", () => {
    expect(seedPageFiles().map((p) => `${p.provider}/${p.slug}`)).toEqual([
      "mindvideo/doubao-seedance-1-0-pro-quality",
      "mindvideo/doubao-seedance-2-0-fast",
      "mindvideo/apimart-doubao-seedance-4-0",
      "gateway/doubao-seedance-1.0-pro-fast",
    ]);
  });

  it.skipIf(!existsSync(seedsDir))("are byte-identical to shared/seeds", () => {
    const seeds = readdirSync(seedsDir).filter((name) => /^00\d_.*\.txt$/.test(name)).sort();
    const fixtures = seedPageFiles();
    expect(fixtures.map((f) => f.file)).toEqual(seeds);
    for (const fixture of fixtures) expect(fixture.text, fixture.file).toBe(readFileSync(join(seedsDir, fixture.file), "utf8"));
  });
});
