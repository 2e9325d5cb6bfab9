import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedPageFiles } from "../helpers/seed-page-files.js";

/** The importer tests read the vendor pages from ../shared/seeds; the repo keeps no copy of them. */
describe("seed pages beside the repository", () => {
  it("are the four pages the seeds' README lists, each with its model", () => {
    expect(seedPageFiles().map((p) => `${p.file.slice(0, 3)} ${p.provider}/${p.slug}`)).toEqual([
      "000 mindvideo/doubao-seedance-1-0-pro-quality",
      "001 mindvideo/doubao-seedance-2-0-fast",
      "002 mindvideo/apimart-doubao-seedance-4-0",
      "003 gateway/doubao-seedance-1.0-pro-fast",
    ]);
  });

  it.each([
    ["the folder absent", { given: { files: undefined }, want: /the seed pages are missing: expected them in \.\.\/shared\/seeds, beside the repository/ }],
    ["the folder empty", { given: { files: [] }, want: /the seed pages are incomplete: \.\.\/shared\/seeds has no 000_\*\.txt, 001_\*\.txt, 002_\*\.txt, 003_\*\.txt/ }],
    ["one page missing", { given: { files: ["000_a.txt", "001_b.txt", "003_d.txt"] }, want: /has no 002_\*\.txt$/ }],
  ] as const)("without them (%s), the tests fail with a message naming where they were looked for", (_name, { given, want }) => {
    const dir = mkdtempSync(join(tmpdir(), "seeds-"));
    try {
      const seeds = join(dir, "seeds");
      if (given.files !== undefined) {
        mkdirSync(seeds);
        for (const file of given.files) writeFileSync(join(seeds, file), "page");
      }
      expect(() => seedPageFiles(seeds)).toThrow(want);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
