/** test/sequencer.ts names real test files (a renamed file would otherwise silently lose its early start). */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "../helpers/openapi.js";
import { LONGEST_FIRST } from "../sequencer.js";

it("every file the sequencer starts first exists, once", () => {
  expect(LONGEST_FIRST.filter((path) => !existsSync(join(repoRoot, path)))).toEqual([]);
  expect(new Set(LONGEST_FIRST).size).toBe(LONGEST_FIRST.length);
});
