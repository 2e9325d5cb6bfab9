/**
 * The shipped ESM layout (scripts/lib/bundle-esm.ts): the standalone subpaths stay tree-shakeable
 * for an app's bundler, so importing one helper does not pull in the client.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleEsm } from "../../scripts/lib/bundle-esm.js";
import { repoRoot } from "../helpers/openapi.js";

let out: string;

beforeAll(async () => {
  const cache = join(repoRoot, "node_modules/.cache");
  mkdirSync(cache, { recursive: true });
  out = mkdtempSync(join(cache, "mindvideo-esm-layout-"));
  await bundleEsm(repoRoot, out);
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Minified size of a browser app that imports `name` from the shipped `file` (dependencies left out). */
async function appBytes(file: string, name: string): Promise<number> {
  const app = join(out, `app-${name}.mjs`);
  writeFileSync(app, `import { ${name} } from "./src/${file}";\nconsole.log(${name});\n`);
  const result = await build({ entryPoints: [app], bundle: true, minify: true, write: false, format: "esm", platform: "browser", packages: "external", logLevel: "silent" });
  return result.outputFiles[0]!.contents.byteLength;
}

describe("shipped ESM layout", () => {
  it.each([
    ["files: toDataUri", { given: { file: "files.js", name: "toDataUri" } }],
    ["models: modelSlugs", { given: { file: "models.js", name: "modelSlugs" } }],
  ])("an app importing only %s does not carry the client", async (_name, { given }) => {
    const client = await appBytes("index.js", "MindVideo");
    const helper = await appBytes(given.file, given.name);
    expect(helper).toBeLessThan(client / 4);
  });

  it("a class is one class whichever subpath imports it", async () => {
    const root = await import(join(out, "src/index.js"));
    const gateway = await import(join(out, "src/gateway/index.js"));
    expect(typeof root.APIError).toBe("function");
    expect(gateway.APIError).toBe(root.APIError);
  });
});
