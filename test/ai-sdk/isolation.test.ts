/** The AI SDK provider is opt-in: nothing the main entry (or another subpath) loads reaches it or its peers. */
import { join, relative } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/openapi.js";

async function inputsOf(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [join(repoRoot, entry)], bundle: true, write: false, metafile: true, format: "esm", platform: "neutral", mainFields: ["module", "main"], logLevel: "silent", nodePaths: [join(repoRoot, "node_modules")] });
  return Object.keys(result.metafile.inputs).map((file) => relative(repoRoot, join(repoRoot, file)));
}

describe("mindvideo/ai-sdk stays out of the other entries", () => {
  it.each(["src/index.ts", "src/gateway/index.ts", "src/models.ts", "src/files.ts"])("%s loads neither src/ai-sdk nor the AI SDK", async (entry) => {
    const inputs = await inputsOf(entry);
    expect(inputs.length).toBeGreaterThan(3);
    expect(inputs.filter((file) => file.startsWith("src/ai-sdk/") || /node_modules\/(ai|@ai-sdk)\//.test(file))).toEqual([]);
  });

  it("while src/ai-sdk/index.ts does load @ai-sdk/provider (the check can see it)", async () => {
    const inputs = await inputsOf("src/ai-sdk/index.ts");
    expect(inputs.some((file) => file.includes("node_modules/@ai-sdk/provider/"))).toBe(true);
  });
});
