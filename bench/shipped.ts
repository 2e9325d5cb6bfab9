/**
 * The client as the package ships it: dist/esm's bundles (scripts/lib/bundle-esm.ts), run by plain
 * Node. The peers are timed from their published JavaScript; timing mindvideo through the tsx loader
 * instead would add what tsx adds to every function (a name-keeping wrapper per closure), a cost no
 * user pays.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundleEsm } from "../scripts/lib/bundle-esm.js";
import { repoRoot } from "../scripts/lib/paths.js";

export type RootEntry = typeof import("../src/index.js");

export async function withShippedClient<T>(use: (root: RootEntry) => Promise<T>): Promise<T> {
  // Inside the repo's node_modules, so the bundle resolves openapi-fetch as the package would.
  const cache = join(repoRoot, "node_modules/.cache");
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, "mindvideo-shipped-"));
  try {
    await bundleEsm(repoRoot, out);
    return await use((await import(pathToFileURL(join(out, "src/index.js")).href)) as RootEntry);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
